// What a page says about itself in its head: canonical URL, language and
// publication time. Read before Readability runs, because Readability prunes
// the document it reads.
import { iso6393To1 } from 'iso-639-3';

export interface PageMeta {
  canonicalUrl: string | null;
  lang: string | null;
  publishedAt: Date | null;
}

/** The few DOM members read here; linkedom and jsdom both have them. */
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface Doc {
  documentElement: El | null;
  getElementsByTagName(name: string): ArrayLike<El>;
  querySelector(selector: string): El | null;
}

// franc names individual languages where ISO 639-1 names the macrolanguage.
const INDIVIDUAL_TO_1: Record<string, string> = {
  cmn: 'zh', arb: 'ar', pes: 'fa', zlm: 'ms', swh: 'sw', uzn: 'uz', azj: 'az', plt: 'mg', npi: 'ne',
  pbu: 'ps', ckb: 'ku', ekk: 'et', lvs: 'lv', khk: 'mn', ory: 'or', gaz: 'om', ydd: 'yi',
};

/** An ISO 639-1 code from a language tag or ISO 639-3 code ("en-GB", "pt_BR", "rus"), else null. */
export function toIso6391(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_\s,;]/)[0];
  if (/^[a-z]{2}$/.test(primary)) return primary;
  if (/^[a-z]{3}$/.test(primary)) return iso6393To1[primary] ?? INDIVIDUAL_TO_1[primary] ?? null;
  return null;
}

/** Earliest plausible date: nothing published on the web before it. */
const EARLIEST = Date.UTC(1991, 0, 1);

export function parseDate(value: string | null | undefined, now = Date.now()): Date | null {
  if (!value) return null;
  let text = value.trim();
  if (!text) return null;
  // Unix timestamps in seconds or milliseconds.
  if (/^\d{10}$/.test(text)) text = String(Number(text) * 1000);
  const date = /^\d{13}$/.test(text) ? new Date(Number(text)) : new Date(text);
  const t = date.getTime();
  // A date more than a couple of days ahead is a template's placeholder or an event's date.
  if (Number.isNaN(t) || t < EARLIEST || t > now + 2 * 86_400_000) return null;
  return date;
}

function metaMap(doc: Doc): Map<string, string> {
  const map = new Map<string, string>();
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length; i++) {
    const el = metas[i];
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !map.has(key)) map.set(key, content);
    }
  }
  return map;
}

function absoluteHttpUrl(href: string | null | undefined, base: string): string | null {
  if (!href?.trim()) return null;
  try {
    const url = URL.canParse(href.trim()) ? new URL(href.trim()) : new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function canonicalOf(doc: Doc, meta: Map<string, string>, base: string): string | null {
  const links = doc.getElementsByTagName('link');
  for (let i = 0; i < links.length; i++) {
    const rel = links[i].getAttribute('rel')?.toLowerCase().split(/\s+/) ?? [];
    if (rel.includes('canonical')) {
      const url = absoluteHttpUrl(links[i].getAttribute('href'), base);
      if (url) return url;
    }
  }
  return absoluteHttpUrl(meta.get('og:url'), base);
}

/** JSON-LD objects of the page, flattened out of arrays and @graph. */
function jsonLd(doc: Doc): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const scripts = doc.getElementsByTagName('script');
  for (let i = 0; i < scripts.length; i++) {
    if (scripts[i].getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    let data: unknown;
    try {
      data = JSON.parse((scripts[i].textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue; // a broken block says nothing
    }
    const queue = [data];
    while (queue.length) {
      const item = queue.shift();
      if (Array.isArray(item)) queue.push(...item);
      else if (item && typeof item === 'object') {
        out.push(item as Record<string, unknown>);
        const graph = (item as Record<string, unknown>)['@graph'];
        if (graph) queue.push(graph);
      }
    }
  }
  return out;
}

const ARTICLE_TYPE = /article|posting|report|news|blog/i;

function typesOf(obj: Record<string, unknown>): string {
  const t = obj['@type'];
  return Array.isArray(t) ? t.join(' ') : String(t ?? '');
}

function firstString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return firstString(value[0]);
  return null;
}

const DATE_META = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'article.published',
  'publishdate', 'publish-date', 'publish_date', 'pubdate', 'parsely-pub-date', 'sailthru.date',
  'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date', 'dcterms.created', 'date',
  'originalpublicationdate', 'article:published', 'og:published_time',
];

function publishedOf(doc: Doc, meta: Map<string, string>, ld: Record<string, unknown>[]): Date | null {
  for (const key of DATE_META) {
    const date = parseDate(meta.get(key));
    if (date) return date;
  }
  // The article's own JSON-LD object first: a page also describes its site and breadcrumbs.
  const ordered = [...ld.filter((o) => ARTICLE_TYPE.test(typesOf(o))), ...ld];
  for (const obj of ordered) {
    const date = parseDate(firstString(obj.datePublished) ?? firstString(obj.dateCreated));
    if (date) return date;
  }
  // A <time> marked as the publication time, else the first one inside the article.
  const candidates = [
    doc.querySelector('time[pubdate][datetime]'),
    doc.querySelector('[itemprop="datePublished"][datetime]'),
    doc.querySelector('article time[datetime]'),
  ];
  for (const el of candidates) {
    const date = parseDate(el?.getAttribute('datetime'));
    if (date) return date;
  }
  return null;
}

function langOf(doc: Doc, meta: Map<string, string>, ld: Record<string, unknown>[]): string | null {
  const root = doc.documentElement;
  const ldLang = ld.map((o) => firstString(o.inLanguage)).find(Boolean);
  for (const tag of [
    root?.getAttribute('lang'), root?.getAttribute('xml:lang'),
    meta.get('content-language'), meta.get('og:locale'), meta.get('language'), meta.get('dc.language'), ldLang,
  ]) {
    const code = toIso6391(tag);
    if (code) return code;
  }
  return null;
}

export function readMeta(doc: Doc, url: string): PageMeta {
  const meta = metaMap(doc);
  const ld = jsonLd(doc);
  return {
    canonicalUrl: canonicalOf(doc, meta, url),
    lang: langOf(doc, meta, ld),
    publishedAt: publishedOf(doc, meta, ld),
  };
}
