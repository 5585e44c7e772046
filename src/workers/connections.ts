// PostgreSQL and Redis going away, told once (src/incidents.ts): the first
// failure that says a connection is lost logs one line with its cause; while
// it is away every other such failure is counted, not logged (jobs retry, and
// the sweeper picks up what ran out of retries); when a probe reaches it
// again, one line says so, with the count, and the caller is told (the
// service sweeps at once).
import { incidentsOf, type Incidents } from '../incidents.js';
import type { Logger } from '../log.js';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { causeOf, StoreFailure } from '../jobs/errors.js';

export type Link = 'redis' | 'store';

export interface Probes {
  redis(): Promise<boolean>;
  store(): Promise<boolean>;
}

export class ConnectionWatch {
  private readonly away = new Map<Link, number>();
  private timer: NodeJS.Timeout | null = null;
  private probing = false;
  private readonly incidents: Incidents;

  constructor(
    log: Logger,
    private readonly names: Record<Link, string>,
    private readonly probes: Probes,
    private readonly onBack: (link: Link) => void,
    private readonly probeEveryMs = 1000,
  ) {
    this.incidents = incidentsOf(log);
  }

  isDown(link?: Link): boolean {
    return link ? this.away.has(link) : this.away.size > 0;
  }

  /** A failure that says the link is lost: logged if it is the first. */
  lost(link: Link, err: unknown): void {
    this.incidents.failed(`${this.names[link]} connection`, causeOf(err), { link }, 'lost');
    if (this.away.has(link)) return;
    this.away.set(link, Date.now());
    this.timer ??= setInterval(() => void this.probe(), this.probeEveryMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      for (const link of [...this.away.keys()]) {
        if (!(await this.probes[link]().catch(() => false))) continue;
        this.away.delete(link);
        this.incidents.recovered(`${this.names[link]} connection`, { link });
        this.onBack(link);
      }
      if (this.away.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    } finally {
      this.probing = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * Whether a connection failure came from Redis (ioredis) rather than the
 * store. A job's statements fail fast when the store is away, while its Redis
 * commands wait for the connection to return: a job failing on a lost
 * connection is the store's, unless ioredis says otherwise.
 */
export function isRedisFailure(err: unknown): boolean {
  for (let e: unknown = err, n = 0; e && n < 6; e = (e as { cause?: unknown }).cause, n++) {
    if (e instanceof StoreFailure || e instanceof DrizzleQueryError) return false;
    const x = e as { name?: string; message?: string; command?: unknown };
    if (x.name === 'MaxRetriesPerRequestError' || x.name === 'ReplyError' || x.command !== undefined) return true;
    if (typeof x.message === 'string' && /Connection is closed|\bredis\b/i.test(x.message)) return true;
  }
  return false;
}
