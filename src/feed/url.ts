// One spelling per article URL, so the same story reached through two feeds,
// or through a tracking link, is recognised as the same.

// Parameters that only say where a click came from.
const TRACKING = /^(utm_[a-z0-9_]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|mkt_tok|_ga|_gl|_hsenc|_hsmi|ref|ref_src|ref_url|referrer|cmpid|ocid|ncid|sr_share|at_medium|at_campaign)$/i;

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Lowercases scheme and host, drops the default port, the fragment and tracking
 * parameters, and sorts the remaining parameters by name (keeping the order of
 * repeated ones). The path keeps its case. Throws a TypeError for what is not a URL.
 */
export function normalizeUrl(url: string, base?: string): string {
  // The URL parser already lowercases scheme and host and drops default ports.
  const u = new URL(url.trim(), base);
  u.hash = '';
  const params = u.search.slice(1).split('&')
    .filter((p) => p !== '' && !TRACKING.test(paramName(p)))
    .map((p, i) => ({ p, name: paramName(p), i }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i));
  u.search = params.length ? `?${params.map((x) => x.p).join('&')}` : '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);
  return u.href;
}
