// deliver: one attempt per job run; BullMQ's retries, on the delivery
// schedule, make the rest.
import type { Job, WorkerOptions } from 'bullmq';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { deliver, deliveryBackoff } from '../delivery/index.js';
import type { DeliverJob } from '../queues.js';

/** One attempt at a delivery; the last one records it failed. */
export async function deliverOnce(ctx: Context, deliveryId: number, lastAttempt: boolean): Promise<void> {
  await deliver(ctx.db, deliveryId, ctx.config, ctx.log, { lastAttempt });
}

export async function processDeliverJob(ctx: Context, job: Job<DeliverJob>): Promise<void> {
  await deliverOnce(ctx, job.data.deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
}

/** What the deliver queue's Worker needs beyond the usual: the delivery backoff. */
export function deliverWorkerSettings(config: Pick<Config, 'delivery'>): Pick<WorkerOptions, 'settings'> {
  return { settings: { backoffStrategy: deliveryBackoff(config) } };
}
