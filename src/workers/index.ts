// Workers are thin: take a job, call the step, hand on the result. Each stage
// has its own BullMQ worker, so `claimwatch worker --queues fetch,process` on
// another machine adds hands to just those stages.
import { Worker, type Job, type Processor } from 'bullmq';
import type { Context } from '../context.js';
import { analyzeArticle } from '../jobs/analyze-article.js';
import { deliverWorkerSettings, processDeliverJob } from '../jobs/deliver.js';
import { processFetchJob } from '../jobs/fetch-page.js';
import { readArticle } from '../jobs/read-article.js';
import { refreshFeed } from '../jobs/refresh-feed.js';
import { metrics } from '../metrics.js';
import { connection, type JobData, type QueueName } from '../queues.js';
import type { Tools } from '../tools.js';

type Processors = { [K in QueueName]: Processor<JobData[K]> };

function processors(ctx: Context, tools: Tools): Processors {
  return {
    poll: (job) => refreshFeed(ctx, tools.fetcher, job.data.feedId),
    fetch: (job) => processFetchJob(ctx, tools.fetcher, job),
    process: async (job) => {
      const result = await readArticle(ctx, tools.reader, job.data);
      if (result.status === 'new' && !result.existed) {
        await ctx.queues.analyze.add('analyze', { articleId: result.articleId }, { jobId: `article-${result.articleId}` });
      }
      return result;
    },
    analyze: (job) => analyzeArticle(ctx, tools.watches, job.data.articleId),
    deliver: (job) => processDeliverJob(ctx, job),
  };
}

function concurrency(ctx: Context, name: QueueName): number {
  const w = ctx.config.workers;
  return { poll: w.pollConcurrency, fetch: w.fetchConcurrency, process: w.processConcurrency, analyze: w.analyzeConcurrency, deliver: w.deliverConcurrency }[name];
}

export interface Workers {
  workers: Worker[];
  /** Stops taking jobs, lets the ones in flight finish, closes connections. */
  close(): Promise<void>;
}

export function startWorkers(ctx: Context, tools: Tools, names: readonly QueueName[]): Workers {
  const all = processors(ctx, tools);
  const workers = names.map((name) => {
    const worker = new Worker(name, all[name] as Processor, {
      connection: connection(ctx.config),
      prefix: ctx.config.queuePrefix,
      concurrency: concurrency(ctx, name),
      lockDuration: ctx.config.workers.lockDurationMs,
      stalledInterval: ctx.config.workers.stalledIntervalMs,
      ...(name === 'deliver' ? deliverWorkerSettings(ctx.config) : {}),
    });
    worker.on('completed', (job: Job) => {
      if (job.processedOn && job.finishedOn) metrics.jobDuration.observe({ queue: name }, (job.finishedOn - job.processedOn) / 1000);
    });
    worker.on('failed', (job: Job | undefined, err: Error) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      ctx.log[final ? 'error' : 'warn']({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, final }, `job failed: ${err.message}`);
    });
    worker.on('error', (err) => ctx.log.error({ queue: name }, `worker error: ${err.message}`));
    return worker;
  });
  ctx.log.info({ queues: names }, 'workers started');
  return {
    workers,
    async close() { await Promise.all(workers.map((w) => w.close())); },
  };
}
