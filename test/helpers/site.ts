// A local news site for tests: feeds and article pages served on 127.0.0.1,
// with ETag/Last-Modified handling and a log of every request, so a test can
// see what the pipeline fetched and how often.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Site {
  url: string;
  /** Serve a fixed body with an ETag (answers 304 to a matching If-None-Match). */
  page(path: string, body: string, contentType?: string, delayMs?: number): void;
  route(path: string, handler: Handler): void;
  /** How many times a path was requested. */
  hits(path: string): number;
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

export async function startSite(host = '127.0.0.1'): Promise<Site> {
  const routes = new Map<string, Handler>();
  const requests: { path: string; status: number }[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    res.on('finish', () => requests.push({ path, status: res.statusCode }));
    const handler = routes.get(path);
    if (!handler) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    try {
      await handler(req, res);
    } catch {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return {
    url: `http://${host}:${port}`,
    page(path, body, contentType = 'text/html; charset=utf-8', delayMs = 0) {
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      routes.set(path, async (req, res) => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        if (req.headers['if-none-match'] === etag) {
          res.statusCode = 304;
          res.end();
          return;
        }
        res.setHeader('content-type', contentType);
        res.setHeader('etag', etag);
        res.end(body);
      });
    },
    route(path, handler) { routes.set(path, handler); },
    hits: (path) => requests.filter((r) => r.path === path).length,
    requests,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An article page the way a news site serves one: navigation, the story, related links, a footer. */
export function articlePage(opts: { title: string; paragraphs: string[]; site?: string; byline?: string; published?: string; canonical?: string; lang?: string }): string {
  const site = opts.site ?? 'Local News';
  return `<!doctype html>
<html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>${escape(opts.title)} | ${escape(site)}</title>
<meta property="og:site_name" content="${escape(site)}">
${opts.published ? `<meta property="article:published_time" content="${opts.published}">` : ''}
${opts.canonical ? `<link rel="canonical" href="${opts.canonical}">` : ''}
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>${escape(opts.title)}</h1>
${opts.byline ? `<p class="byline">By ${escape(opts.byline)}</p>` : ''}
${opts.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Weather turns cold across the region</a></li><li><a href="/b">Local team wins the cup</a></li></ul></aside>
</main>
<footer><p>© ${escape(site)}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`;
}

export interface FeedEntry { title: string; url: string; guid?: string; published?: Date }

export function rss(title: string, link: string, items: FeedEntry[], extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escape(title)}</title><link>${link}</link><description>test</description>${extra}
${items.map((i) => `<item><title>${escape(i.title)}</title><link>${i.url}</link>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}${i.published ? `<pubDate>${i.published.toUTCString()}</pubDate>` : ''}</item>`).join('\n')}
</channel></rss>`;
}

export function atom(title: string, link: string, items: FeedEntry[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${escape(title)}</title><link href="${link}"/><id>${link}</id><updated>${new Date().toISOString()}</updated>
${items.map((i) => `<entry><title>${escape(i.title)}</title><link href="${i.url}"/><id>${i.guid ?? i.url}</id><updated>${(i.published ?? new Date()).toISOString()}</updated></entry>`).join('\n')}
</feed>`;
}

/** Splits a seed text into its title (first line) and paragraphs. */
export function splitText(text: string): { title: string; paragraphs: string[] } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return { title: lines[0], paragraphs: lines.slice(1) };
}
