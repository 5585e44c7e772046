// Page → article, in the calling thread. The reader (index.ts) runs this in
// worker threads so that a page can be given a time limit; the benchmark runs
// it directly to measure each DOM on its own.
import { Readability } from '@mozilla/readability';
import { franc } from 'franc-min';
import { parseHTML } from 'linkedom';
import { UnreadableError } from './errors.js';
import { readMeta, toIso6391 } from './meta.js';
import { slimHtml } from './slim.js';
import { blockText, isFurniture, normalizeText, textHash, type DomNode } from './text.js';

export type DomName = 'linkedom' | 'jsdom';

export interface Article {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** ISO 639-1: the page's own declaration, else detected from the text. */
  lang: string | null;
  publishedAt: Date | null;
  /** rel=canonical, else og:url; absolute. */
  canonicalUrl: string | null;
  /** Plain text, paragraphs separated by "\n\n": the text claims point into. */
  text: string;
  textHash: string;
  dom: DomName;
}

export interface ExtractOptions {
  dom: DomName;
  /** Try jsdom when linkedom throws or finds no article. */
  fallback: boolean;
  minTextLength: number;
  /** The page has had its scripts, styles and comments taken out already (packHtml). */
  slimmed?: boolean;
}

interface Parsed {
  document: Document;
  close(): void;
}

type JSDOMModule = typeof import('jsdom');
let jsdomModule: Promise<JSDOMModule> | undefined;

async function parse(html: string, url: string, dom: DomName): Promise<Parsed> {
  if (dom === 'linkedom') {
    const { document } = parseHTML(html);
    // linkedom keeps nothing alive beyond the document itself.
    return { document: document as unknown as Document, close() {} };
  }
  // jsdom takes a second or so to load; a linkedom-only reader never pays for it.
  jsdomModule ??= import('jsdom');
  const { JSDOM, VirtualConsole } = await jsdomModule;
  const jsdom = new JSDOM(html, {
    url: URL.canParse(url) ? url : undefined,
    // The page's CSS and script errors are the page's business, not our log's.
    virtualConsole: new VirtualConsole(),
  });
  return { document: jsdom.window.document, close: () => jsdom.window.close() };
}

/** Share of an element's text that sits inside links: a page of links is not an article. */
function linkDensity(root: Element): number {
  const textLength = (root.textContent ?? '').replace(/\s+/g, ' ').trim().length;
  if (textLength === 0) return 1;
  let inLinks = 0;
  const links = root.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) inLinks += (links[i].textContent ?? '').replace(/\s+/g, ' ').trim().length;
  return inLinks / textLength;
}

const MAX_LINK_DENSITY = 0.5;

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

/**
 * The headline repeated as the text's first paragraph. Readability drops it
 * itself only when its word matching sees it, which is ASCII-only.
 */
function dropTitle(text: string, title: string | null | undefined): string {
  if (!title) return text;
  const end = text.indexOf('\n\n');
  if (end < 0 || normalizeText(text.slice(0, end)) !== normalizeText(title)) return text;
  return text.slice(end + 2);
}

function detectLang(text: string): string | null {
  const code = franc(text.slice(0, 4000), { minLength: 40 });
  return code === 'und' ? null : toIso6391(code);
}

async function extractWith(html: string, url: string, dom: DomName, minTextLength: number): Promise<Article> {
  let parsed: Parsed;
  try {
    parsed = await parse(html, url, dom);
  } catch (err) {
    throw new UnreadableError('dom error', `${dom} could not parse the page: ${(err as Error).message}`);
  }
  try {
    let meta, result, text, density;
    try {
      meta = readMeta(parsed.document, url);
      // keepClasses: the text builder tells captions and share bars by their classes.
      result = new Readability<Node>(parsed.document, { serializer: (node) => node, keepClasses: true }).parse();
      if (!result?.content) throw new UnreadableError('no article', 'Readability found no article on the page');
      text = dropTitle(blockText(result.content as unknown as DomNode, isFurniture), result.title);
      density = linkDensity(result.content as Element);
    } catch (err) {
      if (err instanceof UnreadableError) throw err;
      throw new UnreadableError('dom error', `reading the page on ${dom} failed: ${(err as Error).message}`);
    }
    if (text.length < minTextLength) {
      throw new UnreadableError('too short', `the article text is ${text.length} characters, under the ${minTextLength} minimum`);
    }
    if (density > MAX_LINK_DENSITY) throw new UnreadableError('no article', 'the page is mostly links, not an article');
    return {
      title: clean(result.title),
      byline: clean(result.byline),
      siteName: clean(result.siteName),
      lang: meta.lang ?? detectLang(text),
      publishedAt: meta.publishedAt,
      canonicalUrl: meta.canonicalUrl,
      text,
      textHash: textHash(text),
      dom,
    };
  } finally {
    parsed.close();
  }
}

/**
 * Reads one page. Throws UnreadableError when the page holds no article, its
 * text is under the minimum, or the DOM throws; with `fallback`, linkedom's
 * failures are tried again on jsdom, which parses some pages linkedom cannot.
 */
export async function extractArticle(page: string, url: string, options: ExtractOptions): Promise<Article> {
  const html = options.slimmed ? page : slimHtml(page);
  try {
    return await extractWith(html, url, options.dom, options.minTextLength);
  } catch (err) {
    if (!options.fallback || options.dom !== 'linkedom') throw err;
    try {
      return await extractWith(html, url, 'jsdom', options.minTextLength);
    } catch {
      // linkedom's reason is the one to report: it is the configured DOM.
      throw err;
    }
  }
}
