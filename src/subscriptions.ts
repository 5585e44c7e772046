// Feeds an operator subscribes to, and the job scheduler that polls each one.
// Every feed has one BullMQ job scheduler (`feed:<id>`) whose interval is the
// feed's current interval: adapted to how often it publishes, or its back-off.
import { asc, eq } from 'drizzle-orm';
import type { Context } from './context.js';
import { normalizeUrl } from './feed/url.js';
import { feeds } from './store/schema.js';

export type Feed = typeof feeds.$inferSelect;

export class FeedInputError extends Error {}

const schedulerId = (feedId: number) => `feed:${feedId}`;

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FeedInputError(`not a URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedInputError(`only http and https feeds are polled, not ${u.protocol}`);
  return normalizeUrl(url);
}

/** Puts (or moves) the feed's poll on the scheduler; the next poll is `firstInSeconds` away. */
export async function scheduleFeed(ctx: Pick<Context, 'queues'>, feed: Pick<Feed, 'id' | 'intervalSeconds' | 'paused'>, firstInSeconds = 0): Promise<void> {
  if (feed.paused) {
    await ctx.queues.poll.removeJobScheduler(schedulerId(feed.id));
    return;
  }
  await ctx.queues.poll.upsertJobScheduler(
    schedulerId(feed.id),
    { every: feed.intervalSeconds * 1000, startDate: Date.now() + firstInSeconds * 1000 },
    { name: 'poll', data: { feedId: feed.id } },
  );
}

export async function addFeed(ctx: Context, input: { url: string; title?: string | null; intervalSeconds?: number }): Promise<{ feed: Feed; created: boolean }> {
  const url = checkUrl(input.url);
  const { minIntervalSeconds, maxIntervalSeconds, defaultIntervalSeconds } = ctx.config.feeds;
  const interval = input.intervalSeconds ?? defaultIntervalSeconds;
  if (interval < minIntervalSeconds || interval > maxIntervalSeconds) {
    throw new FeedInputError(`interval must be between ${minIntervalSeconds} and ${maxIntervalSeconds} seconds`);
  }
  const inserted = await ctx.db.insert(feeds)
    .values({ url, title: input.title ?? null, intervalSeconds: interval })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) {
    const [existing] = await ctx.db.select().from(feeds).where(eq(feeds.url, url));
    return { feed: existing, created: false };
  }
  const feed = inserted[0];
  await scheduleFeed(ctx, feed, 0);
  ctx.log.info({ feedId: feed.id, url }, 'feed added');
  return { feed, created: true };
}

export async function findFeed(ctx: Pick<Context, 'db'>, idOrUrl: string | number): Promise<Feed | undefined> {
  const asNumber = Number(idOrUrl);
  const [feed] = Number.isInteger(asNumber) && asNumber > 0
    ? await ctx.db.select().from(feeds).where(eq(feeds.id, asNumber))
    : await ctx.db.select().from(feeds).where(eq(feeds.url, checkUrl(String(idOrUrl))));
  return feed;
}

export async function removeFeed(ctx: Context, idOrUrl: string | number): Promise<Feed> {
  const feed = await findFeed(ctx, idOrUrl);
  if (!feed) throw new FeedInputError(`no feed ${idOrUrl}`);
  await ctx.queues.poll.removeJobScheduler(schedulerId(feed.id));
  await ctx.db.delete(feeds).where(eq(feeds.id, feed.id));
  ctx.log.info({ feedId: feed.id, url: feed.url }, 'feed removed');
  return feed;
}

export async function setFeedPaused(ctx: Context, idOrUrl: string | number, paused: boolean): Promise<Feed> {
  const feed = await findFeed(ctx, idOrUrl);
  if (!feed) throw new FeedInputError(`no feed ${idOrUrl}`);
  const [updated] = await ctx.db.update(feeds)
    .set({ paused, status: paused ? 'paused' : (feed.errorScore >= ctx.config.feeds.brokenAfter ? 'broken' : 'ok') })
    .where(eq(feeds.id, feed.id)).returning();
  await scheduleFeed(ctx, updated, 0);
  return updated;
}

export async function listFeeds(ctx: Pick<Context, 'db'>): Promise<Feed[]> {
  return ctx.db.select().from(feeds).orderBy(asc(feeds.id));
}

/**
 * Makes the scheduler match the store: every active feed scheduled, none for
 * feeds that are gone or paused. Run at start, so a Redis that lost its data
 * (or a store restored from backup) polls the right feeds again.
 */
export async function syncSchedulers(ctx: Context): Promise<number> {
  const all = await listFeeds(ctx);
  const wanted = new Set(all.filter((f) => !f.paused).map((f) => schedulerId(f.id)));
  const existing = await ctx.queues.poll.getJobSchedulers(0, -1);
  for (const s of existing) {
    if (!wanted.has(s.key)) await ctx.queues.poll.removeJobScheduler(s.key);
  }
  const have = new Set(existing.map((s) => s.key));
  for (const feed of all) {
    if (feed.paused || have.has(schedulerId(feed.id))) continue;
    const due = feed.nextPollAt ? Math.max(0, (feed.nextPollAt.getTime() - Date.now()) / 1000) : 0;
    await scheduleFeed(ctx, feed, due);
  }
  return wanted.size;
}
