// Readability on jsdom against Readability on linkedom over the 181 pages of
// corpus/article-extraction: token precision, recall and F1 against the
// true bodies, pages per second and peak RSS, each DOM in a process of its own
// so that one's memory does not show in the other's. Then the reader as the
// service runs it (worker threads, linkedom falling back to jsdom).
//
//   npx tsx bench/extraction.ts [--rounds 2] [--pages DIR]
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeConfig } from '../src/config.js';
import { createArticleReader, type DomName } from '../src/article/index.js';
import { extractArticle } from '../src/article/extract.js';
import { loadBenchPages, meanScore, scoreText, type TokenScore } from '../src/article/quality.js';
import { benchPagesDir } from '../src/paths.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    pages: { type: 'string', default: benchPagesDir },
    run: { type: 'string' }, // internal: one measurement, in a child process
  },
});
const rounds = Math.max(1, Number(args.rounds));

interface Figures {
  name: string;
  pages: number;
  unreadable: number;
  score: TokenScore;
  pagesPerSecond: number;
  /** CPU time (all threads) per page: less disturbed than wall time by other load on the machine. */
  cpuMsPerPage: number;
  peakRssMb: number;
  baseRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function measure(run: string): Promise<Figures> {
  const pages = loadBenchPages(args.pages!);
  const baseRssMb = mb(process.memoryUsage().rss);
  const scores: TokenScore[] = [];
  let unreadable = 0;
  let seconds = 0;
  let cpuMs = 0;
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const score = (round: number, i: number, text: string | null) => {
    if (round > 0) return;
    if (text === null) unreadable++;
    scores.push(scoreText(text ?? '', pages[i].articleBody));
  };

  if (run === 'reader') {
    // As the service reads: worker threads, linkedom with jsdom as the fallback.
    const reader = createArticleReader(makeConfig().article);
    await Promise.all(pages.slice(0, 10).map((p) => reader.read(p.html, p.url).catch(() => null))); // start the threads
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      const cpuStart = cpu();
      const texts = await Promise.all(pages.map((p) => reader.read(p.html, p.url).then((a) => a.text, () => null)));
      seconds += (performance.now() - start) / 1000;
      cpuMs += cpu() - cpuStart;
      texts.forEach((text, i) => score(round, i, text));
    }
    await reader.close();
  } else {
    // One DOM alone, in this thread, one page after another.
    const dom = run as DomName;
    const options = { dom, fallback: false, minTextLength: makeConfig().article.minTextLength };
    for (const p of pages.slice(0, 10)) await extractArticle(p.html, p.url, options).catch(() => null);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < pages.length; i++) {
        const start = performance.now();
        const cpuStart = cpu();
        const text = await extractArticle(pages[i].html, pages[i].url, options).then((a) => a.text, () => null);
        seconds += (performance.now() - start) / 1000;
        cpuMs += cpu() - cpuStart;
        score(round, i, text);
        // Let the event loop turn between pages, as the service does: jsdom frees closed windows then.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  const name = run === 'reader' ? `reader (default: ${makeConfig().article.dom}, ${Math.min(availableParallelism(), 4)} threads)` : `${run} (1 thread)`;
  return { name, pages: pages.length, unreadable, score: meanScore(scores), pagesPerSecond: (pages.length * rounds) / seconds, cpuMsPerPage: cpuMs / (pages.length * rounds), peakRssMb: peakRssMb(), baseRssMb };
}

if (args.run) {
  console.log(JSON.stringify(await measure(args.run)));
} else {
  const results: Figures[] = [];
  for (const run of ['jsdom', 'linkedom', 'reader']) {
    process.stderr.write(`measuring ${run}…\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--run', run, '--rounds', String(rounds), '--pages', args.pages!], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`the ${run} measurement failed (exit ${child.status})`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
  console.log(`extraction bench: ${results[0].pages} pages × ${rounds} rounds, Node ${process.version}, ${availableParallelism()} cores`);
  console.log('| run | precision | recall | F1 | unreadable | pages/s | CPU ms/page | peak RSS (MB) | RSS before (MB) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.score.precision.toFixed(4)} | ${r.score.recall.toFixed(4)} | ${r.score.f1.toFixed(4)} | ${r.unreadable} | ${r.pagesPerSecond.toFixed(1)} | ${r.cpuMsPerPage.toFixed(1)} | ${r.peakRssMb} | ${r.baseRssMb} |`);
  }
  const [jsdom, linkedom] = results;
  const f1Points = (linkedom.score.f1 - jsdom.score.f1) * 100;
  console.log(`linkedom vs jsdom: F1 ${f1Points >= 0 ? '+' : ''}${f1Points.toFixed(2)} points, ${(linkedom.pagesPerSecond / jsdom.pagesPerSecond).toFixed(1)}× the pages/s, ${Math.round((100 * linkedom.cpuMsPerPage) / jsdom.cpuMsPerPage)}% of the CPU per page, ${Math.round((100 * linkedom.peakRssMb) / jsdom.peakRssMb)}% of the peak RSS`);
}
