// The pipeline's stages in one place: each stage's queue, the step its jobs
// run, and the stage it hands on to. Workers run a stage's step on a job and
// queue what it hands on (src/workers); `claimwatch ingest` runs the same
// steps one after another in its own process (runThrough). A step's hand-on
// is durable before it is queued: the rows it wrote say what is still to do
// (a feed item 'pending', an article pending tagging, a delivery 'pending'),
// and the sweeper (./sweep.ts) queues again whatever never got there.
//
//   poll ──▶ fetch ──▶ process ──▶ analyze ──▶ deliver
import { UnrecoverableError, type JobsOptions } from 'bullmq';
import type { Context } from '../context.js';
import { deliverJobOptions, deliveryJobId } from '../delivery/index.js';
import { FetchError } from '../fetcher/index.js';
import { incidentsOf } from '../incidents.js';
import { urlJobId, type FetchJob, type JobData, type QueueName } from '../queues.js';
import type { Tools } from '../tools.js';
import { analyzeArticle, type AnalyzeResult } from './analyze-article.js';
import { deliverOnce } from './deliver.js';
import { cleanError, isConnectionError } from './errors.js';
import { crashPoint } from './failpoint.js';
import { countFetchError, fetchPage, recordFailedPage } from './fetch-page.js';
import { readArticle, storePlainText, type ReadResult } from './read-article.js';
import { refreshFeed, type RefreshResult } from './refresh-feed.js';

/** A job for the next stage: its queue, its data, and its options (the job id makes queueing it twice a no-op). */
export type HandOn = { [K in QueueName]: { queue: K; data: JobData[K]; opts: JobsOptions & { jobId: string } } }[QueueName];

export interface Attempt {
  /** The last try: a failure is recorded where it belongs (the article's row) before the job ends failed. */
  last: boolean;
}

export interface StepOutcome<R> { result: R; next: HandOn[] }

export interface Stage<Q extends QueueName, R> {
  queue: Q;
  /** The stage this one hands on to. */
  next: QueueName | null;
  run(ctx: Context, tools: Tools, data: JobData[Q], attempt: Attempt): Promise<StepOutcome<R>>;
}

export type FetchStepResult = { status: 'already stored'; articleId: number } | { status: 'fetched' };

/** A page's site, as its fetch failures are told. */
function siteOf(url: string): string {
  try {
    return `site ${new URL(url).origin}`;
  } catch {
    return `site ${url}`;
  }
}

/** The fetch job of a page: one per URL. */
export function fetchHandOn(data: FetchJob): HandOn {
  return { queue: 'fetch', data, opts: { jobId: urlJobId(data.url) } };
}

/** The analyze job of an article: one per article. */
export function analyzeHandOn(articleId: number): HandOn {
  return { queue: 'analyze', data: { articleId }, opts: { jobId: `article-${articleId}` } };
}

/** The deliver job of a delivery row. */
export function deliverHandOn(ctx: Context, d: { id: number; eventId: string }): HandOn {
  return { queue: 'deliver', data: { deliveryId: d.id }, opts: { ...deliverJobOptions(d, ctx.config.delivery.attempts), jobId: deliveryJobId(d) } };
}

const poll: Stage<'poll', Omit<RefreshResult, 'pages'>> = {
  queue: 'poll',
  next: 'fetch',
  async run(ctx, tools, data) {
    const { pages, ...result } = await refreshFeed(ctx, tools.fetcher, data.feedId);
    return { result, next: pages.map(fetchHandOn) };
  },
};

const fetchStage: Stage<'fetch', FetchStepResult> = {
  queue: 'fetch',
  next: 'process',
  async run(ctx, tools, data, attempt) {
    const site = siteOf(data.url);
    try {
      const out = await fetchPage(ctx, tools.fetcher, data);
      if (out.status === 'stored') return { result: { status: 'already stored', articleId: out.articleId }, next: [] };
      incidentsOf(ctx.log).recovered(site);
      // A finished process job carries its page: the latest thousand stay for an
      // operator to look at, the rest go (the stored article is the lasting record).
      return { result: { status: 'fetched' }, next: [{ queue: 'process', data: out.page, opts: { jobId: urlJobId(data.url), removeOnComplete: { count: 1000 } } }] };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      countFetchError(err);
      // A site that times out or refuses is one incident, not a line per page and attempt.
      if (err.kind === 'soft') incidentsOf(ctx.log).failed(site, err.message, { url: data.url, code: err.code });
      if (err.kind === 'hard' || attempt.last) {
        await recordFailedPage(ctx, data, err);
        // A 404 or a blocked address will not change on retry: fail now, visibly.
        if (err.kind === 'hard') throw new UnrecoverableError(err.message);
      }
      throw err;
    }
  },
};

const processStage: Stage<'process', ReadResult> = {
  queue: 'process',
  next: 'analyze',
  async run(ctx, tools, data, attempt) {
    let result: ReadResult;
    try {
      result = data.plainText !== undefined ? await storePlainText(ctx, data, data.plainText) : await readArticle(ctx, tools.reader, data);
    } catch (err) {
      // A page the store refuses is that page's failure, on its row; a lost connection is for a retry or the sweeper.
      if (attempt.last && !isConnectionError(err)) await recordFailedPage(ctx, data, cleanError(err));
      throw err;
    }
    crashPoint(ctx.config, 'article_stored');
    // Whether stored now or by an attempt that died before handing it on: the
    // analyze job is a no-op for an article already tagged.
    return { result, next: result.status === 'new' ? [analyzeHandOn(result.articleId)] : [] };
  },
};

const analyze: Stage<'analyze', AnalyzeResult> = {
  queue: 'analyze',
  next: 'deliver',
  async run(ctx, tools, data) {
    const result = await analyzeArticle(ctx, tools.watches, data.articleId);
    return { result, next: result.deliveries.map((d) => deliverHandOn(ctx, d)) };
  },
};

const deliverStage: Stage<'deliver', null> = {
  queue: 'deliver',
  next: null,
  async run(ctx, _tools, data, attempt) {
    await deliverOnce(ctx, data.deliveryId, attempt.last);
    return { result: null, next: [] };
  },
};

export const STAGES = { poll, fetch: fetchStage, process: processStage, analyze, deliver: deliverStage } as const;

export type StageResult<Q extends QueueName> = Awaited<ReturnType<(typeof STAGES)[Q]['run']>>['result'];

/** Runs one stage's step on a job's data. */
export function runStage<Q extends QueueName>(ctx: Context, tools: Tools, queue: Q, data: JobData[Q], attempt: Attempt): Promise<StepOutcome<StageResult<Q>>> {
  const stage = STAGES[queue] as unknown as Stage<Q, StageResult<Q>>;
  return stage.run(ctx, tools, data, attempt);
}

const BULK = 1000;

/** Queues the next stages' jobs, a thousand at a time. */
export async function handOn(ctx: Context, next: HandOn[]): Promise<void> {
  const byQueue = new Map<QueueName, HandOn[]>();
  for (const h of next) byQueue.set(h.queue, [...(byQueue.get(h.queue) ?? []), h]);
  for (const [queue, jobs] of byQueue) {
    for (let i = 0; i < jobs.length; i += BULK) {
      await (ctx.queues[queue] as unknown as { addBulk(jobs: { name: string; data: unknown; opts: JobsOptions }[]): Promise<unknown> })
        .addBulk(jobs.slice(i, i + BULK).map((h) => ({ name: queue, data: h.data, opts: h.opts })));
    }
  }
}

export type Seen = { [K in QueueName]: { queue: K; result: StageResult<K> } }[QueueName];

/**
 * Runs a job and everything it hands on, stage after stage, in this process:
 * `ingest`'s way through the pipeline. Each step runs once, as its last
 * attempt (a failure is recorded and thrown). Deliveries are queued for the
 * deliver workers, whose retries a webhook may need.
 */
export async function runThrough(ctx: Context, tools: Tools, first: HandOn, seen: (s: Seen) => void): Promise<void> {
  const work: HandOn[] = [first];
  for (let h = work.shift(); h; h = work.shift()) {
    if (h.queue === 'deliver') {
      await handOn(ctx, [h]);
      continue;
    }
    const out = await runStage(ctx, tools, h.queue, h.data as never, { last: true });
    seen({ queue: h.queue, result: out.result } as Seen);
    work.push(...out.next);
  }
}
