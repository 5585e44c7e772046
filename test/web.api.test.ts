// The dashboard's JSON API, its token and cross-site rules, its probes and
// its metrics, through the real server (Fastify's inject) over a store filled
// with the seed corpus.
import { Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { METRIC_NAMES, metrics } from '../src/metrics.js';
import { connection } from '../src/queues.js';
import { alerts, articles, deliveries, feeds } from '../src/store/schema.js';
import { checkDashboardBinding, createWebServer, DashboardConfigError, startWebServer } from '../src/web/index.js';
import { webFixture, WATCHES, XSS, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await webFixture('postgres');
  app = fx.app;
});
afterAll(async () => { await fx?.close(); });

const get = async (url: string, opts: Partial<InjectOptions> = {}) => {
  const res = await app.inject({ method: 'GET', url, ...opts });
  return { status: res.statusCode, json: () => res.json(), body: res.body, headers: res.headers };
};

/** A page's CSRF token and the cookie that goes with it, as a browser would hold them. */
async function csrfFrom(server: FastifyInstance, path: string, cookies: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const res = await server.inject({ method: 'GET', url: path, cookies, headers });
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  const cookie = res.cookies.find((c) => c.name === 'cw_csrf')?.value ?? cookies.cw_csrf;
  expect(token, `a CSRF token on ${path}`).toBeTruthy();
  return { token: token!, cookies: { ...cookies, cw_csrf: cookie! } };
}

describe('the JSON API', () => {
  test('overview: counts of articles, claims, alerts, feeds and queues', async () => {
    const r = await get('/api/overview');
    expect(r.status).toBe(200);
    const o = r.json();
    expect(o.articles.total).toBe(7);
    expect(o.articles.today).toBe(7);
    expect(o.articles.byStatus).toEqual({ new: 6, duplicate: 1, unreadable: 0, failed: 0 });
    expect(o.claims.total).toBe(18);
    expect(o.claims.byMeasure.find((m: { measure: string }) => m.measure === 'troops').count).toBe(12);
    expect(o.alerts).toMatchObject({ total: 1, open: 1, held: 0 });
    expect(o.alerts.latest[0]).toMatchObject({ id: fx.ids.alert, low: 25000, high: 30000, measure: 'troops' });
    expect(o.feeds).toMatchObject({ total: 2, broken: 1 });
    expect(o.feeds.inError.map((f: { title: string }) => f.title)).toEqual([XSS]);
    expect(o.deliveries).toEqual({ failed: 1, pending: 0 });
    expect(o.queues.map((q: { queue: string }) => q.queue)).toEqual(['poll', 'fetch', 'process', 'analyze', 'deliver']);
  });

  test('articles: newest first, paged both ways by cursor', async () => {
    const all = (await get('/api/articles?limit=200')).json();
    expect(all.items).toHaveLength(7);
    expect(all.items[0].id).toBe(fx.ids.xssArticle);
    expect(all.items[1].id).toBe(fx.ids.copyOf003);
    const times = all.items.map((a: { createdAt: string }) => Date.parse(a.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.older).toBeNull();

    const p1 = (await get('/api/articles?limit=3')).json();
    const p2 = (await get(`/api/articles?limit=3&before=${p1.older}`)).json();
    const p3 = (await get(`/api/articles?limit=3&before=${p2.older}`)).json();
    expect([...p1.items, ...p2.items, ...p3.items].map((a: { id: number }) => a.id)).toEqual(all.items.map((a: { id: number }) => a.id));
    expect(p3.items).toHaveLength(1);
    expect(p3.older).toBeNull();
    expect(p1.newer).toBeNull();
    const back = (await get(`/api/articles?limit=3&after=${p2.newer}`)).json();
    expect(back.items.map((a: { id: number }) => a.id)).toEqual(p1.items.map((a: { id: number }) => a.id));
    expect(back.newer).toBeNull();
  });

  test('articles: filters by feed, language, copy status, claims, and text', async () => {
    const ids = async (q: string) => (await get(`/api/articles?${q}`)).json().items.map((a: { id: number }) => a.id).sort((a: number, b: number) => a - b);
    const seeds = Object.values(fx.ids.seeds).sort((a, b) => a - b);
    expect(await ids('status=duplicate')).toEqual([fx.ids.copyOf003]);
    expect(await ids(`feed=${fx.ids.xssFeed}`)).toEqual([fx.ids.xssArticle]);
    expect(await ids('claims=yes')).toEqual(seeds);
    expect(await ids('claims=no')).toEqual([fx.ids.copyOf003, fx.ids.xssArticle].sort((a, b) => a - b));
    expect(await ids('lang=de')).toEqual([]);
    expect(await ids('q=Budanov')).toEqual([fx.ids.seeds['003'], fx.ids.copyOf003].sort((a, b) => a - b));
    expect(await ids(`q=${encodeURIComponent('"Lloyd Austin"')}&claims=yes`)).toContain(fx.ids.seeds['000']);
    expect(await ids('q=&status=&feed=')).toHaveLength(7);
    const item = (await get(`/api/articles?feed=${fx.ids.wireFeed}&status=new`)).json().items[0];
    expect(item).toMatchObject({ feedTitle: 'Test wire', claimCount: 3 });
  });

  test('articles: bad input is a 400 that says what is wrong', async () => {
    for (const q of ['status=maybe', 'limit=1000', 'feed=abc', 'before=not-a-cursor']) {
      const r = await get(`/api/articles?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json().error).toBe('bad_request');
    }
    expect((await get('/api/articles?status=maybe')).json().message).toContain('status');
    expect((await get('/api/articles/abc')).status).toBe(400);
    expect((await get('/api/articles/999999')).status).toBe(404);
  });

  test('an article: its claims in text order, its copies, its alerts', async () => {
    const a = (await get(`/api/articles/${fx.ids.seeds['000']}`)).json();
    expect(a.article.title).toBe('Russian general leads 10,000 North Korean troops in Ukraine');
    expect(a.claims).toHaveLength(6);
    const starts = a.claims.map((c: { evidenceStart: number }) => c.evidenceStart);
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    for (const c of a.claims) expect(a.article.text.slice(c.evidenceStart, c.evidenceEnd)).toBe(c.evidenceSentence);

    const original = (await get(`/api/articles/${fx.ids.seeds['003']}`)).json();
    expect(original.copies.map((c: { id: number }) => c.id)).toEqual([fx.ids.copyOf003]);
    const copy = (await get(`/api/articles/${fx.ids.copyOf003}`)).json();
    expect(copy.copies.map((c: { id: number }) => c.id)).toEqual([fx.ids.seeds['003']]);
    const departing = (await get(`/api/articles/${fx.ids.seeds['004']}`)).json();
    expect(departing.alerts.map((al: { id: number }) => al.id)).toEqual([fx.ids.alert]);
  });

  test('measures: every measure of the watches, and the troops figures, consensus and departures', async () => {
    const list = (await get('/api/measures')).json().measures;
    expect(list.map((m: { measure: string }) => m.measure).sort()).toEqual(WATCHES[0].measures.map((m) => m.key).sort());
    expect(list.find((m: { measure: string }) => m.measure === 'troops')).toMatchObject({ claims: 12, unit: 'persons', latest: { centre: 11000 } });

    const troops = (await get('/api/measures/dprk-troops-russia/troops')).json();
    expect(troops.unit).toBe('persons');
    expect(troops.claims).toHaveLength(12);
    const dates = troops.claims.map((c: { reportedAt: string }) => c.reportedAt);
    expect([...dates].sort()).toEqual(dates);
    expect(troops.consensus.map((c: { centre: number }) => c.centre)).toEqual([12000, 12000, 11000, 11000]);
    expect(troops.alerts.map((al: { claimId: number }) => al.claimId)).toEqual([fx.ids.departureClaim]);
    expect((await get('/api/measures/dprk-troops-russia/nothing')).status).toBe(404);
    // A measure of the watch with no figure yet is an empty chart, not an error.
    expect((await get('/api/measures/dprk-troops-russia/casualties')).json().claims).toHaveLength(1);
  });

  test('alerts: each with its deliveries, and never a webhook secret', async () => {
    const r = await get('/api/alerts');
    expect(r.status).toBe(200);
    const [al] = r.json().items;
    expect(al).toMatchObject({ id: fx.ids.alert, centre: 11000, bandLow: 10000, bandHigh: 12000, support: 4 });
    expect(al.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'failed']);
    expect(r.body).not.toContain('whsec_');
    const one = await get(`/api/alerts/${fx.ids.alert}`);
    expect(one.json().claim.id).toBe(fx.ids.departureClaim);
    expect(one.body).not.toContain('whsec_');
    expect((await get('/api/alerts?measure=casualties')).json().items).toEqual([]);
    expect((await get('/api/alerts/424242')).status).toBe(404);
  });

  test('a failed delivery is sent again; one that has not failed is refused', async () => {
    const ok = await app.inject({ method: 'POST', url: `/api/deliveries/${fx.ids.failedDelivery}/resend`, payload: {} });
    expect(ok.statusCode).toBe(202);
    const [d] = await fx.ctx.db.select().from(deliveries).where(eq(deliveries.id, fx.ids.failedDelivery));
    expect(d.status).toBe('pending');
    expect(await fx.ctx.queues.deliver.getJob(`resend-${d.id}-${d.attempts}`)).toBeTruthy();
    const again = await app.inject({ method: 'POST', url: `/api/deliveries/${fx.ids.deliveredDelivery}/resend`, payload: {} });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toContain('has not failed');
    expect((await app.inject({ method: 'POST', url: '/api/deliveries/777777/resend', payload: {} })).statusCode).toBe(404);
  });

  test('feeds: add, pause, resume and remove; a bad URL is a 400', async () => {
    const added = await app.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'https://example.org/feed.xml', intervalSeconds: 600 } });
    expect(added.statusCode).toBe(201);
    const id = added.json().feed.id;
    const listed = (await get('/api/feeds')).json().feeds.find((f: { id: number }) => f.id === id);
    expect(listed).toMatchObject({ url: 'https://example.org/feed.xml', intervalSeconds: 600, paused: false });

    expect((await app.inject({ method: 'POST', url: `/api/feeds/${id}/pause`, payload: { paused: true } })).json()).toEqual({ id, paused: true });
    expect((await fx.ctx.db.select().from(feeds).where(eq(feeds.id, id)))[0].paused).toBe(true);
    await app.inject({ method: 'POST', url: `/api/feeds/${id}/pause`, payload: { paused: false } });
    expect((await fx.ctx.db.select().from(feeds).where(eq(feeds.id, id)))[0].paused).toBe(false);
    expect((await app.inject({ method: 'DELETE', url: `/api/feeds/${id}` })).statusCode).toBe(200);
    expect(await fx.ctx.db.select().from(feeds).where(eq(feeds.id, id))).toHaveLength(0);
    expect((await app.inject({ method: 'DELETE', url: `/api/feeds/${id}` })).statusCode).toBe(404);

    const bad = await app.inject({ method: 'POST', url: '/api/feeds', payload: { url: 'javascript:alert(1)' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('only http and https');
    expect((await app.inject({ method: 'POST', url: '/api/feeds', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/feeds/1/pause', payload: { paused: 'perhaps' } })).statusCode).toBe(400);
  });

  test('queues: counts and failed jobs per queue, and a failed job retried', async () => {
    const worker = new Worker('fetch', async () => { throw new Error('the site answered 503'); }, {
      connection: connection(fx.ctx.config), prefix: fx.ctx.config.queuePrefix,
    });
    const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    const job = await fx.ctx.queues.fetch.add('fetch', { url: 'http://127.0.0.1:9/x' }, { attempts: 1, jobId: 'doomed' });
    await failed;
    await worker.close();

    const q = (await get('/api/queues')).json().queues;
    const fetch = q.find((x: { queue: string }) => x.queue === 'fetch');
    expect(fetch.failed).toBe(1);
    expect(fetch.failedJobs[0]).toMatchObject({ id: 'doomed', failedReason: 'the site answered 503', data: { url: 'http://127.0.0.1:9/x' } });
    const overview = (await get('/api/overview')).json();
    expect(overview.queues.find((x: { queue: string }) => x.queue === 'fetch').failed).toBe(1);

    const retry = await app.inject({ method: 'POST', url: `/api/queues/fetch/jobs/${job.id}/retry`, payload: {} });
    expect(retry.statusCode).toBe(202);
    expect(await fx.ctx.queues.fetch.getJobState(job.id!)).toBe('waiting');
    expect((await app.inject({ method: 'POST', url: `/api/queues/fetch/jobs/${job.id}/retry`, payload: {} })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/api/queues/nope/jobs/1/retry', payload: {} })).statusCode).toBe(400);
    await fx.ctx.queues.fetch.obliterate({ force: true });
  });

  test('pages escape what came from feeds and never link to a javascript: URL', async () => {
    const [evil] = await fx.ctx.db.insert(articles).values({
      url: 'javascript:alert(document.cookie)', status: 'new', title: `"><svg onload=alert(1)>`, text: 'x', tagging: 'pending',
    }).returning();
    for (const path of [`/articles/${fx.ids.xssArticle}`, '/articles', '/', '/feeds', `/articles/${evil.id}`]) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.body, path).not.toContain('<img src=x');
      expect(r.body, path).not.toContain('<svg onload');
      expect(r.body, path).not.toContain('<script>alert');
      expect(r.body, path).not.toMatch(/href="javascript:/i);
    }
    expect((await get(`/articles/${fx.ids.xssArticle}`)).body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const csp = (await get('/')).headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    await fx.ctx.db.delete(articles).where(eq(articles.id, evil.id));
  });

  test('every page renders', async () => {
    for (const path of ['/', '/articles', '/articles?claims=yes&q=troops', `/articles/${fx.ids.copyOf003}`, '/measures', '/measures/dprk-troops-russia/troops',
      '/measures/dprk-troops-russia/compensation_cash', '/alerts', `/alerts/${fx.ids.alert}`, '/feeds', '/queues', '/static/style.css', '/static/app.js']) {
      expect((await get(path)).status, path).toBe(200);
    }
    expect((await get('/nowhere', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await get('/articles/5000000')).status).toBe(404);
  });
});

describe('probes and metrics', () => {
  test('/healthz says alive; /readyz checks Redis and the store', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', redis: 'ok', store: 'ok' });

    const noRedis = await createWebServer({
      ctx: { ...fx.ctx, config: { ...fx.ctx.config, redisUrl: 'redis://127.0.0.1:1' } }, actions: fx.actions, watches: WATCHES,
    });
    try {
      const r = await noRedis.inject({ url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ status: 'not_ready', store: 'ok' });
      expect(r.json().redis).toContain('unreachable');
    } finally {
      await noRedis.close();
    }
  });

  test('/metrics exposes the pipeline\'s metrics by name, queue depths and process metrics', async () => {
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(METRIC_NAMES.sort()).toEqual([
      'claimwatch_alerts_total', 'claimwatch_articles_total', 'claimwatch_claims_total', 'claimwatch_deliveries_total',
      'claimwatch_fetch_errors_total', 'claimwatch_job_duration_seconds', 'claimwatch_polls_total', 'claimwatch_queue_jobs',
    ]);
    for (const name of METRIC_NAMES) expect(r.body).toContain(`# TYPE ${name} `);
    expect(r.body).toContain('# TYPE claimwatch_job_duration_seconds histogram');
    expect(r.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(r.body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    for (const queue of ['poll', 'fetch', 'process', 'analyze', 'deliver']) {
      expect(r.body).toMatch(new RegExp(`^claimwatch_queue_jobs\\{queue="${queue}",state="failed"\\} \\d+$`, 'm'));
    }

    metrics.articles.inc({ status: 'duplicate' }, 2);
    metrics.jobDuration.observe({ queue: 'fetch' }, 0.3);
    const after = (await get('/metrics')).body;
    expect(after).toMatch(/^claimwatch_articles_total\{status="duplicate"\} [1-9]\d*$/m);
    expect(after).toMatch(/^claimwatch_job_duration_seconds_bucket\{le="0.5",queue="fetch"\} [1-9]\d*$/m);
  });
});

describe('who may see and change things', () => {
  const TOKEN = 's3cret-dashboard-token';
  let open: FastifyInstance;
  let guarded: FastifyInstance;
  beforeAll(async () => {
    open = app;
    guarded = await createWebServer({
      ctx: { ...fx.ctx, config: { ...fx.ctx.config, dashboard: { ...fx.ctx.config.dashboard, host: '0.0.0.0', token: TOKEN } } },
      actions: fx.actions, watches: WATCHES,
    });
  });
  afterAll(async () => { await guarded?.close(); });

  test('it refuses to listen beyond loopback without a token', async () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(() => checkDashboardBinding({ ...fx.ctx.config.dashboard, host, token: undefined })).not.toThrow();
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'dashboard.example.org']) {
      expect(() => checkDashboardBinding({ ...fx.ctx.config.dashboard, host, token: undefined }), host).toThrow(DashboardConfigError);
    }
    expect(() => checkDashboardBinding({ ...fx.ctx.config.dashboard, host: '0.0.0.0', token: TOKEN })).not.toThrow();
    await expect(startWebServer({
      ctx: { ...fx.ctx, config: { ...fx.ctx.config, dashboard: { ...fx.ctx.config.dashboard, host: '0.0.0.0', token: undefined } } },
      actions: fx.actions, watches: WATCHES,
    })).rejects.toThrow(/DASHBOARD_TOKEN/);
  });

  test('without a token, only requests addressed to this machine are answered', async () => {
    expect((await open.inject({ url: '/api/overview', headers: { host: '127.0.0.1:8080' } })).statusCode).toBe(200);
    expect((await open.inject({ url: '/api/overview', headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
    // A site whose name was re-pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    expect((await open.inject({ url: '/api/overview', headers: { host: 'attacker.example:8080' } })).statusCode).toBe(421);
  });

  test('with a token, every page and API call needs it; the probes do not', async () => {
    const api = await guarded.inject({ url: '/api/overview' });
    expect(api.statusCode).toBe(401);
    expect(api.headers['www-authenticate']).toContain('Bearer');
    expect((await guarded.inject({ url: '/api/overview', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await guarded.inject({ url: '/api/overview', headers: { authorization: `Bearer ${TOKEN}`, host: 'dash.example.org' } })).statusCode).toBe(200);
    for (const url of ['/metrics', '/api/articles', '/queues/api/queues', `/api/alerts/${fx.ids.alert}`]) {
      expect((await guarded.inject({ url })).statusCode, url).toBe(401);
    }
    const page = await guarded.inject({ url: '/feeds?x=1', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent('/feeds?x=1')}`);
    expect((await guarded.inject({ url: '/queues', headers: { accept: 'text/html' } })).statusCode).toBe(303);
    for (const url of ['/healthz', '/readyz', '/login', '/static/style.css']) {
      expect((await guarded.inject({ url })).statusCode, url).toBe(200);
    }
  });

  test('the login form sets an HttpOnly, SameSite=Strict session cookie that is not the token', async () => {
    const { token: csrf, cookies } = await csrfFrom(guarded, '/login');
    const wrong = await guarded.inject({ method: 'POST', url: '/login', cookies, payload: new URLSearchParams({ _csrf: csrf, token: 'nope', next: '/feeds' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies.find((c) => c.name === 'cw_session')).toBeUndefined();
    const noCsrf = await guarded.inject({ method: 'POST', url: '/login', cookies, payload: `token=${TOKEN}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noCsrf.statusCode).toBe(403);

    const ok = await guarded.inject({
      method: 'POST', url: '/login', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, token: TOKEN, next: '//evil.example/steal' }).toString(),
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/');
    const session = ok.cookies.find((c) => c.name === 'cw_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    expect(session.value).not.toContain(TOKEN);
    expect((await guarded.inject({ url: '/api/overview', cookies: { cw_session: session.value } })).statusCode).toBe(200);
    expect((await guarded.inject({ url: '/api/overview', cookies: { cw_session: `${session.value}x` } })).statusCode).toBe(401);
  });

  test('a change from a form needs its CSRF token; one from another site is refused', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const before = (await fx.ctx.db.select().from(feeds)).length;
    // No token in the form: refused, nothing added.
    const bare = await open.inject({ method: 'POST', url: '/feeds', headers: form, payload: 'url=https://a.example/rss' });
    expect(bare.statusCode).toBe(403);
    const { token, cookies } = await csrfFrom(open, '/feeds');
    const forged = await open.inject({ method: 'POST', url: '/feeds', headers: form, cookies, payload: `url=https://a.example/rss&_csrf=${encodeURIComponent(token)}x` });
    expect(forged.statusCode).toBe(403);
    // The right token, but the browser says the form is on another site.
    const crossSite = await open.inject({
      method: 'POST', url: '/feeds', cookies, payload: `url=https://a.example/rss&_csrf=${encodeURIComponent(token)}`,
      headers: { ...form, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await fx.ctx.db.select().from(feeds)).length).toBe(before);

    const ok = await open.inject({
      method: 'POST', url: '/feeds', cookies, payload: `url=https://a.example/rss&_csrf=${encodeURIComponent(token)}`,
      headers: { ...form, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/feeds?done=added');
    const [added] = await fx.ctx.db.select().from(feeds).where(eq(feeds.url, 'https://a.example/rss'));
    expect(added).toBeTruthy();
    await fx.ctx.db.delete(feeds).where(eq(feeds.id, added.id));
  });

  test('API changes: JSON or Bearer pass, cross-site requests and form posts without a token do not', async () => {
    const url = 'https://b.example/rss';
    const cross = await open.inject({ method: 'POST', url: '/api/feeds', payload: { url }, headers: { origin: 'https://evil.example' } });
    expect(cross.statusCode).toBe(403);
    const nullOrigin = await open.inject({ method: 'POST', url: '/api/feeds', payload: { url }, headers: { origin: 'null' } });
    expect(nullOrigin.statusCode).toBe(403);
    const sneaky = await open.inject({ method: 'DELETE', url: `/api/feeds/${fx.ids.wireFeed}`, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(sneaky.statusCode).toBe(403);
    // A form post (the one kind a cross-site page can send without asking) needs the CSRF token.
    const asForm = await open.inject({ method: 'POST', url: '/api/feeds', payload: `url=${url}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(asForm.statusCode).toBe(403);
    expect(await fx.ctx.db.select().from(feeds).where(eq(feeds.url, url))).toHaveLength(0);

    // With a token set: nothing without it; with the Bearer header (which no other site can set) a form post is fine.
    const noAuth = await guarded.inject({ method: 'POST', url: '/api/feeds', payload: { url } });
    expect(noAuth.statusCode).toBe(401);
    const bearer = await guarded.inject({
      method: 'POST', url: '/api/feeds', payload: `url=${url}`,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bearer.statusCode).toBe(201);
    const id = bearer.json().feed.id;
    const del = await guarded.inject({ method: 'DELETE', url: `/api/feeds/${id}`, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(del.statusCode).toBe(200);
    const retry = await guarded.inject({ method: 'PUT', url: '/queues/api/queues/fetch/retry/failed' });
    expect(retry.statusCode).toBe(401);
  });

  test('confirming or dismissing an alert follows the same rules, and records who did it', async () => {
    const id = fx.ids.alert;
    const state = async () => (await fx.ctx.db.select().from(alerts).where(eq(alerts.id, id)))[0].state;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await guarded.inject({ method: 'POST', url: `/api/alerts/${id}/confirm`, payload: {} })).statusCode).toBe(401);
    expect((await open.inject({ method: 'POST', url: `/alerts/${id}/dismiss`, headers: form, payload: 'by=mallory' })).statusCode).toBe(403);
    const { token, cookies } = await csrfFrom(open, `/alerts/${id}`);
    const crossSite = await open.inject({
      method: 'POST', url: `/alerts/${id}/dismiss`, cookies, payload: `by=mallory&_csrf=${encodeURIComponent(token)}`,
      headers: { ...form, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await open.inject({ method: 'POST', url: `/api/alerts/${id}/dismiss`, payload: {}, headers: { origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect(await state()).toBe('raised');

    const confirmed = await guarded.inject({
      method: 'POST', url: `/api/alerts/${id}/confirm`, payload: { by: 'ops-bot', note: 'checked with the agency' },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().alert.state).toBe('confirmed');
    expect(confirmed.json().actions).toMatchObject([{ action: 'confirm', fromState: 'raised', by: 'ops-bot', via: 'api', note: 'checked with the agency' }]);
    const shown = (await guarded.inject({ url: `/api/alerts/${id}`, headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(shown.actions).toHaveLength(1);
    expect(shown.actions[0].at).toEqual(expect.any(String));
    expect((await guarded.inject({ method: 'POST', url: '/api/alerts/999999/confirm', payload: {}, headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
    const list = (await guarded.inject({ url: '/api/alerts?state=confirmed', headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(list.items.map((a: { id: number }) => a.id)).toEqual([id]);
    expect((await guarded.inject({ url: '/api/alerts?state=nonsense', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(400);
  });
});
