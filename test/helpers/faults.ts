// The fault-injection suite's scaffolding: a news site whose feed carries one
// real departure (seed 004) among ordinary stories, a webhook receiver that can
// go down, `claimwatch start` processes to kill, and the check run after every
// fault: every feed item one stored article, nothing pending, the departure
// one alert, every delivery delivered once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq, sql } from 'drizzle-orm';
import type { Context } from '../../src/context.js';
import { addWebhook } from '../../src/delivery/index.js';
import { alerts, articles, deliveries, feedItems } from '../../src/store/schema.js';
import { seedCorpus } from '../../src/seed/index.js';
import { seedTexts, syntheticArticle } from './corpus.js';
import { testPipeline, type TestPipeline } from './pipeline.js';
import { claimwatch, type Proc } from './processes.js';
import { articlePage, rss, startSite, type Site } from './site.js';

export interface NewsSite { site: Site; feedUrl: string; urls: string[]; departureUrl: string }

/** n ordinary stories and seed 004 (25,000–30,000 more troops) behind one feed. */
export async function departureSite(n: number, delayMs = 0): Promise<NewsSite> {
  const site = await startSite();
  const entries = [];
  const urls: string[] = [];
  const seed004 = seedTexts().get('004')!.split('\n').map((l) => l.trim()).filter(Boolean);
  const departureAt = Math.floor(n / 3);
  // Published an hour ago: news, inside the freshness window, so it is posted (an old date would be history).
  const published = new Date(Date.now() - 3_600_000).toISOString();
  for (let i = 0; i <= n; i++) {
    const path = `/story/${i}`;
    const page = i === departureAt
      ? articlePage({ title: 'North Korea reportedly preparing to triple troops fighting for Russia', paragraphs: seed004, site: 'World Desk', published })
      : articlePage(syntheticArticle(i + 1));
    site.page(path, page, 'text/html; charset=utf-8', delayMs);
    entries.push({ title: `story ${i}`, url: `${site.url}${path}`, guid: `story-${i}` });
    urls.push(`${site.url}${path}`);
  }
  site.page('/feed.xml', rss('Many stories', site.url, entries), 'application/rss+xml');
  return { site, feedUrl: `${site.url}/feed.xml`, urls, departureUrl: urls[departureAt] };
}

export interface Receiver {
  url: string;
  /** Webhook-ids answered 2xx, with how many times each. */
  received: Map<string, number>;
  /** Requests refused or unanswered while down. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver on a fixed port that can be taken down (connections refused) and brought back. */
export async function startReceiver(): Promise<Receiver> {
  const received = new Map<string, number>();
  const make = () => createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  let server: Server = make();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const sockets = new Set<import('node:net').Socket>();
  const track = (s: Server) => s.on('connection', (c) => { sockets.add(c); c.on('close', () => sockets.delete(c)); });
  track(server);
  const down = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    down,
    async up() {
      server = make();
      track(server);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    close: down,
  };
}

export async function subscribeReceiver(ctx: Context, receiver: Receiver): Promise<void> {
  await addWebhook(ctx.db, { url: receiver.url, format: 'json' });
}

/** The environment of a `claimwatch start` process for these tests. */
export function serviceEnv(ctx: Context, extra: Record<string, string> = {}): Record<string, string> {
  const c = ctx.config;
  return {
    DATABASE_URL: c.databaseUrl!, REDIS_URL: c.redisUrl, QUEUE_PREFIX: c.queuePrefix, DATA_DIR: c.dataDir,
    REDIS_AUTOSTART: 'false', FETCH_ALLOW_PRIVATE: '127.0.0.1', DELIVERY_ALLOW_PRIVATE: '127.0.0.1', FETCH_TIMEOUT_MS: '10000',
    JOB_LOCK_DURATION_MS: '3000', JOB_STALLED_INTERVAL_MS: '1000', JOB_BACKOFF_MS: '200', JOB_ATTEMPTS: '3',
    SWEEP_INTERVAL_SECONDS: '2', DELIVERY_WINDOW_HOURS: '0.01', DELIVERY_TIMEOUT_MS: '2000',
    FEED_MIN_INTERVAL_SECONDS: '1', WORKER_METRICS_PORT: '0', FETCH_CONCURRENCY: '4',
    ...extra,
  };
}

export function startService(ctx: Context, extra: Record<string, string> = {}): Proc {
  return claimwatch(['start', '--no-dashboard', '--no-seed'], serviceEnv(ctx, extra));
}

/** What is still wrong, in words; empty once nothing is lost, doubled or pending. */
export async function whatIsLost(ctx: Context, news: NewsSite, receiver: Receiver): Promise<string[]> {
  const db = ctx.db;
  const problems: string[] = [];
  const rows = await db.select({ url: articles.url, status: articles.status, tagging: articles.tagging }).from(articles).where(eq(articles.isSeed, false));
  const byUrl = new Map<string, number>();
  for (const r of rows) byUrl.set(r.url, (byUrl.get(r.url) ?? 0) + 1);
  const missing = news.urls.filter((u) => !byUrl.has(u));
  if (missing.length) problems.push(`${missing.length} feed items without an article`);
  const doubled = [...byUrl].filter(([, n]) => n > 1);
  if (doubled.length) problems.push(`${doubled.length} articles stored twice`);
  const notNew = rows.filter((r) => r.status !== 'new');
  if (notNew.length) problems.push(`${notNew.length} articles not stored as new (${notNew.map((r) => r.status).join(', ')})`);
  const [{ n: pendingItems }] = await db.select({ n: count() }).from(feedItems).where(eq(feedItems.pageState, 'pending'));
  if (pendingItems) problems.push(`${pendingItems} feed items pending`);
  const pendingTagging = rows.filter((r) => r.status === 'new' && r.tagging === 'pending').length;
  if (pendingTagging) problems.push(`${pendingTagging} articles pending analysis`);
  const alertRows = await db.select({ id: alerts.id, url: alerts.articleUrl, low: alerts.low, high: alerts.high }).from(alerts);
  if (alertRows.length !== 1) problems.push(`${alertRows.length} alerts, not the one departure`);
  else if (alertRows[0].url !== news.departureUrl || alertRows[0].low !== 25_000 || alertRows[0].high !== 30_000) {
    problems.push(`the alert is not the departure: ${JSON.stringify(alertRows[0])}`);
  }
  const rowsOfDeliveries = await db.select({ id: deliveries.id, eventId: deliveries.eventId, status: deliveries.status, alertId: deliveries.alertId }).from(deliveries);
  for (const a of alertRows) {
    if (!rowsOfDeliveries.some((d) => d.alertId === a.id)) problems.push(`alert ${a.id} has no delivery`);
  }
  const undelivered = rowsOfDeliveries.filter((d) => d.status !== 'delivered');
  if (undelivered.length) problems.push(`${undelivered.length} deliveries not delivered (${undelivered.map((d) => d.status).join(', ')})`);
  for (const d of rowsOfDeliveries) {
    const times = receiver.received.get(d.eventId) ?? 0;
    if (d.status === 'delivered' && times !== 1) problems.push(`delivery ${d.id} received ${times} times`);
  }
  const doubledClaims = await db.execute(sql`select 1 from claims group by article_id, measure, low, high, evidence_start having count(*) > 1`);
  if (doubledClaims.rows.length) problems.push(`${doubledClaims.rows.length} claims tagged twice`);
  return problems;
}

/** Waits until nothing is lost; returns how long that took, or throws with what is still wrong. */
export async function untilNothingLost(ctx: Context, news: NewsSite, receiver: Receiver, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let last: string[] = [];
  while (Date.now() - started < timeoutMs) {
    last = await whatIsLost(ctx, news, receiver).catch((err) => [`store: ${(err as Error).message}`]);
    if (last.length === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`still wrong after ${Math.round(timeoutMs / 1000)} s: ${last.join('; ')}`);
}

/** The warning and error lines of a service's JSON log: what an operator reading an incident meets. */
export function warningsOf(lines: string[]): { level: number; msg: string; time: number }[] {
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string; time: number }).filter((l) => l.level >= 40);
}

/**
 * Each warning says what failed (or stopped), since when, and that it is back
 * (or taken over): a line matching none of these is noise to an operator.
 */
export const TELLS_AN_INCIDENT = /^(?:.+ (?:failing|lost) since \d\d:\d\d:\d\d UTC: .+|.+ back after \d+ (?:s|min|h): \d+ failures? since \d\d:\d\d:\d\d UTC .+|jobs taken over from a worker that stopped: .+ left \d+ jobs? unfinished .+ since \d\d:\d\d:\d\d UTC)$/;

/** Recovery times, printed for BENCHMARKS.md. */
export function report(fault: string, ms: number): void {
  process.stdout.write(`RECOVERY ${fault}: ${(ms / 1000).toFixed(1)} s\n`);
}

export interface Scene {
  news: NewsSite;
  receiver: Receiver;
  p: TestPipeline;
  /** Processes to kill at the end. */
  procs: Proc[];
  close(): Promise<void>;
}

/**
 * A fresh store holding seeds 000–003 (the consensus of about 11,000), a
 * receiver subscribed to its alerts, and the departure site of n stories.
 */
export async function departureScene(n: number, delayMs = 0, settings: Record<string, unknown> = {}): Promise<Scene> {
  const news = await departureSite(n, delayMs);
  const receiver = await startReceiver();
  const p = await testPipeline('postgres', settings);
  const seeded = await seedCorpus(p.ctx, p.tools.watches, { only: ['000', '001', '002', '003'] });
  if (seeded.stored.length !== 4) throw new Error(`seeds stored: ${seeded.stored.join(', ')}`);
  await subscribeReceiver(p.ctx, receiver);
  const procs: Proc[] = [];
  return {
    news, receiver, p, procs,
    async close() {
      for (const proc of procs) await proc.kill('SIGKILL');
      await p.close().catch(() => {});
      await news.site.close();
      await receiver.close();
    },
  };
}
