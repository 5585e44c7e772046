// deliver: one attempt per job run; BullMQ's retries, on the delivery
// schedule, make the rest.
import type { Job, WorkerOptions } from 'bullmq';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { deliver, deliveryBackoff } from '../delivery/index.js';
import type { DeliverJob } from '../queues.js';

export async function processDeliverJob(ctx: Context, job: Job<DeliverJob>): Promise<void> {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await deliver(ctx.db, job.data.deliveryId, ctx.config, ctx.log, { lastAttempt });
}

/** What the deliver queue's Worker needs beyond the usual: the delivery backoff. */
export function deliverWorkerSettings(config: Pick<Config, 'delivery'>): Pick<WorkerOptions, 'settings'> {
  return { settings: { backoffStrategy: deliveryBackoff(config) } };
}
