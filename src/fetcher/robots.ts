// robots.txt, read once per origin and kept for a while. Only pages are
// checked: a feed is published to be polled.
import { createRequire } from 'node:module';
import { FetchError } from './errors.js';

interface Robot { isAllowed(url: string, ua?: string): boolean | undefined }
// The package is CommonJS typed as an ES default export, which NodeNext does not
// let us call; required directly it is the plain function it is.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, robotsTxt: string) => Robot;

const KEEP_MS = 60 * 60_000;
// An unreachable robots.txt is asked again soon, not on every page.
const KEEP_FAILURE_MS = 60_000;
const MAX_ORIGINS = 5000;

interface Entry { expires: number; robot: Robot | null; error: FetchError | null; pending?: Promise<void> }

/** Fetches a robots.txt: its text, or null when the site has none (any 4xx). */
export type RobotsLoader = (robotsUrl: string) => Promise<string | null>;

export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly load: RobotsLoader, private readonly userAgent: string) {}

  /** Throws a 'robots' FetchError when the page is disallowed for our user agent. */
  async check(url: URL): Promise<void> {
    const entry = await this.entry(url.origin);
    if (entry.error) {
      throw new FetchError(entry.error.code, `robots.txt of ${url.origin} could not be read (${entry.error.message}); not fetching ${url.href} yet`, url.href, {
        status: entry.error.status, retryAfterSeconds: entry.error.retryAfterSeconds,
      });
    }
    // isAllowed is undefined only for another origin's URL, which cannot happen here.
    if (entry.robot && entry.robot.isAllowed(url.href, this.userAgent) === false) {
      throw new FetchError('robots', `robots.txt of ${url.origin} disallows ${url.href}`, url.href);
    }
  }

  private async entry(origin: string): Promise<Entry> {
    const now = Date.now();
    let entry = this.entries.get(origin);
    if (entry && (entry.pending || entry.expires > now)) {
      await entry.pending;
      return entry;
    }
    const robotsUrl = `${origin}/robots.txt`;
    const fresh: Entry = { expires: 0, robot: null, error: null };
    fresh.pending = this.load(robotsUrl).then(
      (text) => {
        // No robots.txt means no restrictions.
        fresh.robot = text === null ? null : robotsParser(robotsUrl, text);
        fresh.expires = Date.now() + KEEP_MS;
      },
      (err: unknown) => {
        if (!(err instanceof FetchError)) throw err;
        // A site whose robots.txt merely misbehaves (a redirect loop, too large) is
        // treated as having none; one that is down, or refused, keeps its pages waiting.
        if (err.kind === 'soft' || err.code === 'blocked_address' || err.code === 'bad_url') fresh.error = err;
        fresh.expires = Date.now() + (fresh.error ? KEEP_FAILURE_MS : KEEP_MS);
      },
    ).finally(() => { delete fresh.pending; });
    if (this.entries.size >= MAX_ORIGINS) this.prune(now);
    this.entries.set(origin, fresh);
    entry = fresh;
    try {
      await entry.pending;
    } catch (err) {
      this.entries.delete(origin);
      throw err;
    }
    return entry;
  }

  private prune(now: number): void {
    for (const [origin, e] of this.entries) if (!e.pending && e.expires <= now) this.entries.delete(origin);
    // Still full of live entries: drop the oldest inserted.
    while (this.entries.size >= MAX_ORIGINS) this.entries.delete(this.entries.keys().next().value!);
  }
}
