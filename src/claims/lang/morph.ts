// Words as a language inflects or glues them. Russian, Ukrainian, Polish and
// Czech nouns change with case and number ("солдат", "солдаты",
// "военнослужащих", "żołnierzy"): a word is matched by its forms — the word,
// its Snowball stem (@nlpjs stemmers), and the pack's ending rule for what the
// stemmer leaves apart ("generałów", "vojáci"). Korean glues particles to
// nouns ("병력이", "북한군은"): the pack's particles are stripped. Japanese and
// Chinese write without spaces: Intl.Segmenter splits the words, and a phrase
// matches the text of consecutive segments, however ICU cut it.
//
// `LangCueSet` is a text.ts CueSet whose matchAt reads forms, so the
// extractor can take one where it takes the other.
import { StemmerCs } from '@nlpjs/lang-cs';
import { StemmerPl } from '@nlpjs/lang-pl';
import { StemmerRu } from '@nlpjs/lang-ru';
import { StemmerUk } from '@nlpjs/lang-uk';
import { CueSet, fold, tokenize, type Token } from '../text.js';
import { lower } from './numbers.js';
import { languagePack, type LanguagePack } from './pack.js';

export interface LangToken extends Token {
  /** The forms a word list entry may match: the word, its stem, the word without its ending or particle. */
  forms: string[];
}

const stemmers: Record<Exclude<LanguagePack['morphology']['stemmer'], 'none'>, () => { stemWord(w: string): string }> = {
  ru: () => new StemmerRu(),
  uk: () => new StemmerUk(),
  pl: () => new StemmerPl(),
  cs: () => new StemmerCs(),
};

interface Morph {
  stem: ((w: string) => string) | null;
  endings: string[];
  verbEndings: string[];
  minStem: number;
  alternations: [string, string][];
  particles: string[];
  possessives: string[];
  segmenter: Intl.Segmenter | null;
  cache: Map<string, string[]>;
  textCache: Map<string, string[]>;
}

const morphs = new WeakMap<LanguagePack, Morph>();

function morphOf(pack: LanguagePack): Morph {
  let m = morphs.get(pack);
  if (!m) {
    const mo = pack.morphology;
    const stemmer = mo.stemmer === 'none' ? null : stemmers[mo.stemmer]();
    m = {
      stem: stemmer ? (w) => stemmer.stemWord(w) : null,
      endings: mo.endings.map(lower).sort((a, b) => b.length - a.length),
      verbEndings: mo.verbEndings.map(lower).sort((a, b) => b.length - a.length),
      minStem: mo.minStem,
      textCache: new Map(),
      alternations: mo.alternations.map(([a, b]) => [lower(a), lower(b)]),
      particles: mo.particles.map(lower).sort((a, b) => b.length - a.length),
      possessives: pack.grammar.possessiveSuffixes.map(lower),
      segmenter: mo.segmentation === 'intl' ? new Intl.Segmenter(pack.locale, { granularity: 'word' }) : null,
      cache: new Map(),
    };
    morphs.set(pack, m);
  }
  return m;
}

function alternate(m: Morph, s: string): string {
  for (const [from, to] of m.alternations) if (s.endsWith(from) && s.length - from.length + to.length >= m.minStem) return s.slice(0, -from.length) + to;
  return s;
}

/** The forms of one word that a word list entry may share with it. */
export function wordForms(word: string, pack: LanguagePack): string[] {
  const m = morphOf(pack);
  const w = lower(word);
  const hit = m.cache.get(w);
  if (hit) return hit;
  const forms = new Set([w]);
  if (m.stem) {
    const s = m.stem(w);
    forms.add(s);
    forms.add(alternate(m, s));
  }
  if (m.endings.length) {
    const cp = [...w];
    const e = m.endings.find((x) => w.endsWith(x) && cp.length - [...x].length >= m.minStem);
    const stripped = e ? w.slice(0, -e.length) : w;
    forms.add(stripped);
    forms.add(alternate(m, stripped));
  }
  // Every particle that ends the word: "북한군은" → "북한군"; a noun ending like a particle ("국가") keeps its own form too.
  for (const p of m.particles) if (w.endsWith(p) && w.length > p.length) forms.add(w.slice(0, -p.length));
  // "Budanov's": the possessor is the name.
  for (const p of m.possessives) if (w.endsWith(p) && w.length > p.length) forms.add(w.slice(0, -p.length));
  const list = [...forms];
  if (m.cache.size < 50_000) m.cache.set(w, list);
  return list;
}

/** The forms of a word of the text: its `wordForms`, and its stem without a verb ending ("숨지고" → "숨지"). */
export function textForms(word: string, pack: LanguagePack): string[] {
  const m = morphOf(pack);
  if (!m.verbEndings.length) return wordForms(word, pack);
  const w = lower(word);
  const hit = m.textCache.get(w);
  if (hit) return hit;
  const forms = wordForms(word, pack);
  // The ending of the word, or of its form without a particle.
  const out = new Set(forms);
  for (const f of forms) {
    const e = m.verbEndings.find((x) => f.endsWith(x) && [...f].length - [...x].length >= m.minStem);
    if (e) out.add(f.slice(0, -e.length));
  }
  const list = [...out];
  if (m.textCache.size < 50_000) m.textCache.set(w, list);
  return list;
}

/**
 * Tokens with their forms. Languages with spaces use the shared tokenizer (so
 * offsets, `norm` and `kind` are what the extractor already reads); Japanese
 * and Chinese use Intl.Segmenter's words.
 */
export function tokenizeLang(text: string, lang: string | LanguagePack, offset = 0): LangToken[] {
  const pack = packOf(lang);
  const m = morphOf(pack);
  if (!m.segmenter) return tokenize(text, offset).map((t) => ({ ...t, forms: t.kind === 'word' ? textForms(t.text, pack) : [t.norm] }));
  const out: LangToken[] = [];
  for (const s of m.segmenter.segment(text)) {
    const t = s.segment;
    if (!t.trim()) continue;
    const kind = /^\d/.test(t) ? 'digits' : s.isWordLike ? 'word' : 'punct';
    const norm = fold(t);
    out.push({ text: t, norm, base: norm, start: offset + s.index, end: offset + s.index + t.length, kind, forms: kind === 'word' ? textForms(t, pack) : [lower(t)] });
  }
  return out;
}

/** Words of text without spaces, as Intl.Segmenter cuts them (for ja, zh). */
export function segmentWords(text: string, lang: string | LanguagePack): string[] {
  return tokenizeLang(text, lang).filter((t) => t.kind !== 'punct').map((t) => t.text);
}

function packOf(lang: string | LanguagePack): LanguagePack {
  if (typeof lang !== 'string') return lang;
  const p = languagePack(lang);
  if (!p) throw new Error(`no language pack for "${lang}"`);
  return p;
}

// ─── word lists ─────────────────────────────────────────────────────────────

type WordPattern = { forms: Set<string> } | { prefix: string } | { suffix: string };
interface Phrase { phrase: string; tag: string; words: WordPattern[]; joined: string | null }

function compileWord(part: string, pack: LanguagePack): WordPattern {
  const lead = part.startsWith('*') && part.length > 1;
  const trail = part.endsWith('*') && part.length > 1;
  if (trail) return { prefix: lower(part.slice(0, -1)) };
  if (lead) return { suffix: lower(part.slice(1)) };
  return { forms: new Set(wordForms(part, pack)) };
}

function wordMatches(p: WordPattern, t: Token, forms: readonly string[]): boolean {
  if ('forms' in p) return forms.some((f) => p.forms.has(f));
  if ('prefix' in p) return t.kind === 'word' && forms.some((f) => f.startsWith(p.prefix));
  return t.kind === 'word' && forms.some((f) => f.endsWith(p.suffix));
}

/**
 * A set of phrases, each with a tag, matched on a language's tokens by their
 * forms; the longest match at a position wins. A CueSet whose matchAt reads
 * forms: matchEndingAt and findAll are CueSet's own. Plain tokens work too
 * (their forms are computed), so the extractor can pass what it has.
 */
export class LangCueSet extends CueSet {
  private phrases: Phrase[] = [];
  /** Phrases by a form of their first word, or the first character of a joined phrase; the rest (prefix, suffix) in `loose`. */
  private index = new Map<string, Phrase[]>();
  private loose: Phrase[] = [];
  private readonly spaceless: boolean;

  constructor(entries: Iterable<[tag: string, phrases: readonly string[]]>, private pack: LanguagePack) {
    super([]);
    this.spaceless = pack.morphology.segmentation === 'intl';
    for (const [tag, list] of entries) {
      for (const phrase of list) {
        const parts = phrase.trim().split(/\s+/).filter(Boolean);
        if (!parts.length) continue;
        // A phrase of text without spaces matches the text of consecutive segments.
        const joined = this.spaceless ? lower(parts.join('')) : null;
        // Punctuation inside a word ("ГУР МО", "U.S.") splits like the text's own tokens do.
        const words = this.spaceless ? [] : parts.flatMap((p) => (/^\*|\*$/.test(p) ? [p] : tokenize(p).map((t) => t.text))).map((p) => compileWord(p, pack));
        this.phrases.push({ phrase, tag, words, joined });
      }
    }
    this.phrases.sort((a, b) => (b.joined?.length ?? b.words.length) - (a.joined?.length ?? a.words.length));
    // Indexed so a token is tried only against phrases that can start with it (order kept: longest first).
    for (const p of this.phrases) {
      const keys = p.joined !== null ? [[...p.joined][0]] : 'forms' in p.words[0] ? [...p.words[0].forms] : null;
      if (!keys) {
        this.loose.push(p);
        continue;
      }
      for (const k of new Set(keys)) {
        const list = this.index.get(k) ?? [];
        list.push(p);
        this.index.set(k, list);
      }
    }
    (this as { size: number }).size = this.phrases.length;
  }

  static override of(phrases: readonly string[] | undefined, pack?: LanguagePack | string, tag = ''): LangCueSet {
    if (!pack || typeof pack === 'string') throw new Error('LangCueSet.of needs a language pack');
    return new LangCueSet([[tag, phrases ?? []]], pack);
  }

  private formsOf(t: Token): string[] {
    return (t as LangToken).forms ?? (t.kind === 'word' ? textForms(t.text, this.pack) : [lower(t.text)]);
  }

  private lengthAt(p: Phrase, tokens: readonly Token[], i: number, limit: number): number {
    if (p.joined !== null) {
      let text = '';
      for (let k = i; k < limit; k++) {
        const next = text + lower(tokens[k].text);
        if (next === p.joined) return k - i + 1;
        // The last segment may carry a particle ("兵士ら"): the phrase then ends inside it.
        if (next.startsWith(p.joined) && this.formsOf(tokens[k]).some((f) => text + f === p.joined)) return k - i + 1;
        if (!p.joined.startsWith(next)) return 0;
        text = next;
      }
      return 0;
    }
    if (i + p.words.length > limit) return 0;
    return p.words.every((w, k) => wordMatches(w, tokens[i + k], this.formsOf(tokens[i + k]))) ? p.words.length : 0;
  }

  /** The longest phrase starting at token i: its tag and length in tokens. */
  override matchAt(tokens: readonly Token[], i: number, limit = tokens.length): { tag: string; length: number; phrase: string } | null {
    if (!tokens[i]) return null;
    let best: { tag: string; length: number; phrase: string; weight: number } | null = null;
    const t = tokens[i];
    const keys = this.spaceless ? [[...lower(t.text)][0]] : this.formsOf(t);
    const seen = new Set<Phrase>();
    const candidates: Phrase[] = [];
    for (const k of keys) for (const p of this.index.get(k) ?? []) if (!seen.has(p)) { seen.add(p); candidates.push(p); }
    for (const p of this.loose) candidates.push(p);
    for (const p of candidates) {
      const weight = p.joined?.length ?? p.words.length;
      if (best && weight <= best.weight) continue;
      const length = this.lengthAt(p, tokens, i, limit);
      if (length) best = { tag: p.tag, length, phrase: p.phrase, weight };
    }
    return best ? { tag: best.tag, length: best.length, phrase: best.phrase } : null;
  }
}

/** The story noun (from `nouns`) starting at token i, if any: what the extractor asks after a figure. */
export function matchNoun(tokens: readonly LangToken[], i: number, nouns: readonly string[], lang: string | LanguagePack): { length: number; phrase: string } | null {
  const m = nounSet(nouns, packOf(lang)).matchAt(tokens, i);
  return m ? { length: m.length, phrase: m.phrase } : null;
}

/** Every story noun in the tokens, left to right. */
export function findNouns(tokens: readonly LangToken[], nouns: readonly string[], lang: string | LanguagePack): { start: number; end: number; phrase: string }[] {
  return nounSet(nouns, packOf(lang)).findAll(tokens).map(({ start, end, phrase }) => ({ start, end, phrase }));
}

const nounSets = new WeakMap<LanguagePack, Map<string, LangCueSet>>();
function nounSet(nouns: readonly string[], pack: LanguagePack): LangCueSet {
  let perPack = nounSets.get(pack);
  if (!perPack) nounSets.set(pack, (perPack = new Map()));
  const key = nouns.join('\u0000');
  let set = perPack.get(key);
  if (!set) perPack.set(key, (set = new LangCueSet([['', nouns]], pack)));
  return set;
}
