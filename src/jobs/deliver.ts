// deliver: one attempt per job run; BullMQ's retries, on the delivery
// schedule, make the rest.
import { randomUUID } from 'node:crypto';
import type { Job, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { deliver, deliveryBackoff } from '../delivery/index.js';
import type { DeliverJob } from '../queues.js';

/** One attempt at a delivery; the last one records it failed. */
export async function deliverOnce(ctx: Context, deliveryId: number, lastAttempt: boolean): Promise<void> {
  await deliver(ctx.db, deliveryId, ctx.config, ctx.log, { lastAttempt, lease: (ms) => sendingLease(ctx, deliveryId, ms) });
}

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * The right to send one delivery, in Redis beside its queue (so every process
 * sees it), for `ms` at most: the key expires by itself if its holder dies.
 * Its release deletes it only if it still holds it.
 */
export async function sendingLease(ctx: Context, deliveryId: number, ms: number): Promise<(() => Promise<void>) | null> {
  // BullMQ's client is ioredis behind an adapter that passes its own commands through.
  const redis = (await ctx.queues.deliver.getBackend().client) as unknown as Redis;
  const key = `${ctx.config.queuePrefix}:claimwatch:sending:${deliveryId}`;
  const token = randomUUID();
  if (await redis.set(key, token, 'PX', ms, 'NX') !== 'OK') return null;
  return async () => { await redis.eval(RELEASE, 1, key, token); };
}

export async function processDeliverJob(ctx: Context, job: Job<DeliverJob>): Promise<void> {
  await deliverOnce(ctx, job.data.deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
}

/** What the deliver queue's Worker needs beyond the usual: the delivery backoff. */
export function deliverWorkerSettings(config: Pick<Config, 'delivery'>): Pick<WorkerOptions, 'settings'> {
  return { settings: { backoffStrategy: deliveryBackoff(config) } };
}
