// What an operator does with an alert, from the dashboard or the command line:
// confirm it (a held alert is then posted: its deliveries are queued) or
// dismiss it (its claims are marked wrong, leave the consensus, the same
// figure from the same source raises nothing again, and a channel the alert
// was posted to is sent its retraction). Every action is recorded with who
// took it, from where and when.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Context } from '../context.js';
import type { ConsensusSettings } from '../consensus/settings.js';
import { enqueueEvent, queueDeliveries } from '../delivery/index.js';
import type { Db } from '../store/db.js';
import { alertActions, alerts, claims } from '../store/schema.js';
import { lockMeasure, rebuildConsensus } from './index.js';

export type AlertState = 'raised' | 'held' | 'history' | 'confirmed' | 'dismissed';
export const ALERT_STATES: readonly AlertState[] = ['raised', 'held', 'history', 'confirmed', 'dismissed'];

export interface Actor {
  /** Who: a person's name, or the account a command ran under. */
  by: string;
  via: 'dashboard' | 'api' | 'cli';
  note?: string | null;
}

/** A request an alert cannot take: unknown id (404) or the wrong state (409). */
export class AlertReviewInputError extends Error {
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

type AlertRow = typeof alerts.$inferSelect;
type Deps = Pick<Context, 'db' | 'queues' | 'config'>;

function cleanActor(actor: Actor): Actor {
  const by = actor.by.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 200);
  if (!by) throw new AlertReviewInputError('say who takes the action', 400);
  return { ...actor, by, note: actor.note?.trim().slice(0, 2000) || null };
}

async function lockAlert(tx: Db, id: number): Promise<AlertRow> {
  const [alert] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
  if (!alert) throw new AlertReviewInputError(`no alert ${id}`, 404);
  return alert;
}

export interface ConfirmResult { alert: AlertRow; posted: boolean; deliveries: number[]; consensusIds: number[] }

/**
 * Confirms an alert. A held one is posted now (its `alert.created` event is
 * queued to the webhooks, as a raised one's was when found); a raised one is
 * marked confirmed; a history one (old news) is confirmed and stays unposted.
 * Its figure then counts toward the consensus: with `settingsFor`, the
 * measure's consensus history is computed again from its date on.
 * Confirming a confirmed alert again changes nothing.
 */
export async function confirmAlert(deps: Deps, id: number, who: Actor, now = new Date(),
  settingsFor?: (watch: string, measure: string) => ConsensusSettings): Promise<ConfirmResult> {
  const actor = cleanActor(who);
  const { alert, posted, consensusIds } = await deps.db.transaction(async (tx) => {
    const a = await lockAlert(tx as unknown as Db, id);
    if (a.state === 'dismissed') throw new AlertReviewInputError(`alert ${id} was dismissed: its claim is marked wrong`, 409);
    if (a.state === 'confirmed') return { alert: a, posted: false, consensusIds: [] as number[] };
    const post = a.state === 'held';
    const [row] = await tx.update(alerts).set({ state: 'confirmed', updatedAt: now, ...(post ? { postedAt: now } : {}) })
      .where(eq(alerts.id, id)).returning();
    await tx.insert(alertActions).values({ alertId: id, action: 'confirm', fromState: a.state, by: actor.by, via: actor.via, note: actor.note, at: now });
    let moved: number[] = [];
    if (settingsFor) {
      await lockMeasure(tx, a.watch, a.measure);
      moved = await rebuildConsensus(tx, a.watch, a.measure, settingsFor(a.watch, a.measure), a.asOf ?? a.createdAt);
    }
    return { alert: row, posted: post, consensusIds: moved };
  });
  // After the commit: the delivery reads the alert as posted. Queuing the same
  // event twice is a no-op, so a retry after a crash here is safe.
  const deliveries = posted ? await enqueueEvent(deps.db, deps.queues.deliver, { type: 'alert.created', alertId: id }, deps.config) : [];
  return { alert, posted, deliveries, consensusIds };
}

export interface DismissResult {
  alert: AlertRow;
  claims: number[];
  consensusIds: number[];
  /** The retraction's deliveries: one per webhook the alert was posted to. */
  retractions: number[];
}

/**
 * Dismisses an alert: its claim, and those that corroborated the same figure,
 * are marked wrong; they leave the measure's consensus, whose history is
 * computed again from the earliest of them on. Where the alert was posted, an
 * `alert.retracted` event follows it, written in the same transaction (the
 * sweeper queues it if this process dies before it does).
 */
export async function dismissAlert(deps: Pick<Context, 'db' | 'config'> & { queues?: Pick<Context['queues'], 'deliver'> | null }, id: number, who: Actor,
  settingsFor: (watch: string, measure: string) => ConsensusSettings, now = new Date()): Promise<DismissResult> {
  const actor = cleanActor(who);
  const result = await deps.db.transaction(async (tx) => {
    const a = await lockAlert(tx as unknown as Db, id);
    if (a.state === 'dismissed') return { alert: a, claims: [], consensusIds: [], retractions: [] };
    await lockMeasure(tx, a.watch, a.measure);
    const ids = [a.claimId, ...a.corroborations.map((c) => c.claimId)];
    const marked = await tx.update(claims).set({ dismissedAt: now })
      .where(and(inArray(claims.id, ids))).returning({ id: claims.id, reportedAt: claims.reportedAt });
    const [row] = await tx.update(alerts).set({ state: 'dismissed', updatedAt: now }).where(eq(alerts.id, id)).returning();
    await tx.insert(alertActions).values({ alertId: id, action: 'dismiss', fromState: a.state, by: actor.by, via: actor.via, note: actor.note, at: now });
    const from = marked.length ? new Date(Math.min(...marked.map((m) => m.reportedAt.getTime()))) : a.asOf ?? a.createdAt;
    const consensusIds = await rebuildConsensus(tx, a.watch, a.measure, settingsFor(a.watch, a.measure), from);
    const retractions = a.postedAt ? await enqueueEvent(tx, null, { type: 'alert.retracted', alertId: id }, deps.config) : [];
    return { alert: row, claims: marked.map((m) => m.id), consensusIds, retractions };
  });
  if (deps.queues && result.retractions.length) await queueDeliveries(deps.db, deps.queues.deliver, result.retractions, deps.config);
  return result;
}

/** The actions taken on an alert, oldest first. */
export async function alertHistory(db: Db, id: number) {
  return db.select().from(alertActions).where(eq(alertActions.alertId, id)).orderBy(asc(alertActions.at), asc(alertActions.id));
}
