// `claimwatch start` (everything in one process) and `claimwatch worker`
// (some stages only): the same pieces, chosen by the command.
import { count, eq } from 'drizzle-orm';
import { requeuePendingDeliveries, syncConfigWebhooks } from './delivery/index.js';
import type { QueueName } from './queues.js';
import type { Runtime } from './runtime.js';
import { seedCorpus } from './seed/index.js';
import { articles } from './store/schema.js';
import { syncSchedulers, addFeed, removeFeed, setFeedPaused } from './subscriptions.js';
import { startWorkers } from './workers/index.js';

export interface ServiceOptions {
  dashboard: boolean;
  seed: boolean;
  queues: readonly QueueName[];
  /** Keep the feed schedulers in step with the store (the service does; extra workers need not). */
  scheduler?: boolean;
}

export async function startService(rt: Runtime, opts: ServiceOptions): Promise<void> {
  const { ctx, tools } = rt;
  if (opts.seed) {
    const [{ n }] = await ctx.db.select({ n: count() }).from(articles).where(eq(articles.isSeed, true));
    if (n === 0) await seedCorpus(ctx, tools.watches);
  }
  if (opts.scheduler !== false) {
    await syncConfigWebhooks(ctx.db, ctx.config.webhooks);
    const feedsScheduled = await syncSchedulers(ctx);
    // A delivery stored just before a crash, whose job never reached Redis.
    const requeued = await requeuePendingDeliveries(ctx.db, ctx.queues.deliver, ctx.config);
    if (requeued) ctx.log.info({ deliveries: requeued }, 'pending deliveries queued again');
    ctx.log.info({ feeds: feedsScheduled }, 'feed schedulers in step with the store');
  }
  const workers = startWorkers(ctx, tools, opts.queues);
  rt.onClose(() => workers.close());
  if (opts.dashboard) await startDashboard(rt);
  ctx.log.info({ store: `${ctx.store.kind} (${ctx.store.where})`, redis: new URL(ctx.config.redisUrl).host, queues: opts.queues }, 'claimwatch is running');
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
      confirmAlert: (id, actor) => confirmAlert(ctx, id, actor),
      dismissAlert: (id, actor) => dismissAlert(ctx, id, actor, settingsFor),
    },
  });
  rt.onClose(() => app.close());
}
