// The pipeline across real processes: a worker killed with SIGKILL mid-run,
// two `claimwatch worker` processes sharing the work, and Redis restarted
// under running workers. Nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { articles, claims } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { seedTexts, syntheticArticle } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { claimwatch, ownRedis, waitFor, type Proc, type RedisServer } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';
import { articlePage, rss, splitText, startSite, type Site } from './helpers/site.js';

/** A site with `n` articles behind one feed: the seeds first, then synthetic stories. */
async function newsSite(n: number, delayMs: number, withSeeds: boolean): Promise<{ site: Site; feedUrl: string }> {
  const site = await startSite();
  const entries = [];
  const seeds = withSeeds ? [...seedTexts().values()] : [];
  for (let i = 0; i < n; i++) {
    const { title, paragraphs } = i < seeds.length ? splitText(seeds[i]) : syntheticArticle(i + 1);
    site.page(`/story/${i}`, articlePage({ title, paragraphs }), 'text/html; charset=utf-8', delayMs);
    entries.push({ title, url: `${site.url}/story/${i}`, guid: `story-${i}` });
  }
  site.page('/feed.xml', rss('Many stories', site.url, entries), 'application/rss+xml');
  return { site, feedUrl: `${site.url}/feed.xml` };
}

function workerEnv(p: TestPipeline, redisUrl: string): Record<string, string> {
  const c = p.ctx.config;
  return {
    DATABASE_URL: c.databaseUrl!, REDIS_URL: redisUrl, QUEUE_PREFIX: c.queuePrefix, DATA_DIR: c.dataDir,
    FETCH_ALLOW_PRIVATE: '127.0.0.1', JOB_LOCK_DURATION_MS: '3000', JOB_STALLED_INTERVAL_MS: '1000',
    JOB_BACKOFF_MS: '200', FETCH_CONCURRENCY: '4',
  };
}

const stored = async (p: TestPipeline) => (await p.ctx.db.select({ n: count() }).from(articles))[0].n;

async function expectEachOnce(p: TestPipeline, n: number, site: Site): Promise<void> {
  const rows = await p.ctx.db.select({ url: articles.url, status: articles.status }).from(articles);
  expect(rows).toHaveLength(n);
  expect(new Set(rows.map((r) => r.url)).size).toBe(n);
  for (let i = 0; i < n; i++) expect(rows.some((r) => r.url === `${site.url}/story/${i}`)).toBe(true);
  expect(rows.every((r) => r.status === 'new')).toBe(true);
  // No claim tagged twice: the same figure at the same place in the same article appears once.
  const doubled = await p.ctx.db.select({ n: count() }).from(claims)
    .groupBy(claims.articleId, claims.measure, claims.low, claims.high, claims.evidenceStart)
    .having(sql`count(*) > 1`);
  expect(doubled).toHaveLength(0);
  for (const name of ['fetch', 'process', 'analyze'] as const) {
    expect(await p.ctx.queues[name].getFailedCount()).toBe(0);
  }
}

describe('a worker killed with SIGKILL mid-run', () => {
  const N = 60;
  let site: Site;
  let p: TestPipeline;
  const procs: Proc[] = [];

  beforeAll(async () => {
    ({ site } = await newsSite(N, 150, true));
    p = await testPipeline('postgres');
  });
  afterAll(async () => {
    for (const proc of procs) await proc.kill('SIGKILL');
    await p?.close();
    await site?.close();
  });

  it('leaves no article lost or doubled once another worker takes over', async () => {
    const env = workerEnv(p, p.ctx.config.redisUrl);
    const first = claimwatch(['worker', '--queues', 'fetch,process,analyze'], env);
    procs.push(first);
    p.start(['poll']);
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await waitFor(async () => (await stored(p)) >= 15, 90_000, 'the first worker to store some articles');
    expect(await stored(p)).toBeLessThan(N);
    await first.kill('SIGKILL');
    const second = claimwatch(['worker', '--queues', 'fetch,process,analyze'], env);
    procs.push(second);
    await waitFor(async () => (await stored(p)) >= N, 120_000, 'every article to be stored');
    await p.drain(60_000);
    await expectEachOnce(p, N, site);
    await second.kill('SIGTERM');
    expect(second.lines.some((l) => l.includes('draining'))).toBe(true);
  }, 300_000);
});

describe('two worker processes against one Redis and one PostgreSQL', () => {
  const N = 500;
  let site: Site;
  let p: TestPipeline;
  const procs: Proc[] = [];

  beforeAll(async () => {
    ({ site } = await newsSite(N, 0, false));
    p = await testPipeline('postgres');
  });
  afterAll(async () => {
    for (const proc of procs) await proc.kill('SIGKILL');
    await p?.close();
    await site?.close();
  });

  it('share 500 articles between them, each stored once', async () => {
    const env = workerEnv(p, p.ctx.config.redisUrl);
    procs.push(claimwatch(['worker', '--queues', 'fetch,process,analyze'], env));
    procs.push(claimwatch(['worker', '--queues', 'fetch,process,analyze'], env));
    await waitFor(async () => procs.every((w) => w.lines.some((l) => l.includes('workers started'))), 60_000, 'both workers to start');
    p.start(['poll']);
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await waitFor(async () => (await stored(p)) >= N, 240_000, 'every article to be stored');
    await p.drain(60_000);
    await expectEachOnce(p, N, site);
    const byWorker = procs.map((w) => w.lines.filter((l) => l.includes('"article stored"')).length);
    expect(byWorker[0]).toBeGreaterThan(0);
    expect(byWorker[1]).toBeGreaterThan(0);
    expect(byWorker[0] + byWorker[1]).toBe(N);
    for (const w of procs) await w.kill('SIGTERM');
  }, 400_000);
});

describe('Redis restarted mid-run', () => {
  const N = 120;
  let site: Site;
  let redis: RedisServer;
  let p: TestPipeline;

  beforeAll(async () => {
    ({ site } = await newsSite(N, 40, false));
    redis = await ownRedis();
    p = await testPipeline('postgres', { redisUrl: redis.url });
  });
  afterAll(async () => {
    await p?.close().catch(() => {});
    await clearPrefix(p.ctx.config.queuePrefix, redis.url).catch(() => {});
    await redis?.cleanup();
    await site?.close();
  });

  it('loses nothing once it is back, its append-only file kept', async () => {
    p.start();
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await waitFor(async () => (await stored(p)) >= 20, 90_000, 'some articles to be stored');
    expect(await stored(p)).toBeLessThan(N);
    await redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    await redis.start();
    await waitFor(async () => (await stored(p)) >= N, 180_000, 'every article to be stored after the restart');
    await p.drain(60_000);
    await expectEachOnce(p, N, site);
  }, 360_000);
});
