// A feed's refresh, told as a short story: fetch (conditionally), compare with
// what we saw last time, parse, keep the new items (stored 'pending': the
// fetch stage's jobs are handed on from them), and record the outcome on the
// feed itself, where an operator sees it. Failures are never thrown away:
// they back the feed off, and a feed turning broken or recovering becomes an
// event. Only a lost connection to the store is thrown, for the job to retry.
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Context } from '../context.js';
import { enqueueEvent } from '../delivery/index.js';
import { FetchError, type Fetcher } from '../fetcher/index.js';
import { FeedParseError, parseFeed, type FeedItem } from '../feed/index.js';
import { adaptInterval, backoffSeconds, errorWeight } from '../feed/schedule.js';
import { metrics } from '../metrics.js';
import type { FetchJob } from '../queues.js';
import { articles, feedEvents, feedFetches, feedItems, feeds } from '../store/schema.js';
import { scheduleFeed, type Feed } from '../subscriptions.js';
import { cleanError, errorCodeOf, isConnectionError, storable } from './errors.js';
import { crashPoint } from './failpoint.js';

export interface RefreshResult {
  outcome: 'new_items' | 'no_new_items' | 'not_modified' | 'unchanged' | 'error' | 'skipped';
  newItems: number;
  error?: string;
  /** The new items' pages not stored yet: the fetch stage's work. */
  pages: FetchJob[];
}

// Rows per insert and values per IN list: far below PostgreSQL's 65,535
// parameters per statement, whatever a feed holds.
const CHUNK = 1000;

const KEEP_FETCHES = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function refreshFeed(ctx: Context, fetcher: Fetcher, feedId: number): Promise<RefreshResult> {
  const [feed] = await ctx.db.select().from(feeds).where(eq(feeds.id, feedId));
  if (!feed || feed.paused) return { outcome: 'skipped', newItems: 0, pages: [] };
  const started = Date.now();
  let httpStatus: number | null = null;
  try {
    return await poll(ctx, fetcher, feed, started, (s) => { httpStatus = s; });
  } catch (err) {
    if (isConnectionError(err)) throw err;
    // Whatever else went wrong (the store refusing what the feed held, say) is this poll's failure, on the feed.
    const error = err instanceof FetchError || err instanceof FeedParseError ? err : cleanError(err);
    return recordFailure(ctx, feed, error, httpStatus ?? (err instanceof FetchError ? err.status ?? null : null), started);
  }
}

async function poll(ctx: Context, fetcher: Fetcher, feed: Feed, started: number, seen: (status: number) => void): Promise<RefreshResult> {
  const res = await fetcher.fetch(feed.url, { kind: 'feed', etag: feed.etag, lastModified: feed.lastModified });
  const httpStatus = res.status;
  seen(httpStatus);
  const floor = Math.max(res.maxAgeSeconds ?? 0, res.retryAfterSeconds ?? 0) || null;
  if (res.notModified) {
    return await recordSuccess(ctx, feed, { outcome: 'not_modified', httpStatus, started, floor });
  }
  // Some servers send a new ETag for the same feed, or the same ETag for a
  // changed one: the body's hash decides.
  const bodyHash = sha256(res.body);
  const cache = { etag: res.etag, lastModified: res.lastModified, bodyHash };
  if (bodyHash === feed.bodyHash) {
    return await recordSuccess(ctx, feed, { outcome: 'unchanged', httpStatus, started, floor, cache });
  }
  const parsed = parseFeed(res.body, res.url);
  const itemsHash = sha256(parsed.items.map((i) => i.key).join('\n'));
  const ttlFloor = Math.max(floor ?? 0, parsed.ttlSeconds ?? 0) || null;
  const meta = { title: feed.title ?? storable(parsed.title), siteUrl: storable(parsed.siteUrl) ?? feed.siteUrl };
  if (itemsHash === feed.itemsHash) {
    return await recordSuccess(ctx, feed, { outcome: 'unchanged', httpStatus, started, floor: ttlFloor, cache: { ...cache, itemsHash }, meta, items: parsed.items });
  }
  const fresh = await storeNewItems(ctx, feed.id, parsed.items);
  crashPoint(ctx.config, 'items_stored');
  const pages = await unstoredPages(ctx, feed.id, fresh);
  const result = await recordSuccess(ctx, feed, {
    outcome: fresh.length ? 'new_items' : 'no_new_items', httpStatus, started, floor: ttlFloor,
    cache: { ...cache, itemsHash }, meta, items: parsed.items, newItems: fresh.length,
  });
  return { ...result, pages };
}

type StoredItem = FeedItem & { id: number };

/**
 * New items are those whose key (guid, else link) this feed has not listed
 * before. They are stored in one transaction, a thousand rows a statement,
 * each 'pending' until its page is stored.
 */
async function storeNewItems(ctx: Context, feedId: number, items: FeedItem[]): Promise<StoredItem[]> {
  if (items.length === 0) return [];
  const clean = items.map((i) => ({ ...i, key: storable(i.key), url: storable(i.url), title: storable(i.title) }));
  const unique = [...new Map(clean.map((i) => [i.key, i])).values()];
  const ids = new Map<string, number>();
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await tx.insert(feedItems)
        .values(unique.slice(i, i + CHUNK).map((it) => ({ feedId, key: it.key, url: it.url, title: it.title, publishedAt: it.publishedAt, pageState: 'pending' })))
        .onConflictDoNothing()
        .returning({ id: feedItems.id, key: feedItems.key });
      for (const r of rows) ids.set(r.key, r.id);
    }
  });
  return unique.filter((i) => ids.has(i.key)).map((i) => ({ ...i, id: ids.get(i.key)! }));
}

/**
 * The pages of new items not stored yet, as fetch jobs. The poll asks the
 * store about all its new items at once, so that the fetch stage need not ask
 * about each page again; an item whose page is stored is settled here.
 */
async function unstoredPages(ctx: Context, feedId: number, items: StoredItem[]): Promise<FetchJob[]> {
  const stored = new Set<string>();
  for (let i = 0; i < items.length; i += CHUNK) {
    const rows = await ctx.db.select({ url: articles.url }).from(articles)
      .where(and(inArray(articles.url, items.slice(i, i + CHUNK).map((it) => it.url)), ne(articles.status, 'failed')));
    for (const r of rows) stored.add(r.url);
  }
  const settled = items.filter((i) => stored.has(i.url)).map((i) => i.id);
  for (let i = 0; i < settled.length; i += CHUNK) {
    await ctx.db.update(feedItems).set({ pageState: 'done' }).where(inArray(feedItems.id, settled.slice(i, i + CHUNK)));
  }
  return items.filter((i) => !stored.has(i.url)).map((item) => ({
    url: item.url, feedId, feedItemId: item.id, title: item.title ?? undefined, publishedAt: item.publishedAt?.toISOString(),
    checked: true,
  }));
}

interface Success {
  outcome: RefreshResult['outcome'];
  httpStatus: number | null;
  started: number;
  floor: number | null;
  cache?: { etag: string | null; lastModified: string | null; bodyHash: string; itemsHash?: string };
  meta?: { title: string | null; siteUrl: string | null };
  items?: FeedItem[];
  newItems?: number;
}

/** Share of this feed's recent articles that were copies of stories already stored. */
async function duplicateShare(ctx: Context, feedId: number): Promise<number> {
  const recent = await ctx.db.select({ status: articles.status }).from(articles)
    .where(eq(articles.feedId, feedId)).orderBy(desc(articles.createdAt)).limit(50);
  if (recent.length === 0) return 0;
  return recent.filter((a) => a.status === 'duplicate').length / recent.length;
}

async function recordSuccess(ctx: Context, feed: Feed, s: Success): Promise<RefreshResult> {
  const { feeds: settings } = ctx.config;
  const now = new Date();
  const interval = s.items
    ? adaptInterval({
      itemDates: s.items.map((i) => i.publishedAt).filter((d): d is Date => d !== null),
      duplicateShare: await duplicateShare(ctx, feed.id),
      floorSeconds: s.floor,
      minSeconds: settings.minIntervalSeconds,
      maxSeconds: settings.maxIntervalSeconds,
      now,
    })
    : Math.max(feed.errorScore > 0 ? settings.defaultIntervalSeconds : feed.intervalSeconds, s.floor ?? 0, settings.minIntervalSeconds);
  const wasBroken = feed.status === 'broken';
  const wasFailing = feed.errorScore > 0;
  const newItems = s.newItems ?? 0;
  await ctx.db.transaction(async (tx) => {
    await tx.update(feeds).set({
      status: 'ok',
      errorScore: 0,
      intervalSeconds: interval,
      minIntervalSeconds: s.floor,
      lastPolledAt: now,
      lastSuccessAt: now,
      nextPollAt: new Date(now.getTime() + interval * 1000),
      // Its error is over: the feed shows as well again (each failed poll stays in feed_fetches, its events in feed_events).
      ...(feed.lastError !== null ? { lastError: null, lastErrorKind: null, lastErrorCode: null } : {}),
      ...(s.cache ?? {}),
      ...(s.meta ?? {}),
      ...(newItems ? { lastNewItemAt: now, itemsFound: sql`${feeds.itemsFound} + ${newItems}` } : {}),
    }).where(eq(feeds.id, feed.id));
    await recordFetch(tx, feed.id, { outcome: s.outcome, httpStatus: s.httpStatus, durationMs: Date.now() - s.started, items: s.items?.length ?? null, newItems });
  });
  metrics.polls.inc({ outcome: s.outcome });
  if (wasFailing) await logRecovery(ctx, feed, now);
  if (wasBroken) await feedEvent(ctx, feed, 'recovered', `feed ${feed.url} recovered after ${feed.lastError ?? 'errors'}`);
  if (interval !== feed.intervalSeconds) await scheduleFeed(ctx, { ...feed, intervalSeconds: interval }, interval);
  ctx.log.info({ feedId: feed.id, outcome: s.outcome, newItems, interval }, 'feed polled');
  return { outcome: s.outcome, newItems, pages: [] };
}

async function recordFailure(ctx: Context, feed: Feed, err: Error, httpStatus: number | null, started: number): Promise<RefreshResult> {
  const { feeds: settings } = ctx.config;
  // What is neither a fetch nor a parse error (the store refusing the feed's content) will not heal by itself.
  const weight = err instanceof FetchError || err instanceof FeedParseError ? errorWeight(err) : 1;
  const kind = weight >= 1 ? 'hard' : 'soft';
  const errorScore = feed.errorScore + weight;
  const errorCode = errorCodeOf(err);
  const retryAfter = err instanceof FetchError ? err.retryAfterSeconds ?? 0 : 0;
  const interval = Math.max(
    backoffSeconds(errorScore, settings.minIntervalSeconds, settings.maxBackoffSeconds),
    Math.min(retryAfter, settings.maxBackoffSeconds),
  );
  const broken = errorScore >= settings.brokenAfter;
  const now = new Date();
  const message = storable(err.message);
  await ctx.db.transaction(async (tx) => {
    await tx.update(feeds).set({
      status: broken ? 'broken' : feed.status === 'broken' ? 'broken' : 'ok',
      errorScore,
      intervalSeconds: interval,
      lastPolledAt: now,
      nextPollAt: new Date(now.getTime() + interval * 1000),
      lastError: message,
      lastErrorKind: kind,
      lastErrorCode: errorCode,
      lastErrorAt: now,
    }).where(eq(feeds.id, feed.id));
    await recordFetch(tx, feed.id, { outcome: 'error', httpStatus, errorKind: kind, errorCode, error: message, durationMs: Date.now() - started });
  });
  metrics.polls.inc({ outcome: 'error' });
  if (err instanceof FetchError || err instanceof FeedParseError) metrics.fetchErrors.inc({ kind, code: err instanceof FetchError ? err.code : 'parse' });
  // The first failure after a success is said (by whichever process polls it), the rest go to the feed's row and history.
  const fields = { feedId: feed.id, url: feed.url, kind, code: errorCode, errorScore, retryInSeconds: interval };
  if (feed.errorScore === 0) ctx.log.warn(fields, `feed ${feed.id} (${feed.url}) failing since ${clock(now)}: ${message}; polled again in ${interval} s, its failures counted until it is back`);
  else ctx.log.debug(fields, `feed poll failed again: ${message}`);
  if (broken && feed.status !== 'broken') await feedEvent(ctx, feed, 'broken', `feed ${feed.url} is broken: ${message}`);
  if (interval !== feed.intervalSeconds) await scheduleFeed(ctx, { ...feed, intervalSeconds: interval }, interval);
  return { outcome: 'error', newItems: 0, error: message, pages: [] };
}

const clock = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;

/** One line for a feed that answers again: since when it failed, how many polls failed, and what the last said. */
async function logRecovery(ctx: Context, feed: Feed, now: Date): Promise<void> {
  const [failed] = await ctx.db.select({ n: sql<number>`count(*)::int`, since: sql<Date | null>`min(${feedFetches.at})` }).from(feedFetches)
    .where(and(eq(feedFetches.feedId, feed.id), eq(feedFetches.outcome, 'error'), feed.lastSuccessAt ? gt(feedFetches.at, feed.lastSuccessAt) : undefined));
  const since = failed?.since ? new Date(failed.since) : feed.lastErrorAt;
  const down = since ? ` after ${Math.round((now.getTime() - since.getTime()) / 1000)} s` : '';
  ctx.log.warn({ feedId: feed.id, url: feed.url, failures: failed?.n ?? 0, since },
    `feed ${feed.id} (${feed.url}) back${down}: ${failed?.n ?? 0} failed poll${failed?.n === 1 ? '' : 's'}${since ? ` since ${clock(since)}` : ''} (last: ${feed.lastError ?? 'an error'})`);
}

type Tx = Parameters<Parameters<Context['db']['transaction']>[0]>[0];

/** Keeps the last 30 outcomes of each feed. */
async function recordFetch(tx: Tx, feedId: number, row: Omit<typeof feedFetches.$inferInsert, 'feedId'>): Promise<void> {
  await tx.insert(feedFetches).values({ ...row, feedId });
  const keep = await tx.select({ id: feedFetches.id }).from(feedFetches)
    .where(eq(feedFetches.feedId, feedId)).orderBy(desc(feedFetches.id)).offset(KEEP_FETCHES - 1).limit(1);
  if (keep.length) await tx.delete(feedFetches).where(and(eq(feedFetches.feedId, feedId), lt(feedFetches.id, keep[0].id)));
}

async function feedEvent(ctx: Context, feed: Feed, kind: 'broken' | 'recovered', message: string): Promise<void> {
  const [event] = await ctx.db.insert(feedEvents).values({ feedId: feed.id, kind, message }).returning();
  (kind === 'broken' ? ctx.log.error : ctx.log.info).call(ctx.log, { feedId: feed.id, event: kind }, message);
  await enqueueEvent(ctx.db, ctx.queues.deliver, { type: kind === 'broken' ? 'feed.broken' : 'feed.recovered', feedEventId: event.id }, ctx.config);
}

