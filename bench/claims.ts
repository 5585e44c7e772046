// npm run bench:claims [seconds] — the extractor's throughput in sentences per
// second, on the seed articles and the hand-tagged gold sets (English, German,
// French, Spanish, the nine languages of corpus/gold/i18n), after one warm-up pass
// (the number recognizers build their models on first use); then on the 181
// unrelated real news bodies of corpus/article-extraction when present,
// where every claim found would be a false one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLanguage, extractClaims, loadWatches } from '../src/claims/index.js';
import { languagePack } from '../src/claims/lang/pack.js';
import { splitSentencesLang } from '../src/claims/lang/sentences.js';
import { benchPagesDir, packageRoot } from '../src/paths.js';

const seconds = Number(process.argv[2] ?? 5);
const [watch] = loadWatches();
const i18n = join(packageRoot, 'corpus/gold/i18n');
const dirs = ['corpus/seeds', 'corpus/gold', 'corpus/gold/holdout'].map((d) => join(packageRoot, d))
  .concat(existsSync(i18n) ? readdirSync(i18n).map((l) => join(i18n, l)).filter((d) => !d.endsWith('.md')) : []);
const articles = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(d, f), 'utf8')));

const perLang = new Map<string, { texts: string[]; sentences: number }>();
for (const text of articles) {
  const lang = detectLanguage(text);
  const sentences = splitSentencesLang(text, languagePack(lang) ?? languagePack('en')!).length;
  const entry = perLang.get(lang) ?? { texts: [], sentences: 0 };
  entry.texts.push(text);
  entry.sentences += sentences;
  perLang.set(lang, entry);
}

function measure(texts: string[], sentences: number): { perSecond: number; rounds: number } {
  for (const t of texts) extractClaims(t, watch);
  const start = process.hrtime.bigint();
  let rounds = 0;
  let elapsed = 0;
  while (elapsed < seconds / (perLang.size + 1) || rounds < 2) {
    for (const t of texts) extractClaims(t, watch);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { perSecond: (rounds * sentences) / elapsed, rounds };
}

const total = [...perLang.values()].reduce((n, e) => n + e.sentences, 0);
console.log(`claims extraction: ${articles.length} articles, ${total} sentences (node ${process.version}, ${process.arch})`);
const all = measure(articles, total);
console.log(`  all languages  ${all.perSecond.toFixed(0).padStart(7)} sentences/s  (${all.rounds} rounds)`);
// English first: every other language is reported as a share of its rate.
const enRate = perLang.has('en') ? measure(perLang.get('en')!.texts, perLang.get('en')!.sentences).perSecond : null;
for (const [lang, e] of [...perLang].sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)))) {
  const r = measure(e.texts, e.sentences);
  const en = perLang.get('en');
  const ratio = en && lang !== 'en' ? `  speed ×English ${(r.perSecond / enRate!).toFixed(2)}` : '';
  console.log(`  ${lang.padEnd(13)}  ${r.perSecond.toFixed(0).padStart(7)} sentences/s  (${e.texts.length} articles, ${e.sentences} sentences)${ratio}`);
}

const unrelated = join(benchPagesDir, 'ground-truth.json');
if (existsSync(unrelated)) {
  const bodies = Object.values(JSON.parse(readFileSync(unrelated, 'utf8')) as Record<string, { articleBody: string }>).map((a) => a.articleBody);
  const sentences = bodies.reduce((n, b) => n + splitSentencesLang(b, languagePack('en')!).length, 0);
  const start = process.hrtime.bigint();
  let found = 0;
  // A headline naming the story's subject makes every sentence go through the rules, not just the topic check.
  for (const b of bodies) found += extractClaims(b, watch, { title: 'North Korean troops in Russia' }).claims.length;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`unrelated news (${bodies.length} real articles, ${sentences} sentences, read as if on the story): ${(sentences / elapsed).toFixed(0)} sentences/s, ${found} claims (all false)`);
}
