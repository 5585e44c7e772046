// Feeds in, clean articles stored: the real workers on real Redis and both
// kinds of store, against a local site serving RSS, Atom and article pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { registry } from '../src/metrics.js';
import { articles, feedFetches, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { seedTexts, WRITTEN } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, atom, rss, splitText, startSite, type Site } from './helpers/site.js';
import { STORE_KINDS } from './helpers/store.js';

describe.each(STORE_KINDS)('pipeline end to end (%s store)', (kind) => {
  let site: Site;
  let p: TestPipeline;
  const expected = new Map<string, string[]>(); // path → sentences its stored text must hold

  beforeAll(async () => {
    site = await startSite();
    const seeds = seedTexts();
    for (const prefix of ['000', '001', '002', '003']) {
      const { title, paragraphs } = splitText(seeds.get(prefix)!);
      site.page(`/news/seed-${prefix}`, articlePage({ title, paragraphs, site: 'Seed Times', byline: 'A Reporter' }));
      // Sentences of the story itself (a short line may be a repeated headline Readability drops).
      const body = paragraphs.filter((para) => para.length > 80);
      expected.set(`/news/seed-${prefix}`, [body[0], body[Math.floor(body.length / 2)]]);
    }
    for (const w of WRITTEN) {
      site.page(`/news/${w.slug}`, articlePage({ title: w.title, paragraphs: w.paragraphs, site: 'Town Gazette' }));
      expected.set(`/news/${w.slug}`, [w.paragraphs[0], w.paragraphs[3]]);
    }
    const entry = (path: string, i: number) => ({ title: `Story ${path}`, url: `${site.url}${path}`, published: new Date(Date.now() - i * 3600_000) });
    // seed-002 is listed by both feeds: it must be fetched and stored once.
    site.page('/rss.xml', rss('Seed Times', site.url, ['/news/seed-000', '/news/seed-001', '/news/seed-002', '/news/harbour-bridge'].map(entry)), 'application/rss+xml');
    site.page('/atom.xml', atom('Town Gazette', site.url, ['/news/seed-002', '/news/seed-003', '/news/orchard-frost', '/news/library-reopens'].map(entry)), 'application/atom+xml');
    p = await testPipeline(kind);
    p.start();
    await addFeed(p.ctx, { url: `${site.url}/rss.xml`, intervalSeconds: 3600 });
    await addFeed(p.ctx, { url: `${site.url}/atom.xml`, intervalSeconds: 3600 });
    await p.drain();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('stores every article once, with its text and without the page furniture', async () => {
    const rows = await p.ctx.db.select().from(articles);
    expect(rows.map((r) => new URL(r.url).pathname).sort()).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      expect(row.status).toBe('new');
      for (const sentence of expected.get(new URL(row.url).pathname)!) expect(row.text).toContain(sentence);
      expect(row.text).not.toContain('Most read');
      expect(row.text).not.toContain('All rights reserved');
      expect(row.textHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('fetches a page listed in two feeds once', () => {
    expect(site.hits('/news/seed-002')).toBe(1);
    for (const path of expected.keys()) expect(site.hits(path)).toBe(1);
  });

  it('records each poll on its feed', async () => {
    const rows = await p.ctx.db.select().from(feeds);
    expect(rows).toHaveLength(2);
    for (const feed of rows) {
      expect(feed.status).toBe('ok');
      expect(feed.itemsFound).toBe(4);
      expect(feed.lastError).toBeNull();
      expect(feed.etag).toBeTruthy();
    }
  });

  it('counts the run in the metrics', async () => {
    const text = await registry.metrics();
    const value = (line: RegExp) => Number(text.split('\n').find((l) => line.test(l))?.split(' ').pop() ?? NaN);
    expect(value(/^claimwatch_articles_total\{status="new"\}/)).toBeGreaterThanOrEqual(expected.size);
    expect(value(/^claimwatch_polls_total\{outcome="new_items"\}/)).toBeGreaterThanOrEqual(2);
    expect(value(/^claimwatch_job_duration_seconds_count\{queue="fetch"\}/)).toBeGreaterThanOrEqual(expected.size);
    expect(value(/^claimwatch_job_duration_seconds_count\{queue="process"\}/)).toBeGreaterThanOrEqual(expected.size);
  });

  it('a second poll gets 304 and queues nothing', async () => {
    const fetchesBefore = (await p.ctx.queues.fetch.getJobCounts('completed', 'failed', 'waiting', 'delayed'));
    const hitsBefore = site.requests.filter((r) => r.path.startsWith('/news/')).length;
    const rows = await p.ctx.db.select().from(feeds);
    for (const feed of rows) await p.ctx.queues.poll.add('poll', { feedId: feed.id });
    await p.drain();
    for (const feed of rows) {
      const [last] = await p.ctx.db.select().from(feedFetches).where(eq(feedFetches.feedId, feed.id)).orderBy(desc(feedFetches.id)).limit(1);
      expect(last.outcome).toBe('not_modified');
      expect(last.httpStatus).toBe(304);
    }
    expect(site.requests.filter((r) => r.path.endsWith('.xml')).slice(-2).map((r) => r.status)).toEqual([304, 304]);
    expect(await p.ctx.queues.fetch.getJobCounts('completed', 'failed', 'waiting', 'delayed')).toEqual(fetchesBefore);
    expect(site.requests.filter((r) => r.path.startsWith('/news/')).length).toBe(hitsBefore);
  });

  it('a new feed listing pages already stored queues a fetch only for the page that is not', async () => {
    const fetchJobsBefore = await p.ctx.queues.fetch.getCompletedCount();
    const w = WRITTEN[0];
    site.page('/news/late-edition', articlePage({ title: 'Late edition', paragraphs: [...w.paragraphs].reverse(), site: 'Late Post' }));
    const entry = (path: string) => ({ title: `Story ${path}`, url: `${site.url}${path}`, published: new Date() });
    site.page('/late.xml', rss('Late Post', site.url, ['/news/seed-000', '/news/seed-001', '/news/late-edition'].map(entry)), 'application/rss+xml');
    await addFeed(p.ctx, { url: `${site.url}/late.xml`, intervalSeconds: 3600 });
    await p.drain();
    const [feed] = await p.ctx.db.select().from(feeds).where(eq(feeds.url, `${site.url}/late.xml`));
    expect(feed.itemsFound).toBe(3);
    expect(await p.ctx.queues.fetch.getCompletedCount()).toBe(fetchJobsBefore + 1);
    expect(site.hits('/news/seed-000')).toBe(1);
    expect(site.hits('/news/seed-001')).toBe(1);
    expect(site.hits('/news/late-edition')).toBe(1);
    const [late] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/news/late-edition`));
    // Its paragraphs are another story's, reordered: stored as that story's copy.
    expect(late.status).toBe('duplicate');
    expect(late.text).toContain(w.paragraphs[0]);
  });
});
