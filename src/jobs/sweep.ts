// The sweeper: whatever a stage stored but never handed on (a worker killed
// between the two, Redis lost, PostgreSQL away longer than the retries) is
// found from the rows that say what is still to do, and queued again:
//   feed items 'pending'            → their page's fetch job
//   articles 'new', tagging pending → their analyze job
//   deliveries 'pending'            → their deliver job
// A job still waiting, delayed or running is left alone; one that ended
// failed, or completed without its outcome stored, is run again. Every job id
// is the one the stage itself uses, so a second sweep changes nothing.
import type { Job, Queue } from 'bullmq';
import { and, asc, eq, gt, inArray, lt, or } from 'drizzle-orm';
import type { Context } from '../context.js';
import { articles, deliveries, feedItems } from '../store/schema.js';
import { urlJobId, type QueueName } from '../queues.js';
import { analyzeHandOn, deliverHandOn, fetchHandOn, handOn, type HandOn } from './stages.js';

export interface SweepResult {
  /** Feed items whose page was queued again. */
  items: number;
  /** Feed items found settled (their page stored) and marked so. */
  settled: number;
  /** Articles queued again for analysis. */
  articles: number;
  /** Deliveries queued again. */
  deliveries: number;
}

const BATCH = 1000;
// An article stored this recently may be in the hands of `ingest`, which analyses it itself.
const ARTICLE_GRACE_MS = 10_000;
const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

type Revived = 'live' | 'queued' | 'retried';

/** Makes sure the job is in its queue and going to run. */
async function revive(ctx: Context, h: HandOn, also?: { queue: QueueName; jobId: string }): Promise<Revived> {
  const queue = ctx.queues[h.queue] as unknown as Queue;
  const state = await queue.getJobState(h.opts.jobId);
  if (LIVE.has(state)) return 'live';
  if (state === 'failed') {
    const job = await queue.getJob(h.opts.jobId);
    // Another sweeper may have retried it in between: then it is live.
    await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => {});
    return 'retried';
  }
  if (state === 'completed') {
    // Completed without its outcome stored: the next stage's job (same id) may
    // hold the work yet, else the job runs again.
    if (also) {
      const next = ctx.queues[also.queue] as unknown as Queue;
      const nextState = await next.getJobState(also.jobId);
      if (LIVE.has(nextState)) return 'live';
      if (nextState === 'failed') {
        const job: Job | undefined = await next.getJob(also.jobId);
        await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(() => {});
        return 'retried';
      }
    }
    await queue.remove(h.opts.jobId).catch(() => 0);
  }
  await handOn(ctx, [h]);
  return 'queued';
}

async function sweepItems(ctx: Context, out: SweepResult): Promise<void> {
  for (let after = 0; ;) {
    const items = await ctx.db.select({ id: feedItems.id, url: feedItems.url, feedId: feedItems.feedId, title: feedItems.title, publishedAt: feedItems.publishedAt })
      .from(feedItems).where(and(eq(feedItems.pageState, 'pending'), gt(feedItems.id, after)))
      .orderBy(asc(feedItems.id)).limit(BATCH);
    if (items.length === 0) return;
    after = items[items.length - 1].id;
    // Outcomes stored by a worker that died before it marked the item (or before this column existed).
    const stored = await ctx.db.select({ url: articles.url, feedItemId: articles.feedItemId }).from(articles)
      .where(or(inArray(articles.url, items.map((i) => i.url)), inArray(articles.feedItemId, items.map((i) => i.id))));
    const urls = new Set(stored.map((r) => r.url));
    const ids = new Set(stored.map((r) => r.feedItemId));
    const settled = items.filter((i) => urls.has(i.url) || ids.has(i.id)).map((i) => i.id);
    if (settled.length) await ctx.db.update(feedItems).set({ pageState: 'done' }).where(inArray(feedItems.id, settled));
    out.settled += settled.length;
    const done = new Set(settled);
    for (const item of items) {
      if (done.has(item.id)) continue;
      const h = fetchHandOn({
        url: item.url, feedId: item.feedId, feedItemId: item.id, title: item.title ?? undefined,
        publishedAt: item.publishedAt?.toISOString(),
      });
      if (await revive(ctx, h, { queue: 'process', jobId: urlJobId(item.url) }) !== 'live') out.items++;
    }
  }
}

async function sweepArticles(ctx: Context, out: SweepResult): Promise<void> {
  const before = new Date(Date.now() - ARTICLE_GRACE_MS);
  for (let after = 0; ;) {
    const rows = await ctx.db.select({ id: articles.id }).from(articles)
      .where(and(eq(articles.tagging, 'pending'), eq(articles.status, 'new'), gt(articles.id, after), lt(articles.createdAt, before)))
      .orderBy(asc(articles.id)).limit(BATCH);
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    for (const r of rows) if (await revive(ctx, analyzeHandOn(r.id)) !== 'live') out.articles++;
  }
}

async function sweepDeliveries(ctx: Context, out: SweepResult): Promise<void> {
  for (let after = 0; ;) {
    const rows = await ctx.db.select({ id: deliveries.id, eventId: deliveries.eventId }).from(deliveries)
      .where(and(eq(deliveries.status, 'pending'), gt(deliveries.id, after)))
      .orderBy(asc(deliveries.id)).limit(BATCH);
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    for (const d of rows) if (await revive(ctx, deliverHandOn(ctx, d)) !== 'live') out.deliveries++;
  }
}

/** One sweep over everything left half done. */
export async function sweep(ctx: Context): Promise<SweepResult> {
  const out: SweepResult = { items: 0, settled: 0, articles: 0, deliveries: 0 };
  await sweepItems(ctx, out);
  await sweepArticles(ctx, out);
  await sweepDeliveries(ctx, out);
  if (out.items || out.articles || out.deliveries) {
    ctx.log.info({ ...out }, `sweeper: queued again ${out.items} page(s) of feed items, ${out.articles} article(s) to analyse, ${out.deliveries} deliver(ies) left half done`);
  }
  return out;
}
