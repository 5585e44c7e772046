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
//   Sign-in attempts are limited per address (@fastify/rate-limit).
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
import fastifyRateLimit from '@fastify/rate-limit';
import { eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { maskUrlsIn } from '../mask.js';
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
/** Sign-in attempts allowed per client address per window. */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;
const SESSION_DAYS = 30;

/** A token fit for a dashboard others can reach: 32 random characters, printed once for the operator to keep. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface SecurityOptions {
  /** Where sessions are kept. */
  db: Db;
  token?: string;
  /** The address the server binds; its name is an accepted Host. */
  host: string;
  /** Where operators reach it through a proxy; its host is an accepted Host. */
  publicUrl?: string;
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
 * Where to go after signing in: a path on this site, or `/`. Refused: anything
 * not starting with one `/`, backslashes (browsers read `/\\x` as `//x`) and
 * control characters (a browser drops a tab from `/<TAB>/evil.example/`, which
 * leaves `//evil.example/`; CR and LF would split the header). What is left
 * must still resolve to this origin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f\u007f-\u009f]/.test(next)) return '/';
  const base = 'http://claimwatch.invalid';
  let u: URL;
  try {
    u = new URL(next, base);
  } catch {
    return '/';
  }
  if (u.origin !== base) return '/';
  return `${u.pathname}${u.search}${u.hash}`;
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
  // Only the routes that ask for it (POST /login) are limited.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429, error: 'too_many_requests',
      message: `too many sign-in attempts from this address: try again in ${ctx.after}`,
    }),
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
    if (bearer !== null && sameSecret(bearer, token)) {
      req.authBy = 'bearer';
      return;
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
