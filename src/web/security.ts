// Who may see the dashboard and who may change things through it.
//
// - Without a token (only allowed on a loopback address) anyone on this
//   machine may read; the Host header must name this machine, so a web page
//   whose domain is re-pointed at 127.0.0.1 (DNS rebinding) is turned away.
// - With a token, every page and API call needs it: `Authorization: Bearer
//   <token>`, or the session cookie the login form sets (HttpOnly,
//   SameSite=Strict, an HMAC of the token rather than the token itself).
// - Every request that changes something (any method but GET/HEAD/OPTIONS) is
//   refused when the browser says it comes from another site (Origin or
//   Sec-Fetch-Site), and must then carry one of: the Bearer header, a JSON
//   body, a non-form method (PUT/DELETE/PATCH) — none of which a cross-site
//   page can send without a CORS preflight, which this server never grants —
//   or, for an HTML form, the token of @fastify/csrf-protection.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';

export const SESSION_COOKIE = 'cw_session';
export const CSRF_COOKIE = 'cw_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** How the request proved it may see the dashboard. */
    authBy: 'bearer' | 'cookie' | 'open' | null;
  }
}

export interface SecurityOptions {
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

/** The session cookie's value: proves the token was given without being it. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('claimwatch dashboard session v1').digest('base64url');
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

/** The local part of a `next` parameter: never an address on another site. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export async function installSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const token = opts.token || undefined;
  const session = token ? sessionValue(token) : null;
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
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) {
      req.authBy = 'bearer';
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie && session && sameSecret(cookie, session)) {
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
export function setSession(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, sessionValue(token), {
    path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', maxAge: 30 * 24 * 3600,
  });
}

export function clearSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
