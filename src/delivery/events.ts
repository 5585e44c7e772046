// An event (an alert raised or corroborated, a feed broken or recovered)
// becomes one delivery per webhook whose filter it passes, and one job per
// delivery. Enqueueing the same event again changes nothing: its id is derived
// from what it is, and (webhook, event id) is unique in the store.
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { JobsOptions, Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { DeliverJob } from '../queues.js';
import type { Db } from '../store/db.js';
import { alertActions, alerts, deliveries, feedEvents, feeds, webhooks } from '../store/schema.js';
import { alertEvent, feedEvent, render, retractedEvent, type WebhookEvent } from './payload.js';
import type { EventType, WebhookFormat, WebhookRow } from './webhooks.js';

export interface EventRef {
  type: EventType;
  alertId?: number;
  feedEventId?: number;
}

/** The custom BullMQ backoff type the deliver worker's strategy answers to. */
export const DELIVERY_BACKOFF = 'delivery';

/**
 * A Standard Webhooks message id. The creation time goes into the hash so
 * that a store started afresh (alert 1 again) does not reuse ids a receiver
 * has already seen and would drop.
 */
export function eventId(parts: (string | number)[]): string {
  return `msg_${createHash('sha256').update(parts.join('/')).digest('base64url').slice(0, 27)}`;
}

export function deliveryJobId(delivery: { id: number; eventId: string }): string {
  return `delivery-${delivery.id}-${delivery.eventId}`;
}

export function deliverJobOptions(delivery: { id: number; eventId: string }, attempts: number): JobsOptions {
  return {
    jobId: deliveryJobId(delivery),
    attempts,
    backoff: { type: DELIVERY_BACKOFF },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    // An exhausted delivery stays in the failed set for an operator to see and resend.
    removeOnFail: false,
  };
}

interface Subject { watch?: string; measure?: string; ratio?: number }

/** Whether a webhook's filter lets the event through. Watch, measures and ratio filter alerts only. */
export function passes(hook: Pick<WebhookRow, 'enabled' | 'events' | 'watch' | 'measures' | 'minRatio'>, type: EventType, subject: Subject): boolean {
  if (!hook.enabled) return false;
  if (hook.events?.length) {
    const family = `${type.split('.')[0]}.*`;
    if (!hook.events.some((e) => e === type || e === family || e === '*')) return false;
  }
  if (!type.startsWith('alert.')) return true;
  if (hook.watch && hook.watch !== subject.watch) return false;
  if (hook.measures?.length && !hook.measures.includes(subject.measure ?? '')) return false;
  if (hook.minRatio != null && !((subject.ratio ?? 0) >= hook.minRatio)) return false;
  return true;
}

async function build(db: Db | Tx, ref: EventRef, config: Config): Promise<{ event: WebhookEvent; subject: Subject }> {
  if (ref.type === 'alert.created' || ref.type === 'alert.corroborated') {
    if (ref.alertId === undefined) throw new Error(`a ${ref.type} event needs an alertId`);
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, ref.alertId));
    if (!alert) throw new Error(`alert ${ref.alertId} not found`);
    const id = ref.type === 'alert.created'
      ? eventId([ref.type, alert.id, alert.createdAt.toISOString()])
      // Each corroboration is its own event; the count tells them apart.
      : eventId([ref.type, alert.id, alert.createdAt.toISOString(), alert.corroborations.length]);
    return { event: alertEvent(ref.type, id, alert, config), subject: { watch: alert.watch, measure: alert.measure, ratio: alert.ratio } };
  }
  if (ref.type === 'alert.retracted') {
    if (ref.alertId === undefined) throw new Error('an alert.retracted event needs an alertId');
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, ref.alertId));
    if (!alert) throw new Error(`alert ${ref.alertId} not found`);
    const [dismissal] = await db.select().from(alertActions)
      .where(and(eq(alertActions.alertId, alert.id), eq(alertActions.action, 'dismiss'))).orderBy(desc(alertActions.at)).limit(1);
    if (alert.state !== 'dismissed' || !dismissal) throw new Error(`alert ${alert.id} is not dismissed: nothing to retract`);
    const id = eventId([ref.type, alert.id, alert.createdAt.toISOString()]);
    const retraction = { by: dismissal.by, note: dismissal.note, at: dismissal.at.toISOString() };
    return { event: retractedEvent(id, alert, retraction, config), subject: { watch: alert.watch, measure: alert.measure, ratio: alert.ratio } };
  }
  if (ref.feedEventId === undefined) throw new Error(`a ${ref.type} event needs a feedEventId`);
  const [row] = await db.select().from(feedEvents).innerJoin(feeds, eq(feeds.id, feedEvents.feedId)).where(eq(feedEvents.id, ref.feedEventId));
  if (!row) throw new Error(`feed event ${ref.feedEventId} not found`);
  const id = eventId([ref.type, row.feed_events.id, row.feed_events.at.toISOString()]);
  return { event: feedEvent(id, row.feed_events, row.feeds, config), subject: {} };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * A retraction goes where the alert went, whatever the webhook's filter says
 * now: a channel that showed a wrong figure must be told, and one that never
 * showed it has nothing to take back.
 */
async function hooksToldOf(db: Db | Tx, alertId: number): Promise<WebhookRow[]> {
  const told = db.select({ id: deliveries.webhookId }).from(deliveries)
    .where(and(eq(deliveries.alertId, alertId), inArray(deliveries.eventType, ALERT_NEWS)));
  return db.select().from(webhooks).where(and(inArray(webhooks.id, told), eq(webhooks.enabled, true)));
}

/** The events that put an alert's figure in front of a receiver. */
export const ALERT_NEWS = ['alert.created', 'alert.corroborated'];

/**
 * Creates the event's deliveries and queues them. Returns the ids of all its
 * deliveries, those made by an earlier call included; only pending ones are
 * queued again (their job id makes that a no-op when the job is there).
 * With `queue` null the rows are only written (in the caller's transaction,
 * say): the caller queues them after its commit (queueDeliveries), and the
 * sweeper does if it never gets there.
 */
export async function enqueueEvent(db: Db | Tx, queue: Queue<DeliverJob> | null, ref: EventRef, config: Config): Promise<number[]> {
  const { event, subject } = await build(db, ref, config);
  const hooks = ref.type === 'alert.retracted'
    ? await hooksToldOf(db, ref.alertId!)
    : (await db.select().from(webhooks).where(eq(webhooks.enabled, true))).filter((h) => passes(h, ref.type, subject));
  if (hooks.length === 0) return [];
  await db.insert(deliveries).values(hooks.map((h) => ({
    webhookId: h.id,
    eventId: event.id,
    eventType: ref.type,
    alertId: ref.alertId ?? null,
    feedEventId: ref.feedEventId ?? null,
    payload: render(h.format as WebhookFormat, event),
  }))).onConflictDoNothing();
  const rows = await db.select({ id: deliveries.id, eventId: deliveries.eventId, status: deliveries.status }).from(deliveries)
    .where(and(eq(deliveries.eventId, event.id), inArray(deliveries.webhookId, hooks.map((h) => h.id))));
  const pending = rows.filter((d) => d.status === 'pending');
  if (pending.length && queue) {
    await queue.addBulk(pending.map((d) => ({ name: 'deliver', data: { deliveryId: d.id }, opts: deliverJobOptions(d, config.delivery.attempts) })));
  }
  return rows.map((d) => d.id).sort((a, b) => a - b);
}

/** Queues the given deliveries that are still pending (after the transaction that made them committed). */
export async function queueDeliveries(db: Db, queue: Queue<DeliverJob>, ids: number[], config: Config): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.select({ id: deliveries.id, eventId: deliveries.eventId }).from(deliveries)
    .where(and(inArray(deliveries.id, ids), eq(deliveries.status, 'pending')));
  if (rows.length) await queue.addBulk(rows.map((d) => ({ name: 'deliver', data: { deliveryId: d.id }, opts: deliverJobOptions(d, config.delivery.attempts) })));
}
