// feed → items. RSS 0.9x, 1.0 and 2.0 and Atom are read by rss-parser, JSON
// Feed by JSON.parse; either way each item comes out with the key that tells a
// new item from one seen before (its guid, else its normalised link).
import Parser from 'rss-parser';
import { FeedParseError } from './errors.js';
import { normalizeUrl } from './url.js';

export { FeedParseError } from './errors.js';
export { normalizeUrl } from './url.js';

export interface FeedItem {
  /** The item's guid (or Atom id, JSON Feed id), else its normalised link. */
  key: string;
  /** Normalised absolute link. */
  url: string;
  title: string | null;
  publishedAt: Date | null;
}

export interface ParsedFeed {
  title: string | null;
  siteUrl: string | null;
  /** RSS <ttl>: how long the publisher asks readers to wait between polls. */
  ttlSeconds: number | null;
  items: FeedItem[];
}

type XmlRoot = Record<string, { $?: Record<string, string> } | undefined>;
type RawFeed = Parser.Output<{ id?: string; 'rdf:about'?: string }> & { ttl?: unknown };

// rss-parser only offers a promise-returning parseString, yet its XML parser
// (xml2js, not in async mode) and its builders are synchronous. Parsing a feed
// is a pure step, so we drive those same pieces directly and keep it one.
interface RssParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: XmlRoot | null) => void): unknown };
  buildAtomFeed(x: XmlRoot): RawFeed;
  buildRSS2(x: XmlRoot): RawFeed;
  buildRSS1(x: XmlRoot): RawFeed;
  buildRSS0_9(x: XmlRoot): RawFeed;
}

const HTML_START = /^(?:\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->)*(?:<!doctype\s+html\b|<html\b)/i;
const NOT_A_FEED_HTML = 'this is an HTML page, not a feed';

export function parseFeed(body: string, url: string): ParsedFeed {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new FeedParseError(`the response from ${url} is empty, not a feed`, url);
  if (HTML_START.test(text.slice(0, 4096))) throw new FeedParseError(`${NOT_A_FEED_HTML} (${url})`, url);
  if (text.trimStart().startsWith('{')) return parseJsonFeed(text, url);
  return fromRss(readXml(text, url), url);
}

function readXml(text: string, url: string): RawFeed {
  const parser = new Parser() as unknown as RssParserInternals;
  let outcome: { err: Error | null; result: XmlRoot | null } | undefined;
  try {
    parser.xmlParser.parseString(text, (err, result) => { outcome ??= { err, result }; });
  } catch (err) {
    outcome ??= { err: err as Error, result: null };
  }
  if (!outcome) throw new Error('rss-parser no longer parses synchronously; parseFeed needs revisiting');
  if (outcome.err || !outcome.result) {
    if (/<(html|body)\b/i.test(text.slice(0, 4096))) throw new FeedParseError(`${NOT_A_FEED_HTML} (${url})`, url);
    const why = (outcome.err?.message ?? 'no document').split('\n').map((s) => s.trim()).filter(Boolean).join(', ');
    throw new FeedParseError(`malformed XML in the feed at ${url}: ${why}`, url);
  }
  const doc = outcome.result;
  const rootName = Object.keys(doc)[0];
  const version = doc.rss?.$?.version ?? '';
  try {
    if (doc.feed) return parser.buildAtomFeed(doc);
    if (doc['rdf:RDF']) return parser.buildRSS1(doc);
    if (doc.rss) return /^0\.9/.test(version) ? parser.buildRSS0_9(doc) : parser.buildRSS2(doc);
  } catch (err) {
    throw new FeedParseError(`the feed at ${url} has an unexpected structure: ${(err as Error).message}`, url);
  }
  if (rootName.toLowerCase() === 'html') throw new FeedParseError(`${NOT_A_FEED_HTML} (${url})`, url);
  throw new FeedParseError(`the XML at ${url} is not a feed: its root element is <${rootName}>, where RSS has <rss> or <rdf:RDF> and Atom <feed>`, url);
}

function fromRss(feed: RawFeed, url: string): ParsedFeed {
  const ttlMinutes = Number(str(feed.ttl));
  return {
    title: str(feed.title),
    siteUrl: absolute(str(feed.link), url),
    ttlSeconds: Number.isFinite(ttlMinutes) && ttlMinutes > 0 ? Math.round(ttlMinutes * 60) : null,
    items: collect((feed.items ?? []).map((i) => ({
      guid: i.guid ?? i.id ?? i['rdf:about'], link: i.link, title: i.title, date: i.isoDate,
    })), url),
  };
}

interface JsonFeedDoc {
  version?: unknown; title?: unknown; home_page_url?: unknown;
  items?: { id?: unknown; url?: unknown; external_url?: unknown; title?: unknown; date_published?: unknown; date_modified?: unknown }[];
}

function parseJsonFeed(text: string, url: string): ParsedFeed {
  let doc: JsonFeedDoc;
  try {
    doc = JSON.parse(text) as JsonFeedDoc;
  } catch (err) {
    throw new FeedParseError(`malformed JSON in the feed at ${url}: ${(err as Error).message}`, url);
  }
  if (typeof doc?.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/.test(doc.version)) {
    throw new FeedParseError(`the JSON at ${url} is not a JSON Feed: it has no "version": "https://jsonfeed.org/version/1.1"`, url);
  }
  const items = Array.isArray(doc.items) ? doc.items : [];
  return {
    title: str(doc.title),
    siteUrl: absolute(str(doc.home_page_url), url),
    ttlSeconds: null,
    items: collect(items.filter((i) => i && typeof i === 'object').map((i) => ({
      // Version 1.0 allowed numeric ids.
      guid: typeof i.id === 'number' ? String(i.id) : i.id,
      link: i.url ?? i.external_url,
      title: i.title,
      date: i.date_published ?? i.date_modified,
    })), url),
  };
}

function collect(raw: { guid?: unknown; link?: unknown; title?: unknown; date?: unknown }[], base: string): FeedItem[] {
  const items: FeedItem[] = [];
  for (const r of raw) {
    const guid = str(r.guid);
    // Some RSS feeds write an Atom-style <link href="…"/>; an item without any
    // link may still carry its permalink as the guid.
    const link = str(r.link) ?? str((r.link as { $?: { href?: unknown } } | undefined)?.$?.href) ?? (guid && /^https?:\/\//i.test(guid) ? guid : null);
    const url = absolute(link, base);
    if (!url) continue;
    const date = typeof r.date === 'string' ? new Date(r.date) : null;
    items.push({
      key: guid ?? url,
      url,
      title: str(r.title)?.replace(/\s+/g, ' ') ?? null,
      publishedAt: date && !Number.isNaN(date.getTime()) ? date : null,
    });
  }
  return items;
}

/** The normalised absolute http(s) URL, or null for none or a malformed one. */
function absolute(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = normalizeUrl(link, base);
    return /^https?:/.test(url) ? url : null;
  } catch {
    return null;
  }
}

function str(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}
