// Logs an operator can read during an incident. A target (a webhook
// receiver, a feed's host, the store, Redis) that starts failing is said once,
// with what failed and since when; while it keeps failing, each failure is
// counted, not logged (jobs retry, and their rows say where each one is); the
// first success after says it is back, after how long, and how many failures
// came in between. A 60 s receiver outage is two lines, not two per attempt.
import type { Logger } from './log.js';

interface Open {
  since: number;
  failures: number;
  first: string;
  last: string;
}

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${+(s / 3600).toFixed(1)} h`;
}

export class Incidents {
  private readonly open = new Map<string, Open>();

  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  /**
   * One failure of a target. The first of an incident is logged (a warning:
   * `<target> failing since <time>: <cause>`, or `lost` for a connection);
   * later ones only counted. Returns whether this one was logged.
   */
  failed(target: string, cause: string, fields: Record<string, unknown> = {}, verb = 'failing'): boolean {
    const open = this.open.get(target);
    if (open) {
      open.failures++;
      open.last = cause;
      this.log.debug({ ...fields, target, failures: open.failures }, `${target} still ${verb}: ${cause}`);
      return false;
    }
    const since = this.now();
    this.open.set(target, { since, failures: 1, first: cause, last: cause });
    this.log.warn({ ...fields, target, since: new Date(since).toISOString() },
      `${target} ${verb} since ${clock(since)}: ${cause}; retrying, and counting failures until it is back`);
    return true;
  }

  /**
   * The target answered: if it was failing, one line (a warning too, so that
   * whoever reads the warnings sees every incident end) says it is back.
   */
  recovered(target: string, fields: Record<string, unknown> = {}): boolean {
    const open = this.open.get(target);
    if (!open) return false;
    this.open.delete(target);
    const down = this.now() - open.since;
    const n = `${open.failures} failure${open.failures === 1 ? '' : 's'}`;
    const causes = open.last === open.first ? open.first : `first ${open.first}; last ${open.last}`;
    this.log.warn({ ...fields, target, since: new Date(open.since).toISOString(), downSeconds: Math.round(down / 100) / 10, failures: open.failures },
      `${target} back after ${duration(down)}: ${n} since ${clock(open.since)} (${causes})`);
    return true;
  }

  isFailing(target: string): boolean {
    return this.open.has(target);
  }
}

const byLogger = new WeakMap<Logger, Incidents>();

/** The incidents of a process, told through its logger: one tracker per logger, so every step shares it. */
export function incidentsOf(log: Logger): Incidents {
  let incidents = byLogger.get(log);
  if (!incidents) {
    incidents = new Incidents(log);
    byLogger.set(log, incidents);
  }
  return incidents;
}
