// Input at the store's limits: a feed of 14,000 items (more than one statement
// may carry parameters for), NUL characters in a feed and in a page (which
// PostgreSQL text cannot hold), and a binary file given to `ingest`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { ingestOne } from '../src/ingest.js';
import { articles, feedItems, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { WRITTEN } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { waitFor } from './helpers/processes.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

describe('a feed of 14,000 items', () => {
  const N = 14_000;
  let site: Site;
  let p: TestPipeline;

  beforeAll(async () => {
    site = await startSite();
    const entries = Array.from({ length: N }, (_, i) => ({ title: `Item ${i}`, url: `${site.url}/item/${i}`, guid: `item-${i}` }));
    site.page('/big.xml', rss('Big', site.url, entries), 'application/rss+xml');
    p = await testPipeline('postgres');
    // Only the poll stage runs: the test is about the poll and what it hands on.
    p.start(['poll']);
  });
  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('is stored whole and every item handed on to the fetch stage', async () => {
    const { feed } = await addFeed(p.ctx, { url: `${site.url}/big.xml`, intervalSeconds: 3600 });
    await waitFor(async () => {
      const [row] = await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
      return row.lastPolledAt !== null;
    }, 120_000, 'the feed to be polled');
    const [row] = await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(row.lastError).toBeNull();
    expect(row.status).toBe('ok');
    expect(row.itemsFound).toBe(N);
    const [{ n }] = await p.ctx.db.select({ n: count() }).from(feedItems).where(eq(feedItems.feedId, feed.id));
    expect(n).toBe(N);
    await waitFor(async () => (await p.ctx.queues.fetch.getWaitingCount()) === N, 60_000, 'every page to be queued');
  }, 240_000);
});

describe('NUL characters', () => {
  let site: Site;
  let p: TestPipeline;
  const story = WRITTEN[0];

  beforeAll(async () => {
    site = await startSite();
    // The page: a NUL inside a paragraph and one in the title.
    site.page('/news/nul', articlePage({ title: `Bridge\u0000 repairs`, paragraphs: story.paragraphs.map((t, i) => (i === 1 ? t.replace('eighteen', 'eigh\u0000teen') : t)) }));
    // A JSON feed may carry one escaped; an RSS feed carries the raw byte.
    site.page('/feed.json', JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1', title: 'Feed\u0000 with NUL',
      items: [{ id: 'nul-1', url: `${site.url}/news/nul`, title: 'Repairs\u0000 approved' }],
    }), 'application/feed+json');
    site.page('/nul.xml', rss('Raw NUL', site.url, [{ title: 'Frost\u0000 threat', url: `${site.url}/news/frost`, guid: 'frost' }]), 'application/rss+xml');
    site.page('/news/frost', articlePage({ title: WRITTEN[1].title, paragraphs: WRITTEN[1].paragraphs }));
    p = await testPipeline('postgres');
    p.start();
  });
  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('in a feed and a page are cleaned, and the articles stored', async () => {
    await addFeed(p.ctx, { url: `${site.url}/feed.json`, intervalSeconds: 3600 });
    await addFeed(p.ctx, { url: `${site.url}/nul.xml`, intervalSeconds: 3600 });
    await p.drain();
    const feedRows = await p.ctx.db.select().from(feeds);
    for (const f of feedRows) {
      expect(f.lastError).toBeNull();
      expect(f.itemsFound).toBe(1);
    }
    const items = await p.ctx.db.select().from(feedItems);
    expect(items.map((i) => i.title).sort()).toEqual(['Frost threat', 'Repairs approved']);
    const [nul] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/news/nul`));
    expect(nul.status).toBe('new');
    expect(nul.text).toContain('about eighteen months');
    expect(nul.text).not.toContain('\u0000');
    const [frost] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/news/frost`));
    expect(frost.status).toBe('new');
  });
});

describe('a binary file given to ingest', () => {
  let p: TestPipeline;
  const dir = mkdtempSync(join(tmpdir(), 'cw-binary-'));

  beforeAll(async () => {
    p = await testPipeline('postgres');
  });
  afterAll(async () => {
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused with a clear error and stores nothing', async () => {
    // A PNG's signature and header, then bytes of every value.
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
    ]);
    const path = join(dir, 'photo.txt');
    writeFileSync(path, bytes);
    const result = await ingestOne(p.ctx, p.tools, path);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/binary/);
    expect(result.error).not.toMatch(/Failed query|params/);
    const [{ n }] = await p.ctx.db.select({ n: count() }).from(articles);
    expect(n).toBe(0);
  });
});

describe('a feed the store refuses', () => {
  let site: Site;
  let p: TestPipeline;

  beforeAll(async () => {
    site = await startSite();
    // A link longer than an index entry may be (about 2,700 bytes), of random letters that do not compress.
    let x = 12345;
    const junk = Array.from({ length: 9000 }, () => { x = (x * 1103515245 + 12345) % 2147483648; return 'abcdefghijklmnopqrstuvwxyz'[x % 26]; }).join('');
    site.page('/long.xml', rss('Long', site.url, [{ title: 'long', url: `${site.url}/news/${junk}`, guid: 'long' }]), 'application/rss+xml');
    p = await testPipeline('postgres', { 'feeds.minIntervalSeconds': 30 });
    p.start(['poll']);
  });
  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('has the failure recorded on the feed, with its code and without SQL', async () => {
    const { feed } = await addFeed(p.ctx, { url: `${site.url}/long.xml`, intervalSeconds: 3600 });
    await waitFor(async () => (await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id)))[0].lastPolledAt !== null, 60_000, 'the poll');
    const [row] = await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(row.lastErrorCode).toBe('store');
    expect(row.lastError).toMatch(/^store: /);
    expect(row.lastError).not.toMatch(/insert into|params:/i);
    expect(row.errorScore).toBeGreaterThan(0);
  });
});
