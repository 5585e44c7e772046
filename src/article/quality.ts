// Extraction quality as the article-extraction benchmark defines it: the
// extracted text and the true body as bags of lowercase word tokens, scored by
// their overlap. Shared by the quality test and bench/extraction.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface TokenScore {
  precision: number;
  recall: number;
  f1: number;
}

export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function counts(words: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const w of words) map.set(w, (map.get(w) ?? 0) + 1);
  return map;
}

/** Token-level precision, recall and F1 of `extracted` against `truth` (bag-of-tokens overlap). */
export function scoreText(extracted: string, truth: string): TokenScore {
  const got = tokens(extracted);
  const want = tokens(truth);
  if (got.length === 0 && want.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (got.length === 0 || want.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const wanted = counts(want);
  let overlap = 0;
  for (const [word, n] of counts(got)) overlap += Math.min(n, wanted.get(word) ?? 0);
  const precision = overlap / got.length;
  const recall = overlap / want.length;
  const f1 = overlap === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Means over pages; a page that could not be read scores 0 on each. */
export function meanScore(scores: TokenScore[]): TokenScore {
  const n = scores.length || 1;
  const sum = (key: keyof TokenScore) => scores.reduce((s, x) => s + x[key], 0) / n;
  return { precision: sum('precision'), recall: sum('recall'), f1: sum('f1') };
}

export interface BenchPage {
  id: string;
  url: string;
  html: string;
  articleBody: string;
}

/**
 * The benchmark's pages with their true bodies: `dir` holds html/*.html.gz and
 * ground-truth.json ({id: {url, articleBody}}). Every page is UTF-8.
 */
export function loadBenchPages(dir: string): BenchPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { url: string; articleBody: string }>;
  const decoder = new TextDecoder('utf-8');
  return readdirSync(join(dir, 'html'))
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .map((file) => {
      const id = file.slice(0, -'.html.gz'.length);
      const entry = truth[id];
      if (!entry) throw new Error(`no ground truth for ${file}`);
      const html = decoder.decode(gunzipSync(readFileSync(join(dir, 'html', file))));
      return { id, url: entry.url, html, articleBody: entry.articleBody };
    });
}
