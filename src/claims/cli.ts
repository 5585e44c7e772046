// `claimwatch extract`: tags files of plain text or HTML without touching the
// store, so anyone can check the extractor on their own articles.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { plainTextTitle } from '../article/text.js';
import { extractClaims, type ExtractedClaim } from './extract.js';
import { htmlToText } from './html.js';
import { resolveSettings } from '../consensus/settings.js';
import { pageFiles, readPages, tryWatches, type TryPage, type TryResult } from './try.js';
import { loadWatches, loadWatchFile, watchFileList, WatchError, type Watch } from './watch.js';

export { htmlToText };

export interface ExtractInputResult {
  input: string;
  lang: string | null;
  tagged: boolean;
  title: string | null;
  claims: (ExtractedClaim & { watch: string })[];
  error?: string;
}

/** Where lines are written: a stream, or the command line's masked one. */
export interface Writer { write(s: string): unknown }

export interface RunExtractDeps {
  /** Fetches a page for an http(s) input; without it URLs are reported as not supported. */
  fetchPage?: (url: string) => Promise<string>;
  /** Where errors go (default: stderr): `out` keeps only results, so --json output stays parseable. */
  err?: Writer;
}

function looksLikeHtml(input: string, raw: string): boolean {
  if (/^\.(?:html?|xhtml)$/i.test(extname(input))) return true;
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(raw);
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

function describe(c: ExtractedClaim & { watch: string }): string {
  const figure = c.low === c.high ? fmt(c.low) : `${fmt(c.low)}–${fmt(c.high)}`;
  const parts = [
    `${c.measure} ${figure} ${c.unit}${c.per ? `/${c.per}` : ''}`,
    c.qualifier, c.status, c.scope,
    `source: ${c.source.length ? c.source.join(' via ') : 'unattributed'}`,
  ];
  if (c.location) parts.push(`in ${c.location}`);
  if (c.asOf) parts.push(`as of ${c.asOf}`);
  parts.push(`confidence ${c.confidence}${c.flags.length ? ` (${c.flags.join(', ')})` : ''}`);
  return `  ${parts.join(' · ')}\n    “${c.evidence.sentence}” [${c.evidence.start}–${c.evidence.end}]`;
}

async function tagOne(input: string, watches: Watch[], deps: RunExtractDeps): Promise<ExtractInputResult> {
  const result: ExtractInputResult = { input, lang: null, tagged: false, title: null, claims: [] };
  let raw: string;
  if (/^https?:\/\//i.test(input)) {
    if (!deps.fetchPage) throw new Error('fetching URLs is not available here; save the page and pass the file');
    raw = await deps.fetchPage(input);
  } else {
    raw = await readFile(input, 'utf8');
  }
  // An empty file has no document for the HTML reader to walk: say so before it tries.
  if (!raw.trim()) throw new Error('the file is empty: no text to tag');
  let text = raw;
  let hint: string | null = null;
  if (looksLikeHtml(input, raw)) {
    const page = htmlToText(raw);
    text = page.text;
    result.title = page.title;
    hint = page.lang;
  } else {
    // A text file's first line is its headline, as `ingest` stores it.
    result.title = plainTextTitle(text);
  }
  if (!text.trim()) throw new Error('no text found');
  for (const watch of watches) {
    const out = extractClaims(text, watch, { title: result.title, lang: hint });
    result.lang = out.lang;
    if (!out.tagged) continue;
    result.tagged = true;
    result.claims.push(...out.claims.map((c) => ({ ...c, watch: watch.id })));
  }
  return result;
}

/**
 * Tags each input (a text or HTML file, or a URL when `deps.fetchPage` is given) and prints its
 * claims: human lines, or with `json` one `{input, lang, claims}` object per input in a JSON array.
 * Returns the exit code: 0, 1 when an input could not be read, 2 when the watch file is invalid.
 */
export async function runExtract(inputs: string[], opts: { watch?: string; json?: boolean }, out: Writer, deps: RunExtractDeps = {}): Promise<number> {
  const err = deps.err ?? process.stderr;
  let watches: Watch[];
  try {
    watches = loadWatches(opts.watch ? [opts.watch] : undefined);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (inputs.length === 0) {
    err.write('nothing to tag: give one or more files\n');
    return 2;
  }
  const results: ExtractInputResult[] = [];
  let failed = false;
  for (const input of inputs) {
    try {
      const r = await tagOne(input, watches, deps);
      results.push(r);
      if (!opts.json) {
        if (!r.tagged) {
          out.write(`${input} (${r.lang}): not tagged, the watch${watches.length > 1 ? 'es do' : ' does'} not cover this language\n`);
        } else {
          out.write(`${input} (${r.lang}): ${r.claims.length} claim${r.claims.length === 1 ? '' : 's'}\n`);
          for (const c of r.claims) out.write(`${describe(c)}\n`);
        }
      }
    } catch (e) {
      failed = true;
      const code = (e as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (e as Error).message.replace(/\s*\n\s*/g, ' ');
      err.write(`${input}: ${message}\n`);
      results.push({ input, lang: null, tagged: false, title: null, claims: [], error: message });
    }
  }
  if (opts.json) out.write(`${JSON.stringify(results.map(({ input, lang, tagged, title, claims, error }) => ({ input, lang, tagged, title, claims, ...(error ? { error } : {}) })), null, 2)}\n`);
  return failed ? 1 : 0;
}

// ─── claimwatch watches ─────────────────────────────────────────────────────

/** A bad watch, one line per problem; anything else is not a watch's fault and goes on up. */
function writeWatchError(e: unknown, err: NodeJS.WritableStream): void {
  if (!(e instanceof WatchError)) throw e;
  for (const line of e.lines) err.write(`${line}\n`);
}

export interface WatchesDeps {
  err?: NodeJS.WritableStream;
}

/** `watches list`: the loaded watches, their measures, languages and files. Exit 0, or 2 on a bad watch. */
export function runWatchesList(files: string[] | undefined, opts: { json?: boolean }, out: NodeJS.WritableStream, deps: WatchesDeps = {}): number {
  const err = deps.err ?? process.stderr;
  const list = watchFileList(files);
  let watches: Watch[];
  try {
    watches = loadWatches(files);
  } catch (e) {
    writeWatchError(e, err);
    return 2;
  }
  const rows = watches.map((w, i) => ({
    id: w.id, name: w.name, file: list[i], languages: w.languages,
    measures: Object.entries(w.measures).map(([key, m]) => {
      const s = resolveSettings(w.consensus, m.consensus);
      return { key, dimension: m.dimension, unit: m.unit, kind: s.kind, plausible: s.plausible };
    }),
  }));
  if (opts.json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const w of rows) {
    out.write(`${w.id}: ${w.name}\n  file: ${w.file}\n  languages: ${w.languages.join(', ')}\n  measures:\n`);
    for (const m of w.measures) {
      const range = m.plausible ? `, plausible ${m.plausible.min === undefined ? '…' : fmt(m.plausible.min)}–${m.plausible.max === undefined ? '…' : fmt(m.plausible.max)}` : '';
      out.write(`    ${m.key}: ${m.dimension} in ${m.unit}, ${m.kind}${range}\n`);
    }
  }
  return 0;
}

/** `watches check FILE...`: only the load check. Every problem one line each; exit 1 when any file is bad. */
export function runWatchesCheck(files: string[], out: NodeJS.WritableStream, deps: WatchesDeps = {}): number {
  const err = deps.err ?? process.stderr;
  let bad = false;
  for (const file of files) {
    try {
      const w = loadWatchFile(file);
      out.write(`${file}: ok, watch ${w.id} (${Object.keys(w.measures).join(', ')}; ${w.languages.join(', ')})\n`);
    } catch (e) {
      writeWatchError(e, err);
      bad = true;
    }
  }
  return bad ? 1 : 0;
}

const cell = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const figureOf = (x: { low: number; high: number }) => (x.low === x.high ? fmt(x.low) : `${fmt(x.low)}–${fmt(x.high)}`);

/** The human report of `watches try`: a table of claims per page, the consensus as it forms, the departures. */
export function formatTry(r: TryResult): string {
  const lines: string[] = [];
  for (const p of r.pages) {
    lines.push(`${p.name} (${p.lang}, ${p.published.slice(0, 10)}): ${p.tagged ? `${p.claims.length} claim${p.claims.length === 1 ? '' : 's'}` : 'not tagged, the watch does not cover this language'}`);
    if (!p.claims.length) continue;
    lines.push(`  ${cell('measure', 16)} ${cell('figure', 16)} ${cell('qualifier', 9)} ${cell('status', 10)} ${cell('scope', 6)} ${cell('conf', 4)} ${cell('source', 24)} sentence`);
    for (const c of p.claims) {
      lines.push(`  ${cell(c.measure, 16)} ${cell(figureOf(c), 16)} ${cell(c.qualifier, 9)} ${cell(c.status, 10)} ${cell(c.scope, 6)} ${cell(c.confidence.toFixed(2), 4)} ${cell(c.source.join(' via ') || '-', 24)} “${cell(c.evidence.sentence.replace(/\s+/g, ' '), 100).trimEnd()}”`);
    }
  }
  lines.push('', 'consensus, in publication order:');
  if (!r.consensus.length) lines.push('  none: no measure has a figure that counts toward one');
  for (const c of r.consensus) {
    lines.push(`  after ${c.page}: ${c.watch}.${c.measure} ${fmt(c.centre)} (band ${fmt(c.bandLow)}–${fmt(c.bandHigh)}, ${c.figures} figure${c.figures === 1 ? '' : 's'} from ${c.sources} source${c.sources === 1 ? '' : 's'})`);
  }
  lines.push('', 'departures:');
  if (!r.departures.length) lines.push('  none');
  for (const d of r.departures) {
    const what = d.corroborates ? 'corroborates the alert' : d.held.length ? `held for review (${d.held.join('; ')})` : 'alert';
    lines.push(`  ${d.page}: ${d.watch}.${d.measure} ${d.status} ${d.qualifier} ${figureOf(d)} is ${d.direction} ${fmt(d.reference)} (${d.against}, ×${d.ratio.toFixed(2)}): ${what}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `watches try WATCH PAGE...`: pages (files or folders: .txt, .html, .yaml stream files) tagged with
 * the watch and replayed in memory. Exit 0; 1 when a page could not be read; 2 on a bad watch.
 */
export function runWatchesTry(watchFile: string, inputs: string[], opts: { json?: boolean }, out: NodeJS.WritableStream, deps: WatchesDeps = {}): number {
  const err = deps.err ?? process.stderr;
  let watch: Watch;
  try {
    watch = loadWatchFile(watchFile);
  } catch (e) {
    writeWatchError(e, err);
    return 2;
  }
  const pages: TryPage[] = [];
  let failed = false;
  let files: string[] = [];
  try {
    files = pageFiles(inputs);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 1;
  }
  if (!files.length) {
    err.write('no pages to try: give .txt, .html or .yaml files, or a folder of them\n');
    return 1;
  }
  for (const f of files) {
    try {
      pages.push(...readPages(f));
    } catch (e) {
      failed = true;
      err.write(`${(e as Error).message}\n`);
    }
  }
  const result = tryWatches([watch], pages);
  out.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatTry(result));
  return failed ? 1 : 0;
}
