// Feeds an operator subscribes to, and the job scheduler that polls each one.
// Every feed has one BullMQ job scheduler (`feed:<id>`) whose interval is the
// feed's current interval: adapted to how often it publishes, or its back-off.
import { asc, eq, gt } from 'drizzle-orm';
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

// Rows per statement and scheduler calls in flight when many feeds are added
// or put back on the scheduler at once (an OPML import, a Redis that lost its data).
const CHUNK = 1000;
const IN_FLIGHT = 64;
// First polls of a large import are spread out at about this many a second
// (never over more than the feeds' interval), instead of all falling due at
// once: a hundred thousand feeds due in the same second would each wait
// behind the others far longer than their interval.
const FIRST_POLLS_PER_SECOND = 10;
// A poll job's outcome is on its feed's row: Redis keeps only the latest few
// thousand, not a week of every feed's polls (which at 100,000 feeds was most of its memory).
const KEEP_POLL_JOBS = { removeOnComplete: { count: 2000 }, removeOnFail: { count: 5000 } };

/** Puts (or moves) the feed's poll on the scheduler; the next poll is `firstInSeconds` away. */
export async function scheduleFeed(ctx: Pick<Context, 'queues'>, feed: Pick<Feed, 'id' | 'intervalSeconds' | 'paused'>, firstInSeconds = 0): Promise<void> {
  if (feed.paused) {
    await ctx.queues.poll.removeJobScheduler(schedulerId(feed.id));
    return;
  }
  await ctx.queues.poll.upsertJobScheduler(
    schedulerId(feed.id),
    { every: feed.intervalSeconds * 1000, startDate: Date.now() + firstInSeconds * 1000 },
    { name: 'poll', data: { feedId: feed.id }, opts: KEEP_POLL_JOBS },
  );
}

/** Runs `fn` over `items`, at most IN_FLIGHT at a time (ioredis pipelines what is in flight). */
async function eachInFlight<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < items.length) await fn(items[next++]); };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, lane));
}

export interface FeedInput { url: string; title?: string | null; intervalSeconds?: number }

function checkInterval(ctx: Context, input: FeedInput): number {
  const { minIntervalSeconds, maxIntervalSeconds, defaultIntervalSeconds } = ctx.config.feeds;
  const interval = input.intervalSeconds ?? defaultIntervalSeconds;
  if (interval < minIntervalSeconds || interval > maxIntervalSeconds) {
    throw new FeedInputError(`interval must be between ${minIntervalSeconds} and ${maxIntervalSeconds} seconds`);
  }
  return interval;
}

export async function addFeed(ctx: Context, input: FeedInput): Promise<{ feed: Feed; created: boolean }> {
  const url = checkUrl(input.url);
  const interval = checkInterval(ctx, input);
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

export interface AddFeedsResult {
  added: number;
  /** Already subscribed (the same URL once normalised). */
  existing: number;
  /** Entries refused, with why: nothing else of the import is lost for them. */
  skipped: { url: string; error: string }[];
}

/**
 * Subscribes to many feeds at once (an OPML import): a thousand rows a
 * statement, and their first polls spread at FIRST_POLLS_PER_SECOND over at
 * most one interval, so that the scheduler meets them as a steady stream.
 */
export async function addFeeds(ctx: Context, inputs: FeedInput[]): Promise<AddFeedsResult> {
  const out: AddFeedsResult = { added: 0, existing: 0, skipped: [] };
  const rows = new Map<string, { url: string; title: string | null; intervalSeconds: number }>();
  for (const input of inputs) {
    try {
      const url = checkUrl(input.url);
      if (rows.has(url)) out.existing++;
      else rows.set(url, { url, title: input.title ?? null, intervalSeconds: checkInterval(ctx, input) });
    } catch (err) {
      if (!(err instanceof FeedInputError)) throw err;
      out.skipped.push({ url: input.url, error: err.message });
    }
  }
  const wanted = [...rows.values()];
  const spread = Math.ceil(wanted.length / FIRST_POLLS_PER_SECOND);
  const now = Date.now();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK).map((r, k) => {
      const window = Math.min(spread, r.intervalSeconds);
      const firstIn = window <= 1 ? 0 : ((i + k) * window) / wanted.length;
      return { ...r, nextPollAt: new Date(now + Math.round(firstIn * 1000)) };
    });
    const created = await ctx.db.insert(feeds).values(chunk).onConflictDoNothing().returning();
    // Each thousand on the scheduler before the next is stored: the first ones are due soon.
    await eachInFlight(created, (feed) => scheduleFeed(ctx, feed, Math.max(0, (feed.nextPollAt!.getTime() - Date.now()) / 1000)));
    out.added += created.length;
  }
  out.existing += wanted.length - out.added;
  ctx.log.info({ added: out.added, existing: out.existing, skipped: out.skipped.length, firstPollsOverSeconds: spread }, 'feeds added');
  return out;
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

/** Every feed, a thousand rows at a time, for what walks them all. */
async function* allFeeds(ctx: Pick<Context, 'db'>): AsyncGenerator<Pick<Feed, 'id' | 'paused' | 'intervalSeconds' | 'nextPollAt'>[]> {
  for (let after = 0; ;) {
    const page = await ctx.db.select({ id: feeds.id, paused: feeds.paused, intervalSeconds: feeds.intervalSeconds, nextPollAt: feeds.nextPollAt })
      .from(feeds).where(gt(feeds.id, after)).orderBy(asc(feeds.id)).limit(CHUNK);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
  }
}

/**
 * Makes the scheduler match the store: every active feed scheduled, none for
 * feeds that are gone or paused. Run at start, so a Redis that lost its data
 * (or a store restored from backup) polls the right feeds again.
 */
export async function syncSchedulers(ctx: Context): Promise<number> {
  const have = new Set<string>();
  for (let start = 0; ; start += CHUNK * 10) {
    const page = await ctx.queues.poll.getJobSchedulers(start, start + CHUNK * 10 - 1);
    for (const s of page) have.add(s.key);
    if (page.length < CHUNK * 10) break;
  }
  let wanted = 0;
  for await (const page of allFeeds(ctx)) {
    const active = page.filter((f) => !f.paused);
    const missing = active.filter((f) => !have.has(schedulerId(f.id)));
    for (const f of active) have.delete(schedulerId(f.id));
    wanted += active.length;
    await eachInFlight(missing, (feed) =>
      scheduleFeed(ctx, feed, feed.nextPollAt ? Math.max(0, (feed.nextPollAt.getTime() - Date.now()) / 1000) : 0));
  }
  // What is left has no feed in the store any more, or a paused one.
  await eachInFlight([...have], (key) => ctx.queues.poll.removeJobScheduler(key));
  return wanted;
}
