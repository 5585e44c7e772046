// The dashboard: server-rendered pages, the JSON API behind them (documented
// in README-api.md), Bull Board under /queues, /metrics, /healthz, /readyz.
// It reads the store directly; what it changes goes through `actions`, the
// same functions the command line uses.
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { and, count, desc, eq } from 'drizzle-orm';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ALERT_STATES, type Actor } from '../alerts/review.js';
import type { Context } from '../context.js';
import { registry, trackQueues } from '../metrics.js';
import { packageRoot } from '../paths.js';
import { QUEUE_NAMES, type QueueName } from '../queues.js';
import { pingRedis } from '../redis.js';
import { claims, consensus, feeds } from '../store/schema.js';
import type { Html } from './html.js';
import {
  alertPage, alertsPage, articlePage, articlesPage, errorPage, feedsPage, loginPage, measurePage, measuresIndexPage,
  overviewPage, queuesJson, type MeasureSummary, type PageContext, type WebWatch,
} from './pages.js';
import {
  ARTICLE_STATUSES, articleFilterChoices, FEED_STATUSES, decodeCursor, deliveriesOf, failedJobs, getAlert, getArticle, getDelivery,
  getMeasure, listAlerts, listArticles, listFeedsForDashboard, overview, queueCounts, type ArticleFilter,
} from './queries.js';
import {
  clearSession, endSession, GuessLimiter, installSecurity, isLoopback, safeNext, sameSecret, SESSION_COOKIE, setSession, weakTokenMessage,
} from './security.js';

export type { WebWatch } from './pages.js';

/**
 * What the dashboard can change, passed in by whoever starts it (the service
 * wires the real feed subscriptions and deliveries). An error whose class name
 * ends in `InputError`, or that carries a 4xx `statusCode`, is shown to the
 * operator as a bad request; anything else is a server error.
 */
export interface WebActions {
  addFeed(url: string, intervalSeconds?: number): Promise<{ id: number; url: string }>;
  pauseFeed(id: number, paused: boolean): Promise<void>;
  removeFeed(id: number): Promise<void>;
  resendDelivery(id: number): Promise<void>;
  /** Confirms an alert (a held one is posted); see src/alerts/review.ts. */
  confirmAlert(id: number, actor: Actor): Promise<unknown>;
  /** Dismisses an alert: its claim leaves the consensus. */
  dismissAlert(id: number, actor: Actor): Promise<unknown>;
}

export interface WebServerOptions {
  ctx: Context;
  actions: WebActions;
  watches: WebWatch[];
}

export class DashboardConfigError extends Error {}

/**
 * Refuses a dashboard reachable from other machines without a strong token.
 * The message offers a token made on the spot, shown this once.
 */
export function checkDashboardBinding(dashboard: Context['config']['dashboard']): void {
  if (isLoopback(dashboard.host)) return;
  const refused = weakTokenMessage(dashboard.token, dashboard.host);
  if (refused) throw new DashboardConfigError(refused);
}

const PUBLIC_DIR = join(packageRoot, 'src', 'web', 'public');

// Empty form fields mean "any": drop them before validating.
const blankToUndefined = (v: unknown) => (typeof v === 'object' && v !== null
  ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== undefined))
  : v);

const articleQuery = z.preprocess(blankToUndefined, z.object({
  feed: z.coerce.number().int().positive().optional(),
  lang: z.string().max(35).optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  claims: z.enum(['yes', 'no']).optional(),
  q: z.string().trim().max(300).optional(),
  before: z.string().max(300).optional(),
  after: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}));

const alertQuery = z.preprocess(blankToUndefined, z.object({
  watch: z.string().max(200).optional(),
  measure: z.string().max(200).optional(),
  before: z.string().max(300).optional(),
  after: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  state: z.enum(ALERT_STATES as [string, ...string[]]).optional(),
  done: z.string().max(20).optional(),
}));

const reviewBody = z.preprocess(blankToUndefined, z.object({
  by: z.string().trim().max(200).optional(),
  note: z.string().trim().max(2000).optional(),
}));

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const measureParams = z.object({ watch: z.string().min(1).max(200), measure: z.string().min(1).max(200) });
const addFeedBody = z.preprocess(blankToUndefined, z.object({
  url: z.string().trim().min(1, 'a feed URL is needed').max(2048),
  intervalSeconds: z.coerce.number().int().positive().optional(),
}));
const pauseBody = z.object({
  paused: z.union([z.boolean(), z.enum(['1', '0', 'true', 'false'])]).transform((v) => v === true || v === '1' || v === 'true'),
});
const doneQuery = z.object({ done: z.string().max(20).optional() });
const feedQuery = z.preprocess(blankToUndefined, z.object({
  status: z.enum(FEED_STATUSES).optional(),
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  done: z.string().max(20).optional(),
}));

class NotFound extends Error {
  statusCode = 404;
}

function articleFilter(q: z.infer<typeof articleQuery>): ArticleFilter {
  return {
    feed: q.feed, lang: q.lang, status: q.status, claims: q.claims, q: q.q || undefined,
    before: decodeCursor(q.before), after: q.before ? undefined : decodeCursor(q.after), limit: q.limit,
  };
}

function clientError(err: unknown): { status: number; message: string } | null {
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    return { status: 400, message: `${issue.path.join('.') || 'input'}: ${issue.message}` };
  }
  if (err instanceof RangeError) return { status: 400, message: err.message };
  const e = err as { statusCode?: unknown; message?: string; constructor?: { name?: string } };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, message: e.message ?? 'bad request' };
  if (/InputError$/.test(e?.constructor?.name ?? '')) return { status: 400, message: e.message ?? 'bad request' };
  return null;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** The `error` of a JSON error answer, one per status (README, "JSON API"). */
function errorKind(status: number): string {
  return ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'too_many_requests' } as Record<number, string>)[status]
    ?? (status < 500 ? 'bad_request' : 'internal');
}

const isApi = (req: FastifyRequest) => {
  const path = req.url.split('?')[0];
  return path.startsWith('/api/') || path === '/metrics' || path.startsWith('/queues/api/');
};

export async function createWebServer(opts: WebServerOptions): Promise<FastifyInstance> {
  const { ctx, actions, watches } = opts;
  const { db } = ctx;
  const dashboard = ctx.config.dashboard;
  const log = ctx.log.child({ component: 'dashboard' });

  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    // Feed URLs and search terms are short; nothing here takes an upload.
    bodyLimit: 64 * 1024,
  }) as unknown as FastifyInstance;

  const guesses = new GuessLimiter(log);
  await installSecurity(app, { db, guesses, token: dashboard.token, host: dashboard.host, publicUrl: dashboard.publicUrl });
  await app.register(fastifyFormbody);
  // decorateReply off: Bull Board registers its own copy of the plugin below.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', decorateReply: false, maxAge: '1h' });

  const untrack = trackQueues(ctx.queues);
  app.addHook('onClose', async () => untrack());

  // ── Bull Board: counts, failed jobs and retries per queue ──
  const board = new FastifyAdapter();
  board.setBasePath('/queues');
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(ctx.queues[name])),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'claimwatch queues' } },
  });
  await app.register(board.registerPlugin() as Parameters<FastifyInstance['register']>[0], { prefix: '/queues' });

  const pageContext = (req: FastifyRequest, reply: FastifyReply): PageContext => ({
    csrf: reply.generateCsrf(),
    signedIn: req.authBy === 'cookie',
    watches,
    path: req.url.split('?')[0],
  });
  const sendPage = (reply: FastifyReply, page: Html, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);

  app.setErrorHandler((err, req, reply) => {
    const known = clientError(err);
    if (!known) log.error({ err, url: req.url }, 'dashboard request failed');
    const status = known?.status ?? 500;
    const message = known?.message ?? 'internal error: see the service log';
    if (isApi(req) || req.method !== 'GET') return reply.code(status).send({ error: errorKind(status), message });
    return sendPage(reply, errorPage(pageContext(req, reply), status, message), status);
  });
  app.setNotFoundHandler((req, reply) => {
    if (isApi(req) || req.method !== 'GET') return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
    return sendPage(reply, errorPage(pageContext(req, reply), 404, 'There is no such page.'), 404);
  });

  // ── shared reads ──
  const safeQueueCounts = () => withTimeout(queueCounts(ctx.queues), 2000, 'Redis').catch(() => null);

  async function measureSummaries(): Promise<MeasureSummary[]> {
    const counts = await db.select({ watch: claims.watch, measure: claims.measure, n: count() })
      .from(claims).groupBy(claims.watch, claims.measure);
    const known = new Map<string, MeasureSummary>();
    for (const w of watches) {
      for (const m of w.measures) known.set(`${w.id}\u0000${m.key}`, { watch: w.id, measure: m.key, unit: m.unit, claims: 0, latest: null });
    }
    for (const c of counts) {
      const key = `${c.watch}\u0000${c.measure}`;
      const row = known.get(key) ?? { watch: c.watch, measure: c.measure, unit: '', claims: 0, latest: null };
      row.claims = c.n;
      known.set(key, row);
    }
    const rows = [...known.values()];
    await Promise.all(rows.map(async (r) => {
      const [latest] = await db.select({ centre: consensus.centre, bandLow: consensus.bandLow, bandHigh: consensus.bandHigh, sources: consensus.sources })
        .from(consensus).where(and(eq(consensus.watch, r.watch), eq(consensus.measure, r.measure)))
        .orderBy(desc(consensus.at), desc(consensus.id)).limit(1);
      r.latest = latest ?? null;
    }));
    return rows;
  }

  const unitOf = (watch: string, measure: string, fallback?: string) =>
    watches.find((w) => w.id === watch)?.measures.find((m) => m.key === measure)?.unit ?? fallback ?? '';

  async function measureOr404(params: unknown) {
    const { watch, measure } = measureParams.parse(params);
    const data = await getMeasure(db, watch, measure);
    const unit = unitOf(watch, measure, data.claims[0]?.unit);
    const listed = watches.some((w) => w.id === watch && w.measures.some((m) => m.key === measure));
    if (!listed && data.claims.length === 0 && data.consensus.length === 0) throw new NotFound(`no measure ${measure} in watch ${watch}`);
    return { data, unit };
  }

  async function feedOr404(id: number) {
    const [feed] = await db.select({ id: feeds.id }).from(feeds).where(eq(feeds.id, id));
    if (!feed) throw new NotFound(`no feed ${id}`);
  }

  // ── probes and metrics ──
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const check = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000, what);
        return 'ok';
      } catch (err) {
        return `unreachable: ${(err as Error).message}`;
      }
    };
    const [redis, store] = await Promise.all([
      check('Redis', async () => { if (!(await pingRedis(ctx.config, 1500))) throw new Error('no answer'); }),
      check('the store', () => ctx.store.pool.query('select 1')),
    ]);
    const ready = redis === 'ok' && store === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', redis, store });
  });
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));

  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/static/favicon.svg', 301));

  // ── login ──
  app.get('/login', async (req, reply) => {
    const q = req.query as { next?: string; failed?: string };
    if (!dashboard.token) return reply.redirect('/', 303);
    return sendPage(reply, loginPage(reply.generateCsrf(), safeNext(q.next), q.failed === '1'));
  });
  // A client whose allowance of wrong tokens is spent never gets here (src/web/security.ts answers 429).
  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as { token?: unknown; next?: unknown };
    const next = safeNext(body.next);
    if (!dashboard.token) return reply.redirect(next, 303);
    if (typeof body.token !== 'string' || !sameSecret(body.token, dashboard.token)) {
      await guesses.failed(req.ip);
      return reply.code(401).type('text/html; charset=utf-8').send(loginPage(reply.generateCsrf(), next, true).value);
    }
    await setSession(reply, db, dashboard.token);
    return reply.redirect(next, 303);
  });
  app.post('/logout', async (req, reply) => {
    await endSession(db, req.cookies[SESSION_COOKIE]);
    clearSession(reply);
    return reply.redirect(dashboard.token ? '/login' : '/', 303);
  });

  // ── pages ──
  app.get('/', async (req, reply) => {
    const [o, q] = await Promise.all([overview(db), safeQueueCounts()]);
    return sendPage(reply, overviewPage(pageContext(req, reply), o, q));
  });

  app.get('/articles', async (req, reply) => {
    const f = articleFilter(articleQuery.parse(req.query));
    const [page, choices] = await Promise.all([listArticles(db, f), articleFilterChoices(db)]);
    return sendPage(reply, articlesPage(pageContext(req, reply), page, f, choices));
  });

  app.get('/articles/:id', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    const d = await getArticle(db, id);
    if (!d) throw new NotFound(`no article ${id}`);
    return sendPage(reply, articlePage(pageContext(req, reply), d));
  });

  app.get('/measures', async (req, reply) => sendPage(reply, measuresIndexPage(pageContext(req, reply), await measureSummaries())));

  app.get('/measures/:watch/:measure', async (req, reply) => {
    const { data, unit } = await measureOr404(req.params);
    return sendPage(reply, measurePage(pageContext(req, reply), data, unit));
  });

  app.get('/alerts', async (req, reply) => {
    const q = alertQuery.parse(req.query);
    const page = await listAlerts(db, { watch: q.watch, measure: q.measure, state: q.state, before: decodeCursor(q.before), after: q.before ? undefined : decodeCursor(q.after), limit: q.limit });
    const dels = await deliveriesOf(db, page.items.map((a) => a.id));
    return sendPage(reply, alertsPage(pageContext(req, reply), page, dels, { watch: q.watch, measure: q.measure, state: q.state }, q.done));
  });

  app.get('/alerts/:id', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    const d = await getAlert(db, id);
    if (!d) throw new NotFound(`no alert ${id}`);
    return sendPage(reply, alertPage(pageContext(req, reply), d, doneQuery.parse(req.query).done));
  });

  app.get('/feeds', async (req, reply) => {
    const q = feedQuery.parse(req.query);
    const list = await listFeedsForDashboard(db, q);
    return sendPage(reply, feedsPage(pageContext(req, reply), list, q, q.done));
  });

  // ── form actions: answer with a redirect (POST/redirect/GET), or the page with the error ──
  app.post('/feeds', async (req, reply) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    try {
      const body = addFeedBody.parse(raw);
      await actions.addFeed(body.url, body.intervalSeconds);
      return reply.redirect('/feeds?done=added', 303);
    } catch (err) {
      const known = clientError(err);
      if (!known) throw err;
      const filter = feedQuery.parse({});
      const list = await listFeedsForDashboard(db, filter);
      const form = { url: typeof raw.url === 'string' ? raw.url : '', interval: typeof raw.intervalSeconds === 'string' ? raw.intervalSeconds : '' };
      return sendPage(reply, feedsPage(pageContext(req, reply), list, filter, undefined, known.message, form), known.status);
    }
  });

  app.post('/feeds/:id/pause', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    const { paused } = pauseBody.parse(req.body ?? {});
    await feedOr404(id);
    await actions.pauseFeed(id, paused);
    return reply.redirect(`/feeds?done=${paused ? 'paused' : 'resumed'}`, 303);
  });

  app.post('/feeds/:id/remove', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    await feedOr404(id);
    await actions.removeFeed(id);
    return reply.redirect('/feeds?done=removed', 303);
  });

  // Who acts on an alert: the name the operator gives, else how they are signed in.
  const actorOf = (req: FastifyRequest, via: Actor['via']): Actor => {
    const body = reviewBody.parse(req.body ?? {});
    const how = req.authBy === 'cookie' ? 'signed-in session' : req.authBy === 'bearer' ? 'API token' : 'local, no token';
    return { by: body.by || `dashboard user (${how})`, via, note: body.note ?? null };
  };
  const alertOr404 = async (id: number) => {
    const d = await getAlert(db, id);
    if (!d) throw new NotFound(`no alert ${id}`);
    return d;
  };

  for (const action of ['confirm', 'dismiss'] as const) {
    app.post(`/alerts/:id/${action}`, async (req, reply) => {
      const { id } = idParam.parse(req.params);
      await alertOr404(id);
      try {
        await (action === 'confirm' ? actions.confirmAlert : actions.dismissAlert)(id, actorOf(req, 'dashboard'));
      } catch (err) {
        const known = clientError(err);
        if (!known) throw err;
        return sendPage(reply, alertPage(pageContext(req, reply), await alertOr404(id), undefined, known.message), known.status);
      }
      return reply.redirect(`/alerts/${id}?done=${action}ed`, 303);
    });
    app.post(`/api/alerts/:id/${action}`, async (req) => {
      const { id } = idParam.parse(req.params);
      await alertOr404(id);
      await (action === 'confirm' ? actions.confirmAlert : actions.dismissAlert)(id, actorOf(req, 'api'));
      return alertOr404(id);
    });
  }

  app.post('/deliveries/:id/resend', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    const d = await getDelivery(db, id);
    if (!d) throw new NotFound(`no delivery ${id}`);
    await actions.resendDelivery(id);
    return reply.redirect(d.alertId ? `/alerts/${d.alertId}?done=resent` : '/alerts?done=resent', 303);
  });

  // ── JSON API ──
  app.get('/api/overview', async () => {
    const [o, q] = await Promise.all([overview(db), safeQueueCounts()]);
    return { ...o, queues: q };
  });

  app.get('/api/articles', async (req) => listArticles(db, articleFilter(articleQuery.parse(req.query))));

  app.get('/api/articles/:id', async (req) => {
    const { id } = idParam.parse(req.params);
    const d = await getArticle(db, id);
    if (!d) throw new NotFound(`no article ${id}`);
    return d;
  });

  app.get('/api/measures', async () => ({ measures: await measureSummaries() }));

  app.get('/api/measures/:watch/:measure', async (req) => {
    const { data, unit } = await measureOr404(req.params);
    return { ...data, unit };
  });

  app.get('/api/alerts', async (req) => {
    const q = alertQuery.parse(req.query);
    const page = await listAlerts(db, { watch: q.watch, measure: q.measure, state: q.state, before: decodeCursor(q.before), after: q.before ? undefined : decodeCursor(q.after), limit: q.limit });
    const dels = await deliveriesOf(db, page.items.map((a) => a.id));
    return { ...page, items: page.items.map((a) => ({ ...a, deliveries: dels.filter((d) => d.alertId === a.id) })) };
  });

  app.get('/api/alerts/:id', async (req) => {
    const { id } = idParam.parse(req.params);
    const d = await getAlert(db, id);
    if (!d) throw new NotFound(`no alert ${id}`);
    return d;
  });

  app.post('/api/deliveries/:id/resend', async (req, reply) => {
    const { id } = idParam.parse(req.params);
    if (!(await getDelivery(db, id))) throw new NotFound(`no delivery ${id}`);
    await actions.resendDelivery(id);
    return reply.code(202).send({ id, queued: true });
  });

  app.get('/api/feeds', async (req) => {
    const { done: _done, ...filter } = feedQuery.parse(req.query);
    return listFeedsForDashboard(db, filter);
  });

  app.post('/api/feeds', async (req, reply) => {
    const body = addFeedBody.parse(req.body ?? {});
    const feed = await actions.addFeed(body.url, body.intervalSeconds);
    return reply.code(201).send({ feed });
  });

  app.post('/api/feeds/:id/pause', async (req) => {
    const { id } = idParam.parse(req.params);
    const { paused } = pauseBody.parse(req.body ?? {});
    await feedOr404(id);
    await actions.pauseFeed(id, paused);
    return { id, paused };
  });

  app.delete('/api/feeds/:id', async (req) => {
    const { id } = idParam.parse(req.params);
    await feedOr404(id);
    await actions.removeFeed(id);
    return { id, removed: true };
  });

  app.get('/api/queues', async () => {
    const counts = await withTimeout(queueCounts(ctx.queues), 5000, 'Redis');
    const failed = (await Promise.all(QUEUE_NAMES.map((q) => failedJobs(ctx.queues, q)))).flat();
    return { queues: queuesJson(counts, failed) };
  });

  app.post('/api/queues/:queue/jobs/:id/retry', async (req, reply) => {
    const { queue, id } = z.object({ queue: z.enum(QUEUE_NAMES), id: z.string().min(1).max(200) }).parse(req.params);
    const job = await ctx.queues[queue as QueueName].getJob(id);
    if (!job) throw new NotFound(`no job ${id} in queue ${queue}`);
    if (!(await job.isFailed())) throw Object.assign(new Error(`job ${id} has not failed`), { statusCode: 409 });
    await job.retry('failed');
    return reply.code(202).send({ queue, id, retried: true });
  });

  return app;
}

/** Starts the dashboard on config.dashboard.host:port; refuses an open one on a non-loopback address. */
export async function startWebServer(opts: WebServerOptions): Promise<FastifyInstance> {
  const { dashboard } = opts.ctx.config;
  checkDashboardBinding(dashboard);
  const app = await createWebServer(opts);
  try {
    await app.listen({ host: dashboard.host, port: dashboard.port });
  } catch (err) {
    await app.close();
    throw new DashboardConfigError(`the dashboard cannot listen on ${dashboard.host}:${dashboard.port}: ${(err as Error).message}`);
  }
  opts.ctx.log.info({ url: app.listeningOrigin, token: !!dashboard.token }, 'dashboard listening');
  return app;
}
