// `claimwatch watches try`: what a watch would do to a set of pages, without
// the service. Every page's claims, then the consensus they would make taken
// in publication order and the departures it would raise, with the same pure
// functions the analyze job calls (src/consensus, src/alerts), in memory:
// nothing is written to any store.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { alertKey, checkDeparture } from '../alerts/departure.js';
import { reviewReasons } from '../alerts/index.js';
import { readMeta } from '../article/meta.js';
import { plainTextTitle } from '../article/text.js';
import { countsToward, type ClaimFields, type Consensus } from '../consensus/consensus.js';
import { measureHistory } from '../consensus/history.js';
import { watchSettings } from '../consensus/settings.js';
import { htmlToText } from './html.js';
import { extractClaims, type ExtractedClaim } from './extract.js';
import type { Watch } from './watch.js';

export interface TryPage {
  /** The file, and the entry's id for a stream file ("stream.yaml#a001"). */
  name: string;
  title: string | null;
  text: string;
  lang: string | null;
  published: Date | null;
  url: string | null;
}

const PAGE_FILES = /\.(?:txt|text|md|html?|xhtml|ya?ml)$/i;

// A stream file (as corpus/alerts-eval/stream): a list of articles, each with its text and date.
const streamEntry = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  published: z.union([z.string(), z.date()]).optional(),
  url: z.string().optional(),
  lang: z.string().optional(),
  title: z.string().optional(),
  text: z.string().min(1),
});

export class TryInputError extends Error {}

/** The files a list of inputs names: files as given, folders by their page files in name order. */
export function pageFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new TryInputError(`${input}: no such file or folder`);
    }
    if (!st.isDirectory()) return [input];
    return readdirSync(input).filter((f) => PAGE_FILES.test(f)).sort().map((f) => join(input, f));
  });
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The pages of one file: a text, an HTML page, or a stream file of many. */
export function readPages(file: string): TryPage[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TryInputError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (!raw.trim()) throw new TryInputError(`${file}: the file is empty: no text to tag`);
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    let data: unknown;
    try {
      data = parseYaml(raw);
    } catch (err) {
      throw new TryInputError(`${file}: not YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!Array.isArray(data)) throw new TryInputError(`${file}: a stream file is a list of articles, each with text and published`);
    return data.map((entry, i) => {
      const r = streamEntry.safeParse(entry);
      if (!r.success) {
        const issue = r.error.issues[0];
        throw new TryInputError(`${file}: article #${i + 1}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      }
      const e = r.data;
      return {
        name: `${basename(file)}#${e.id ?? i + 1}`, title: e.title ?? null,
        // The headline leads the text, as in stored articles.
        text: e.text,
        lang: e.lang ?? null, published: date(e.published), url: e.url ?? null,
      };
    });
  }
  if (/^\.(?:html?|xhtml)$/.test(ext) || /^\s*(?:<!doctype html|<html[\s>])/i.test(raw)) {
    const page = htmlToText(raw);
    const meta = readMeta(parseHTML(raw).document as never, `file://${file}`);
    if (!page.text.trim()) throw new TryInputError(`${file}: no text found`);
    return [{ name: file, title: page.title, text: page.text, lang: page.lang ?? meta.lang, published: meta.publishedAt, url: meta.canonicalUrl }];
  }
  // A text file's first line is its headline, as `ingest` stores it and `extract` reads it.
  return [{ name: file, title: plainTextTitle(raw), text: raw, lang: null, published: null, url: null }];
}

export interface TriedClaim extends ExtractedClaim { watch: string }

export interface TriedPage {
  name: string;
  lang: string;
  tagged: boolean;
  published: string;
  claims: TriedClaim[];
}

export interface TriedDeparture {
  page: string;
  watch: string;
  measure: string;
  low: number;
  high: number;
  qualifier: string;
  status: string;
  direction: 'above' | 'below';
  ratio: number;
  against: string;
  reference: number;
  /** Held for review (why), or posted. */
  held: string[];
  /** A later page repeating a departure already raised corroborates it instead of raising another. */
  corroborates: boolean;
}

export interface TriedConsensus {
  page: string;
  watch: string;
  measure: string;
  centre: number;
  bandLow: number;
  bandHigh: number;
  sources: number;
  figures: number;
}

export interface TryResult {
  pages: TriedPage[];
  /** The consensus of each measure after each page that changed it, in publication order. */
  consensus: TriedConsensus[];
  departures: TriedDeparture[];
}

/**
 * Tags the pages with the watches and replays them in publication order: pages without a date
 * keep the order given, after the dated ones, one minute apart from the last date.
 */
export function tryWatches(watches: readonly Watch[], pages: readonly TryPage[]): TryResult {
  const dated = pages.filter((p) => p.published).sort((a, b) => a.published!.getTime() - b.published!.getTime());
  const undated = pages.filter((p) => !p.published);
  let last = dated.length ? dated[dated.length - 1].published!.getTime() : Date.now();
  const order = [...dated.map((p) => ({ page: p, at: p.published! })), ...undated.map((p) => ({ page: p, at: new Date((last += 60_000)) }))];
  const settingsOf = watchSettings(watches);
  const stored: (ClaimFields & { watch: string; id: number })[] = [];
  const result: TryResult = { pages: [], consensus: [], departures: [] };
  const raised = new Set<string>();
  let id = 0;
  order.forEach(({ page, at }, articleId) => {
    const tried: TriedPage = { name: page.name, lang: page.lang ?? '', tagged: false, published: at.toISOString(), claims: [] };
    for (const w of watches) {
      const out = extractClaims(page.text, w, { title: page.title, lang: page.lang, published: at });
      tried.lang = out.lang;
      if (!out.tagged) continue;
      tried.tagged = true;
      tried.claims.push(...out.claims.map((c) => ({ ...c, watch: w.id })));
      const rows = out.claims.map((c) => ({ ...c, watch: w.id, id: ++id, articleId, reportedAt: at, outlet: page.url ? new URL(page.url).host : `page-${articleId}` }));
      for (const measure of [...new Set(rows.map((r) => r.measure))]) {
        const settings = settingsOf(w.id, measure);
        // As the analyze job (measureClaims): the claims that may count, of the pages before this one.
        const counting = () => stored.filter((s) => s.watch === w.id && s.measure === measure && s.scope === 'total' && (s.status === 'present' || s.status === 'planned'));
        // The analyze job's walk: departed figures stay out, a growing count keeps its floor.
        const before = measureHistory(counting(), settings).asOf(at, { excludeArticle: articleId });
        const fresh = rows.filter((r) => r.measure === measure);
        if (before) {
          for (const claim of fresh) {
            const d = checkDeparture(claim, before, settings);
            if (!d) continue;
            const key = `${w.id}:${alertKey(claim)}`;
            result.departures.push({
              page: page.name, watch: w.id, measure, low: claim.low, high: claim.high, qualifier: claim.qualifier, status: claim.status,
              direction: d.direction, ratio: d.ratio, against: d.against, reference: d.reference,
              held: reviewReasons(claim, settings, d).map((r) => r.text), corroborates: raised.has(key),
            });
            raised.add(key);
          }
        }
        stored.push(...fresh);
        if (fresh.some((c) => countsToward(c, settings))) {
          const now = measureHistory(counting(), settings).asOf(at);
          if (now) result.consensus.push(consensusRow(page.name, w.id, measure, now));
        }
      }
    }
    result.pages.push(tried);
  });
  return result;
}

function consensusRow(page: string, watch: string, measure: string, c: Consensus): TriedConsensus {
  return { page, watch, measure, centre: c.centre, bandLow: c.bandLow, bandHigh: c.bandHigh, sources: c.sources, figures: c.figures };
}
