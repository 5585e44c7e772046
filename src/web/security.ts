// Who may see the dashboard and who may change things through it.
//
// - Without a token (only allowed on a loopback address) anyone on this
//   machine may read; the Host header must name this machine, so a web page
//   whose domain is re-pointed at 127.0.0.1 (DNS rebinding) is turned away.
// - With a token, every page and API call needs it: `Authorization: Bearer
//   <token>` (the scheme in any case, as HTTP says), or the session cookie the
//   login form sets (HttpOnly, SameSite=Strict): a random session id and its
//   HMAC under the token. The store keeps the id's hash, so signing out deletes
//   the session and a copied cookie stops working; a new token ends them all.
//   Guessing is limited: every wrong token, however presented (the login
//   form, a JSON sign-in, a Bearer header), spends one client's allowance;
//   the whole loopback range is one client (any 127.x.y.z reaches this
//   machine), an IPv6 client its /64. Once spent, every token that client
//   presents, right or wrong, is answered 429 until the window passes.
// - Every answer (page, API, Bull Board) passes through src/mask.ts's URL
//   masking before it leaves, so a credential in a stored URL is never shown.
// - Every request that changes something (any method but GET/HEAD/OPTIONS) is
//   refused when the browser says it comes from another site (Origin or
//   Sec-Fetch-Site), and must then carry one of: the Bearer header, a JSON
//   body, a non-form method (PUT/DELETE/PATCH) — none of which a cross-site
//   page can send without a CORS preflight, which this server never grants —
//   or, for an HTML form, the token of @fastify/csrf-protection.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import { eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { maskUrlsIn } from '../mask.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { dashboardSessions } from '../store/schema.js';

export const SESSION_COOKIE = 'cw_session';
export const CSRF_COOKIE = 'cw_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** How the request proved it may see the dashboard. */
    authBy: 'bearer' | 'cookie' | 'open' | null;
  }
}

/** Beyond loopback the token must be at least this long (a generated one is 32 characters). */
export const MIN_TOKEN_LENGTH = 16;
/** Beyond loopback the token must take at least 10^this many guesses, as zxcvbn estimates them. */
export const MIN_TOKEN_GUESSES_LOG10 = 10;
/** Wrong tokens allowed per client per window, however they are presented. */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;
const SESSION_DAYS = 30;

/** A token fit for a dashboard others can reach: 32 random characters, printed once for the operator to keep. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

let strength: ZxcvbnFactory | null = null;

/**
 * Why a token is too weak for a dashboard other machines reach, or null. The
 * guessing allowance stops an attacker online; what it cannot stop is a token
 * found first in a list of likely ones. So: at least 16 characters, and at
 * least 10^10 guesses as zxcvbn estimates them, which it does not grant one
 * repeated character, a sequence, a keyboard walk, a short alphabet spelled
 * out (`1234567890123456`) or a dictionary word. A generated token is ~10^32.
 */
export function weakToken(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `of ${token.length} characters (at least ${MIN_TOKEN_LENGTH} are needed)`;
  // The dictionaries take a moment to load: only a dashboard beyond loopback pays it, once.
  strength ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  const r = strength.check(token);
  if (r.guessesLog10 >= MIN_TOKEN_GUESSES_LOG10) return null;
  const why = r.feedback.warning?.replace(/\.$/, '').toLowerCase() ?? 'easy to guess';
  return `that is easy to guess (${why}: about 10^${Math.floor(r.guessesLog10)} guesses, at least 10^${MIN_TOKEN_GUESSES_LOG10} are needed)`;
}

/**
 * The one line that refuses a dashboard beyond loopback without a strong
 * token, offering one generated on the spot; null when the token will do.
 */
export function weakTokenMessage(token: string | undefined, host: string): string | null {
  const why = !token ? 'without a token' : weakToken(token);
  if (!why) return null;
  return `DASHBOARD_TOKEN (dashboard.token): the dashboard would listen on ${host}, reachable from other machines, ${token ? `with a token ${why}` : why}: `
    + `set DASHBOARD_TOKEN to a random token of ${MIN_TOKEN_LENGTH} or more characters (this one was just generated for you: ${generateToken()}), or bind the dashboard to 127.0.0.1`;
}

export interface SecurityOptions {
  /** Where sessions are kept. */
  db: Db;
  /** Counts wrong tokens: the login route spends the same allowance. */
  guesses: GuessLimiter;
  token?: string;
  /** The address the server binds; its name is an accepted Host. */
  host: string;
  /** Where operators reach it through a proxy; its host is an accepted Host. */
  publicUrl?: string;
}

/**
 * Who spends a guessing allowance: one loopback client for the whole range
 * (127.0.0.0/8, ::1 and their IPv4-mapped forms), an IPv6 client by its /64
 * (one machine is handed a whole /64), any other address as itself.
 */
export function clientKey(ip: string): string {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return ip;
  }
  if (addr.range() === 'loopback') return 'loopback';
  if (addr.kind() === 'ipv6') return `${addr.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
  return addr.toString();
}

/** Counts wrong tokens per client; a client whose allowance is spent waits out the window. */
export class GuessLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly log: Logger, readonly attempts = LOGIN_ATTEMPTS, readonly windowMs = LOGIN_WINDOW_MS) {
    this.limiter = new RateLimiterMemory({ points: attempts, duration: Math.ceil(windowMs / 1000) });
  }

  /** Seconds the client must wait before presenting a token again, or 0. */
  async blockedFor(ip: string): Promise<number> {
    const state = await this.limiter.get(clientKey(ip));
    return state && state.consumedPoints >= this.attempts ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
  }

  /** One wrong token. The one that spends the allowance is logged, once per window, not every guess. */
  async failed(ip: string): Promise<void> {
    const client = clientKey(ip);
    const state = await this.limiter.penalty(client, 1);
    if (state.consumedPoints === this.attempts) {
      const wait = Math.ceil(state.msBeforeNext / 1000);
      this.log.warn({ client, retryAfterSeconds: wait }, `dashboard: ${this.attempts} wrong tokens from ${client}; its tokens are refused for ${wait} s`);
    }
  }
}

/** The 429 a client gets once its allowance of wrong tokens is spent. */
export function tooManyGuesses(reply: FastifyReply, waitSeconds: number): FastifyReply {
  return reply.code(429).header('retry-after', String(waitSeconds)).send({
    error: 'too_many_requests',
    message: `too many wrong tokens from this address: try again in ${waitSeconds} s`,
  });
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  try {
    return ipaddr.parse(h).range() === 'loopback';
  } catch {
    return false;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(digest(a), digest(b));
}

const sessionMac = (token: string, id: string) =>
  createHmac('sha256', token).update(`claimwatch dashboard session v2|${id}`).digest('base64url');
const idHash = (id: string) => createHash('sha256').update(id).digest('hex');

/** Starts a session for a browser that gave the token; returns the cookie's value. */
export async function createSession(db: Db, token: string, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  // Expired sessions are dropped as new ones come, so the table stays small.
  await db.delete(dashboardSessions).where(lt(dashboardSessions.expiresAt, now));
  await db.insert(dashboardSessions).values({ idHash: idHash(id), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) });
  return `${id}.${sessionMac(token, id)}`;
}

/** Whether a cookie is a live session made under this token. */
export async function checkSession(db: Db, token: string, cookie: string): Promise<boolean> {
  const dot = cookie.indexOf('.');
  if (dot < 1 || cookie.length > 200) return false;
  const id = cookie.slice(0, dot);
  if (!sameSecret(cookie.slice(dot + 1), sessionMac(token, id))) return false;
  const [row] = await db.select({ expiresAt: dashboardSessions.expiresAt }).from(dashboardSessions)
    .where(eq(dashboardSessions.idHash, idHash(id)));
  return Boolean(row && row.expiresAt > new Date());
}

/** Ends the session a cookie names, wherever else the cookie was copied to. */
export async function endSession(db: Db, cookie: string | undefined): Promise<void> {
  const id = cookie?.split('.')[0];
  if (id) await db.delete(dashboardSessions).where(eq(dashboardSessions.idHash, idHash(id)));
}

/** The token of an `Authorization` header: the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | null {
  const m = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** Paths anyone may request: probes, the login form, and the stylesheet it uses. */
function isPublic(path: string): boolean {
  return path === '/healthz' || path === '/readyz' || path === '/login' || path === '/favicon.ico' || path.startsWith('/static/');
}

function wantsHtml(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0];
  if (path.startsWith('/api/') || path === '/metrics' || path.startsWith('/queues/api/')) return false;
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

function hostName(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where to go after signing in: a path on this site, or `/`, whatever the
 * input. The input is read as a browser reads it (percent-encoding decoded,
 * dot segments resolved: `/.//x`, `/a/..//x` and `/%2e//x` all end as `//x`)
 * BEFORE anything is checked, and what would come out is checked again:
 * - refused: backslashes (browsers read `/\\x` as `//x`) and control
 *   characters (a browser drops a tab from `/<TAB>/evil.example/`, which
 *   leaves `//evil.example/`; CR and LF would split the header), also when
 *   percent-encoded;
 * - the input and the resolved path must start with exactly one `/`;
 * - the result, read again as a Location header is, must be itself on this origin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/'; // a stray `%`: not a link this site made
  }
  for (const form of [next, decoded]) {
    if (!form.startsWith('/') || form.startsWith('//') || UNSAFE_IN_NEXT.test(form)) return '/';
  }
  const out = onThisSite(next);
  // A browser reads the Location header once more: it must be a fixed point.
  return out !== null && onThisSite(out) === out ? out : '/';
}

// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NEXT = /[\\\u0000-\u001f\u007f-\u009f]/;
const NEXT_BASE = 'http://claimwatch.invalid';

/** The path a browser on this site goes to for a relative `next`, or null when that leaves the site. */
function onThisSite(next: string): string | null {
  let u: URL;
  try {
    u = new URL(next, `${NEXT_BASE}/some/page`);
  } catch {
    return null;
  }
  if (u.origin !== NEXT_BASE) return null;
  const out = `${u.pathname}${u.search}${u.hash}`;
  return out.startsWith('/') && !out.startsWith('//') && !UNSAFE_IN_NEXT.test(out) ? out : null;
}

export async function installSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const token = opts.token || undefined;
  const { db } = opts;
  const allowedHosts = new Set(['localhost', '127.0.0.1', '::1', opts.host.replace(/^\[|\]$/g, '').toLowerCase()]);
  if (opts.publicUrl) {
    try {
      allowedHosts.add(new URL(opts.publicUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase());
    } catch { /* an invalid publicUrl only loses its host from the list */ }
  }

  app.decorateRequest('authBy', null);
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: 'auto' },
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on a LAN too: do not pin browsers to HTTPS.
    strictTransportSecurity: false,
    // 'no-referrer' would make Chromium send `Origin: null` with our own form
    // posts, which the origin check must refuse; other sites still get nothing.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!token) {
      const host = hostName(req.headers.host);
      if (!host || !allowedHosts.has(host)) {
        return reply.code(421).type('text/plain').send('This dashboard answers only to its own address (set dashboard.publicUrl to reach it through a proxy).');
      }
      req.authBy = 'open';
      return;
    }
    const bearer = bearerToken(req.headers.authorization);
    // A token presented by a client whose allowance is spent is not even compared.
    if (bearer !== null || (req.method === 'POST' && path === '/login')) {
      const wait = await opts.guesses.blockedFor(req.ip);
      if (wait) return tooManyGuesses(reply, wait);
    }
    if (bearer !== null) {
      if (sameSecret(bearer, token)) {
        req.authBy = 'bearer';
        return;
      }
      await opts.guesses.failed(req.ip);
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie && await checkSession(db, token, cookie)) {
      req.authBy = 'cookie';
      return;
    }
    if (isPublic(path)) return;
    if (wantsHtml(req)) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return reply.code(401).header('www-authenticate', 'Bearer realm="claimwatch"')
      .send({ error: 'unauthorized', message: 'this dashboard needs its token: Authorization: Bearer <token>' });
  });

  app.addHook('preHandler', async (req, reply) => {
    if (SAFE_METHODS.has(req.method)) return;
    const refused = (why: string) => reply.code(403).send({ error: 'forbidden', message: why });
    const site = req.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none') return refused('cross-site request refused');
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const allowed = [req.headers.host ?? '', opts.publicUrl ? safeHost(opts.publicUrl) ?? '' : ''].filter(Boolean);
      if (!allowed.some((host) => sameOrigin(origin, host))) return refused('cross-origin request refused');
    }
    if (req.authBy === 'bearer') return;
    if (req.method !== 'POST') return;
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return;
    // With the cookie store csrfProtection runs synchronously; when the token is
    // missing or wrong it has already answered 403 and never calls back.
    let passed = false;
    app.csrfProtection(req, reply, () => { passed = true; });
    if (!passed) return reply;
  });

  // The last word on every answer in text: URLs with credentials masked.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!/^(text\/html|application\/json|text\/plain)/.test(type)) return payload;
    const masked = maskUrlsIn(payload);
    if (masked !== payload) reply.removeHeader('content-length');
    return masked;
  });

  // Bull Board's page styles itself inline and links a web font on another
  // host: let its inline styles through, and take the font link out (the CSP
  // would block it anyway), so the board loads nothing from elsewhere.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/queues')) return payload;
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    if (typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      const stripped = payload.replace(/<link[^>]+href="https?:\/\/[^"]*"[^>]*>/g, '');
      reply.removeHeader('content-length');
      return stripped;
    }
    return payload;
  });
}

/**
 * Whether an Origin header names the host a request was addressed to. The
 * scheme is left out (a proxy may end TLS); a missing port is the scheme's default.
 */
function sameOrigin(origin: string, hostHeader: string): boolean {
  let o: URL;
  let h: URL;
  try {
    o = new URL(origin);
    h = new URL(`${o.protocol}//${hostHeader}`);
  } catch {
    return false; // 'null' or garbage
  }
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  return o.hostname.toLowerCase() === h.hostname.toLowerCase() && port(o) === port(h);
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Sets the session cookie after a good login. */
export async function setSession(reply: FastifyReply, db: Db, token: string): Promise<void> {
  reply.setCookie(SESSION_COOKIE, await createSession(db, token), {
    path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: SESSION_DAYS * 24 * 3600,
  });
}

export function clearSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
