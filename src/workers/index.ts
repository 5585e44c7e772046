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
import type { Logger } from '../log.js';
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

/** This process, as a job's log and the takeover line name it. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;
const STARTED_BY = 'started by worker ';
const SELF_STALL_QUIET_MS = 10 * 60_000;

/**
 * Jobs taken over from a worker that stopped (killed, out of memory, its
 * machine gone), said once per dead worker, naming it, with how many of each
 * stage's jobs it left: not a line per job. The line waits until no more of
 * that worker's jobs have come for a while (a lock's life and two stalled
 * checks); one that comes later still is only counted in the debug log.
 */
export class Takeovers {
  private readonly pending = new Map<string, { since: number; queues: Map<string, number>; timer?: NodeJS.Timeout }>();
  private quietSelfUntil = 0;
  /** Dead workers already told, so each is named once (the newest kept). */
  private readonly told = new Set<string>();

  constructor(private readonly log: Logger, private readonly quietMs: number) {}

  /** `deadWorker` null: a job whose worker died before it could write its name (right after taking it). */
  add(deadWorker: string | null, queue: string, jobId: string | undefined): void {
    // Such a job died with whichever worker is being taken over right now.
    const who = deadWorker ?? [...this.pending.keys()].at(-1) ?? 'a worker that left no name';
    if (this.told.has(who)) {
      this.log.debug({ worker: who, queue, jobId }, 'job taken over from a worker that stopped (already told)');
      return;
    }
    this.count(who, queue, jobId);
  }

  private count(deadWorker: string, queue: string, jobId: string | undefined): void {
    const p = this.pending.get(deadWorker) ?? { since: Date.now(), queues: new Map<string, number>() };
    this.pending.set(deadWorker, p);
    p.queues.set(queue, (p.queues.get(queue) ?? 0) + 1);
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.flush(deadWorker), this.quietMs);
    p.timer.unref();
    this.log.debug({ worker: deadWorker, queue, jobId }, 'job taken over from a worker that stopped');
  }

  private flush(deadWorker: string): void {
    const p = this.pending.get(deadWorker);
    if (!p) return;
    this.pending.delete(deadWorker);
    clearTimeout(p.timer);
    if (deadWorker !== WORKER_NAME) this.told.add(deadWorker);
    if (this.told.size > 1000) this.told.delete(this.told.values().next().value!);
    const n = [...p.queues.values()].reduce((a, b) => a + b, 0);
    const stages = [...p.queues].map(([q, k]) => `${q} ${k}`).join(', ');
    if (deadWorker === WORKER_NAME) {
      // Not dead: this process was too busy (or cut off from Redis) to renew its locks in time. Said
      // once in a while: a process starved for minutes would otherwise say it at every burst.
      if (Date.now() < this.quietSelfUntil) {
        this.log.debug({ worker: deadWorker, jobs: n }, 'jobs outlived their lock again');
        return;
      }
      this.quietSelfUntil = Date.now() + SELF_STALL_QUIET_MS;
      this.log.warn({ worker: deadWorker, jobs: n, queues: Object.fromEntries(p.queues) },
        `jobs run again by the worker that held them (${WORKER_NAME}): ${n} job${n === 1 ? '' : 's'} (${stages}) outlived their lock `
        + `since ${new Date(p.since).toISOString().slice(11, 19)} UTC, the process too busy to renew it; each step tolerates the second run `
        + '(more such in the next 10 minutes go to the debug log)');
      return;
    }
    this.log.warn({ worker: deadWorker, jobs: n, queues: Object.fromEntries(p.queues), since: new Date(p.since).toISOString(), by: WORKER_NAME },
      `jobs taken over from a worker that stopped: ${deadWorker} left ${n} job${n === 1 ? '' : 's'} unfinished (${stages}), `
      + `run again here (${WORKER_NAME}) since ${new Date(p.since).toISOString().slice(11, 19)} UTC`);
  }

  /** Says what is pending now (the process is closing). */
  close(): void {
    for (const w of [...this.pending.keys()]) this.flush(w);
  }
}

/** Who last started a job, from its log; null when it left no name. */
async function lastRunner(ctx: Context, name: QueueName, job: Job): Promise<string | null> {
  const { logs } = await ctx.queues[name].getJobLogs(job.id!, 0, 0, false).catch(() => ({ logs: [] as string[] }));
  const last = logs[0];
  return last?.startsWith(STARTED_BY) ? last.slice(STARTED_BY.length) : null;
}

/** One job of a stage: its step, then its hand-on; an error as an operator reads it. */
function processor(ctx: Context, tools: Tools, name: QueueName, takeovers: Takeovers) {
  return async (job: Job) => {
    // A job whose earlier run never finished: its worker died and its lock expired.
    if (job.stalledCounter > 0 || job.attemptsStarted > job.attemptsMade + 1) {
      takeovers.add(await lastRunner(ctx, name, job), name, job.id);
    }
    // Each run's worker in the job's own log (Bull Board shows it): a takeover names the one that stopped.
    await job.log(`${STARTED_BY}${WORKER_NAME}`);
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
  const takeovers = new Takeovers(ctx.log, Math.max(ctx.config.workers.lockDurationMs + 2 * ctx.config.workers.stalledIntervalMs, 5000));
  const workers = names.map((name) => {
    const worker = new Worker(name, processor(ctx, tools, name, takeovers), {
      // Each job says which process ran it (processedBy), for the board and for benches across processes.
      name: WORKER_NAME,
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
      // An attempt that will be retried is not news: the step said what is failing (src/incidents.ts), the retry may fix it.
      ctx.log[final ? 'error' : 'debug'](fields, `job failed: ${err.message}`);
    });
    // Said once per dead worker by whoever takes its jobs (Takeovers).
    worker.on('stalled', (jobId: string) => {
      ctx.log.debug({ queue: name, jobId }, 'job lost its worker (lock expired): queued again for another');
    });
    worker.on('error', (err) => {
      if (watch && isConnectionError(err)) return watch.lost('redis', err);
      if (/could not renew lock|Missing lock for job|Lock mismatch for job/.test(err.message)) {
        // The job outlived its lock (the process was too busy, or cut off, to renew it): the stalled check hands it to
        // another run, and whoever runs it again says so once (Takeovers), not a line per job and per lock call.
        return ctx.log.debug({ queue: name }, `${err.message}: the job goes to another run`);
      }
      ctx.log.error({ queue: name }, `worker error: ${cleanError(err).message}`);
    });
    return worker;
  });
  ctx.log.info({ queues: names }, 'workers started');
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      takeovers.close();
    },
  };
}
