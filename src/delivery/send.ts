// One delivery attempt: sign, POST, record, decide. The queue's retries and
// the backoff schedule live here too, so the rules of delivery read in one place.
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, type BackoffStrategy } from 'bullmq';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { createAddressPolicy, guardedLookup, literalBlockedReason } from '../fetcher/address.js';
import { BlockedAddressError, networkFailure } from '../fetcher/errors.js';
import type { Config } from '../config.js';
import { incidentsOf } from '../incidents.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { alerts, deliveries, deliveryAttempts, webhooks } from '../store/schema.js';
import { render, serialise, testEvent } from './payload.js';
import { displayUrl, getWebhookRow, scrub, type WebhookFormat, type WebhookRow } from './webhooks.js';
import { ALERT_NEWS, eventId } from './events.js';

/** A failed attempt worth trying again; retryAfterMs is the receiver's Retry-After. */
export class DeliveryRetryError extends Error {
  override name = 'DeliveryRetryError';
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

const MAX_BODY = 16 * 1024;
const USER_AGENT = 'claimwatch-webhooks/1 (+https://www.standardwebhooks.com)';

export interface AttemptOutcome {
  /** 'delivered' (2xx), 'retry' (5xx, 408, 429, timeout, connection), 'fail' (other answers). */
  outcome: 'delivered' | 'retry' | 'fail';
  statusCode: number | null;
  latencyMs: number;
  /** The receiver's answer, cut to 16 KiB. */
  body: string;
  error: string | null;
  retryAfterMs?: number;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function signatureHeaders(secret: string | null, msgId: string, body: string, at = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  };
  if (secret) headers['webhook-signature'] = new Webhook(secret).sign(msgId, at, body);
  return headers;
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
}

function classify(status: number): AttemptOutcome['outcome'] {
  if (status >= 200 && status < 300) return 'delivered';
  // 408 is the receiver's own timeout: a timeout, retried like ours.
  if (status >= 500 || status === 429 || status === 408) return 'retry';
  return 'fail';
}

function answerError(status: number, body: string, location?: string): string {
  const text = body.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (status >= 300 && status < 400) return `HTTP ${status}: webhooks are not redirected${location ? ` (to ${location})` : ''}; update the webhook URL`;
  return `HTTP ${status}${text ? `: ${text}` : ''}`;
}

// Webhooks are guarded like feeds: a URL given to claimwatch must not make it
// post to the operator's own network unless delivery.allowPrivate says so. One
// connection pool per allow-list, checking addresses as the socket resolves them.
const agents = new Map<string, { agent: Agent; policy: ReturnType<typeof createAddressPolicy> }>();
function guardFor(allowPrivate: readonly string[]) {
  const key = allowPrivate.join(',');
  let guard = agents.get(key);
  if (!guard) {
    const policy = createAddressPolicy(allowPrivate);
    guard = { policy, agent: new Agent({ connect: { lookup: guardedLookup(policy) } }) };
    agents.set(key, guard);
  }
  return guard;
}

function refusedAddress(reason: string): string {
  return `refused: ${reason}, and webhooks to private addresses are not allowed (add it to DELIVERY_ALLOW_PRIVATE, delivery.allowPrivate, to allow it)`;
}

/**
 * A target's `user:password@` as the `Authorization: Basic` header a receiver
 * expects (RFC 7617; HTTP clients do not send the URL's userinfo themselves),
 * and the URL without it.
 */
export function basicAuth(target: URL): { url: string; authorization: string | null } {
  if (!target.username && !target.password) return { url: target.href, authorization: null };
  const bare = new URL(target.href);
  bare.username = '';
  bare.password = '';
  const pair = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
  return { url: bare.href, authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

/**
 * POSTs one signed body. Never throws: every way it can go is an outcome. A
 * target at a private, loopback or link-local address not in allowPrivate is
 * a failure that is not retried.
 */
export async function post(
  hook: Pick<WebhookRow, 'url' | 'format' | 'secret'>, msgId: string, body: string, timeoutMs: number, allowPrivate: readonly string[] = [],
): Promise<AttemptOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const latency = () => Math.round(performance.now() - started);
  const guard = guardFor(allowPrivate);
  let target: URL | null = null;
  try {
    target = new URL(hook.url);
  } catch { /* undici says what is wrong with it below */ }
  const literal = target && literalBlockedReason(guard.policy, target);
  if (literal) return { outcome: 'fail', statusCode: null, latencyMs: latency(), body: '', error: refusedAddress(literal) };
  const { url, authorization } = target ? basicAuth(target) : { url: hook.url, authorization: null };
  try {
    const res = await request(url, {
      dispatcher: guard.agent,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        ...(authorization ? { authorization } : {}),
        ...signatureHeaders(hook.secret, msgId, body),
      },
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await readLimited(res.body).catch(() => '');
    const outcome = classify(res.statusCode);
    const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
    return {
      outcome,
      statusCode: res.statusCode,
      latencyMs: latency(),
      body: text,
      error: outcome === 'delivered' ? null : scrub(answerError(res.statusCode, text, location), hook),
      retryAfterMs: outcome === 'retry' ? parseRetryAfter(res.headers['retry-after']) : undefined,
    };
  } catch (err) {
    const e = err as Error & { code?: string };
    for (let c: unknown = err, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
      if (c instanceof BlockedAddressError) return { outcome: 'fail', statusCode: null, latencyMs: latency(), body: '', error: scrub(refusedAddress(c.message), hook) };
    }
    const timedOut = signal.aborted || /timeout/i.test(e.code ?? e.name ?? '');
    const error = timedOut
      ? `timed out after ${timeoutMs} ms`
      : `connection failed: ${networkFailure(err) ?? e.message}`;
    return { outcome: 'retry', statusCode: null, latencyMs: latency(), body: '', error: scrub(error, hook) };
  }
}

/**
 * The backoff schedule: attempt n waits base·2^(n−1), base chosen so that the
 * waits of all attempts add up to the window, each moved by up to ±20% so
 * that deliveries failed together do not come back together.
 */
export function retryDelay(attemptsMade: number, delivery: Pick<Config['delivery'], 'windowHours' | 'attempts'>, random = Math.random): number {
  const windowMs = delivery.windowHours * 3600_000;
  const steps = Math.max(1, delivery.attempts - 1);
  const base = windowMs / (2 ** steps - 1);
  const nominal = base * 2 ** (Math.max(1, attemptsMade) - 1);
  return Math.max(10, Math.round(nominal * (1 + 0.2 * (2 * random() - 1))));
}

/** BullMQ's custom backoff for deliveries: the schedule, but never sooner than the receiver's Retry-After. */
export function deliveryBackoff(config: { delivery: Pick<Config['delivery'], 'windowHours' | 'attempts'> }): BackoffStrategy {
  return (attemptsMade, _type, err) => {
    const scheduled = retryDelay(attemptsMade, config.delivery);
    const asked = err instanceof DeliveryRetryError ? err.retryAfterMs : undefined;
    if (asked === undefined) return scheduled;
    return Math.max(scheduled, Math.min(asked, config.delivery.windowHours * 3600_000));
  };
}

type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Whether a delivery still has a point. An alert dismissed as wrong before
 * its news reached a webhook is not sent there at all; its retraction goes
 * only after the news did (and waits while the news is still being tried),
 * so a channel never reads a retraction before, or without, the alert.
 */
async function stillDue(db: Db, delivery: DeliveryRow): Promise<{ due: true } | { due: false; wait: boolean; reason: string }> {
  if (delivery.alertId === null) return { due: true };
  if (ALERT_NEWS.includes(delivery.eventType)) {
    const [alert] = await db.select({ state: alerts.state }).from(alerts).where(eq(alerts.id, delivery.alertId));
    return alert?.state === 'dismissed' ? { due: false, wait: false, reason: 'the alert was dismissed as wrong before this was delivered' } : { due: true };
  }
  if (delivery.eventType !== 'alert.retracted') return { due: true };
  const news = await db.select({ status: deliveries.status }).from(deliveries).where(and(
    eq(deliveries.alertId, delivery.alertId), eq(deliveries.webhookId, delivery.webhookId),
    inArray(deliveries.eventType, ALERT_NEWS), ne(deliveries.id, delivery.id)));
  if (news.some((n) => n.status === 'delivered')) return { due: true };
  if (news.some((n) => n.status === 'pending')) return { due: false, wait: true, reason: 'waiting for the alert it retracts to be delivered first' };
  return { due: false, wait: false, reason: 'the alert it retracts never reached this webhook' };
}

async function record(db: Db, delivery: DeliveryRow, result: AttemptOutcome, final: boolean): Promise<void> {
  const status = result.outcome === 'delivered' ? 'delivered' : result.outcome === 'fail' || final ? 'failed' : 'pending';
  await db.transaction(async (tx) => {
    await tx.insert(deliveryAttempts).values({
      deliveryId: delivery.id, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error,
    });
    await tx.update(deliveries).set({
      status,
      attempts: sql`${deliveries.attempts} + 1`,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      ...(status === 'delivered' ? { deliveredAt: new Date() } : {}),
    }).where(eq(deliveries.id, delivery.id));
  });
}

export interface DeliverOptions {
  /** The queue will not try again after this attempt: a retryable failure is final. */
  lastAttempt?: boolean;
  /**
   * Takes the right to send this delivery for `ms`, shared by every process;
   * resolves to its release, or null when another run holds it.
   */
  lease?: (ms: number) => Promise<(() => Promise<void>) | null>;
}

/**
 * One attempt at a delivery. Returns when delivered (or when there is
 * nothing to send); throws DeliveryRetryError to be tried again, and BullMQ's
 * UnrecoverableError when trying again cannot help.
 */
export async function deliver(db: Db, deliveryId: number, config: Config, log: Logger, opts: DeliverOptions = {}): Promise<void> {
  // A job whose worker lost its lock (a process starved of CPU longer than the
  // lock lasts, not dead) is run again while the first run may still be
  // posting: both would read 'pending' and the receiver would get it twice.
  // One run at a time holds the lease, and reads the row only once it has it.
  const release = opts.lease ? await opts.lease(config.delivery.timeoutMs + 10_000) : null;
  if (opts.lease && !release) {
    log.debug({ deliveryId }, 'delivery being sent by another run; this one waits');
    throw new DeliveryRetryError('being sent by another run', config.delivery.timeoutMs);
  }
  try {
    await attempt(db, deliveryId, config, log, opts);
  } finally {
    await release?.();
  }
}

async function attempt(db: Db, deliveryId: number, config: Config, log: Logger, opts: DeliverOptions): Promise<void> {
  const [row] = await db.select().from(deliveries).innerJoin(webhooks, eq(webhooks.id, deliveries.webhookId))
    .where(eq(deliveries.id, deliveryId));
  if (!row) {
    log.debug({ deliveryId }, 'delivery gone (its webhook was removed); nothing to send');
    return;
  }
  const { deliveries: delivery, webhooks: hook } = row;
  const where = { deliveryId, webhookId: hook.id, eventType: delivery.eventType, eventId: delivery.eventId, url: displayUrl(hook.url, hook.format) };
  // A job run again after a crash, or a stray second job, must not send twice.
  if (delivery.status !== 'pending') {
    log.debug({ ...where, status: delivery.status }, 'delivery already settled; not sent again');
    return;
  }
  if (!hook.enabled) {
    const error = 'webhook disabled';
    await db.update(deliveries).set({ status: 'failed', lastError: error }).where(eq(deliveries.id, deliveryId));
    log.warn(where, `delivery failed: ${error}`);
    throw new UnrecoverableError(error);
  }
  const due = await stillDue(db, delivery);
  if (!due.due && !(due.wait && !opts.lastAttempt)) {
    await db.update(deliveries).set({ status: 'cancelled', lastError: due.reason }).where(eq(deliveries.id, deliveryId));
    log.info(where, `delivery cancelled: ${due.reason}`);
    return;
  }
  if (!due.due) {
    log.info(where, `delivery postponed: ${due.reason}`);
    throw new DeliveryRetryError(due.reason);
  }
  const result = await post(hook, delivery.eventId, serialise(delivery.payload), config.delivery.timeoutMs, config.delivery.allowPrivate);
  await record(db, delivery, result, opts.lastAttempt ?? false);
  const attemptNo = delivery.attempts + 1;
  const facts = { ...where, attempt: attemptNo, statusCode: result.statusCode, latencyMs: result.latencyMs };
  // A receiver that is down is one incident, not a line per attempt of every delivery to it.
  const receiver = `webhook ${hook.id} (${where.url})`;
  if (result.outcome === 'delivered') {
    incidentsOf(log).recovered(receiver, { webhookId: hook.id });
    log.info(facts, 'webhook delivered');
    return;
  }
  if (result.outcome === 'fail') {
    log.error(facts, `delivery failed, not retried: ${result.error}`);
    throw new UnrecoverableError(result.error ?? 'rejected');
  }
  if (opts.lastAttempt) log.error(facts, `delivery failed after ${attemptNo} attempts: ${result.error}`);
  else incidentsOf(log).failed(receiver, result.error ?? 'failed', { ...facts, retryAfterMs: result.retryAfterMs });
  throw new DeliveryRetryError(result.error ?? 'failed', result.retryAfterMs);
}

export interface TestResult { status: number; body: string; latencyMs: number }

/**
 * Sends a signed `test` event now and returns the receiver's answer (status 0
 * when none came). It is recorded as a delivery like any other.
 */
export async function testWebhook(db: Db, id: number, config: Config, log?: Logger): Promise<TestResult> {
  const hook = await getWebhookRow(db, id);
  const msgId = eventId(['test', id, randomUUID()]);
  const event = testEvent(msgId, id);
  const payload = render(hook.format as WebhookFormat, event);
  const [delivery] = await db.insert(deliveries).values({
    webhookId: id, eventId: msgId, eventType: 'test', payload,
  }).returning();
  const result = await post(hook, msgId, serialise(payload), config.delivery.timeoutMs, config.delivery.allowPrivate);
  await record(db, delivery, result, true);
  log?.info({ webhookId: id, url: displayUrl(hook.url, hook.format), statusCode: result.statusCode, latencyMs: result.latencyMs }, 'test event sent');
  return {
    status: result.statusCode ?? 0,
    body: result.statusCode === null ? result.error ?? '' : scrub(result.body, hook),
    latencyMs: result.latencyMs,
  };
}
