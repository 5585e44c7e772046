// Alerts reach webhooks through the deliver queue: a real BullMQ worker with
// the delivery backoff, the real store, and receivers on 127.0.0.1 that check
// every signature with the standardwebhooks package, as an operator's would.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Worker } from 'bullmq';
import { asc, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import {
  addWebhook, DeliveryRetryError, deliver, enqueueEvent, listDeliveries, listWebhooks, resendDelivery, type EventRef, type WebhookInput,
} from '../src/delivery/index.js';
import { deliverOnce, deliverWorkerSettings, processDeliverJob } from '../src/jobs/deliver.js';
import { dismissAlert } from '../src/alerts/review.js';
import { resolveSettings } from '../src/consensus/settings.js';
import { silentLogger, type Logger } from '../src/log.js';
import { connection, createQueues, type Queues } from '../src/queues.js';
import { alerts, articles, claims, deliveries, deliveryAttempts, feedEvents, feeds, webhooks } from '../src/store/schema.js';
import { clearPrefix, TEST_REDIS_URL } from './helpers/redis.js';
import { freshStore, STORE_KINDS, type StoreKind, type TestStore } from './helpers/store.js';

// ─── a receiver ─────────────────────────────────────────────────────────────

interface Received {
  id: string;
  timestamp: string;
  body: Record<string, any>;
  /** What the receiver answered. */
  status: number;
  at: number;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

interface Receiver {
  url: string;
  /** Verifies every request's signature under this secret when set. */
  secret: string | null;
  received: Received[];
  /** Requests whose signature did not verify (answered 401). */
  rejected: { headers: IncomingHttpHeaders; error: string }[];
  /** Ids answered with a 2xx, with how many times each was. */
  accepted(): Map<string, number>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Answers what `answer` says for the nth request (from 0). */
async function startReceiver(secret: string | null, answer: (n: number, r: Received) => Answer = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const rejected: Receiver['rejected'] = [];
  let n = 0;
  const sockets = new Set<Socket>();
  const make = (): Server => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          if (self.secret) new Webhook(self.secret).verify(raw, req.headers as Record<string, string>);
        } catch (err) {
          rejected.push({ headers: req.headers, error: (err as Error).message });
          res.statusCode = 401;
          res.end('bad signature');
          return;
        }
        const r: Received = {
          id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']),
          body: JSON.parse(raw), status: 0, at: Date.now(),
        };
        const a = answer(n++, r);
        r.status = a.status;
        received.push(r);
        if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
        if (res.destroyed) return;
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? (a.status < 300 ? 'ok' : 'no'));
      });
    });
    s.on('connection', (sock) => { sockets.add(sock); sock.on('close', () => sockets.delete(sock)); });
    return s;
  };
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let listening = true;
  const self: Receiver = {
    secret,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    rejected,
    accepted() {
      const m = new Map<string, number>();
      for (const r of received) if (r.status >= 200 && r.status < 300) m.set(r.id, (m.get(r.id) ?? 0) + 1);
      return m;
    },
    async stop() {
      if (!listening) return;
      listening = false;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
  };
  return self;
}

// ─── the store, the queue, a worker ─────────────────────────────────────────

interface Setup {
  t: TestStore;
  ctx: Context;
  queues: Queues;
  worker: Worker;
  fixture: { articleId: number; claimId: number };
}

const setups: Setup[] = [];
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
  for (const s of setups.splice(0)) {
    await s.worker.close();
    await s.queues.close();
    await clearPrefix(s.ctx.config.queuePrefix);
    await s.t.cleanup();
  }
});

async function setup(kind: StoreKind, delivery: Record<string, unknown>, opts: { log?: Logger; concurrency?: number } = {}): Promise<Setup> {
  const t = await freshStore(kind, {
    redisUrl: TEST_REDIS_URL,
    // The receivers listen on 127.0.0.1, which webhooks may reach only when allowed.
    delivery: { timeoutMs: 300, windowHours: 0.002, attempts: 6, allowPrivate: ['127.0.0.1'], ...delivery },
    dashboard: { publicUrl: 'https://claimwatch.example.org/' },
  });
  const queues = createQueues(t.config);
  const ctx: Context = { config: t.config, store: t.store, db: t.store.db, log: opts.log ?? silentLogger, queues };
  const worker = new Worker('deliver', (job) => processDeliverJob(ctx, job), {
    connection: connection(t.config), prefix: t.config.queuePrefix, concurrency: opts.concurrency ?? 8,
    ...deliverWorkerSettings(t.config),
  });
  worker.on('error', () => {});
  const [article] = await t.store.db.insert(articles).values({
    url: 'https://news.example.org/2025/troops', status: 'new', title: 'Pyongyang sends more troops',
    text: 'North Korea is sending an additional 25,000 to 30,000 soldiers, according to Ukrainian intelligence.',
  }).returning();
  const [claim] = await t.store.db.insert(claims).values({
    articleId: article.id, watch: 'dprk-troops', measure: 'troops', low: 25000, high: 30000, unit: 'persons',
    qualifier: 'exact', status: 'additional', scope: 'total', source: ['Ukrainian intelligence'],
    evidenceSentence: 'North Korea is sending an additional 25,000 to 30,000 soldiers.', evidenceStart: 0, evidenceEnd: 60,
    confidence: 0.9, reportedAt: new Date('2025-01-10T08:00:00Z'),
  }).returning();
  const s = { t, ctx, queues, worker, fixture: { articleId: article.id, claimId: claim.id } };
  setups.push(s);
  return s;
}

let keys = 0;
async function makeAlert(s: Setup, o: Partial<typeof alerts.$inferInsert> = {}): Promise<number> {
  const [row] = await s.ctx.db.insert(alerts).values({
    watch: 'dprk-troops', measure: 'troops', claimId: s.fixture.claimId, articleId: s.fixture.articleId,
    key: `troops:${++keys}`, low: 25000, high: 30000, unit: 'persons', qualifier: 'exact', status: 'additional', scope: 'total',
    source: ['Ukrainian intelligence', 'CNN'], sourceKey: 'ukraine-hur', centre: 11000, bandLow: 10000, bandHigh: 12000,
    support: 4, supportSources: ['NIS', 'Pentagon', 'HUR', 'Reuters'], ratio: 2.5, direction: 'above',
    explanation: '25,000–30,000 additional troops would put the total at about 38,500, 2.5 times the consensus of 11,000.',
    evidence: 'North Korea is sending an additional 25,000 to 30,000 soldiers.',
    articleUrl: 'https://news.example.org/2025/troops', articleTitle: 'Pyongyang sends more troops',
    ...o,
  }).returning();
  return row.id;
}

/** A receiver and its webhook, the secret claimwatch made given to the receiver as an operator would copy it. */
async function receiverHook(s: Setup, input: Partial<WebhookInput>, answer?: (n: number, r: Received) => Answer) {
  const receiver = await startReceiver(null, answer);
  receivers.push(receiver);
  const hook = await addWebhook(s.ctx.db, { url: receiver.url, ...input });
  receiver.secret = hook.secret!;
  return { hook, receiver };
}

async function waitFor<T>(what: string, fn: () => Promise<T | false | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function settled(s: Setup, ids: number[]) {
  return waitFor('deliveries to settle', async () => {
    const rows = await s.ctx.db.select().from(deliveries).where(inArray(deliveries.id, ids)).orderBy(asc(deliveries.id));
    return rows.length === ids.length && rows.every((d) => d.status !== 'pending') && rows;
  });
}

async function attemptsOf(s: Setup, id: number) {
  return s.ctx.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.id));
}

const enqueue = (s: Setup, ref: EventRef) => enqueueEvent(s.ctx.db, s.queues.deliver, ref, s.ctx.config);

// ─── the tests ──────────────────────────────────────────────────────────────

describe.each(STORE_KINDS)('delivery on the %s store', (kind) => {
  it('posts an alert to each webhook whose filter it passes, signed, and to no other', async () => {
    const s = await setup(kind, {});
    const troops = await receiverHook(s, { measures: ['troops'] });
    const bigOnes = await receiverHook(s, { format: 'slack', minRatio: 2 });
    const casualties = await receiverHook(s, { measures: ['casualties'] });
    const otherWatch = await receiverHook(s, { watch: 'another-story' });
    const feedsOnly = await receiverHook(s, { events: ['feed.*'] });
    const alertId = await makeAlert(s);

    const ids = await enqueue(s, { type: 'alert.created', alertId });
    expect(ids).toHaveLength(2);
    const rows = await settled(s, ids);
    expect(rows.map((d) => [d.webhookId, d.status, d.attempts])).toEqual([[troops.hook.id, 'delivered', 1], [bigOnes.hook.id, 'delivered', 1]]);

    // The json receiver got the documented payload, under the delivery's webhook-id.
    expect(troops.receiver.received).toHaveLength(1);
    const got = troops.receiver.received[0];
    expect(got.id).toBe(rows[0].eventId);
    expect(got.id).toMatch(/^msg_/);
    expect(got.body).toMatchObject({
      type: 'alert.created', version: 1, id: got.id,
      data: {
        alert: {
          id: alertId, measure: 'troops', figure: { low: 25000, high: 30000, unit: 'persons' }, qualifier: 'exact', status: 'additional',
          source: ['Ukrainian intelligence', 'CNN'],
          consensus: { centre: 11000, bandLow: 10000, bandHigh: 12000, support: 4, sources: ['NIS', 'Pentagon', 'HUR', 'Reuters'] },
          ratio: 2.5, direction: 'above', evidence: 'North Korea is sending an additional 25,000 to 30,000 soldiers.',
          article: { url: 'https://news.example.org/2025/troops', title: 'Pyongyang sends more troops' },
          corroborations: [],
          dashboardUrl: `https://claimwatch.example.org/alerts/${alertId}`,
        },
      },
    });
    expect(Object.keys(got.body)).toEqual(['type', 'version', 'id', 'timestamp', 'data']);
    expect(Date.parse(got.body.data.alert.firstSeenAt)).not.toBeNaN();
    expect(bigOnes.receiver.received).toHaveLength(1);
    expect(bigOnes.receiver.received[0].body.text).toMatch(/25,000–30,000 persons/);
    for (const r of [casualties, otherWatch, feedsOnly]) expect(r.receiver.received).toHaveLength(0);
    for (const r of [troops, bigOnes]) expect(r.receiver.rejected).toEqual([]);

    // The same event enqueued again (the analysing job run twice), or a
    // delivery's job run again after a crash, sends nothing new.
    expect(await enqueue(s, { type: 'alert.created', alertId })).toEqual(ids);
    await deliver(s.ctx.db, ids[0], s.ctx.config, silentLogger);
    await new Promise((r) => setTimeout(r, 300));
    expect(troops.receiver.received).toHaveLength(1);
    expect(bigOnes.receiver.received).toHaveLength(1);
  });
});

describe('delivery', () => {
  it('sends corroborations and feed events as their own event types, each filterable', async () => {
    const s = await setup('postgres', {});
    const all = await receiverHook(s, {});
    const corroborations = await receiverHook(s, { events: ['alert.corroborated'] });
    const broken = await receiverHook(s, { events: ['feed.broken'], measures: ['troops'] });
    const alertId = await makeAlert(s);
    const [feed] = await s.ctx.db.insert(feeds).values({ url: 'https://news.example.org/rss', title: 'Example News', intervalSeconds: 600, status: 'broken' }).returning();
    const [brokenEvent] = await s.ctx.db.insert(feedEvents).values({ feedId: feed.id, kind: 'broken', message: 'Example News has failed 3 times: HTTP 503' }).returning();
    const [recoveredEvent] = await s.ctx.db.insert(feedEvents).values({ feedId: feed.id, kind: 'recovered', message: 'Example News answers again' }).returning();

    const created = await enqueue(s, { type: 'alert.created', alertId });
    await s.ctx.db.update(alerts).set({
      corroborations: [{ source: 'Yonhap', articleId: s.fixture.articleId, claimId: s.fixture.claimId, url: 'https://yonhap.example.org/a', at: '2025-01-11T09:00:00.000Z' }],
      updatedAt: new Date(),
    }).where(eq(alerts.id, alertId));
    const corroborated = await enqueue(s, { type: 'alert.corroborated', alertId });
    const feedBroken = await enqueue(s, { type: 'feed.broken', feedEventId: brokenEvent.id });
    const feedRecovered = await enqueue(s, { type: 'feed.recovered', feedEventId: recoveredEvent.id });
    await settled(s, [...created, ...corroborated, ...feedBroken, ...feedRecovered]);

    expect(all.receiver.received.map((r) => r.body.type).sort()).toEqual(['alert.corroborated', 'alert.created', 'feed.broken', 'feed.recovered']);
    expect(new Set(all.receiver.received.map((r) => r.id)).size).toBe(4);
    expect(corroborations.receiver.received.map((r) => r.body.type)).toEqual(['alert.corroborated']);
    expect(corroborations.receiver.received[0].body.data.corroboration).toMatchObject({ source: 'Yonhap', url: 'https://yonhap.example.org/a' });
    expect(corroborations.receiver.received[0].body.data.alert.corroborations).toHaveLength(1);
    // A measures filter is about alerts; the feed event still reaches a feed.broken subscriber.
    expect(broken.receiver.received.map((r) => r.body.type)).toEqual(['feed.broken']);
    expect(broken.receiver.received[0].body.data).toMatchObject({
      feed: { id: feed.id, url: 'https://news.example.org/rss', title: 'Example News', status: 'broken' },
      event: { kind: 'broken', message: 'Example News has failed 3 times: HTTP 503' },
    });
  });

  it('retracts a posted alert that is dismissed, where it was posted and only there, after the alert itself', async () => {
    const s = await setup('postgres', {});
    const json = await receiverHook(s, {});
    const slack = await receiverHook(s, { format: 'slack', events: ['alert.created'] });
    const casualties = await receiverHook(s, { measures: ['casualties'] });
    const settings = () => resolveSettings({}, { kind: 'level' });
    const alertId = await makeAlert(s, { postedAt: new Date() });
    await settled(s, await enqueue(s, { type: 'alert.created', alertId }));

    const r = await dismissAlert(s.ctx, alertId, { by: 'ben', via: 'dashboard', note: 'misread: 2,500 to 3,000' }, settings);
    expect(r.retractions).toHaveLength(2);
    const rows = await settled(s, r.retractions);
    expect(rows.map((d) => [d.eventType, d.status])).toEqual([['alert.retracted', 'delivered'], ['alert.retracted', 'delivered']]);

    expect(json.receiver.received.map((x) => x.body.type)).toEqual(['alert.created', 'alert.retracted']);
    const retracted = json.receiver.received[1].body;
    expect(retracted.data.alert).toMatchObject({ id: alertId, figure: { low: 25000, high: 30000 } });
    expect(retracted.data.retraction).toMatchObject({ by: 'ben', note: 'misread: 2,500 to 3,000' });
    expect(json.receiver.received[1].id).not.toBe(json.receiver.received[0].id);
    // The webhook filtered to alert.created still hears that the figure it showed was wrong.
    expect(slack.receiver.received).toHaveLength(2);
    expect(slack.receiver.received[1].body.text).toMatch(/^Retracted: troops figure 25,000–30,000 persons: .*dismissed as wrong by ben \(misread: 2,500 to 3,000\)/);
    expect(casualties.receiver.received).toEqual([]);
    for (const x of [json, slack]) expect(x.receiver.rejected).toEqual([]);

    // Dismissing again retracts nothing again.
    expect((await dismissAlert(s.ctx, alertId, { by: 'ben', via: 'cli' }, settings)).retractions).toEqual([]);
  });

  it('never sends an alert dismissed before it got through, nor its retraction', async () => {
    const s = await setup('postgres', {});
    const down = await receiverHook(s, {});
    await down.receiver.stop();
    const alertId = await makeAlert(s, { postedAt: new Date() });
    const [created] = await enqueue(s, { type: 'alert.created', alertId });
    await waitFor('a failed first attempt', async () => (await attemptsOf(s, created)).length > 0);

    const r = await dismissAlert(s.ctx, alertId, { by: 'ana', via: 'api' }, () => resolveSettings({}, { kind: 'level' }));
    expect(r.retractions).toHaveLength(1);
    await down.receiver.start();
    const [news, retraction] = await settled(s, [created, ...r.retractions]);
    expect(news).toMatchObject({ eventType: 'alert.created', status: 'cancelled', lastError: 'the alert was dismissed as wrong before this was delivered' });
    expect(retraction).toMatchObject({ eventType: 'alert.retracted', status: 'cancelled', lastError: 'the alert it retracts never reached this webhook' });
    await new Promise((res) => setTimeout(res, 300));
    expect(down.receiver.received).toEqual([]);
  });

  it('gives a receiver that was down for a while each alert exactly once by id', async () => {
    const s = await setup('postgres', {});
    const { receiver } = await receiverHook(s, {});
    await receiver.stop();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(...await enqueue(s, { type: 'alert.created', alertId: await makeAlert(s) }));
    expect(ids).toHaveLength(5);
    // Down until every delivery has failed at least twice, then back.
    await waitFor('failed attempts while down', async () => {
      const rows = await s.ctx.db.select().from(deliveries).where(inArray(deliveries.id, ids));
      return rows.every((d) => d.attempts >= 2);
    });
    await receiver.start();
    const rows = await settled(s, ids);
    expect(rows.every((d) => d.status === 'delivered')).toBe(true);
    const accepted = receiver.accepted();
    expect([...accepted.keys()].sort()).toEqual(rows.map((d) => d.eventId).sort());
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.rejected).toEqual([]);
    for (const d of rows) {
      const attempts = await attemptsOf(s, d.id);
      expect(attempts.length).toBe(d.attempts);
      expect(attempts.at(-1)!.statusCode).toBe(200);
      expect(attempts.slice(0, 2).every((a) => a.statusCode === null && /^connection failed: connection refused \(127\.0\.0\.1:\d+\)$/.test(a.error ?? ''))).toBe(true);
    }
  });

  // The kill test's flake (issue 22): a worker starved of CPU longer than its
  // lock lasts is not dead, but its job is handed to another run all the same;
  // both read the delivery 'pending', and both posted it.
  it('posts a delivery once when its job runs twice at the same time, and says so in one line while the receiver is down', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const s = await setup('postgres', { timeoutMs: 3000 }, { log });
    await s.worker.close(); // the runs are this test's own
    let down = true;
    const { hook, receiver } = await receiverHook(s, {}, () => (down ? { status: 503, body: 'maintenance' } : { status: 200, delayMs: 400 }));
    const alertId = await makeAlert(s);
    const [row] = await s.ctx.db.insert(deliveries).values({
      webhookId: hook.id, eventId: 'msg_twice', eventType: 'alert.created', alertId, payload: { type: 'alert.created', data: {} },
    }).returning();

    // Down: four attempts, one line when it starts failing, none for the three after.
    for (let i = 0; i < 4; i++) await expect(deliverOnce(s.ctx, row.id, false)).rejects.toBeInstanceOf(DeliveryRetryError);
    down = false;
    const runs = await Promise.allSettled([deliverOnce(s.ctx, row.id, false), deliverOnce(s.ctx, row.id, false)]);
    expect(runs.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1);
    await deliverOnce(s.ctx, row.id, false); // the second run's retry: nothing left to send
    expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1);
    const [after] = await s.ctx.db.select().from(deliveries).where(eq(deliveries.id, row.id));
    expect(after).toMatchObject({ status: 'delivered', attempts: 5 });

    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 40).map((l) => l.msg);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^webhook ${hook.id} \\(http://127\\.0\\.0\\.1:\\d+/hook\\) failing since \\d\\d:\\d\\d:\\d\\d UTC: HTTP 503: maintenance`)),
      expect.stringMatching(new RegExp(`^webhook ${hook.id} \\(.*\\) back after \\d+ s: 4 failures since \\d\\d:\\d\\d:\\d\\d UTC \\(HTTP 503: maintenance\\)$`)),
    ]);
  });

  it('retries 500s under the same webhook-id and fails a 400 at once, recorded', async () => {
    const s = await setup('postgres', {});
    const flaky = await receiverHook(s, {}, (n) => (n < 2 ? { status: 500, body: 'database is down' } : { status: 204 }));
    const strict = await receiverHook(s, { format: 'slack' }, () => ({ status: 400, body: 'invalid_blocks' }));
    const alertId = await makeAlert(s);
    const [toFlaky, toStrict] = await enqueue(s, { type: 'alert.created', alertId });
    const [flakyRow, strictRow] = await settled(s, [toFlaky, toStrict]);

    expect(flakyRow).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204, lastError: null });
    expect((await attemptsOf(s, toFlaky)).map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500: database is down'], [500, 'HTTP 500: database is down'], [204, null],
    ]);
    expect(flaky.receiver.received.map((r) => r.id)).toEqual([flakyRow.eventId, flakyRow.eventId, flakyRow.eventId]);

    expect(strictRow).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 400, lastError: 'HTTP 400: invalid_blocks' });
    const job = (await s.queues.deliver.getFailed()).find((j) => j.data.deliveryId === toStrict);
    expect(job?.failedReason).toBe('HTTP 400: invalid_blocks');
    expect(job?.attemptsMade).toBe(1);
    // By now a retry of the 400 would have come (the flaky one needed two waits).
    expect(strict.receiver.received).toHaveLength(1);
    expect((await listDeliveries(s.ctx.db, { failed: true })).map((d) => d.id)).toEqual([toStrict]);
  });

  it('times out a slow receiver and tries again', async () => {
    const s = await setup('postgres', { timeoutMs: 300 });
    const slow = await receiverHook(s, {}, (n) => (n === 0 ? { status: 200, delayMs: 1500 } : { status: 200 }));
    const [id] = await enqueue(s, { type: 'alert.created', alertId: await makeAlert(s) });
    const [row] = await settled(s, [id]);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    const attempts = await attemptsOf(s, id);
    expect(attempts[0]).toMatchObject({ statusCode: null, error: 'timed out after 300 ms' });
    expect(attempts[1]).toMatchObject({ statusCode: 200, error: null });
    // The receiver saw the timed-out request too: the same id lets it drop the repeat.
    expect(slow.receiver.received.map((r) => r.id)).toEqual([row.eventId, row.eventId]);
  });

  it('waits as long as a 429 or 503 asks with Retry-After', async () => {
    // Its own schedule would try again after about 0.23 s.
    const s = await setup('postgres', {});
    const limited = await receiverHook(s, {}, (n) => (n === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    const busy = await receiverHook(s, {}, (n) => (n === 0 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } } : { status: 200 }));
    const ids = await enqueue(s, { type: 'alert.created', alertId: await makeAlert(s) });
    const rows = await settled(s, ids);
    expect(rows.map((d) => [d.status, d.attempts])).toEqual([['delivered', 2], ['delivered', 2]]);
    const [a, b] = limited.receiver.received;
    expect(b.at - a.at).toBeGreaterThanOrEqual(1950);
    const [c, d] = busy.receiver.received;
    // An HTTP date has whole seconds: at least a second later.
    expect(d.at - c.at).toBeGreaterThanOrEqual(1000);
    expect((await attemptsOf(s, ids[0]))[0]).toMatchObject({ statusCode: 429 });
  });

  it('marks a delivery failed when retries run out, keeps its job, and resends it under the same id', async () => {
    const s = await setup('postgres', { attempts: 3, windowHours: 0.001 });
    let down = true;
    const { receiver } = await receiverHook(s, {}, () => (down ? { status: 502 } : { status: 200 }));
    const [id] = await enqueue(s, { type: 'alert.created', alertId: await makeAlert(s) });
    const [failed] = await settled(s, [id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 502 });
    const [job] = await s.queues.deliver.getFailed();
    expect(job.data.deliveryId).toBe(id);
    expect(job.attemptsMade).toBe(3);
    expect((await listDeliveries(s.ctx.db, { failed: true })).map((d) => [d.id, d.status, d.attempts])).toEqual([[id, 'failed', 3]]);

    down = false;
    await resendDelivery(s.ctx.db, s.queues.deliver, id, s.ctx.config);
    const [again] = await settled(s, [id]);
    expect(again).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 200 });
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([failed.eventId]));
    expect(receiver.accepted().get(failed.eventId)).toBe(1);
    await expect(resendDelivery(s.ctx.db, s.queues.deliver, id, s.ctx.config)).rejects.toThrow(/was delivered/);
  });

  it('keeps secrets out of the log and out of every listing', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const s = await setup('postgres', { attempts: 3, windowHours: 0.001 }, { log });
    const json = await receiverHook(s, {}, (n) => (n === 0 ? { status: 500 } : { status: 200 }));
    const refused = await receiverHook(s, { format: 'json' }, () => ({ status: 403, body: 'forbidden' }));
    // A Slack URL is itself the credential: its token must not show either.
    const token = 'xoxTOKENsecret0123456789';
    const slack = await startReceiver(null);
    receivers.push(slack);
    const slackHook = await addWebhook(s.ctx.db, { url: `${slack.url}/services/T0001/B0001/${token}`, format: 'slack' });
    const unreachable = await addWebhook(s.ctx.db, { url: 'http://127.0.0.1:9/hook?token=hunter2', format: 'json' });
    const ids = await enqueue(s, { type: 'alert.created', alertId: await makeAlert(s) });
    expect(ids).toHaveLength(4);
    await settled(s, ids);
    expect(slack.received).toHaveLength(1);

    const secrets = (await s.ctx.db.select({ secret: webhooks.secret }).from(webhooks)).map((r) => r.secret!);
    expect(secrets).toHaveLength(4);
    const shown = JSON.stringify([await listWebhooks(s.ctx.db), await listDeliveries(s.ctx.db)]);
    const logged = lines.join('');
    expect(logged).toMatch(/webhook delivered/);
    expect(logged).toMatch(/not retried: HTTP 403: forbidden/);
    expect(logged).toMatch(/connection failed: connection refused \(127\.0\.0\.1:9\)/);
    expect(logged).not.toMatch(/ECONNREFUSED/);
    for (const text of [shown, logged]) {
      for (const secret of [...secrets, ...secrets.map((x) => x.slice('whsec_'.length))]) expect(text).not.toContain(secret);
      expect(text).not.toContain(token);
      expect(text).not.toContain('hunter2');
    }
    expect(shown).toContain('/services/T0001/B0001/***');
    expect(shown).toContain('token=***');
    expect(json.receiver.rejected).toEqual([]);
    expect(refused.receiver.received).toHaveLength(1);
    expect((await listDeliveries(s.ctx.db, { webhookId: unreachable.id }))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await listDeliveries(s.ctx.db, { webhookId: slackHook.id }))[0]).toMatchObject({ status: 'delivered' });
  });

  it('delivers 1,000 alerts to a receiver that fails one request in five: all, once each, every attempt recorded', async () => {
    const s = await setup('postgres', { attempts: 10, windowHours: 0.003, timeoutMs: 5000 }, { concurrency: 16 });
    const { receiver } = await receiverHook(s, {}, (n) => (n % 5 === 4 ? { status: 500 } : { status: 200 }));
    const alertIds: number[] = [];
    for (let i = 0; i < 1000; i += 100) {
      const batch = Array.from({ length: 100 }, () => ({
        watch: 'dprk-troops', measure: 'troops', claimId: s.fixture.claimId, articleId: s.fixture.articleId, key: `load:${++keys}`,
        low: 25000, high: 30000, unit: 'persons', qualifier: 'exact', status: 'additional', scope: 'total', source: ['HUR'],
        centre: 11000, bandLow: 10000, bandHigh: 12000, support: 4, supportSources: ['a', 'b', 'c', 'd'], ratio: 2.5,
        direction: 'above', explanation: 'far above the consensus', evidence: 'an additional 25,000 to 30,000 soldiers',
        articleUrl: 'https://news.example.org/2025/troops',
      }));
      alertIds.push(...(await s.ctx.db.insert(alerts).values(batch).returning({ id: alerts.id })).map((r) => r.id));
    }
    expect(alertIds).toHaveLength(1000);
    const ids: number[] = [];
    for (let i = 0; i < alertIds.length; i += 20) {
      const out = await Promise.all(alertIds.slice(i, i + 20).map((alertId) => enqueue(s, { type: 'alert.created', alertId })));
      ids.push(...out.flat());
    }
    expect(ids).toHaveLength(1000);
    const rows = await settled(s, ids);

    expect(rows.filter((d) => d.status !== 'delivered')).toEqual([]);
    const accepted = receiver.accepted();
    expect(accepted.size).toBe(1000);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(rows.map((d) => d.eventId))).toEqual(new Set(accepted.keys()));
    expect(receiver.rejected).toEqual([]);
    // Every request the receiver saw is an attempt on record, and the other way round.
    const failures = receiver.received.filter((r) => r.status === 500).length;
    expect(failures).toBeGreaterThanOrEqual(200);
    expect(rows.reduce((n, d) => n + d.attempts, 0)).toBe(receiver.received.length);
    const recorded = await s.ctx.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, ids));
    expect(recorded).toHaveLength(receiver.received.length);
    expect(recorded.filter((a) => a.statusCode === 500)).toHaveLength(failures);
    expect(recorded.every((a) => a.latencyMs !== null && a.at instanceof Date)).toBe(true);
  });
});
