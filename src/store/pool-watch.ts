// Who holds the store's connections, and a stall of the pool said once. Each
// job runs "as" its queue and job id; every connection taken inside it is
// marked with that, so when callers have waited for a connection longer than
// stallMs, the log says which jobs hold the pool and for how long, once per
// stall (and once more when connections flow again).
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Logger } from '../log.js';

const holder = new AsyncLocalStorage<string>();

/** Runs `fn` as `who` (a job: "analyze 123"): the connections it takes are shown as held by it. */
export function runAs<T>(who: string, fn: () => T): T {
  return holder.run(who, fn);
}

interface Held { who: string; since: number }
type Connect = (cb?: (err: Error | undefined, client: pg.PoolClient, done: () => void) => void) => Promise<pg.PoolClient> | void;

export interface PoolWatchOptions {
  /** How long callers wait for a connection before it is a stall. */
  stallMs?: number;
  /** How often the pool is looked at. */
  everyMs?: number;
}

/** Marks who takes each connection of `pool`, and logs a stall once. Returns a stop function. */
export function watchPool(pool: pg.Pool, log: Logger, opts: PoolWatchOptions = {}): () => void {
  const stallMs = opts.stallMs ?? 5000;
  const held = new Map<pg.PoolClient, Held>();
  const original = pool.connect.bind(pool) as Connect;
  const mark = (client: pg.PoolClient | undefined, who: string) => {
    if (client) held.set(client, { who, since: Date.now() });
  };
  (pool as unknown as { connect: Connect }).connect = (cb) => {
    const who = holder.getStore() ?? 'other';
    if (cb) return original((err, client, done) => { if (!err) mark(client, who); cb(err, client, done); });
    return (original() as Promise<pg.PoolClient>).then((client) => { mark(client, who); return client; });
  };
  const forget = (_err: Error | undefined, client: pg.PoolClient) => held.delete(client);
  const removed = (client: pg.PoolClient) => held.delete(client);
  pool.on('release', forget);
  pool.on('remove', removed);

  let waitingSince = 0;
  let said = false;
  const timer = setInterval(() => {
    if (pool.waitingCount === 0) {
      if (said) log.info({ pool: pool.options.max }, 'store pool: connections flow again');
      waitingSince = 0;
      said = false;
      return;
    }
    waitingSince ||= Date.now();
    if (said || Date.now() - waitingSince < stallMs) return;
    said = true;
    const now = Date.now();
    const byWho = new Map<string, { n: number; longestMs: number }>();
    for (const h of held.values()) {
      const stage = h.who.split(' ')[0];
      const entry = byWho.get(stage) ?? { n: 0, longestMs: 0 };
      entry.n++;
      entry.longestMs = Math.max(entry.longestMs, now - h.since);
      byWho.set(stage, entry);
    }
    const holders = [...held.values()].sort((a, b) => a.since - b.since).slice(0, 10).map((h) => ({ who: h.who, heldMs: now - h.since }));
    log.warn({ pool: pool.options.max, waiting: pool.waitingCount, held: Object.fromEntries(byWho), longest: holders },
      `store pool stalled: ${pool.waitingCount} waiting for a connection for ${Math.round((now - waitingSince) / 1000)} s, ` +
      `all ${pool.totalCount} held by ${[...byWho].map(([who, e]) => `${who} ×${e.n}`).join(', ') || 'nobody known'}` +
      ' (raise STORE_POOL_SIZE, or see what holds them)');
  }, opts.everyMs ?? 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    (pool as unknown as { connect: Connect }).connect = original;
    pool.off('release', forget);
    pool.off('remove', removed);
  };
}
