// PostgreSQL and Redis going away, told once: the first failure that says a
// connection is lost logs one line with its cause; while it is away every
// other such failure is quiet (jobs retry, and the sweeper picks up what ran
// out of retries); when a probe reaches it again, one line says so and the
// caller is told (the service sweeps at once).
import type { Logger } from '../log.js';
import { causeOf } from '../jobs/errors.js';

export type Link = 'redis' | 'store';

export interface Probes {
  redis(): Promise<boolean>;
  store(): Promise<boolean>;
}

export class ConnectionWatch {
  private readonly away = new Map<Link, number>();
  private timer: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(
    private readonly log: Logger,
    private readonly names: Record<Link, string>,
    private readonly probes: Probes,
    private readonly onBack: (link: Link) => void,
    private readonly probeEveryMs = 1000,
  ) {}

  isDown(link?: Link): boolean {
    return link ? this.away.has(link) : this.away.size > 0;
  }

  /** A failure that says the link is lost: logged if it is the first. */
  lost(link: Link, err: unknown): void {
    if (this.away.has(link)) return;
    this.away.set(link, Date.now());
    this.log.error({ link, cause: causeOf(err) }, `${this.names[link]} connection lost: ${causeOf(err)}; retrying until it is back`);
    this.timer ??= setInterval(() => void this.probe(), this.probeEveryMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      for (const [link, since] of [...this.away]) {
        if (!(await this.probes[link]().catch(() => false))) continue;
        this.away.delete(link);
        this.log.info({ link, downSeconds: Math.round((Date.now() - since) / 100) / 10 }, `${this.names[link]} connection back after ${Math.round((Date.now() - since) / 1000)} s`);
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

/** Whether a connection failure came from Redis (ioredis) rather than the store. */
export function isRedisFailure(err: unknown): boolean {
  for (let e: unknown = err, n = 0; e && n < 6; e = (e as { cause?: unknown }).cause, n++) {
    const x = e as { name?: string; message?: string; stack?: string; command?: unknown };
    if (x.name === 'MaxRetriesPerRequestError' || x.command !== undefined) return true;
    if (typeof x.message === 'string' && /Connection is closed|redis/i.test(x.message)) return true;
    if (typeof x.stack === 'string' && /node_modules\/(ioredis|bullmq)\//.test(x.stack) && !/node_modules\/(pg|pg-pool|drizzle-orm)\//.test(x.stack)) return true;
  }
  return false;
}
