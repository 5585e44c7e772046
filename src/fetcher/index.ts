// The one HTTP layer for feeds and pages. Every hop of a redirect chain is
// checked again (address, robots.txt, host limit), so a public URL cannot
// redirect its way into the operator's network or around a Disallow.
import { STATUS_CODES } from 'node:http';
import ipaddr from 'ipaddr.js';
import pLimit, { type LimitFunction } from 'p-limit';
import { Agent, type Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { createAddressPolicy, guardedLookup, type AddressPolicy } from './address.js';
import { BodyDecodeError, BodyTooLarge, readBody } from './body.js';
import { decodeAs, detectCharset } from './charset.js';
import { BlockedAddressError, errorCodes, FetchError, isSoftStatus, networkFailure, type FetchErrorCode } from './errors.js';
import { RobotsCache } from './robots.js';

export { FetchError, type FetchErrorCode } from './errors.js';
export { createAddressPolicy, type AddressPolicy } from './address.js';
export { detectCharset, decodeBody, utf8Bytes } from './charset.js';

export interface FetchOptions {
  kind: 'feed' | 'page';
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  notModified: boolean;
  /** Decoded text; '' on 304. Decoded when first read, so a caller that wants bytes never pays for it. */
  readonly body: string;
  /** The body after decompression, before decoding (empty on 304). */
  raw: Buffer;
  /** Size of the body after decompression. */
  bytes: number;
  contentType: string | null;
  charset: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Cache-Control max-age. */
  maxAgeSeconds: number | null;
  retryAfterSeconds: number | null;
  durationMs: number;
}

export interface Fetcher {
  fetch(url: string, opts: FetchOptions): Promise<FetchResult>;
  close(): Promise<void>;
}

type FetchConfig = Config['fetch'];

const ACCEPT = {
  feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  robots: 'text/plain, */*;q=0.5',
};
type Kind = keyof typeof ACCEPT;
// Google reads the first 500 KiB of a robots.txt; so do we.
const ROBOTS_MAX_BYTES = 500 * 1024;

const header = (h: Dispatcher.ResponseData['headers'], name: string): string | null => {
  const v = h[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
};

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function parseMaxAge(cacheControl: string | null): number | null {
  if (!cacheControl || /\b(no-store|no-cache)\b/i.test(cacheControl)) return null;
  const m = cacheControl.match(/(?:^|[,\s])max-age\s*=\s*"?(\d+)/i);
  return m ? Number(m[1]) : null;
}

// robots.txt itself goes through the same checks, under its own Accept header.
type RunOptions = Omit<FetchOptions, 'kind'> & { kind: Kind };
interface Hop { redirect: URL }
interface Final { result: FetchResult }

// Feeds and pages go by separate lanes, each with its own connections and
// per-host slots: a site's slow or hanging pages never hold up its feed's poll.
type Lane = 'feed' | 'page';
const laneOf = (kind: Kind): Lane => (kind === 'feed' ? 'feed' : 'page');

/** Settles with the promise, or rejects when the signal aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createFetcher(config: FetchConfig): Fetcher {
  const policy = createAddressPolicy(config.allowPrivate);
  const newAgent = () => new Agent({
    connect: { timeout: config.connectTimeoutMs, lookup: guardedLookup(policy) },
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
    connections: config.perHostConcurrency,
  });
  const agents: Record<Lane, Agent> = { feed: newAgent(), page: newAgent() };
  const limits: Record<Lane, Map<string, LimitFunction>> = { feed: new Map(), page: new Map() };
  const robots = new RobotsCache(async (robotsUrl) => {
    try {
      const res = await run(robotsUrl, { kind: 'robots' }, ROBOTS_MAX_BYTES);
      return res.body;
    } catch (err) {
      if (err instanceof FetchError && err.code === 'http' && err.kind === 'hard') return null;
      throw err;
    }
  }, config.userAgent);

  /**
   * Runs fn with one of the host's slots in its lane. The fetch's deadline
   * covers the wait for a slot and the exchange: at the deadline the caller
   * gets its timeout and the slot is free, whatever the socket still does.
   */
  async function withHostSlot<T>(lane: Lane, host: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    const hosts = limits[lane];
    let limit = hosts.get(host);
    if (!limit) hosts.set(host, limit = pLimit(config.perHostConcurrency));
    const slot = limit;
    try {
      return await untilAborted(slot(() => {
        // Its turn came after its deadline: give the slot straight back.
        if (signal.aborted) return Promise.reject(signal.reason);
        return untilAborted(fn(), signal);
      }), signal);
    } finally {
      if (slot.activeCount === 0 && slot.pendingCount === 0 && hosts.get(host) === slot) hosts.delete(host);
    }
  }

  function checkTarget(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FetchError('bad_url', `only http and https URLs are fetched, not ${url.protocol} (${url.href})`, url.href);
    }
    // A literal IP never goes through DNS, so the connect-time lookup would not see it.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (ipaddr.isValid(host) && !policy.allowsHost(host)) {
      const reason = policy.blockedReason(host);
      if (reason) throw blocked(url, reason);
    }
  }

  async function exchange(url: URL, opts: RunOptions, maxBytes: number, signal: AbortSignal): Promise<Hop | Final> {
    const headers: Record<string, string> = {
      'user-agent': config.userAgent,
      accept: ACCEPT[opts.kind],
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
    const res = await agents[laneOf(opts.kind)].request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers, signal });
    const h = res.headers;
    const status = res.statusCode;
    const retryAfterSeconds = parseRetryAfter(header(h, 'retry-after'));
    const location = header(h, 'location');
    if (status >= 300 && status < 400 && status !== 304 && location) {
      res.body.dump().catch(() => {});
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new FetchError('bad_url', `${url.href} redirects to an invalid URL: ${location}`, url.href, { status });
      }
      next.hash = '';
      return { redirect: next };
    }
    if (status !== 304 && (status < 200 || status >= 300)) {
      res.body.dump().catch(() => {});
      const text = STATUS_CODES[status] ?? 'error';
      const wait = retryAfterSeconds !== null && isSoftStatus(status) ? `, retry after ${retryAfterSeconds} s` : '';
      throw new FetchError('http', `HTTP ${status} ${text} from ${url.href}${wait}`, url.href, { status, retryAfterSeconds });
    }
    const contentType = header(h, 'content-type');
    const common = {
      url: url.href, status, contentType,
      etag: header(h, 'etag'), lastModified: header(h, 'last-modified'),
      maxAgeSeconds: parseMaxAge(header(h, 'cache-control')), retryAfterSeconds,
    };
    if (status === 304 || status === 204) {
      res.body.dump().catch(() => {});
      return {
        result: {
          ...common, notModified: status === 304, body: '', raw: Buffer.alloc(0), bytes: 0, charset: null, durationMs: 0,
          // A 304 may leave validators out; the ones we sent still hold.
          etag: common.etag ?? opts.etag ?? null, lastModified: common.lastModified ?? opts.lastModified ?? null,
        },
      };
    }
    const encoding = header(h, 'content-encoding');
    const declared = Number(header(h, 'content-length'));
    if (declared > maxBytes) {
      res.body.destroy();
      throw tooLarge(url, maxBytes);
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(res.body, encoding, maxBytes, signal);
    } catch (err) {
      res.body.destroy();
      if (err instanceof BodyTooLarge) throw tooLarge(url, maxBytes);
      if (err instanceof BodyDecodeError) throw new FetchError('decode', `${err.message} (${url.href})`, url.href, { status });
      throw err;
    }
    const { charset } = detectCharset(bytes, contentType);
    let text: string | undefined;
    return {
      result: {
        ...common, notModified: false, raw: bytes, bytes: bytes.length, charset, durationMs: 0,
        get body() { return text ??= decodeAs(bytes, charset); },
      },
    };
  }

  async function run(input: string, opts: RunOptions, maxBytes: number): Promise<FetchResult> {
    const started = performance.now();
    const deadline = AbortSignal.timeout(config.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new FetchError('bad_url', `not a valid URL: ${input}`, input);
    }
    url.hash = '';
    const seen = new Set([url.href]);
    try {
      for (let redirects = 0; ; redirects++) {
        checkTarget(url);
        if (opts.kind === 'page' && config.respectRobots) await robots.check(url);
        signal.throwIfAborted();
        const current = url;
        const out = await withHostSlot(laneOf(opts.kind), current.hostname, signal, () => exchange(current, opts, maxBytes, signal));
        // Assigned, not spread: a spread would read (and decode) the body.
        if ('result' in out) return Object.assign(out.result, { durationMs: Math.round(performance.now() - started) });
        if (seen.has(out.redirect.href)) {
          throw new FetchError('redirect_loop', `redirect loop: ${current.href} redirects back to ${out.redirect.href}`, input);
        }
        if (redirects + 1 > config.maxRedirects) {
          throw new FetchError('too_many_redirects', `too many redirects (more than ${config.maxRedirects}) from ${input}`, input);
        }
        seen.add(out.redirect.href);
        url = out.redirect;
      }
    } catch (err) {
      throw classify(err, url, { deadline, user: opts.signal, timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs });
    }
  }

  return {
    fetch: (url, opts) => run(url, opts, config.maxBytes),
    async close() {
      await Promise.all([agents.feed.close(), agents.page.close()]);
    },
  };
}

function tooLarge(url: URL, maxBytes: number): FetchError {
  return new FetchError('too_large', `response from ${url.href} is larger than the size limit of ${maxBytes} bytes`, url.href);
}

function blocked(url: URL, reason: string): FetchError {
  return new FetchError('blocked_address', `refused to fetch ${url.href}: ${reason}, and private addresses are not allowed (add it to fetch.allowPrivate to allow it)`, url.href);
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/**
 * Maps whatever undici, the socket or zlib threw onto a FetchError, one
 * message per kind of fault: every timeout of the one fetch.timeoutMs setting
 * (the deadline, headers, body, the socket) reads the same.
 */
function classify(err: unknown, url: URL, ctx: { deadline: AbortSignal; user?: AbortSignal; timeoutMs: number; connectTimeoutMs: number }): FetchError {
  if (err instanceof FetchError) return err;
  if (ctx.user?.aborted) return new FetchError('aborted', `fetch of ${url.href} was cancelled`, url.href, { cause: err });
  const make = (code: FetchErrorCode, text: string) => new FetchError(code, text, url.href, { cause: err });
  const codes = errorCodes(err);
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) return make('timeout', `connect timed out after ${ctx.connectTimeoutMs} ms: ${url.href}`);
  if (ctx.deadline.aborted || codes.some((c) => TIMEOUT_CODES.has(c))) return make('timeout', `timed out after ${ctx.timeoutMs} ms fetching ${url.href}`);
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  const found = chain.find((e): e is BlockedAddressError => e instanceof BlockedAddressError);
  if (found) return blocked(url, found.reason);
  const message = (chain[chain.length - 1] as Error | undefined)?.message ?? String(err);
  if (codes.some((c) => DNS_CODES.has(c))) return make('dns', `cannot resolve ${url.hostname} (${codes.find((c) => DNS_CODES.has(c))}) for ${url.href}`);
  if (codes.includes('UND_ERR_INVALID_ARG') || codes.includes('ERR_INVALID_URL')) return make('bad_url', `cannot fetch ${url.href}: ${message}`);
  return make('connect', `cannot fetch ${url.href}: ${networkFailure(err) ?? message}`);
}
