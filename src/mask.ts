// The one rule for showing a URL to anyone: pages, API answers, logs and
// webhook events all pass URLs (and texts that may hold them, such as error
// messages) through here. A URL can carry a credential in three places: a
// `user:password@`, a query value (`?token=`, `?key=`), and — for Slack,
// Discord and other incoming webhooks — the path itself. What may be one is
// replaced by `***`; the rest stays, so the operator still sees where it points.

/** Query parameter names that carry credentials, as a word of the name (access_token, X-Api-Key, sig). */
const SECRET_PARAM = /(^|[^a-z])(token|key|secret|password|passwd|pwd|pass|auth|authorization|sig|signature|signed|credential|credentials|session|sessionid|sid|code|apikey|api_key|access_token|jwt|hash|otp)(s)?($|[^a-z])/i;

/** Hosts whose incoming-webhook URLs are themselves the credential. */
const TOKEN_HOSTS = /(^|\.)(hooks\.slack\.com|discord\.com|discordapp\.com|webhook\.office\.com|hooks\.zapier\.com|chat\.googleapis\.com|api\.telegram\.org)$/i;

export const MASK = '***';

export interface MaskOptions {
  /**
   * The URL is a webhook target, where the whole URL may be the credential:
   * every query value is masked, and so is the path's last segment for formats
   * other than plain JSON (Slack, Discord) and for the known webhook hosts.
   */
  webhook?: { format: string };
}

/** The URL with what may be a credential masked; text that is not a URL comes back unchanged. */
export function maskUrl(raw: string, opts: MaskOptions = {}): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'redis:' && u.protocol !== 'rediss:'
    && u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return raw;
  let changed = false;
  if (u.username) { u.username = MASK; changed = true; }
  if (u.password) { u.password = MASK; changed = true; }
  const tokenHost = TOKEN_HOSTS.test(u.hostname);
  const allQuery = Boolean(opts.webhook) || tokenHost;
  for (const key of [...new Set(u.searchParams.keys())]) {
    if (allQuery || SECRET_PARAM.test(key)) {
      if (u.searchParams.getAll(key).some((v) => v !== MASK)) {
        u.searchParams.set(key, MASK);
        changed = true;
      }
    }
  }
  if ((opts.webhook && opts.webhook.format !== 'json') || tokenHost) {
    const parts = u.pathname.split('/');
    let last = parts.length - 1;
    while (last > 0 && parts[last] === '') last--;
    if (last > 0 && parts.filter(Boolean).length > 1 && parts[last] !== MASK) {
      parts[last] = MASK;
      u.pathname = parts.join('/');
      changed = true;
    }
  }
  // Unchanged URLs are given back as they came, not as the parser would write them.
  return changed ? u.toString().replaceAll('%2A%2A%2A', MASK) : raw;
}

// A URL inside free text: a scheme, then anything up to white space, a double
// quote, a backtick or an angle bracket (HTML escapes `&` as `&amp;`, which
// stays inside). A single quote is a character a password may hold
// (`https://u:it's@host/`): ending the URL there would leave the rest of the
// password in clear, so it is kept, and only a trailing one is the sentence's.
const URL_IN_TEXT = /\b(?:https?|redis|rediss|postgres|postgresql):\/\/[^\s"<>`]+/gi;

/** Masks every URL found in a text: error messages, log lines, rendered pages, JSON answers. */
export function maskUrlsIn(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (url) => {
    // Trailing punctuation belongs to the sentence, not the URL.
    const tail = /[.,;:!?)\]}']+$/.exec(url)?.[0] ?? '';
    const bare = tail ? url.slice(0, -tail.length) : url;
    return maskInHtml(bare) + tail;
  });
}

/**
 * A URL as a page writes it, escaped for HTML (`&amp;`, `&#39;`), is masked as
 * the URL it stands for: `&#39;` in a password would otherwise read as the
 * start of a fragment and keep the URL from parsing at all.
 */
function maskInHtml(candidate: string): string {
  if (!/&(?:amp|#39|#x27);/i.test(candidate)) return maskUrl(candidate);
  const plain = candidate.replace(/&amp;/gi, '&').replace(/&#(?:39|x27);/gi, "'");
  const masked = maskUrl(plain);
  return masked === plain ? candidate : masked.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
}

/**
 * Masks the URLs in every string of a value bound for a log line or an answer:
 * plain objects and arrays are copied, errors copied with their message and
 * stack masked (same class, so they still log as what they are); anything
 * else (dates, buffers) is left as it is. Nothing is changed in place.
 */
export function maskUrlsDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return maskUrlsIn(value) as T;
  if (!value || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => maskUrlsDeep(v, depth + 1)) as T;
  if (value instanceof URL) return maskUrl(value.href) as T;
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Error & Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) copy[k] = maskUrlsDeep(v, depth + 1);
    copy.message = maskUrlsIn(value.message);
    if (value.stack) copy.stack = maskUrlsIn(value.stack);
    if (value.cause !== undefined) copy.cause = maskUrlsDeep(value.cause, depth + 1);
    return copy as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskUrlsDeep(v, depth + 1)])) as T;
}
