// Fault injection, part 2: PostgreSQL stopped for three minutes under a
// running service, longer than the jobs' retry budget (5 attempts, 5 s
// backoff doubling: about 75 s), on a private cluster of the test's own. Jobs
// run out of retries while it is away; once it is back the service sweeps them
// up by itself. The log says the connection was lost once, with its cause,
// and back once, and never shows SQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { makeConfig } from '../src/config.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { createQueues } from '../src/queues.js';
import { seedCorpus } from '../src/seed/index.js';
import { openStore, type Store } from '../src/store/db.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/store/scratch.js';
import { articles } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { createTools, type Tools } from '../src/tools.js';
import { departureSite, report, startReceiver, startService, subscribeReceiver, untilNothingLost, type NewsSite, type Receiver } from './helpers/faults.js';
import { ownPostgres, type PgServer } from './helpers/postgres.js';
import { waitFor, type Proc } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';

const OUTAGE_MS = 180_000;

describe('PostgreSQL stopped for three minutes', () => {
  let pgsrv: PgServer;
  let database: ScratchDatabase;
  let store: Store;
  let ctx: Context;
  let tools: Tools;
  let news: NewsSite;
  let receiver: Receiver;
  let service: Proc | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-fault-pg-'));

  beforeAll(async () => {
    pgsrv = await ownPostgres();
    database = await createScratchDatabase(pgsrv.adminUrl, 'cw_fault');
    const config = makeConfig({ dataDir, databaseUrl: database.url, queuePrefix: `cwt_pg_${process.pid}_${Date.now().toString(36)}` });
    store = await openStore(config);
    ctx = { config, store, db: store.db, log: silentLogger, queues: createQueues(config, silentLogger) };
    tools = createTools(config);
    expect((await seedCorpus(ctx, tools.watches, { only: ['000', '001', '002', '003'] })).stored).toHaveLength(4);
    news = await departureSite(40, 250);
    receiver = await startReceiver();
    await subscribeReceiver(ctx, receiver);
  }, 120_000);
  afterAll(async () => {
    // The service's log, for a failure's post-mortem.
    if (service) writeFileSync(join(dataDir, '..', `cw-fault-pg-service-${process.pid}.log`), service.lines.join('\n'));
    await service?.kill('SIGKILL');
    await tools?.close();
    await ctx?.queues.close();
    await clearPrefix(ctx.config.queuePrefix).catch(() => {});
    await store?.close().catch(() => {});
    await pgsrv?.cleanup();
    await news?.site.close();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing: the work resumes by itself once it is back', async () => {
    // The retry budget as shipped: 5 attempts, backoff from 5 s.
    service = startService(ctx, { JOB_ATTEMPTS: '5', JOB_BACKOFF_MS: '5000', JOB_LOCK_DURATION_MS: '30000', FETCH_CONCURRENCY: '2' });
    await addFeed(ctx, { url: news.feedUrl, intervalSeconds: 3600 });
    const stored = async () => (await ctx.db.select({ n: count() }).from(articles).where(eq(articles.isSeed, false)))[0].n;
    await waitFor(async () => (await stored()) >= 4, 120_000, 'some articles to be stored');
    expect(await stored()).toBeLessThan(news.urls.length);
    await pgsrv.stop();
    const stoppedAt = Date.now();
    // While it is away, jobs run out of retries and end failed.
    await waitFor(async () => (await ctx.queues.process.getFailedCount()) > 0, OUTAGE_MS, 'jobs to run out of retries');
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    expect(await ctx.queues.process.getFailedCount()).toBeGreaterThan(0);
    await pgsrv.start();
    const backAt = Date.now();
    await untilNothingLost(ctx, news, receiver, 180_000);
    report('PostgreSQL stopped for 3 minutes (from its restart)', Date.now() - backAt);

    const lines = service.lines;
    expect(lines.filter((l) => /PostgreSQL .*connection lost/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /PostgreSQL .*connection back/.test(l))).toHaveLength(1);
    expect(lines.find((l) => /connection lost/.test(l))).toMatch(/connection refused|terminat|shutting down|Connection terminated/i);
    expect(lines.filter((l) => /Redis .*connection lost/.test(l))).toHaveLength(0);
    expect(lines.some((l) => /Failed query|params:|insert into|select "/i.test(l))).toBe(false);
    expect(lines.some((l) => /sweeper: queued again/.test(l))).toBe(true);
    const failedReasons = (await ctx.queues.process.getFailed()).map((j) => j.failedReason);
    expect(failedReasons.some((r) => /Failed query|params:/.test(r))).toBe(false);
  }, 600_000);
});
