// Fault injection, part 3: Redis killed and restarted empty (its data lost)
// under a running service, and the webhook receiver down while the alert is
// raised. After each, every feed item is one stored article, the departure
// one alert, delivered once, and nothing pending.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { alerts, articles, deliveryAttempts } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { departureScene, report, startService, untilNothingLost, type Scene } from './helpers/faults.js';
import { ownRedis, waitFor, type RedisServer } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';

describe('Redis killed and restarted empty', () => {
  let redis: RedisServer;
  let scene: Scene;

  beforeAll(async () => {
    redis = await ownRedis();
    scene = await departureScene(40, 100, { redisUrl: redis.url });
  });
  afterAll(async () => {
    await scene?.close();
    await clearPrefix(scene.p.ctx.config.queuePrefix, redis.url).catch(() => {});
    await redis?.cleanup();
  });

  it('loses nothing: what Redis held is queued again from the store', async () => {
    const { news, receiver, p, procs } = scene;
    const service = startService(p.ctx, { FETCH_CONCURRENCY: '2' });
    procs.push(service);
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
  let scene: Scene;

  beforeAll(async () => { scene = await departureScene(12); });
  afterAll(async () => { await scene?.close(); });

  it('delivers the alert once when it is back', async () => {
    const { news, receiver, p, procs } = scene;
    await receiver.down();
    procs.push(startService(p.ctx));
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
