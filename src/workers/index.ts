// Workers are thin: take a job, run its stage's step (src/jobs/stages.ts),
// queue what the step hands on. Each stage has its own BullMQ worker, so
// `claimwatch worker --queues fetch,process` on another machine adds hands to
// just those stages.
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Context } from '../context.js';
import { deliverWorkerSettings } from '../jobs/deliver.js';
import { cleanError, isConnectionError } from '../jobs/errors.js';
import { handOn, runStage } from '../jobs/stages.js';
import { metrics } from '../metrics.js';
import { connection, type QueueName } from '../queues.js';
import { runAs } from '../store/pool-watch.js';
import type { Tools } from '../tools.js';
import { isRedisFailure, type ConnectionWatch } from './connections.js';

function concurrency(ctx: Context, name: QueueName): number {
  const w = ctx.config.workers;
  return { poll: w.pollConcurrency, fetch: w.fetchConcurrency, process: w.processConcurrency, analyze: w.analyzeConcurrency, deliver: w.deliverConcurrency }[name];
}

export interface Workers {
  workers: Worker[];
  /** Stops taking jobs, lets the ones in flight finish, closes connections. */
  close(): Promise<void>;
}

const isLast = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** One job of a stage: its step, then its hand-on; an error as an operator reads it. */
function processor(ctx: Context, tools: Tools, name: QueueName) {
  return async (job: Job) => {
    // A job whose earlier run never finished: its worker died and its lock expired.
    if (job.stalledCounter > 0 || job.attemptsStarted > job.attemptsMade + 1) {
      ctx.log.warn({ queue: name, jobId: job.id, attempt: job.attemptsMade + 1, stalled: job.stalledCounter },
        'job taken over from a worker that stopped before finishing it');
    }
    // The connections it takes are the job's, for the pool's stall report.
    return runAs(`${name} ${job.id}`, async () => {
      try {
        const { result, next } = await runStage(ctx, tools, name, job.data as never, { last: isLast(job) });
        await handOn(ctx, next);
        return result;
      } catch (err) {
        throw cleanError(err);
      }
    });
  };
}

export function startWorkers(ctx: Context, tools: Tools, names: readonly QueueName[], watch?: ConnectionWatch): Workers {
  const workers = names.map((name) => {
    const worker = new Worker(name, processor(ctx, tools, name), {
      // Each job says which process ran it (processedBy), for the board and for benches across processes.
      name: `${hostname()}:${process.pid}`,
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
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
      const fields = { queue: name, jobId: job?.id, attempt: job?.attemptsMade, final };
      if (watch && isConnectionError(err)) {
        // Said once by the watch; the job retries, and the sweeper takes up what runs out of retries.
        watch.lost(isRedisFailure(err) ? 'redis' : 'store', err);
        ctx.log.debug(fields, `job failed: ${err.message}`);
        return;
      }
      ctx.log[final ? 'error' : 'warn'](fields, `job failed: ${err.message}`);
    });
    worker.on('stalled', (jobId: string) => {
      ctx.log.warn({ queue: name, jobId }, 'job lost its worker (lock expired): queued again for another');
    });
    worker.on('error', (err) => {
      if (watch && isConnectionError(err)) return watch.lost('redis', err);
      if (/could not renew lock|Missing lock for job/.test(err.message)) {
        // The job outlived its lock (the process was too busy, or cut off, to renew it): the stalled check hands it to another run.
        return ctx.log.warn({ queue: name }, `${err.message}: the job goes to another run`);
      }
      ctx.log.error({ queue: name }, `worker error: ${cleanError(err).message}`);
    });
    return worker;
  });
  ctx.log.info({ queues: names }, 'workers started');
  return {
    workers,
    async close() { await Promise.all(workers.map((w) => w.close())); },
  };
}
