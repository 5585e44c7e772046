// The dashboard against what a hostile probe tries: credentials planted in
// every kind of stored URL must never be shown, `next` must never lead to
// another site, sign-in is rate-limited, a copied cookie dies with sign-out,
// weak tokens are refused beyond loopback, the Bearer scheme is read in any case.
import { Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maskUrl, maskUrlsIn } from '../src/mask.js';
import { connection } from '../src/queues.js';
import { alerts, articles, deliveries, feeds, webhooks } from '../src/store/schema.js';
import { checkDashboardBinding, createWebServer, DashboardConfigError } from '../src/web/index.js';
import { clientKey, LOGIN_ATTEMPTS, safeNext } from '../src/web/security.js';
import { webFixture, WATCHES, type WebFixture } from './web-fixture.js';

const TOKEN = 'probe-dashboard-token-7c41e9';

/** Credentials as they hide in URLs; none may appear in any answer. */
const SECRETS = {
  slack: 'xoxSlackPathToken9f8e7d',
  discord: 'DiscordPathToken_k2j3h4',
  query: 'QueryTokenHunter2q9',
  userinfo: 'UserinfoPassw0rdZ8',
  feedPassword: 'FeedPassw0rdY7',
  feedKey: 'FeedApiKeyX6w5',
  articleToken: 'ArticleAccessTokenV4u3',
  errorPassword: 'ErrorUrlPassw0rdT2',
  jobKey: 'JobDataKeyS1r0',
};

let fx: WebFixture;
let app: FastifyInstance;
let alertId: number;
let articleId: number;

beforeAll(async () => {
  fx = await webFixture('postgres', { token: TOKEN });
  app = fx.app;
  const db = fx.ctx.db;
  // Webhooks whose URLs are credentials, each with a delivery on the seed alert.
  const hooks = await db.insert(webhooks).values([
    { url: `https://hooks.slack.com/services/T000/B000/${SECRETS.slack}`, format: 'slack' },
    { url: `https://discord.com/api/webhooks/123456/${SECRETS.discord}`, format: 'discord' },
    { url: `https://ops.example.org/hook?team=ops&token=${SECRETS.query}`, format: 'json' },
    { url: `https://alice:${SECRETS.userinfo}@receiver.example.org/hook`, format: 'json' },
  ]).returning();
  await db.insert(deliveries).values(hooks.map((h, i) => ({
    webhookId: h.id, eventId: `probe-${i}`, eventType: 'alert.created', alertId: fx.ids.alert, payload: {},
    status: 'failed', attempts: 1, lastStatusCode: 500,
    lastError: `connection failed: https://bob:${SECRETS.errorPassword}@receiver.example.org/hook refused`,
  })));
  // A private feed with a password and an API key, whose last error names a URL with a password.
  const [feed] = await db.insert(feeds).values({
    url: `https://reader:${SECRETS.feedPassword}@paywalled.example.org/rss?api_key=${SECRETS.feedKey}`, title: 'Paywalled wire',
    intervalSeconds: 3600, status: 'broken', errorScore: 3,
    lastError: `refused to fetch https://bob:${SECRETS.errorPassword}@paywalled.example.org/item: HTTP 401`, lastErrorAt: new Date(),
  }).returning();
  // An article whose URL carries an access token, and an alert pointing at it.
  const [article] = await db.insert(articles).values({
    url: `https://news.example.org/story?id=7&access_token=${SECRETS.articleToken}`, status: 'new', title: 'A story behind a token',
    lang: 'en', text: 'North Korea has sent about 11,000 soldiers to Russia.', textHash: 'probe-article', extractor: 'linkedom',
    tagging: 'tagged', feedId: feed.id,
  }).returning();
  articleId = article.id;
  const [seedAlert] = await db.select().from(alerts).where(eq(alerts.id, fx.ids.alert));
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = seedAlert;
  const [copy] = await db.insert(alerts).values({
    ...rest, key: 'probe:token', articleId: article.id, articleUrl: article.url,
    corroborations: [{ claimId: seedAlert.claimId, articleId: article.id, source: 'Probe', url: article.url, at: new Date().toISOString() }],
  } as typeof alerts.$inferInsert).returning();
  alertId = copy.id;
  // A failed job whose data names a URL with a key (the Queues page and API show job data).
  const worker = new Worker('fetch', async () => { throw new Error(`could not reach https://x.example.org/?key=${SECRETS.jobKey}`); }, {
    connection: connection(fx.ctx.config), prefix: fx.ctx.config.queuePrefix,
  });
  const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()));
  await fx.ctx.queues.fetch.add('fetch', { url: `https://x.example.org/page?key=${SECRETS.jobKey}` }, { attempts: 1, jobId: 'probe' });
  await failed;
  await worker.close();
});
afterAll(async () => { await fx?.close(); });

const auth = { authorization: `Bearer ${TOKEN}` };

describe('credentials in stored URLs', () => {
  test('the masking rule hides user:password, credential query values and webhook path tokens, and keeps the rest', () => {
    expect(maskUrl('https://alice:pw@h.example/p?q=1')).toBe('https://***:***@h.example/p?q=1');
    expect(maskUrl('https://h.example/feed?api_key=abc&lang=en')).toBe('https://h.example/feed?api_key=***&lang=en');
    expect(maskUrl('https://h.example/story?id=7&keywords=troops')).toBe('https://h.example/story?id=7&keywords=troops');
    expect(maskUrl('https://hooks.slack.com/services/T0/B0/tok')).toBe('https://hooks.slack.com/services/T0/B0/***');
    expect(maskUrl('https://relay.example/x/tok', { webhook: { format: 'discord' } })).toBe('https://relay.example/x/***');
    expect(maskUrl('https://relay.example/hook?team=ops', { webhook: { format: 'json' } })).toBe('https://relay.example/hook?team=***');
    expect(maskUrl('not a url')).toBe('not a url');
    expect(maskUrlsIn('failed: https://u:pw@h.example/x?token=t, retrying.')).toBe('failed: https://***:***@h.example/x?token=***, retrying.');
  });

  test('no page and no API answer shows any of them', async () => {
    const paths = [
      '/', '/articles', `/articles/${articleId}`, `/articles/${fx.ids.seeds['004']}`, '/measures', '/measures/dprk-troops-russia/troops',
      '/alerts', `/alerts/${fx.ids.alert}`, `/alerts/${alertId}`, '/feeds', '/queues',
      '/api/overview', '/api/articles', `/api/articles/${articleId}`, '/api/measures', '/api/measures/dprk-troops-russia/troops',
      '/api/alerts', `/api/alerts/${fx.ids.alert}`, `/api/alerts/${alertId}`, '/api/feeds', '/api/queues',
      '/queues/api/queues?activeQueue=fetch&status=failed&page=1', '/metrics',
    ];
    for (const path of paths) {
      const res = await app.inject({ url: path, headers: { ...auth, accept: path.startsWith('/api') ? 'application/json' : 'text/html' } });
      expect(res.statusCode, path).toBe(200);
      for (const [name, secret] of Object.entries(SECRETS)) expect(res.body.includes(secret), `${name} on ${path}`).toBe(false);
    }
    // They are masked, not dropped: the operator still sees where each points.
    const detail = (await app.inject({ url: `/api/alerts/${fx.ids.alert}`, headers: auth })).json();
    const urls = detail.deliveries.map((d: { webhookUrl: string }) => d.webhookUrl);
    expect(urls).toEqual(expect.arrayContaining([
      'https://hooks.slack.com/services/T000/B000/***', 'https://discord.com/api/webhooks/123456/***',
      'https://ops.example.org/hook?team=***&token=***', 'https://***:***@receiver.example.org/hook',
    ]));
    const feedList = (await app.inject({ url: '/api/feeds', headers: auth })).json().feeds;
    expect(feedList.map((f: { url: string }) => f.url)).toContain('https://***:***@paywalled.example.org/rss?api_key=***');
  });
});

describe('signing in', () => {
  test('`next` leads only to a path on this site', async () => {
    const hostile = [
      '/\t/evil.example/', '/%09/evil.example/', '//evil.example/', '/\\evil.example/', '\\/evil.example', 'https://evil.example/',
      '/\r\nSet-Cookie: x=1', '/%0d%0aSet-Cookie:%20x=1', '/\n/evil.example', 'javascript:alert(1)', '/\u0000//evil.example',
      ' //evil.example', '/\u2028/evil.example', '/x\u0085',
    ];
    for (const raw of hostile) {
      const decoded = raw.includes('%') ? decodeURIComponent(raw) : raw;
      const next = safeNext(decoded);
      expect(new URL(next, 'http://dash.local').origin, JSON.stringify(raw)).toBe('http://dash.local');
      expect(next, JSON.stringify(raw)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
      expect(next.startsWith('//'), JSON.stringify(raw)).toBe(false);
    }
    expect(safeNext('/feeds?x=1#top')).toBe('/feeds?x=1#top');
    expect(safeNext('/articles/../feeds')).toBe('/feeds');

    // Dot segments and percent-encoding resolved before the check (the reproduction: these came back as `//evil.example/`).
    for (const raw of ['/.//evil.example/', '/a/..//evil.example/', '/%2e//evil.example/', '/%2E%2E//evil.example/', '/%2f/evil.example/', '/%5cevil.example/', '/%09/evil.example/']) {
      expect(safeNext(raw), raw).toBe('/');
    }

    // Through the real form: the page's hidden field and the redirect after a good token.
    for (const raw of ['/\t/evil.example/', '/\r\n/evil.example', '//evil.example/', '/\\evil.example', '/.//evil.example/', '/a/..//evil.example/', '/%2e//evil.example/']) {
      const page = await app.inject({ url: `/login?next=${encodeURIComponent(raw)}` });
      expect(page.statusCode, JSON.stringify(raw)).toBe(200);
      const { csrf, cookies } = formOf(page);
      const res = await app.inject({
        method: 'POST', url: '/login', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, token: TOKEN, next: raw }).toString(), remoteAddress: '10.0.0.50',
      });
      expect(res.statusCode, JSON.stringify(raw)).toBe(303);
      expect(res.headers.location, JSON.stringify(raw)).toBe('/');
    }
  });

  test('a copied session cookie stops working once its browser signs out, and when the token changes', async () => {
    const cookie = await signIn(app, TOKEN, '10.0.0.51');
    expect((await app.inject({ url: '/api/overview', cookies: { cw_session: cookie } })).statusCode).toBe(200);
    const second = await signIn(app, TOKEN, '10.0.0.51');

    // The same store behind a dashboard whose token was changed: no old session holds.
    const changed = await createWebServer({
      ctx: { ...fx.ctx, config: { ...fx.ctx.config, dashboard: { ...fx.ctx.config.dashboard, token: `${TOKEN}-rotated` } } },
      actions: fx.actions, watches: WATCHES,
    });
    try {
      expect((await changed.inject({ url: '/api/overview', cookies: { cw_session: second } })).statusCode).toBe(401);
    } finally {
      await changed.close();
    }

    const { csrf, cookies } = formOf(await app.inject({ url: '/', cookies: { cw_session: cookie } }));
    const out = await app.inject({
      method: 'POST', url: '/logout', cookies: { ...cookies, cw_session: cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(out.statusCode).toBe(303);
    // The copy an attacker kept is refused; the other browser's session is untouched.
    expect((await app.inject({ url: '/api/overview', cookies: { cw_session: cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/overview', cookies: { cw_session: second } })).statusCode).toBe(200);
  });

  test('wrong tokens are limited per client, however presented: form, JSON and Bearer share one allowance', async () => {
    const form = async (address: string, token: string) => {
      const { csrf, cookies } = formOf(await app.inject({ url: '/login' }));
      return app.inject({
        method: 'POST', url: '/login', cookies, remoteAddress: address, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, token }).toString(),
      });
    };
    const json = (address: string, token: string) => app.inject({
      method: 'POST', url: '/login', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: { token },
    });
    const bearer = (address: string, token: string) => app.inject({ url: '/api/overview', remoteAddress: address, headers: { authorization: `Bearer ${token}` } });
    const ways = [form, json, bearer];
    for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
      const res = await ways[i % 3]('10.9.9.9', `guess-${i}`);
      expect(res.statusCode, `guess ${i}`).toBe(401);
    }
    // Spent: the right token is refused too, every way, with the wait and the right kind of error.
    for (const way of ways) {
      const blocked = await way('10.9.9.9', TOKEN);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json()).toMatchObject({ error: 'too_many_requests', message: expect.stringMatching(/too many wrong tokens from this address: try again in \d+ s/) });
      expect(blocked.cookies.find((c) => c.name === 'cw_session')).toBeUndefined();
    }
    // Another client is not held up, nor is a browser already signed in.
    expect((await form('10.9.9.10', TOKEN)).statusCode).toBe(303);
    expect((await bearer('10.9.9.10', TOKEN)).statusCode).toBe(200);
  });

  test('Bearer guessing is limited (the issue\'s reproduction: 300 guesses, never a 429), and loopback is one client', async () => {
    // A dashboard of its own: the shared one keeps answering the other tests from 127.0.0.1.
    const own = await createWebServer({ ctx: fx.ctx, actions: fx.actions, watches: WATCHES });
    try {
      await guessFromLoopback(own);
    } finally {
      await own.close();
    }
    expect(new Set(['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.2', '[::1]'].map(clientKey))).toEqual(new Set(['loopback']));
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb::2'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('10.0.0.1')).not.toBe(clientKey('10.0.0.2'));
  });

  test('the Bearer scheme is read in any case, the token exactly', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await app.inject({ url: '/api/overview', headers: { authorization: `${scheme} ${TOKEN}` } })).statusCode, scheme).toBe(200);
    }
    expect((await app.inject({ url: '/api/overview', headers: { authorization: `Bearer ${TOKEN.toUpperCase()}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/overview', headers: { authorization: `Basic ${TOKEN}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/overview', headers: { authorization: `Bearer${TOKEN}` } })).statusCode).toBe(401);
  });

  test('beyond loopback a short or weak token is refused, naming the setting and offering a strong one', () => {
    const base = fx.ctx.config.dashboard;
    const refusal = (token: string) => {
      try {
        checkDashboardBinding({ ...base, host: '0.0.0.0', token });
      } catch (err) {
        expect(err).toBeInstanceOf(DashboardConfigError);
        return (err as Error).message;
      }
      return '';
    };
    const weak: [string, RegExp][] = [
      [' ', /at least 16/], ['short', /at least 16/], ['123456789012345', /at least 16/],
      // The reproduction: 16 characters, and nothing else.
      ['aaaaaaaaaaaaaaaa', /easy to guess \(repeated characters/], ['abababababababab', /easy to guess/],
      ['1234567890123456', /easy to guess/], ['0000111100001111', /easy to guess/], ['qwertyuiopasdfgh', /easy to guess/],
      ['passwordpassword', /easy to guess/], ['administrator123', /easy to guess/],
    ];
    for (const [token, why] of weak) {
      const message = refusal(token);
      expect(message, JSON.stringify(token)).toMatch(/^DASHBOARD_TOKEN \(dashboard\.token\): /);
      expect(message, JSON.stringify(token)).toMatch(why);
      expect(message.includes('\n'), 'one line').toBe(false);
      const offered = /generated for you: ([A-Za-z0-9_-]+)\)/.exec(message)?.[1];
      expect(offered?.length).toBeGreaterThanOrEqual(16);
      expect(refusal(offered!)).toBe('');
    }
    for (const strong of [TOKEN, 'kx8fj3ls9q2mzp0w', '9b21b78b9257d5f87fe5ecc13be2b5f6']) expect(refusal(strong), strong).toBe('');
    expect(() => checkDashboardBinding({ ...base, host: '127.0.0.1', token: 'aaaaaaaaaaaaaaaa' })).not.toThrow();
  });
});

/** 30 wrong Bearer tokens, each from another 127.x.y.z (on loopback every address is this machine). */
async function guessFromLoopback(server: FastifyInstance) {
  const codes: number[] = [];
  for (let i = 0; i < 3 * LOGIN_ATTEMPTS; i++) {
    const res = await server.inject({ url: '/api/overview', remoteAddress: `127.0.${i}.${i + 1}`, headers: { authorization: `Bearer guess-${i}` } });
    codes.push(res.statusCode);
  }
  expect(codes.slice(0, LOGIN_ATTEMPTS).every((c) => c === 401)).toBe(true);
  expect(codes.slice(LOGIN_ATTEMPTS).every((c) => c === 429)).toBe(true);
  for (const address of ['127.0.0.1', '127.200.1.1', '::1', '::ffff:127.0.0.1']) {
    expect((await server.inject({ url: '/api/overview', remoteAddress: address, headers: auth })).statusCode, address).toBe(429);
  }
  expect((await server.inject({ url: '/api/overview', remoteAddress: '10.1.2.3', headers: auth })).statusCode).toBe(200);
}

function formOf(page: { body: string; cookies: { name: string; value: string }[] }) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  expect(csrf, 'a CSRF token on the page').toBeTruthy();
  const cookie = page.cookies.find((c) => c.name === 'cw_csrf')?.value;
  return { csrf: csrf!, cookies: cookie ? { cw_csrf: cookie } : {} as Record<string, string> };
}

async function signIn(server: FastifyInstance, token: string, address: string): Promise<string> {
  const { csrf, cookies } = formOf(await server.inject({ url: '/login' }));
  const res = await server.inject({
    method: 'POST', url: '/login', cookies, remoteAddress: address, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, token }).toString(),
  });
  expect(res.statusCode).toBe(303);
  return res.cookies.find((c) => c.name === 'cw_session')!.value;
}
