// The dashboard's reads. Each one is a paged or bounded query on an index of
// src/store/schema.ts, so a page costs about the same with 100 articles or
// 100,000; the JSON API returns these objects as they are.
import { and, asc, count, desc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import {
  alertActions, alerts, articleSearchVector, articles, claims, consensus, deliveries, feedEvents, feeds, webhooks,
} from '../store/schema.js';
import { displayUrl } from '../delivery/webhooks.js';
import { QUEUE_NAMES, type QueueName, type Queues } from '../queues.js';

export const ARTICLE_STATUSES = ['new', 'duplicate', 'unreadable', 'failed'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

// ─── cursors ────────────────────────────────────────────────────────────────

/**
 * A position in a list ordered by (time, id). The time keeps Postgres'
 * microseconds: a JS Date would drop them and skip rows.
 */
export interface Cursor { at: string; id: number }

/** A timestamp as ISO 8601 text with microseconds, whatever the server's DateStyle. */
const cursorTime = (col: unknown) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`).toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const bar = text.lastIndexOf('|');
  const id = Number(text.slice(bar + 1));
  const at = text.slice(0, bar);
  if (bar < 1 || !Number.isInteger(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at)) {
    throw new RangeError('not a cursor from this dashboard');
  }
  return { at, id };
}

export interface Page<T> {
  items: T[];
  /** Cursor of the page before (newer items), if there is one. */
  newer: string | null;
  /** Cursor of the page after (older items), if there is one. */
  older: string | null;
}

// ─── overview ───────────────────────────────────────────────────────────────

export interface QueueCounts {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  prioritized: number;
}

export async function queueCounts(queues: Queues): Promise<QueueCounts[]> {
  return Promise.all(QUEUE_NAMES.map(async (queue) => {
    const c = await queues[queue].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
    return {
      queue,
      waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0,
      completed: c.completed ?? 0, prioritized: c.prioritized ?? 0,
    };
  }));
}

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
  data: unknown;
}

export async function failedJobs(queues: Queues, queue: QueueName, limit = 20): Promise<FailedJob[]> {
  const jobs = await queues[queue].getFailed(0, limit - 1);
  return jobs.filter(Boolean).map((j) => ({
    queue,
    id: String(j.id),
    name: j.name,
    failedReason: j.failedReason ?? '',
    attemptsMade: j.attemptsMade,
    failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    // A process job carries the whole page's HTML: show where it came from, not the page.
    data: queue === 'process' ? { url: (j.data as { url?: string }).url } : j.data,
  }));
}

export async function overview(db: Db) {
  // One pass over articles with FILTER: cheaper than a query per figure.
  const today = sql`date_trunc('day', now() at time zone 'utc') at time zone 'utc'`;
  const [a] = await db.select({
    total: sql<number>`count(*)::int`,
    today: sql<number>`(count(*) filter (where ${articles.createdAt} >= ${today}))::int`,
    new: sql<number>`(count(*) filter (where ${articles.status} = 'new'))::int`,
    duplicate: sql<number>`(count(*) filter (where ${articles.status} = 'duplicate'))::int`,
    unreadable: sql<number>`(count(*) filter (where ${articles.status} = 'unreadable'))::int`,
    failed: sql<number>`(count(*) filter (where ${articles.status} = 'failed'))::int`,
    newToday: sql<number>`(count(*) filter (where ${articles.status} = 'new' and ${articles.createdAt} >= ${today}))::int`,
    duplicateToday: sql<number>`(count(*) filter (where ${articles.status} = 'duplicate' and ${articles.createdAt} >= ${today}))::int`,
  }).from(articles);
  const claimsByMeasure = await db.select({
    watch: claims.watch, measure: claims.measure, count: sql<number>`count(*)::int`,
  }).from(claims).groupBy(claims.watch, claims.measure).orderBy(claims.watch, claims.measure);
  const [al] = await db.select({
    total: sql<number>`count(*)::int`,
    // Open: posted (raised or confirmed) or corroborated in the last seven days.
    open: sql<number>`(count(*) filter (where ${alerts.updatedAt} >= now() - interval '7 days' and ${alerts.state} in ('raised', 'confirmed')))::int`,
    // Held for review: waiting for an operator, however old.
    held: sql<number>`(count(*) filter (where ${alerts.state} = 'held'))::int`,
  }).from(alerts);
  const latestAlerts = await db.select({
    id: alerts.id, watch: alerts.watch, measure: alerts.measure, low: alerts.low, high: alerts.high, unit: alerts.unit,
    ratio: alerts.ratio, direction: alerts.direction, explanation: alerts.explanation, source: alerts.source,
    createdAt: alerts.createdAt, articleId: alerts.articleId, articleTitle: alerts.articleTitle, state: alerts.state,
  }).from(alerts).orderBy(desc(alerts.createdAt), desc(alerts.id)).limit(5);
  const [fd] = await db.select({
    total: sql<number>`count(*)::int`,
    broken: sql<number>`(count(*) filter (where ${feeds.status} = 'broken'))::int`,
    paused: sql<number>`(count(*) filter (where ${feeds.paused}))::int`,
  }).from(feeds);
  const feedsInError = await db.select({
    id: feeds.id, url: feeds.url, title: feeds.title, status: feeds.status, lastError: feeds.lastError,
    lastErrorAt: feeds.lastErrorAt, errorScore: feeds.errorScore,
  }).from(feeds)
    .where(or(eq(feeds.status, 'broken'), and(sql`${feeds.lastError} is not null`, gt(feeds.errorScore, 0))))
    .orderBy(desc(feeds.errorScore), asc(feeds.id)).limit(20);
  const [dl] = await db.select({
    failed: sql<number>`(count(*) filter (where ${deliveries.status} = 'failed'))::int`,
    pending: sql<number>`(count(*) filter (where ${deliveries.status} = 'pending'))::int`,
  }).from(deliveries);
  return {
    articles: {
      total: a.total, today: a.today, newToday: a.newToday, duplicateToday: a.duplicateToday,
      byStatus: { new: a.new, duplicate: a.duplicate, unreadable: a.unreadable, failed: a.failed },
    },
    claims: { total: claimsByMeasure.reduce((s, r) => s + r.count, 0), byMeasure: claimsByMeasure },
    alerts: { total: al.total, open: al.open, held: al.held, latest: latestAlerts },
    feeds: { total: fd.total, broken: fd.broken, paused: fd.paused, inError: feedsInError },
    deliveries: { failed: dl.failed, pending: dl.pending },
  };
}
export type Overview = Awaited<ReturnType<typeof overview>>;

// ─── articles ───────────────────────────────────────────────────────────────

export interface ArticleFilter {
  feed?: number;
  lang?: string;
  status?: ArticleStatus;
  /** 'yes': only articles with claims; 'no': only those without. */
  claims?: 'yes' | 'no';
  q?: string;
  before?: Cursor;
  after?: Cursor;
  limit: number;
}

const hasClaims = sql`exists (select 1 from ${claims} where ${claims.articleId} = ${articles.id})`;

function articleWhere(f: ArticleFilter): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (f.feed !== undefined) where.push(eq(articles.feedId, f.feed));
  if (f.lang) where.push(eq(articles.lang, f.lang));
  if (f.status) where.push(eq(articles.status, f.status));
  if (f.claims === 'yes') where.push(hasClaims);
  if (f.claims === 'no') where.push(sql`not ${hasClaims}`);
  // Must be the indexed expression exactly, so the GIN index answers it.
  if (f.q) where.push(sql`${articleSearchVector(articles.title, articles.text)} @@ websearch_to_tsquery('simple', ${f.q})`);
  if (f.before) where.push(sql`(${articles.createdAt}, ${articles.id}) < (${f.before.at}::timestamptz, ${f.before.id})`);
  if (f.after) where.push(sql`(${articles.createdAt}, ${articles.id}) > (${f.after.at}::timestamptz, ${f.after.id})`);
  return and(...where);
}

export function articlesQuery(db: Db, f: ArticleFilter) {
  const ascending = !!f.after;
  return db.select({
    id: articles.id,
    title: articles.title,
    url: articles.url,
    outlet: articles.outlet,
    siteName: articles.siteName,
    lang: articles.lang,
    status: articles.status,
    duplicateOf: articles.duplicateOf,
    similarity: articles.similarity,
    publishedAt: articles.publishedAt,
    createdAt: articles.createdAt,
    feedId: articles.feedId,
    feedTitle: feeds.title,
    claimCount: sql<number>`(select count(*)::int from ${claims} where ${claims.articleId} = ${articles.id})`,
    cursorAt: cursorTime(articles.createdAt),
  }).from(articles)
    .leftJoin(feeds, eq(feeds.id, articles.feedId))
    .where(articleWhere(f))
    .orderBy(...(ascending ? [asc(articles.createdAt), asc(articles.id)] : [desc(articles.createdAt), desc(articles.id)]))
    .limit(f.limit + 1);
}

export type ArticleListItem = Omit<Awaited<ReturnType<typeof articlesQuery>>[number], 'cursorAt'>;

export async function listArticles(db: Db, f: ArticleFilter): Promise<Page<ArticleListItem>> {
  const rows = await articlesQuery(db, f);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  if (f.after) page.reverse();
  const cursorOf = (r: (typeof rows)[number]) => encodeCursor({ at: r.cursorAt, id: r.id });
  const first = page[0];
  const last = page[page.length - 1];
  let newer: string | null;
  let older: string | null;
  if (f.after) {
    newer = more && first ? cursorOf(first) : null;
    older = last ? cursorOf(last) : null;
  } else {
    newer = f.before && first ? cursorOf(first) : null;
    older = more && last ? cursorOf(last) : null;
  }
  return { items: page.map(({ cursorAt: _c, ...item }) => item), newer, older };
}

/** The values the filters offer: feeds and the languages seen. */
export async function articleFilterChoices(db: Db) {
  const feedRows = await db.select({ id: feeds.id, title: feeds.title, url: feeds.url }).from(feeds).orderBy(asc(feeds.id)).limit(1000);
  // A loose index scan over articles_lang_idx: distinct values without reading every row.
  const langs = await db.execute<{ lang: string }>(sql`
    with recursive l(lang) as (
      (select lang from ${articles} where lang is not null order by lang limit 1)
      union all
      select (select lang from ${articles} where lang > l.lang order by lang limit 1) from l where l.lang is not null
    ) select lang from l where lang is not null`);
  return { feeds: feedRows, langs: langs.rows.map((r) => r.lang) };
}

export async function getArticle(db: Db, id: number) {
  const [article] = await db.select().from(articles).where(eq(articles.id, id));
  if (!article) return null;
  const feed = article.feedId
    ? (await db.select({ id: feeds.id, title: feeds.title, url: feeds.url }).from(feeds).where(eq(feeds.id, article.feedId)))[0] ?? null
    : null;
  const articleClaims = await db.select().from(claims).where(eq(claims.articleId, id)).orderBy(asc(claims.evidenceStart), asc(claims.id));
  const originalId = article.status === 'duplicate' && article.duplicateOf ? article.duplicateOf : article.id;
  const copies = await db.select({
    id: articles.id, title: articles.title, url: articles.url, outlet: articles.outlet, siteName: articles.siteName,
    status: articles.status, similarity: articles.similarity, publishedAt: articles.publishedAt, createdAt: articles.createdAt,
  }).from(articles)
    .where(and(or(eq(articles.id, originalId), eq(articles.duplicateOf, originalId)), sql`${articles.id} <> ${id}`))
    .orderBy(asc(articles.createdAt)).limit(200);
  const articleAlerts = await db.select().from(alerts)
    .where(or(eq(alerts.articleId, id), sql`${alerts.corroborations} @> ${JSON.stringify([{ articleId: id }])}::jsonb`))
    .orderBy(desc(alerts.createdAt)).limit(100);
  return { article, feed, claims: articleClaims, originalId, copies, alerts: articleAlerts };
}
export type ArticleDetail = NonNullable<Awaited<ReturnType<typeof getArticle>>>;

// ─── measures ───────────────────────────────────────────────────────────────

/** Figures drawn per measure: the newest ones, enough for years of a story. */
export const MEASURE_CLAIM_LIMIT = 2000;

export async function getMeasure(db: Db, watch: string, measure: string) {
  const rows = await db.select({
    id: claims.id, articleId: claims.articleId, low: claims.low, high: claims.high, unit: claims.unit, per: claims.per,
    qualifier: claims.qualifier, status: claims.status, scope: claims.scope, source: claims.source, sourceKey: claims.sourceKey,
    location: claims.location, asOf: claims.asOf, evidenceSentence: claims.evidenceSentence, confidence: claims.confidence,
    reportedAt: claims.reportedAt, articleTitle: articles.title, articleUrl: articles.url, outlet: articles.outlet,
    dismissedAt: claims.dismissedAt, flags: claims.flags,
  }).from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(and(eq(claims.watch, watch), eq(claims.measure, measure)))
    .orderBy(desc(claims.reportedAt), desc(claims.id))
    .limit(MEASURE_CLAIM_LIMIT);
  rows.reverse();
  const history = await db.select({
    id: consensus.id, at: consensus.at, centre: consensus.centre, bandLow: consensus.bandLow, bandHigh: consensus.bandHigh,
    figures: consensus.figures, sources: consensus.sources, sourceList: consensus.sourceList, claimId: consensus.claimId,
    // The consensus moved when a figure arrived; drawn at that figure's date it lines up with the figures.
    claimReportedAt: claims.reportedAt,
  }).from(consensus)
    .leftJoin(claims, eq(claims.id, consensus.claimId))
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure)))
    .orderBy(asc(consensus.at), asc(consensus.id))
    .limit(MEASURE_CLAIM_LIMIT);
  const measureAlerts = await db.select().from(alerts)
    .where(and(eq(alerts.watch, watch), eq(alerts.measure, measure)))
    .orderBy(desc(alerts.createdAt)).limit(500);
  return { watch, measure, claims: rows, consensus: history, alerts: measureAlerts };
}
export type MeasureData = Awaited<ReturnType<typeof getMeasure>>;

// ─── alerts ─────────────────────────────────────────────────────────────────

export interface AlertFilter { watch?: string; measure?: string; state?: string; before?: Cursor; after?: Cursor; limit: number }

export async function listAlerts(db: Db, f: AlertFilter): Promise<Page<typeof alerts.$inferSelect>> {
  const where: (SQL | undefined)[] = [];
  if (f.watch) where.push(eq(alerts.watch, f.watch));
  if (f.measure) where.push(eq(alerts.measure, f.measure));
  if (f.state) where.push(eq(alerts.state, f.state));
  if (f.before) where.push(sql`(${alerts.createdAt}, ${alerts.id}) < (${f.before.at}::timestamptz, ${f.before.id})`);
  if (f.after) where.push(sql`(${alerts.createdAt}, ${alerts.id}) > (${f.after.at}::timestamptz, ${f.after.id})`);
  const ascending = !!f.after;
  const rows = await db.select({ alert: alerts, cursorAt: cursorTime(alerts.createdAt) }).from(alerts)
    .where(and(...where))
    .orderBy(...(ascending ? [asc(alerts.createdAt), asc(alerts.id)] : [desc(alerts.createdAt), desc(alerts.id)]))
    .limit(f.limit + 1);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  if (ascending) page.reverse();
  const cur = (r: (typeof rows)[number] | undefined) => (r ? encodeCursor({ at: r.cursorAt, id: r.alert.id }) : null);
  const first = page[0];
  const last = page[page.length - 1];
  return ascending
    ? { items: page.map((r) => r.alert), newer: more ? cur(first) : null, older: cur(last) }
    : { items: page.map((r) => r.alert), newer: f.before ? cur(first) : null, older: more ? cur(last) : null };
}

/** A delivery as an operator sees it: never the webhook's secret. */
export async function deliveriesOf(db: Db, alertIds: number[]) {
  if (alertIds.length === 0) return [];
  const rows = await db.select({
    id: deliveries.id, alertId: deliveries.alertId, eventType: deliveries.eventType, status: deliveries.status,
    attempts: deliveries.attempts, lastStatusCode: deliveries.lastStatusCode, lastError: deliveries.lastError,
    createdAt: deliveries.createdAt, deliveredAt: deliveries.deliveredAt,
    webhookId: deliveries.webhookId, webhookUrl: webhooks.url, webhookFormat: webhooks.format,
  }).from(deliveries)
    .innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId))
    .where(inArray(deliveries.alertId, alertIds))
    .orderBy(asc(deliveries.id));
  // A webhook's URL is often its credential (Slack, Discord, ?token=): shown masked.
  return rows.map((d) => ({ ...d, webhookUrl: displayUrl(d.webhookUrl, d.webhookFormat) }));
}
export type DeliveryRow = Awaited<ReturnType<typeof deliveriesOf>>[number];

export async function getAlert(db: Db, id: number) {
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, id));
  if (!alert) return null;
  const [claim] = await db.select().from(claims).where(eq(claims.id, alert.claimId));
  const actions = await db.select().from(alertActions).where(eq(alertActions.alertId, id)).orderBy(asc(alertActions.at), asc(alertActions.id));
  return { alert, claim: claim ?? null, deliveries: await deliveriesOf(db, [id]), actions };
}
export type AlertDetail = NonNullable<Awaited<ReturnType<typeof getAlert>>>;

export async function getDelivery(db: Db, id: number) {
  const [d] = await db.select({ id: deliveries.id, alertId: deliveries.alertId, status: deliveries.status })
    .from(deliveries).where(eq(deliveries.id, id));
  return d ?? null;
}

// ─── feeds ──────────────────────────────────────────────────────────────────

export const FEED_STATUSES = ['ok', 'broken', 'paused'] as const;
export interface FeedFilter {
  status?: (typeof FEED_STATUSES)[number];
  /** The page after this feed id (keyset paging: as quick at the 100,000th feed as at the first). */
  after?: number;
  limit: number;
}

export async function listFeedsForDashboard(db: Db, f: FeedFilter = { limit: 100 }) {
  const rows = await db.select({
    id: feeds.id, url: feeds.url, title: feeds.title, siteUrl: feeds.siteUrl, status: feeds.status, paused: feeds.paused,
    intervalSeconds: feeds.intervalSeconds, lastPolledAt: feeds.lastPolledAt, nextPollAt: feeds.nextPollAt,
    lastSuccessAt: feeds.lastSuccessAt, lastNewItemAt: feeds.lastNewItemAt, lastError: feeds.lastError,
    lastErrorKind: feeds.lastErrorKind, lastErrorAt: feeds.lastErrorAt, errorScore: feeds.errorScore,
    itemsFound: feeds.itemsFound, createdAt: feeds.createdAt,
  }).from(feeds)
    .where(and(f.status ? eq(feeds.status, f.status) : undefined, f.after ? gt(feeds.id, f.after) : undefined))
    .orderBy(asc(feeds.id)).limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const byStatus = await db.select({ status: feeds.status, n: count() }).from(feeds).groupBy(feeds.status);
  const counts = Object.fromEntries(FEED_STATUSES.map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0])) as Record<(typeof FEED_STATUSES)[number], number>;
  const events = await db.select().from(feedEvents).orderBy(desc(feedEvents.at)).limit(20);
  return {
    feeds: page,
    /** The `after` of the next page, null on the last. */
    next: rows.length > f.limit ? page[page.length - 1].id : null,
    counts: { total: byStatus.reduce((a, r) => a + r.n, 0), ...counts },
    events,
  };
}
export type FeedList = Awaited<ReturnType<typeof listFeedsForDashboard>>;
export type FeedRow = FeedList['feeds'][number];
