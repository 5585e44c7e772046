// `claimwatch extract`: tags files of plain text or HTML without touching the
// store, so anyone can check the extractor on their own articles.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractClaims, type ExtractedClaim } from './extract.js';
import { loadWatches, type Watch } from './watch.js';

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

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th, figcaption, dt, dd';

/** The readable text of a page, one paragraph per line, with its title and declared language. */
export function htmlToText(html: string): { title: string | null; text: string; lang: string | null } {
  const { document } = parseHTML(html);
  const lang = document.documentElement?.getAttribute('lang') || null;
  const pageTitle = document.querySelector('title')?.textContent?.trim() || null;
  let title = pageTitle;
  let root: ParentNode | null = null;
  try {
    // Readability changes the document it reads: give it its own copy.
    const article = new Readability(parseHTML(html).document as unknown as Document).parse();
    if (article?.content) {
      root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
      title = article.title?.trim() || pageTitle;
    }
  } catch {
    root = null;
  }
  root ??= document.body;
  if (!root) return { title, text: '', lang };
  const blocks = [...root.querySelectorAll(BLOCKS)]
    .filter((el) => !el.querySelector(BLOCKS))
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const body = blocks.length ? blocks.join('\n') : (root.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  // The headline leads the text, as in stored articles, unless the body already starts with it.
  const text = title && !body.startsWith(title) ? `${title}\n${body}` : body;
  return { title, text, lang };
}

function looksLikeHtml(input: string, raw: string): boolean {
  if (/^\.(?:html?|xhtml)$/i.test(extname(input))) return true;
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(raw);
}

const fmt = (n: number) => n.toLocaleString('en-US');

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
