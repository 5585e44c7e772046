// Webhooks as an operator manages them (add, list, remove, the config file,
// `webhooks test`), and the bodies each format posts, checked against what
// Slack's and Discord's incoming webhooks accept. Deliveries here are sent by
// calling the step directly; test/delivery.test.ts runs them through the queue.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../src/config.js';
import {
  addWebhook, deliver, deliveryBackoff, DeliveryRetryError, enqueueEvent, getDelivery, listWebhooks, parseRetryAfter,
  removeWebhook, retryDelay, syncConfigWebhooks, testWebhook, type EventRef,
} from '../src/delivery/index.js';
import { silentLogger } from '../src/log.js';
import { createQueues, type Queues } from '../src/queues.js';
import { alerts, articles, claims, deliveries, feedEvents, feeds } from '../src/store/schema.js';
import { clearPrefix, TEST_REDIS_URL } from './helpers/redis.js';
import { freshStore, type TestStore } from './helpers/store.js';

interface Got { path: string; headers: IncomingHttpHeaders; raw: string; body: any }

/** A receiver that records every request and answers by path: /ok 200, /nope 401. */
async function startReceiver() {
  const got: Got[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0];
      got.push({ path, headers: req.headers, raw, body: JSON.parse(raw) });
      // Basic authorization, as a receiver behind a password asks for it.
      if (path.endsWith('/locked') && req.headers.authorization !== `Basic ${Buffer.from('alice:p@ss w:rd').toString('base64')}`) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="hooks"' });
        res.end('password needed');
        return;
      }
      if (path.endsWith('/nope')) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('who are you?');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`got ${req.headers['webhook-id']}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    got,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let t: TestStore;
let queues: Queues;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let fixture: { articleId: number; claimId: number };

beforeAll(async () => {
  t = await freshStore('postgres', { redisUrl: TEST_REDIS_URL, delivery: { timeoutMs: 2000, allowPrivate: ['127.0.0.1'] }, dashboard: { publicUrl: 'https://cw.example.org' } });
  queues = createQueues(t.config);
  receiver = await startReceiver();
  const [article] = await t.store.db.insert(articles).values({ url: 'https://news.example.org/a', status: 'new' }).returning();
  const [claim] = await t.store.db.insert(claims).values({
    articleId: article.id, watch: 'dprk-troops', measure: 'troops', low: 25000, high: 30000, unit: 'persons', qualifier: 'exact',
    status: 'additional', scope: 'total', evidenceSentence: 'x', evidenceStart: 0, evidenceEnd: 1, confidence: 0.9, reportedAt: new Date(),
  }).returning();
  fixture = { articleId: article.id, claimId: claim.id };
});

afterAll(async () => {
  await receiver?.close();
  await queues?.close();
  if (t) {
    await clearPrefix(t.config.queuePrefix);
    await t.cleanup();
  }
});

describe('managing webhooks', () => {
  it('makes a whsec_ secret when none is given, shows it once, and never lists it', async () => {
    const made = await addWebhook(t.store.db, { url: `${receiver.base}/made`, measures: ['troops'], minRatio: 1.5 });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The secret signs what the standardwebhooks library verifies.
    const body = '{"hello":1}';
    const at = new Date();
    const signature = new Webhook(made.secret!).sign('msg_1', at, body);
    expect(new Webhook(made.secret!).verify(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature })).toEqual({ hello: 1 });

    const given = await addWebhook(t.store.db, { url: `${receiver.base}/given`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    expect(given.secret).toBeUndefined();
    const listed = await listWebhooks(t.store.db);
    const mine = listed.filter((h) => [made.id, given.id].includes(h.id));
    expect(mine.map((h) => [h.format, h.hasSecret, h.measures, h.minRatio, h.origin])).toEqual([
      ['json', true, ['troops'], 1.5, 'cli'], ['json', true, null, null, 'cli'],
    ]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(made.secret!.slice(6));
    expect(text).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(mine.every((h) => !('secret' in h))).toBe(true);
  });

  it('refuses bad input with a clear message', async () => {
    const add = (input: Parameters<typeof addWebhook>[1]) => addWebhook(t.store.db, input);
    await expect(add({ url: 'not a url' })).rejects.toThrow(/not a URL/);
    await expect(add({ url: 'ftp://example.org/x' })).rejects.toThrow(/http or https/);
    await expect(add({ url: `${receiver.base}/x`, secret: 'hunter2' })).rejects.toThrow(/whsec_ followed by 24 to 64 bytes/);
    await expect(add({ url: `${receiver.base}/x`, events: ['alert.deleted'] })).rejects.toThrow(/unknown event type "alert.deleted"/);
    await expect(add({ url: `${receiver.base}/x`, minRatio: -1 })).rejects.toThrow(/positive/);
    await expect(add({ url: `${receiver.base}/x`, format: 'teams' as 'json' })).rejects.toThrow(/unknown format/);
    const first = await add({ url: `${receiver.base}/dup` });
    await expect(add({ url: `${receiver.base}/dup` })).rejects.toThrow(new RegExp(`webhook ${first.id} already posts json`));
    expect((await add({ url: `${receiver.base}/dup`, format: 'slack' })).format).toBe('slack');
  });

  it('masks the token of Slack and Discord URLs and query credentials when listing', async () => {
    const slack = await addWebhook(t.store.db, { url: 'https://hooks.slack.com/services/T0ABC/B0DEF/SeCrEtToKeN123', format: 'slack' });
    const discord = await addWebhook(t.store.db, { url: 'https://discord.com/api/webhooks/123456/DiScOrDtOkEn', format: 'discord' });
    const keyed = await addWebhook(t.store.db, { url: 'https://ops.example.org/hook?key=abc123&team=ops' });
    expect([slack.url, discord.url, keyed.url]).toEqual([
      'https://hooks.slack.com/services/T0ABC/B0DEF/***', 'https://discord.com/api/webhooks/123456/***', 'https://ops.example.org/hook?key=***&team=***',
    ]);
    const text = JSON.stringify(await listWebhooks(t.store.db));
    for (const secret of ['SeCrEtToKeN123', 'DiScOrDtOkEn', 'abc123']) expect(text).not.toContain(secret);
  });

  it('removes a webhook, and says so when there is none', async () => {
    const hook = await addWebhook(t.store.db, { url: `${receiver.base}/gone` });
    await removeWebhook(t.store.db, hook.id);
    expect((await listWebhooks(t.store.db)).map((h) => h.id)).not.toContain(hook.id);
    await expect(removeWebhook(t.store.db, hook.id)).rejects.toThrow(`no webhook ${hook.id}`);
  });

  it('keeps config-file webhooks in step with the file', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const file: WebhookConfig[] = [
      { url: `${receiver.base}/cfg-a`, format: 'json', secret, measures: ['troops'] },
      { url: `${receiver.base}/cfg-b`, format: 'slack' },
    ];
    expect(await syncConfigWebhooks(t.store.db, file)).toEqual({ synced: 2, disabled: 0 });
    expect(await syncConfigWebhooks(t.store.db, file)).toEqual({ synced: 2, disabled: 0 });
    const configured = () => listWebhooks(t.store.db).then((l) => l.filter((h) => h.origin === 'config'));
    const [a, b] = await configured();
    expect([a.url, a.hasSecret, a.measures, b.url, b.hasSecret, b.enabled]).toEqual([`${receiver.base}/cfg-a`, true, ['troops'], `${receiver.base}/cfg-b`, false, true]);
    await expect(removeWebhook(t.store.db, a.id)).rejects.toThrow(/config file/);

    // The file changes: a's filter moves, b is dropped (disabled, its history kept).
    expect(await syncConfigWebhooks(t.store.db, [{ ...file[0], secret: undefined, measures: undefined, minRatio: 3 }])).toEqual({ synced: 1, disabled: 1 });
    const [a2, b2] = await configured();
    expect([a2.id, a2.minRatio, a2.measures, a2.hasSecret]).toEqual([a.id, 3, null, true]);
    expect([b2.id, b2.enabled]).toEqual([b.id, false]);
    await expect(syncConfigWebhooks(t.store.db, [{ url: `${receiver.base}/x`, format: 'json', secret: 'short' }])).rejects.toThrow(/config webhooks\[0\]: .*whsec_/);
    await syncConfigWebhooks(t.store.db, []);
  });
});

describe('webhooks test', () => {
  it('sends a URL\'s user:password@ as Basic authorization, and shows it masked', async () => {
    const hook = await addWebhook(t.store.db, { url: `http://alice:p%40ss%20w%3Ard@${receiver.base.slice('http://'.length)}/locked` });
    const r = await testWebhook(t.store.db, hook.id, t.config);
    expect(r).toMatchObject({ status: 200 });
    const got = receiver.got.filter((g) => g.path === '/locked');
    expect(got).toHaveLength(1);
    expect(got[0].headers.authorization).toBe(`Basic ${Buffer.from('alice:p@ss w:rd').toString('base64')}`);
    expect(hook.url).toBe(`http://***:***@${receiver.base.slice('http://'.length)}/locked`);
    expect(JSON.stringify(await listWebhooks(t.store.db))).not.toContain('p%40ss');
    // Without the password the same receiver refuses: the header is what got it in.
    const bare = await addWebhook(t.store.db, { url: `${receiver.base}/locked` });
    expect(await testWebhook(t.store.db, bare.id, t.config)).toMatchObject({ status: 401, body: 'password needed' });
  });

  it('sends a signed test event now and returns the answer', async () => {
    const hook = await addWebhook(t.store.db, { url: `${receiver.base}/test-ok` });
    const r = await testWebhook(t.store.db, hook.id, t.config);
    const got = receiver.got.filter((g) => g.path === '/test-ok');
    expect(got).toHaveLength(1);
    expect(new Webhook(hook.secret!).verify(got[0].raw, got[0].headers as Record<string, string>)).toMatchObject({ type: 'test', version: 1, data: { webhookId: hook.id } });
    expect(r.status).toBe(200);
    expect(r.body).toBe(`got ${got[0].headers['webhook-id']}`);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const [recorded] = await t.store.db.select().from(deliveries).where(eq(deliveries.webhookId, hook.id));
    expect(recorded).toMatchObject({ eventType: 'test', status: 'delivered', attempts: 1, eventId: got[0].headers['webhook-id'] });

    const refusing = await addWebhook(t.store.db, { url: `${receiver.base}/nope` });
    expect(await testWebhook(t.store.db, refusing.id, t.config)).toMatchObject({ status: 401, body: 'who are you?' });
    const nobody = await addWebhook(t.store.db, { url: 'http://127.0.0.1:9/hook' });
    const down = await testWebhook(t.store.db, nobody.id, t.config);
    expect(down.status).toBe(0);
    expect(down.body).toBe('connection failed: connection refused (127.0.0.1:9)');
    await expect(testWebhook(t.store.db, 99_999, t.config)).rejects.toThrow('no webhook 99999');
  });
});

// ─── the formats ────────────────────────────────────────────────────────────

const SLACK_TOP = new Set(['text', 'blocks', 'attachments', 'thread_ts', 'mrkdwn', 'unfurl_links', 'unfurl_media', 'username', 'icon_emoji', 'icon_url', 'metadata']);
const SLACK_BLOCKS = new Set(['actions', 'context', 'divider', 'file', 'header', 'image', 'input', 'rich_text', 'section', 'video', 'markdown']);

/** What Slack's incoming webhooks would reject (api.slack.com/reference/block-kit), as a list of problems. */
function slackProblems(msg: any): string[] {
  const p: string[] = [];
  const textObject = (o: any, max: number, where: string, plainOnly = false) => {
    if (!o || typeof o !== 'object') return p.push(`${where}: not a text object`);
    if (plainOnly ? o.type !== 'plain_text' : !['plain_text', 'mrkdwn'].includes(o.type)) p.push(`${where}: text type ${o.type}`);
    if (typeof o.text !== 'string' || o.text.length === 0 || o.text.length > max) p.push(`${where}: text length ${o.text?.length} (max ${max})`);
    if (o.type === 'mrkdwn') {
      // Only the control sequences claimwatch means to send: dates. An article's "<!channel>" must arrive escaped.
      for (const m of o.text.match(/<[^>]*>/g) ?? []) if (!m.startsWith('<!date^')) p.push(`${where}: unescaped ${m}`);
      if (/&(?!amp;|lt;|gt;)/.test(o.text)) p.push(`${where}: unescaped &`);
    }
  };
  for (const k of Object.keys(msg)) if (!SLACK_TOP.has(k)) p.push(`unknown top-level field ${k}`);
  if (typeof msg.text !== 'string' || !msg.text || msg.text.length > 40_000) p.push('text missing or too long');
  if (!Array.isArray(msg.blocks) || msg.blocks.length === 0 || msg.blocks.length > 50) return [...p, 'blocks: 1 to 50'];
  const actionIds = new Set<string>();
  msg.blocks.forEach((b: any, i: number) => {
    const at = `blocks[${i}] (${b.type})`;
    if (!SLACK_BLOCKS.has(b.type)) p.push(`${at}: unknown block type`);
    if (b.type === 'header') textObject(b.text, 150, at, true);
    if (b.type === 'section') {
      if (!b.text && !b.fields) p.push(`${at}: neither text nor fields`);
      if (b.text) textObject(b.text, 3000, at);
      if (b.fields) {
        if (b.fields.length > 10) p.push(`${at}: more than 10 fields`);
        b.fields.forEach((f: any, j: number) => textObject(f, 2000, `${at}.fields[${j}]`));
      }
    }
    if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) p.push(`${at}: 1 to 10 elements`);
      else b.elements.forEach((e: any, j: number) => textObject(e, 3000, `${at}.elements[${j}]`));
    }
    if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) p.push(`${at}: 1 to 25 elements`);
      else b.elements.forEach((e: any, j: number) => {
        if (e.type !== 'button') p.push(`${at}.elements[${j}]: ${e.type}`);
        textObject(e.text, 75, `${at}.elements[${j}]`, true);
        if (typeof e.url !== 'string' || e.url.length > 3000 || !/^https?:\/\//.test(e.url)) p.push(`${at}.elements[${j}]: url`);
        if (e.action_id && (e.action_id.length > 255 || actionIds.has(e.action_id))) p.push(`${at}.elements[${j}]: action_id`);
        actionIds.add(e.action_id);
      });
    }
    if (b.type === 'divider' && Object.keys(b).some((k) => !['type', 'block_id'].includes(k))) p.push(`${at}: extra fields`);
  });
  return p;
}

/** What Discord's execute-webhook endpoint would reject (discord.com/developers/docs/resources/message#embed-object-embed-limits). */
function discordProblems(msg: any): string[] {
  const p: string[] = [];
  if (typeof msg.content !== 'string' || msg.content.length > 2000) p.push('content');
  if (!msg.content && !msg.embeds?.length) p.push('neither content nor embeds');
  if (JSON.stringify(msg.allowed_mentions) !== '{"parse":[]}') p.push('mentions are not suppressed');
  if (!Array.isArray(msg.embeds) || msg.embeds.length > 10) return [...p, 'embeds'];
  for (const e of msg.embeds) {
    let total = 0;
    const len = (s: any, max: number, what: string) => {
      if (s === undefined) return;
      if (typeof s !== 'string' || s.length === 0 || s.length > max) p.push(`${what}: length ${s?.length} (max ${max})`);
      total += String(s).length;
    };
    len(e.title, 256, 'title');
    len(e.description, 4096, 'description');
    len(e.footer?.text, 2048, 'footer');
    if ((e.fields ?? []).length > 25) p.push('more than 25 fields');
    for (const f of e.fields ?? []) { len(f.name, 256, 'field name'); len(f.value, 1024, 'field value'); }
    if (total > 6000) p.push(`embed total ${total} > 6000`);
    if (!Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff) p.push('color');
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) p.push('url');
    if (Number.isNaN(Date.parse(e.timestamp))) p.push('timestamp');
  }
  return p;
}

describe('the formats', () => {
  let bodies: Record<string, Record<string, any>>;

  beforeAll(async () => {
    const db = t.store.db;
    const hooks = {
      slack: await addWebhook(db, { url: `${receiver.base}/fmt-slack`, format: 'slack' }),
      discord: await addWebhook(db, { url: `${receiver.base}/fmt-discord`, format: 'discord' }),
      json: await addWebhook(db, { url: `${receiver.base}/fmt-json`, format: 'json' }),
    };
    // An article that tries everything: markup, mentions, a very long sentence.
    const hostile = `<!channel> Officials & "analysts" say <script>alert(1)</script> *up to* 25,000 troops ${'and more '.repeat(600)}`;
    const [alert] = await db.insert(alerts).values({
      watch: 'dprk-troops', measure: 'troops', claimId: fixture.claimId, articleId: fixture.articleId, key: 'fmt', low: 25000, high: 30000,
      unit: 'persons', qualifier: 'approx', status: 'additional', scope: 'total', source: ['HUR <@U123>', 'CNN'], centre: 11000, bandLow: 10000,
      bandHigh: 12000, support: 4, supportSources: ['NIS', 'Pentagon', 'HUR', 'Reuters'], ratio: 2.53, direction: 'above',
      explanation: `25,000–30,000 more would put the total near 38,500: 2.5× the consensus. ${'x'.repeat(4000)}`, evidence: hostile,
      articleUrl: 'https://news.example.org/2025/troops?id=1&from=rss', articleTitle: 'Pyongyang *sends* <more> troops @everyone',
    }).returning();
    const [feed] = await db.insert(feeds).values({ url: 'https://news.example.org/rss', title: 'Example & News', intervalSeconds: 600 }).returning();
    const [broken] = await db.insert(feedEvents).values({ feedId: feed.id, kind: 'broken', message: 'failed 3 times: HTTP 503 <html>' }).returning();
    const mine = new Set(Object.values(hooks).map((h) => h.id));
    const send = async (ref: EventRef) => {
      for (const id of await enqueueEvent(db, queues.deliver, ref, t.config)) {
        // Webhooks of the other tests share this store; only these three are listening.
        const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
        if (mine.has(d.webhookId)) await deliver(db, id, t.config, silentLogger);
      }
    };
    await send({ type: 'alert.created', alertId: alert.id });
    await send({ type: 'feed.broken', feedEventId: broken.id });
    await db.update(alerts).set({ corroborations: [{ source: 'Yonhap', articleId: fixture.articleId, claimId: fixture.claimId, url: 'https://y.example.org/1', at: new Date().toISOString() }] }).where(eq(alerts.id, alert.id));
    await send({ type: 'alert.corroborated', alertId: alert.id });
    for (const id of Object.values(hooks).map((h) => h.id)) await testWebhook(db, id, t.config);
    bodies = {};
    for (const [format, hook] of Object.entries(hooks)) {
      bodies[format] = {};
      for (const g of receiver.got.filter((r) => r.path === `/fmt-${format}`)) {
        const verified = new Webhook(hook.secret!).verify(g.raw, g.headers as Record<string, string>) as object;
        const [delivery] = await db.select().from(deliveries).where(eq(deliveries.eventId, String(g.headers['webhook-id'])));
        bodies[format][delivery.eventType] = verified;
      }
    }
  });

  it('posts Slack messages that incoming webhooks accept: text and blocks of valid types within limits', () => {
    expect(Object.keys(bodies.slack).sort()).toEqual(['alert.corroborated', 'alert.created', 'feed.broken', 'test']);
    for (const [type, body] of Object.entries(bodies.slack)) expect([type, slackProblems(body)]).toEqual([type, []]);
    const created = bodies.slack['alert.created'];
    expect(created.text).toMatch(/^New troops figure departs from the consensus: about 25,000–30,000 persons \(additional\) from HUR <@U123>, via CNN, 2.5× above the consensus of about 11,000 persons/);
    expect(created.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(created.blocks[3].text.text).toMatch(/^>&lt;!channel&gt; Officials &amp; "analysts" say &lt;script&gt;/);
    expect(created.blocks[5].elements.map((e: any) => e.url)).toEqual([expect.stringMatching(/^https:\/\/cw\.example\.org\/alerts\/\d+$/), 'https://news.example.org/2025/troops?id=1&from=rss']);
    expect(bodies.slack['alert.corroborated'].blocks.find((b: any) => b.type === 'context').elements.at(-1).text).toBe('Also reported by 1 other source: Yonhap');
    expect(bodies.slack['feed.broken'].text).toBe('Feed broken: Example & News: failed 3 times: HTTP 503 <html>');
  });

  it('posts Discord messages within Discord limits, mentions suppressed', () => {
    expect(Object.keys(bodies.discord).sort()).toEqual(['alert.corroborated', 'alert.created', 'feed.broken', 'test']);
    for (const [type, body] of Object.entries(bodies.discord)) expect([type, discordProblems(body)]).toEqual([type, []]);
    const embed = bodies.discord['alert.created'].embeds[0];
    expect(embed.url).toMatch(/^https:\/\/cw\.example\.org\/alerts\/\d+$/);
    expect(embed.fields.map((f: any) => f.name)).toEqual(['Figure', 'Consensus', 'Source', 'Evidence', 'Article']);
    expect(embed.fields.find((f: any) => f.name === 'Article').value).toBe('[Pyongyang \\*sends\\* <more\\> troops @everyone](https://news.example.org/2025/troops?id=1&from=rss)');
  });

  it('posts the documented JSON payload, version 1', () => {
    const created = bodies.json['alert.created'];
    expect(Object.keys(created)).toEqual(['type', 'version', 'id', 'timestamp', 'data']);
    expect(Object.keys(created.data.alert).sort()).toEqual([
      'article', 'consensus', 'corroborations', 'dashboardUrl', 'direction', 'evidence', 'explanation', 'figure', 'firstSeenAt', 'id',
      'measure', 'qualifier', 'ratio', 'scope', 'source', 'status', 'updatedAt', 'watch',
    ]);
    expect(bodies.json['feed.broken'].data.dashboardUrl).toMatch(/^https:\/\/cw\.example\.org\/feeds\/\d+$/);
    expect(bodies.json['alert.corroborated'].data.corroboration).toMatchObject({ source: 'Yonhap' });
    expect(bodies.json.test).toMatchObject({ type: 'test', version: 1 });
  });
});

describe('the retry schedule', () => {
  const delivery = { timeoutMs: 10_000, windowHours: 24, attempts: 15 };

  it('spreads the retries over the window, doubling, with jitter', async () => {
    const mid = Array.from({ length: 14 }, (_, i) => retryDelay(i + 1, delivery, () => 0.5));
    expect(mid.slice(0, 3)).toEqual([5274, 10548, 21095]);
    expect(Math.abs(mid.reduce((a, b) => a + b, 0) - 24 * 3600_000)).toBeLessThan(20);
    for (let n = 1; n <= 14; n++) {
      expect(Math.abs(retryDelay(n, delivery, () => 0) - mid[n - 1] * 0.8)).toBeLessThanOrEqual(1);
      expect(Math.abs(retryDelay(n, delivery, () => 1) - mid[n - 1] * 1.2)).toBeLessThanOrEqual(1);
    }
  });

  it('never retries sooner than Retry-After asks, and no later than the window', async () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    const backoff = deliveryBackoff({ delivery });
    const first = await backoff(1, 'delivery', new DeliveryRetryError('429', 3_600_000));
    expect(first).toBe(3_600_000);
    expect(await backoff(1, 'delivery', new DeliveryRetryError('429', 1000))).toBeGreaterThanOrEqual(5274 * 0.8);
    expect(await backoff(1, 'delivery', new DeliveryRetryError('503', 30 * 24 * 3600_000))).toBe(24 * 3600_000);
  });
});

describe('a delivery stored once', () => {
  it('shows its body and every attempt', async () => {
    const hook = await addWebhook(t.store.db, { url: `${receiver.base}/detail` });
    await testWebhook(t.store.db, hook.id, t.config);
    const [row] = await t.store.db.select().from(deliveries).where(eq(deliveries.webhookId, hook.id));
    const detail = await getDelivery(t.store.db, row.id);
    expect(detail).toMatchObject({ id: row.id, status: 'delivered', webhookUrl: `${receiver.base}/detail`, payload: { type: 'test' } });
    expect(detail!.attemptLog).toEqual([{ at: expect.any(Date), statusCode: 200, latencyMs: expect.any(Number), error: null }]);
    expect(await getDelivery(t.store.db, 99_999)).toBeNull();
  });
});
