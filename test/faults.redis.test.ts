// Fault injection, part 3: Redis killed and restarted empty (its data lost)
// under a running service, and the webhook receiver down while the alert is
// raised. After each, every feed item is one stored article, the departure
// one alert, delivered once, and nothing pending.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { seedCorpus } from '../src/seed/index.js';
import { alerts, articles, deliveryAttempts } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { departureSite, report, startReceiver, startService, subscribeReceiver, untilNothingLost, type NewsSite, type Receiver } from './helpers/faults.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { ownRedis, waitFor, type Proc, type RedisServer } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';

describe('Redis killed and restarted empty', () => {
  let news: NewsSite;
  let receiver: Receiver;
  let redis: RedisServer;
  let p: TestPipeline;
  let service: Proc | null = null;

  beforeAll(async () => {
    news = await departureSite(40, 100);
    receiver = await startReceiver();
    redis = await ownRedis();
    p = await testPipeline('postgres', { redisUrl: redis.url });
    expect((await seedCorpus(p.ctx, p.tools.watches, { only: ['000', '001', '002', '003'] })).stored).toHaveLength(4);
    await subscribeReceiver(p.ctx, receiver);
  });
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await p?.close().catch(() => {});
    await clearPrefix(p.ctx.config.queuePrefix, redis.url).catch(() => {});
    await redis?.cleanup();
    await news?.site.close();
    await receiver?.close();
  });

  it('loses nothing: what Redis held is queued again from the store', async () => {
    service = startService(p.ctx, { FETCH_CONCURRENCY: '2' });
    await addFeed(p.ctx, { url: news.feedUrl, intervalSeconds: 3600 });
    const stored = async () => (await p.ctx.db.select({ n: count() }).from(articles).where(eq(articles.isSeed, false)))[0].n;
    await waitFor(async () => (await stored()) >= 4, 120_000, 'some articles to be stored');
    expect(await stored()).toBeLessThan(news.urls.length);
    await redis.kill('SIGKILL');
    rmSync(join(redis.dir, 'appendonlydir'), { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 3000));
    await redis.start();
    const backAt = Date.now();
    await untilNothingLost(p.ctx, news, receiver, 180_000);
    report('Redis killed and restarted empty (from its restart)', Date.now() - backAt);
    const lines = service.lines;
    expect(lines.filter((l) => /Redis .*connection lost/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /Redis .*connection back/.test(l))).toHaveLength(1);
  }, 400_000);
});

describe('the webhook receiver down while the alert is raised', () => {
  let news: NewsSite;
  let receiver: Receiver;
  let p: TestPipeline;
  let service: Proc | null = null;

  beforeAll(async () => {
    news = await departureSite(12);
    receiver = await startReceiver();
    p = await testPipeline('postgres');
    expect((await seedCorpus(p.ctx, p.tools.watches, { only: ['000', '001', '002', '003'] })).stored).toHaveLength(4);
    await subscribeReceiver(p.ctx, receiver);
  });
  afterAll(async () => {
    await service?.kill('SIGKILL');
    await p?.close();
    await news?.site.close();
    await receiver?.close();
  });

  it('delivers the alert once when it is back', async () => {
    await receiver.down();
    service = startService(p.ctx);
    await addFeed(p.ctx, { url: news.feedUrl, intervalSeconds: 3600 });
    await waitFor(async () => (await p.ctx.db.select({ n: count() }).from(alerts))[0].n > 0, 120_000, 'the alert');
    await waitFor(async () => (await p.ctx.db.select({ n: count() }).from(deliveryAttempts))[0].n >= 2, 60_000, 'failed delivery attempts');
    await new Promise((r) => setTimeout(r, 5000));
    await receiver.up();
    const upAt = Date.now();
    await untilNothingLost(p.ctx, news, receiver, 120_000);
    report('webhook receiver down (from its return)', Date.now() - upAt);
  }, 300_000);
});
