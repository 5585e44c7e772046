// The benchmark's news site, in a process of its own (as the outside world
// would be): /p/<i> serves benchmark page i mod 181, /feed/<k>.xml lists every
// FEEDS-th page. Prints its base URL on the first line of standard output.
// Pages go out gzipped, as news sites send them, and compressed once at start:
// the outside world's servers do not run on the pipeline's cores, so this one
// should spend as little of them as it can.
// With <perMinute>, the feeds keep publishing (for the soak): page n, n+1, ...
// appear at that rate from the site's start, for <publishMinutes> minutes, and
// each feed lists only its latest 50 items, as news feeds do.
//   npx tsx bench/site.ts <pagesDir> <n> <feeds> [<perMinute> <publishMinutes>]
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const [dir, nArg, feedsArg] = process.argv.slice(2);
const N = Number(nArg);
const FEEDS = Number(feedsArg);
const PER_MINUTE = Number(process.argv[5] ?? 0);
const PUBLISH_MINUTES = Number(process.argv[6] ?? 0);
const startedAt = Date.now();
const FEED_ITEMS = PER_MINUTE > 0 ? 50 : Infinity;
/** Pages published so far: n at start, then PER_MINUTE more a minute while publishing lasts. */
/** When publishing, each item says when it appeared: a feed's poll interval follows its rhythm. */
function pubDate(i: number): string {
  if (PER_MINUTE <= 0) return '';
  const at = startedAt + Math.max(0, i - N) * (60_000 / PER_MINUTE);
  return `<pubDate>${new Date(at).toUTCString()}</pubDate>`;
}
function published(): number {
  const minutes = Math.min((Date.now() - startedAt) / 60_000, PUBLISH_MINUTES);
  return N + Math.floor(PER_MINUTE * minutes);
}
const pages = readdirSync(dir).filter((f) => f.endsWith('.html.gz')).sort()
  .map((f) => gunzipSync(readFileSync(join(dir, f))));
const gzipped = pages.map((p) => gzipSync(p));
let base = '';
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const page = /^\/p\/(\d+)$/.exec(url);
  if (page) {
    const i = Number(page[1]) % pages.length;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipped[i]);
    } else {
      res.end(pages[i]);
    }
    return;
  }
  const feed = /^\/feed\/(\d+)\.xml$/.exec(url);
  if (feed) {
    const items = [];
    const k = Number(feed[1]);
    const upTo = published();
    // The latest FEED_ITEMS of this feed's pages (k, k + FEEDS, ...).
    const last = upTo - 1 - ((((upTo - 1 - k) % FEEDS) + FEEDS) % FEEDS);
    for (let i = last; i >= k && items.length < FEED_ITEMS; i -= FEEDS) items.push(`<item><title>Page ${i}</title><link>${base}/p/${i}</link><guid>p-${i}</guid>${pubDate(i)}</item>`);
    items.reverse();
    res.setHeader('content-type', 'application/rss+xml');
    res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${feed[1]}</title><link>${base}</link><description>bench</description>${items.join('')}</channel></rss>`);
    return;
  }
  res.statusCode = 404;
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  process.stdout.write(`${base}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
