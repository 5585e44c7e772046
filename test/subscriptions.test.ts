// Many feeds at once: an OPML import stores them a thousand a statement, puts
// each on the scheduler with its first poll spread out (not all due at once),
// refuses bad entries without losing the rest; and the schedulers are put back
// from the store when Redis lost them. The dashboard pages through them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { makeConfig } from '../src/config.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { createQueues } from '../src/queues.js';
import { feeds } from '../src/store/schema.js';
import { addFeeds, syncSchedulers } from '../src/subscriptions.js';
import { listFeedsForDashboard } from '../src/web/queries.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, type TestStore } from './helpers/store.js';

const N = 2500;

describe('subscribing to many feeds', () => {
  let t: TestStore;
  let ctx: Context;

  beforeAll(async () => {
    t = await freshStore('postgres');
    const config = makeConfig({ ...t.config });
    ctx = { config, store: t.store, db: t.store.db, log: silentLogger, queues: createQueues(config, silentLogger) };
  });

  afterAll(async () => {
    await ctx?.queues.close();
    if (t) await clearPrefix(t.config.queuePrefix);
    await t?.cleanup();
  });

  it('stores them all, skips what is not a feed URL, and spreads their first polls', async () => {
    const entries = [
      ...Array.from({ length: N }, (_, i) => ({ url: `https://news${i % 50}.example/feed/${i}.xml`, title: `Feed ${i}` })),
      { url: 'https://news0.example/feed/0.xml', title: 'again' },
      { url: 'ftp://files.example/feed.xml', title: 'not http' },
      { url: 'not a url', title: 'nothing' },
    ];
    const started = Date.now();
    const out = await addFeeds(ctx, entries);
    expect(out.added).toBe(N);
    expect(out.existing).toBe(1);
    expect(out.skipped.map((s) => s.url)).toEqual(['ftp://files.example/feed.xml', 'not a url']);
    expect((await ctx.db.select({ n: count() }).from(feeds))[0].n).toBe(N);

    const schedulers = await ctx.queues.poll.getJobSchedulers(0, -1);
    expect(schedulers).toHaveLength(N);
    // Spread at about ten a second: 2,500 feeds over some 250 s, not all due now.
    const next = schedulers.map((s) => Number(s.next) - started).sort((a, b) => a - b);
    expect(next[0]).toBeLessThan(60_000);
    expect(next[next.length - 1]).toBeGreaterThan(200_000);
    expect(next[next.length - 1]).toBeLessThanOrEqual(ctx.config.feeds.defaultIntervalSeconds * 1000 + 60_000);
    const dueInTheFirstMinute = next.filter((ms) => ms < 60_000).length;
    expect(dueInTheFirstMinute).toBeLessThan(N / 2);

    // Imported again: nothing new, nothing lost.
    const again = await addFeeds(ctx, entries.slice(0, 10));
    expect(again).toMatchObject({ added: 0, existing: 10 });
  });

  it('puts every feed back on the scheduler when Redis lost them, at its stored next poll', async () => {
    const before = new Map((await ctx.queues.poll.getJobSchedulers(0, -1)).map((s) => [s.key, Number(s.next)]));
    await clearPrefix(t.config.queuePrefix);
    expect(await ctx.queues.poll.getJobSchedulers(0, -1)).toHaveLength(0);
    expect(await syncSchedulers(ctx)).toBe(N);
    const after = await ctx.queues.poll.getJobSchedulers(0, -1);
    expect(after).toHaveLength(N);
    // The spread survives: each first poll stays where it was (or now, if it has passed).
    const moved = after.filter((s) => Math.abs(Number(s.next) - Math.max(before.get(s.key)!, Date.now())) > 5_000);
    expect(moved).toHaveLength(0);
    // A second sync finds nothing to do.
    expect(await syncSchedulers(ctx)).toBe(N);
    expect(await ctx.queues.poll.getJobSchedulersCount()).toBe(N);
  });

  it('pages through them on the dashboard by id, with counts per status', async () => {
    const first = await listFeedsForDashboard(ctx.db, { limit: 1000 });
    expect(first.feeds).toHaveLength(1000);
    expect(first.counts).toMatchObject({ total: N, ok: N, broken: 0, paused: 0 });
    const seen = first.feeds.map((f) => f.id);
    for (let after = first.next; after !== null;) {
      const page = await listFeedsForDashboard(ctx.db, { limit: 1000, after });
      seen.push(...page.feeds.map((f) => f.id));
      after = page.next;
    }
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await listFeedsForDashboard(ctx.db, { limit: 100, status: 'broken' })).feeds).toHaveLength(0);
  });
});
