// Deliveries as an operator sees them (the CLI, the dashboard), and sending a
// failed one again under the same webhook-id.
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import type { Queue } from 'bullmq';
import type { DeliverJob } from '../queues.js';
import type { Db } from '../store/db.js';
import { deliveries, deliveryAttempts, webhooks } from '../store/schema.js';
import { deliverJobOptions, deliveryJobId } from './events.js';
import { displayUrl, WebhookError } from './webhooks.js';
import { makeConfig, type Config } from '../config.js';

export interface DeliveryView {
  id: number;
  webhookId: number;
  /** The webhook's URL with its tokens masked. */
  webhookUrl: string;
  format: string;
  /** The webhook-id header. */
  eventId: string;
  eventType: string;
  alertId: number | null;
  feedEventId: number | null;
  /** 'pending' | 'delivered' | 'failed' | 'cancelled' (an alert dismissed before it was sent, or a retraction of one that never was) */
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface AttemptView { at: Date; statusCode: number | null; latencyMs: number | null; error: string | null }

export interface DeliveryDetail extends DeliveryView {
  payload: unknown;
  attemptLog: AttemptView[];
}

export interface ListDeliveriesOptions {
  failed?: boolean;
  status?: 'pending' | 'delivered' | 'failed' | 'cancelled';
  webhookId?: number;
  alertId?: number;
  limit?: number;
}

const columns = {
  id: deliveries.id, webhookId: deliveries.webhookId, url: webhooks.url, format: webhooks.format,
  eventId: deliveries.eventId, eventType: deliveries.eventType, alertId: deliveries.alertId, feedEventId: deliveries.feedEventId,
  status: deliveries.status, attempts: deliveries.attempts, lastStatusCode: deliveries.lastStatusCode, lastError: deliveries.lastError,
  createdAt: deliveries.createdAt, deliveredAt: deliveries.deliveredAt,
};

function view({ url, ...r }: { url: string } & Omit<DeliveryView, 'webhookUrl'>): DeliveryView {
  return { ...r, webhookUrl: displayUrl(url, r.format) };
}

/** Newest first; `failed` lists only deliveries that gave up. */
export async function listDeliveries(db: Db, opts: ListDeliveriesOptions = {}): Promise<DeliveryView[]> {
  const where: SQL[] = [];
  const status = opts.failed ? 'failed' : opts.status;
  if (status) where.push(eq(deliveries.status, status));
  if (opts.webhookId !== undefined) where.push(eq(deliveries.webhookId, opts.webhookId));
  if (opts.alertId !== undefined) where.push(eq(deliveries.alertId, opts.alertId));
  const rows = await db.select(columns).from(deliveries).innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(Math.max(1, Math.min(opts.limit ?? 100, 10_000)));
  return rows.map(view);
}

/** One delivery with its body and every attempt. */
export async function getDelivery(db: Db, id: number): Promise<DeliveryDetail | null> {
  const [row] = await db.select({ ...columns, payload: deliveries.payload }).from(deliveries)
    .innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId)).where(eq(deliveries.id, id));
  if (!row) return null;
  const attemptLog = await db.select({ at: deliveryAttempts.at, statusCode: deliveryAttempts.statusCode, latencyMs: deliveryAttempts.latencyMs, error: deliveryAttempts.error })
    .from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.id));
  const { payload, ...rest } = row;
  return { ...view(rest), payload, attemptLog };
}

/**
 * Sends a failed delivery again, with the same webhook-id and a fresh run of
 * retries. Its failed job is retried in place when Redis still has it.
 * Without a config, a job made anew gets the default number of attempts.
 */
export async function resendDelivery(db: Db, queue: Queue<DeliverJob>, id: number, config?: Pick<Config, 'delivery'>): Promise<void> {
  const [row] = await db.select({ id: deliveries.id, eventId: deliveries.eventId, status: deliveries.status, enabled: webhooks.enabled })
    .from(deliveries).innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId)).where(eq(deliveries.id, id));
  if (!row) throw new WebhookError(`no delivery ${id}`);
  if (row.status === 'delivered') throw new WebhookError(`delivery ${id} was delivered; it is not sent twice`);
  if (row.status === 'pending') throw new WebhookError(`delivery ${id} is still being tried`);
  if (!row.enabled) throw new WebhookError(`delivery ${id} is for a disabled webhook`);
  await db.update(deliveries).set({ status: 'pending' }).where(eq(deliveries.id, id));
  const job = await queue.getJob(deliveryJobId(row));
  const state = job ? await job.getState() : null;
  if (job && state === 'failed') {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return;
  }
  if (job && (state === 'completed' || state === 'unknown')) await job.remove();
  else if (job) return; // waiting, delayed or active already
  await queue.add('deliver', { deliveryId: id }, deliverJobOptions(row, (config ?? makeConfig()).delivery.attempts));
}
