// `claimwatch start` (everything in one process) and `claimwatch worker`
// (some stages only): the same pieces, chosen by the command.
import { createServer, type Server } from 'node:http';
import { count, eq, sql } from 'drizzle-orm';
import type { Context } from './context.js';
import { syncConfigWebhooks } from './delivery/index.js';
import { cleanError, isConnectionError } from './jobs/errors.js';
import { sweep } from './jobs/sweep.js';
import { registry, trackQueues } from './metrics.js';
import type { QueueName } from './queues.js';
import { createRedis, pingRedis } from './redis.js';
import type { Runtime } from './runtime.js';
import { seedCorpus } from './seed/index.js';
import { watchPool } from './store/pool-watch.js';
import { articles } from './store/schema.js';
import { syncSchedulers, addFeed, removeFeed, setFeedPaused } from './subscriptions.js';
import { startWorkers } from './workers/index.js';
import { ConnectionWatch, isRedisFailure } from './workers/connections.js';

export interface ServiceOptions {
  dashboard: boolean;
  seed: boolean;
  queues: readonly QueueName[];
  /** Keep the feed schedulers in step with the store (the service does; extra workers need not). */
  scheduler?: boolean;
}

export async function startService(rt: Runtime, opts: ServiceOptions): Promise<void> {
  const { ctx, tools } = rt;
  const sweeper = startSweeper(ctx);
  rt.onClose(async () => sweeper.close());
  const watch = new ConnectionWatch(ctx.log, {
    redis: `Redis (${new URL(ctx.config.redisUrl).host})`,
    store: ctx.store.kind === 'postgres' ? `PostgreSQL (${ctx.store.where})` : `the embedded store (${ctx.store.where})`,
  }, {
    redis: () => pingRedis(ctx.config, 1000),
    store: async () => { await ctx.store.pool.query('select 1'); return true; },
  }, (link) => {
    // Redis may have come back empty: the feeds' schedulers go back first, then the sweep queues the rest.
    const resync = link === 'redis' && opts.scheduler !== false
      ? syncSchedulers(ctx).then(() => {}, (err) => ctx.log.warn(`feed schedulers: ${cleanError(err).message}`))
      : Promise.resolve();
    void resync.then(() => sweeper.now());
  });
  rt.onClose(async () => watch.close());
  ctx.queues.onError((err) => { if (isConnectionError(err)) watch.lost('redis', err); else ctx.log.warn(`queue: ${err.message}`); });
  ctx.store.pool.on('error', (err) => watch.lost('store', err));
  // A client checked out (a transaction between two statements) has no pool
  // listener: the server going away would be an unhandled 'error' and end the
  // process. Its next statement fails instead, and the job retries.
  ctx.store.pool.on('connect', (client) => client.on('error', (err) => watch.lost('store', err)));
  sweeper.watch = watch;
  rt.onClose(async () => stopPoolWatch());
  const stopPoolWatch = watchPool(ctx.store.pool, ctx.log);

  if (opts.seed) {
    const [{ n }] = await ctx.db.select({ n: count() }).from(articles).where(eq(articles.isSeed, true));
    if (n === 0) await seedCorpus(ctx, tools.watches);
  }
  if (opts.scheduler !== false) {
    await syncConfigWebhooks(ctx.db, ctx.config.webhooks);
    const feedsScheduled = await syncSchedulers(ctx);
    ctx.log.info({ feeds: feedsScheduled }, 'feed schedulers in step with the store');
  }
  // Work left half done by a process that died, or by an outage: queued again before the workers start.
  await sweeper.now();
  const workers = startWorkers(ctx, tools, opts.queues, watch);
  rt.onClose(() => workers.close());
  sweeper.schedule();
  if (opts.dashboard) await startDashboard(rt);
  else if (ctx.config.workers.metricsPort) await serveMetrics(rt, watch);
  ctx.log.info({ store: `${ctx.store.kind} (${ctx.store.where})`, redis: new URL(ctx.config.redisUrl).host, queues: opts.queues }, 'claimwatch is running');
}

interface Sweeper {
  watch: ConnectionWatch | null;
  /** Sweeps now (unless a sweep is running). */
  now(): Promise<void>;
  /** Sweeps every workers.sweepIntervalSeconds, one process at a time. */
  schedule(): void;
  close(): void;
}

function startSweeper(ctx: Context): Sweeper {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let redis: ReturnType<typeof createRedis> | null = null;
  const every = ctx.config.workers.sweepIntervalSeconds * 1000;
  const s: Sweeper = {
    watch: null,
    now() {
      running ??= sweep(ctx).then(() => {}, (err) => {
        if (isConnectionError(err) && s.watch) s.watch.lost(isRedisFailure(err) ? 'redis' : 'store', err);
        else ctx.log.warn(`sweeper: ${cleanError(err).message}`);
      }).finally(() => { running = null; });
      return running;
    },
    schedule() {
      timer = setInterval(async () => {
        if (s.watch?.isDown()) return;
        // With several processes, the one that takes the turn sweeps.
        try {
          if (!redis) {
            redis = createRedis(ctx.config);
            redis.on('error', () => { /* the workers' connections report Redis going away */ });
          }
          const mine = await redis.set(`${ctx.config.queuePrefix}:sweeper`, String(process.pid), 'PX', Math.max(500, every - 200), 'NX');
          if (mine === 'OK') await s.now();
        } catch { /* Redis away: the watch says so */ }
      }, every);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      redis?.disconnect();
    },
  };
  return s;
}

/**
 * `claimwatch worker` (and `start --no-dashboard`): /metrics and /healthz on a
 * port of its own (workers.metricsPort), so Prometheus scrapes every process.
 */
async function serveMetrics(rt: Runtime, watch: ConnectionWatch): Promise<void> {
  const { ctx } = rt;
  const untrack = trackQueues(ctx.queues);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    if (path === '/metrics') {
      registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end());
      return;
    }
    if (path === '/healthz') {
      const body = { status: 'ok', redis: watch.isDown('redis') ? 'down' : 'ok', store: watch.isDown('store') ? 'down' : 'ok' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    res.writeHead(404).end();
  });
  const { metricsHost: host, metricsPort: port } = ctx.config.workers;
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      // A second worker on the same machine with the default port: it works on, without metrics, and says how to get them.
      ctx.log.warn({ host, port }, err.code === 'EADDRINUSE'
        ? `metrics not served: ${host}:${port} is taken (another worker?); give each worker its own WORKER_METRICS_PORT (0: none)`
        : `metrics not served on ${host}:${port}: ${err.message}`);
      resolve(false);
    });
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) { untrack(); return; }
  ctx.log.info({ host, port }, `metrics on http://${host}:${port}/metrics`);
  rt.onClose(async () => { untrack(); await new Promise<void>((r) => server.close(() => r())); });
}

export async function startDashboard(rt: Runtime): Promise<void> {
  const { ctx, tools } = rt;
  const { startWebServer } = await import('./web/index.js');
  const { resendDelivery } = await import('./delivery/index.js');
  const { confirmAlert, dismissAlert } = await import('./alerts/review.js');
  const { watchSettings } = await import('./consensus/settings.js');
  const settingsFor = watchSettings(tools.watches);
  const app = await startWebServer({
    ctx,
    watches: tools.watches.map((w) => ({ id: w.id, name: w.name, measures: Object.entries(w.measures).map(([key, m]) => ({ key, unit: m.unit })) })),
    actions: {
      addFeed: async (url: string, intervalSeconds?: number) => (await addFeed(ctx, { url, intervalSeconds })).feed,
      removeFeed: async (id: number) => { await removeFeed(ctx, id); },
      pauseFeed: async (id: number, paused: boolean) => { await setFeedPaused(ctx, id, paused); },
      resendDelivery: async (id: number) => { await resendDelivery(ctx.db, ctx.queues.deliver, id, ctx.config); },
      confirmAlert: (id, actor) => confirmAlert(ctx, id, actor, undefined, settingsFor),
      dismissAlert: (id, actor) => dismissAlert(ctx, id, actor, settingsFor),
    },
  });
  rt.onClose(() => app.close());
}
