// No stage starves another: with a measure's consensus lock held elsewhere (a
// test connection here, another process in production) and many analyses of
// that measure queued, the pages keep flowing and the articles keep being
// stored; the analyses wait their turn without a connection each, and finish
// once the lock is let go. And a pool that does stall says so once, with what
// holds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { extractClaims } from '../src/claims/index.js';
import { configSchema, ConfigError, loadConfig, storePoolSize } from '../src/config.js';
import { runAs, watchPool } from '../src/store/pool-watch.js';
import { articles } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';
import { createTestDatabase } from './helpers/store.js';

const WORDS = ('harbour council budget winter railway bridge market farmers rainfall school museum election river festival ' +
  'hospital factory tunnel airport library stadium orchestra vineyard ferry glacier mining textile bakery tramway lighthouse ' +
  'quarry monastery pipeline reservoir cathedral garrison observatory canal granary brewery shipyard meadow').split(' ');

/** Prose of its own for article i, so that no two articles are copies of each other. */
function filler(i: number, p: number): string {
  let x = (i * 7919 + p * 104_729) % 2_147_483_647;
  const words: string[] = [];
  for (let k = 0; k < 45; k++) {
    x = (x * 48_271) % 2_147_483_647;
    words.push(WORDS[x % WORDS.length]);
  }
  return `Residents of the ${WORDS[(i + p) % WORDS.length]} district spoke about the ${words.join(' ')}.`;
}

const N = 24;
function story(i: number) {
  const troops = 10_000 + i * 40;
  return {
    path: `/world/report-${i}`,
    title: `Report ${i}: North Korean soldiers in Russia`,
    paragraphs: [
      `SEOUL — South Korea’s spy agency told lawmakers on Wednesday that North Korea has deployed ${troops.toLocaleString('en-US')} soldiers to Russia, where they have been assigned to airborne and marine units.`,
      filler(i, 1), filler(i, 2), filler(i, 3),
    ],
  };
}

describe('analyses waiting on a measure lock', () => {
  let site: Site;
  let p: TestPipeline;
  let holder: pg.Client;
  let measures: string[];

  beforeAll(async () => {
    site = await startSite();
    // Many analyses at once, as in the report of the stall: 20 of them.
    p = await testPipeline('postgres', { 'workers.analyzeConcurrency': 20 });
    for (let i = 0; i < N; i++) {
      const s = story(i);
      site.page(s.path, articlePage({ title: s.title, paragraphs: s.paragraphs, site: `Desk ${i}`, published: '2025-01-10T09:00:00Z' }));
    }
    site.page('/feed.xml', rss('World Desk', site.url, Array.from({ length: N }, (_, i) => ({
      title: story(i).title, url: `${site.url}${story(i).path}`, published: new Date('2025-01-10T09:00:00Z'),
    }))), 'application/rss+xml');
    // The measures these articles' claims go to, as the extractor reads them.
    const watch = p.tools.watches.find((w) => w.id === 'dprk-troops-russia')!;
    measures = [...new Set(Array.from({ length: N }, (_, i) => extractClaims(story(i).paragraphs.join('\n\n'), watch, { title: story(i).title, lang: 'en', published: new Date() }))
      .flatMap((o) => o.claims.map((c) => c.measure)))];
    expect(measures.length).toBeGreaterThan(0);
    holder = new pg.Client({ connectionString: p.ctx.config.databaseUrl });
    await holder.connect();
    // The same lock analyzeClaims takes for a measure (src/alerts lockMeasure), held by someone else.
    for (const m of measures) await holder.query('select pg_advisory_lock($1, hashtext($2::text))', [0x63770001, JSON.stringify([watch.id, m])]);
  });

  afterAll(async () => {
    await holder?.end().catch(() => {});
    await p?.close();
    await site?.close();
  });

  const stored = async () => (await p.ctx.db.select({ n: count() }).from(articles))[0].n;
  const tagged = async () => (await p.ctx.db.select({ n: count() }).from(articles).where(eq(articles.tagging, 'tagged')))[0].n;
  const waitingOnLock = async () => Number((await holder.query(
    "select count(*) as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())")).rows[0].n);

  it('keeps storing articles while the analyses wait, with one connection waiting per measure, not one per job', async () => {
    p.start();
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    for (let i = 0; i < 600 && (await stored()) < N; i++) await new Promise((r) => setTimeout(r, 100));
    // Every page was fetched, read and stored although the analyses could not finish.
    expect(await stored()).toBe(N);
    for (let i = 0; i < 300 && (await waitingOnLock()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const analyses = await p.ctx.queues.analyze.getJobCounts('active', 'waiting');
    expect(analyses.active + analyses.waiting).toBeGreaterThan(1);
    expect(await waitingOnLock()).toBeGreaterThan(0);
    expect(await waitingOnLock()).toBeLessThanOrEqual(measures.length);
    expect(await tagged()).toBe(0);
  });

  it('finishes every analysis once the lock is let go', async () => {
    await holder.query('select pg_advisory_unlock_all()');
    await p.drain();
    const byStatus = await p.ctx.db.select({ status: articles.status, tagging: articles.tagging, n: count() }).from(articles)
      .groupBy(articles.status, articles.tagging);
    expect(byStatus).toEqual([{ status: 'new', tagging: 'tagged', n: N }]);
    expect((await p.ctx.queues.analyze.getFailedCount())).toBe(0);
  });
});

describe('the store pool', () => {
  it('is sized from the concurrency settings, or a setting of its own checked against them', () => {
    const config = configSchema.parse({ workers: { pollConcurrency: 3, fetchConcurrency: 5, processConcurrency: 2, analyzeConcurrency: 20, deliverConcurrency: 4 } });
    expect(storePoolSize(config)).toBe(3 + 5 + 2 + 20 + 4 + 2);
    expect(storePoolSize(configSchema.parse({ workers: { storePoolSize: 50 } }))).toBe(50);
    expect(() => loadConfig({ STORE_POOL_SIZE: '10', ANALYZE_CONCURRENCY: '20' })).toThrow(ConfigError);
    expect(() => loadConfig({ STORE_POOL_SIZE: '10', ANALYZE_CONCURRENCY: '20' }))
      .toThrow(/STORE_POOL_SIZE: 10 connections are fewer than the 44 .*ANALYZE_CONCURRENCY 20/);
  });

  it('says once when callers wait for a connection, and which jobs hold them', async () => {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const lines: { msg: string; held?: Record<string, { n: number }> }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s)); } });
    const stop = watchPool(pool, log, { stallMs: 100, everyMs: 20 });
    try {
      const a = await runAs('analyze 7', () => pool.connect());
      const b = await runAs('fetch 9', () => pool.connect());
      const waiting = [pool.query('select 1'), pool.query('select 2')];
      const stalls = () => lines.filter((l) => l.msg.startsWith('store pool stalled'));
      for (let i = 0; i < 200 && stalls().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      // Many more looks at the pool while it stays stalled: still one line.
      await new Promise((r) => setTimeout(r, 400));
      expect(stalls()).toHaveLength(1);
      expect(stalls()[0].msg).toMatch(/2 waiting for a connection .* held by analyze ×1, fetch ×1/);
      a.release();
      b.release();
      await Promise.all(waiting);
      for (let i = 0; i < 200 && !lines.some((l) => l.msg.includes('flow again')); i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines.some((l) => l.msg.includes('flow again'))).toBe(true);
      expect(await pool.query('select 3 as n').then((r) => r.rows[0].n)).toBe(3);
    } finally {
      stop();
      await pool.end();
      await database.drop();
    }
  });

  it('is what openStore gives the process', async () => {
    const { freshStore } = await import('./helpers/store.js');
    const t = await freshStore('postgres', { workers: { analyzeConcurrency: 20 } });
    try {
      expect(t.store.pool.options.max).toBe(storePoolSize(t.config));
      expect(t.store.pool.options.max).toBe(44);
      expect((await t.store.db.execute(sql`select 1 as n`)).rows[0].n).toBe(1);
    } finally {
      await t.cleanup();
    }
  });
});
