// Building a process's context once: config → logger → Redis → store →
// queues → tools, and taking it down again in the reverse order.
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Logger } from './log.js';
import { createQueues } from './queues.js';
import { ensureRedis, pingRedis, RedisUnavailableError, type ManagedRedis } from './redis.js';
import { openStore } from './store/db.js';
import { createTools, type Tools } from './tools.js';

export interface Runtime {
  ctx: Context;
  tools: Tools;
  /** Run on exit; later callbacks first. */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** 'start': run a redis-server when none answers; 'require': fail with a clear line. */
  redis: 'start' | 'require';
  migrate?: boolean;
}

export async function openRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  let managed: ManagedRedis | null = null;
  if (opts.redis === 'start') {
    managed = await ensureRedis(config, log);
  } else if (!(await pingRedis(config))) {
    throw new RedisUnavailableError(
      `no Redis answers at ${new URL(config.redisUrl).host}: start the service (claimwatch start runs one), ` +
      'install one (apt-get install redis-server) or run `docker compose up -d redis`',
    );
  }
  const closers: (() => Promise<void>)[] = [];
  if (managed) closers.push(() => managed!.stop());
  try {
    const store = await openStore(config, { migrate: opts.migrate });
    closers.push(() => store.close());
    const queues = createQueues(config, log);
    closers.push(() => queues.close());
    const tools = createTools(config);
    closers.push(() => tools.close());
    const ctx: Context = { config, store, db: store.db, log, queues };
    let closed = false;
    return {
      ctx,
      tools,
      onClose: (fn) => closers.push(fn),
      async close() {
        if (closed) return;
        closed = true;
        for (const fn of closers.reverse()) {
          await fn().catch((err) => log.warn(`while closing: ${(err as Error).message}`));
        }
      },
    };
  } catch (err) {
    for (const fn of closers.reverse()) await fn().catch(() => {});
    throw err;
  }
}

/**
 * SIGINT/SIGTERM: stop taking work, let jobs in flight finish, close
 * connections, exit. A second signal exits at once.
 */
export function closeOnSignals(runtime: Runtime, log: Logger): void {
  let firstAt = 0;
  const stop = (signal: string) => {
    if (firstAt) {
      // Ctrl-C under `npm start` arrives twice at once (from the terminal and
      // from npm passing it on): only a later, deliberate one means "now".
      if (Date.now() - firstAt < 3000) return;
      log.warn(`${signal} again: exiting now`);
      process.exit(130);
    }
    firstAt = Date.now();
    log.info(`${signal}: draining jobs in flight, then closing`);
    runtime.close().then(() => process.exit(0), (err) => {
      log.error(`shutdown failed: ${(err as Error).message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
