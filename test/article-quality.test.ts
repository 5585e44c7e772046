// Extraction quality on 181 real news pages the code was not written for:
// the default reader's text against each page's hand-checked article body.
import { afterAll, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { createArticleReader } from '../src/article/index.js';
import { loadBenchPages, meanScore, scoreText, type TokenScore } from '../src/article/quality.js';
import { benchPagesDir } from '../src/paths.js';

const BENCH = benchPagesDir;
const reader = createArticleReader(makeConfig().article);
afterAll(() => reader.close());

it('the default reader scores a mean token F1 of at least 0.94 over the benchmark pages', async () => {
  const pages = loadBenchPages(BENCH);
  expect(pages).toHaveLength(181);
  const scores: TokenScore[] = await Promise.all(pages.map((page) =>
    reader.read(page.html, page.url).then(
      (article) => scoreText(article.text, page.articleBody),
      () => ({ precision: 0, recall: 0, f1: 0 }), // an unreadable page counts as nothing extracted
    )));
  const mean = meanScore(scores);
  console.log(`extraction quality over ${pages.length} pages: precision ${mean.precision.toFixed(4)}, recall ${mean.recall.toFixed(4)}, F1 ${mean.f1.toFixed(4)}`);
  expect(mean.f1).toBeGreaterThanOrEqual(0.94);
});
