// A PDF or an image where an article was expected: the page is recorded as
// unreadable with the plain reason, "not an HTML page (application/pdf)".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleReader, type ArticleReader } from '../src/article/index.js';
import type { Context } from '../src/context.js';
import { createFetcher, type Fetcher } from '../src/fetcher/index.js';
import { fetchPage } from '../src/jobs/fetch-page.js';
import { readArticle } from '../src/jobs/read-article.js';
import { silentLogger } from '../src/log.js';
import { articles } from '../src/store/schema.js';
import { WRITTEN } from './helpers/corpus.js';
import { articlePage } from './helpers/site.js';
import { freshStore, type TestStore } from './helpers/store.js';

const BODIES: Record<string, [string, Buffer]> = {
  '/report.pdf': ['application/pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')],
  '/chart.png': ['image/png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
  '/map.svg': ['image/svg+xml; charset=utf-8', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>11,000 troops</text></svg>')],
  '/story.html': ['text/html; charset=utf-8', Buffer.from(articlePage({ title: WRITTEN[0].title, paragraphs: WRITTEN[0].paragraphs }))],
};

let server: Server;
let base: string;
let t: TestStore;
let ctx: Context;
let reader: ArticleReader;
let fetcher: Fetcher;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [type, body] = BODIES[req.url ?? ''] ?? ['text/plain', Buffer.from('no such page')];
    res.writeHead(BODIES[req.url ?? ''] ? 200 : 404, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await freshStore('postgres', { fetch: { allowPrivate: ['127.0.0.1'], respectRobots: false } });
  ctx = { config: t.config, store: t.store, db: t.store.db, log: silentLogger, queues: undefined as never };
  reader = createArticleReader(t.config.article, { threads: 1 });
  fetcher = createFetcher(t.config.fetch);
});
afterAll(async () => {
  await fetcher?.close();
  await reader?.close();
  await t?.cleanup();
  await new Promise((resolve) => server.close(resolve));
});

describe('a page that is not HTML', () => {
  it('is unreadable, saying what it is, and an HTML page beside it is read', async () => {
    for (const [path, type] of [['/report.pdf', 'application/pdf'], ['/chart.png', 'image/png'], ['/map.svg', 'image/svg+xml']]) {
      const fetched = await fetchPage(ctx, fetcher, { url: `${base}${path}` });
      if (fetched.status !== 'fetched') throw new Error(`${path} was not fetched`);
      const r = await readArticle(ctx, reader, fetched.page);
      expect(r, path).toMatchObject({ status: 'unreadable', error: `not an HTML page (${type})` });
      const [row] = await ctx.db.select().from(articles).where(eq(articles.url, `${base}${path}`));
      expect(row).toMatchObject({ status: 'unreadable', error: `not an HTML page (${type})` });
    }
    const story = await fetchPage(ctx, fetcher, { url: `${base}/story.html` });
    if (story.status !== 'fetched') throw new Error('the story was not fetched');
    expect((await readArticle(ctx, reader, story.page)).status).toBe('new');
  });
});
