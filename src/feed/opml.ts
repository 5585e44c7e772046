// OPML, the format feed readers exchange subscription lists in. Folders nest
// outlines inside outlines; every outline with an xmlUrl is a feed.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export interface OpmlFeed { url: string; title: string }

type Outline = Record<string, unknown> & { outline?: Outline[] };

export class OpmlError extends Error {}

export function parseOpml(xml: string): OpmlFeed[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new OpmlError(`malformed OPML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => name === 'outline',
  }).parse(xml) as { opml?: { body?: { outline?: Outline[] } } };
  if (!doc.opml) throw new OpmlError('not an OPML document: no <opml> element');
  const feeds = new Map<string, OpmlFeed>();
  const walk = (outlines: Outline[] | undefined) => {
    for (const o of outlines ?? []) {
      // Attribute names are case-sensitive in XML, but exporters write xmlurl too.
      const attr = (name: string) => {
        const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
        const v = key ? o[key] : undefined;
        return typeof v === 'string' && v.trim() ? v.trim() : null;
      };
      const url = attr('xmlUrl');
      if (url && !feeds.has(url)) feeds.set(url, { url, title: attr('title') ?? attr('text') ?? url });
      walk(o.outline);
    }
  };
  walk(doc.opml.body?.outline);
  return [...feeds.values()];
}

export function buildOpml(feeds: OpmlFeed[], title = 'claimwatch feeds'): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    opml: {
      '@version': '2.0',
      head: { title, dateCreated: new Date().toUTCString() },
      body: { outline: feeds.map((f) => ({ '@type': 'rss', '@text': f.title, '@title': f.title, '@xmlUrl': f.url })) },
    },
  })}`;
}
