// The HTTP layer against a real local server: what a feed poll or a page fetch
// gets back, and how each way of failing is reported.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { createFetcher, FetchError, utf8Bytes, type Fetcher } from '../src/fetcher/index.js';
import { startSite, type Site } from './helpers/site.js';

const MB = 1024 * 1024;

function fetcherFor(fetch: Record<string, unknown> = {}): Fetcher {
  return createFetcher(makeConfig({
    fetch: { allowPrivate: ['127.0.0.1'], timeoutMs: 2000, connectTimeoutMs: 1000, maxBytes: MB, ...fetch },
  }).fetch);
}

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

describe('fetcher', () => {
  let site: Site;
  let fetcher: Fetcher;
  const seenHeaders: Record<string, string | undefined>[] = [];
  let hugeSent = 0;
  let hugeClosed: Promise<void>;

  beforeAll(async () => {
    site = await startSite();
    fetcher = fetcherFor();

    site.route('/conditional.xml', (req, res) => {
      seenHeaders.push({ ua: req.headers['user-agent'], inm: req.headers['if-none-match'], ims: req.headers['if-modified-since'] });
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.setHeader('etag', '"v1"');
      res.setHeader('last-modified', 'Mon, 06 Jan 2025 10:00:00 GMT');
      res.setHeader('cache-control', 'public, max-age=900');
      res.end('<rss version="2.0"><channel><title>Conditional</title></channel></rss>');
    });
    site.route('/last-modified.xml', (req, res) => {
      if (req.headers['if-modified-since'] === 'Mon, 06 Jan 2025 10:00:00 GMT') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader('last-modified', 'Mon, 06 Jan 2025 10:00:00 GMT');
      res.end('<rss version="2.0"><channel><title>LM</title></channel></rss>');
    });

    for (const [path, encoding, encode] of [
      ['/gzip.json', 'gzip', gzipSync],
      ['/br.json', 'br', brotliCompressSync],
      ['/deflate.json', 'deflate', deflateSync],
    ] as const) {
      site.route(path, (_req, res) => {
        res.setHeader('content-type', 'application/feed+json');
        res.setHeader('content-encoding', encoding);
        res.end(encode(Buffer.from(JSON.stringify({ encoding, text: 'Северная Корея '.repeat(200) }))));
      });
    }

    site.route('/huge.xml', (req, res) => {
      // 50 MB, streamed without a length: only the decompressed count can stop it.
      res.setHeader('content-type', 'application/rss+xml');
      const chunk = Buffer.alloc(MB, 'a');
      hugeClosed = new Promise((resolve) => res.on('close', resolve));
      const write = () => {
        while (hugeSent < 50 * MB && !res.destroyed) {
          hugeSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    });
    site.route('/declared-huge.xml', (_req, res) => {
      res.setHeader('content-length', String(50 * MB));
      res.write('<rss>');
    });

    // 64 MB of zeros gzip to about 64 KB, far under the 1 MB cap; inflated, far over.
    const bomb = await new Promise<Buffer>((resolve) => {
      const gz = createGzip({ level: 9 });
      const parts: Buffer[] = [];
      gz.on('data', (d: Buffer) => parts.push(d));
      gz.on('end', () => resolve(Buffer.concat(parts)));
      const zero = Buffer.alloc(MB);
      for (let i = 0; i < 64; i++) gz.write(zero);
      gz.end();
    });
    expect(bomb.length).toBeLessThan(MB);
    site.route('/bomb.xml', (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(bomb);
    });

    site.route('/hang.xml', () => { /* never answers */ });
    site.route('/stalls-mid-body.xml', (_req, res) => { res.write('<rss version="2.0"><channel>'); });

    site.route('/loop-a', (_req, res) => { res.statusCode = 302; res.setHeader('location', '/loop-b'); res.end(); });
    site.route('/loop-b', (_req, res) => { res.statusCode = 301; res.setHeader('location', `${site.url}/loop-a`); res.end(); });
    for (let n = 0; n <= 6; n++) {
      site.route(`/chain/${n}`, (_req, res) => {
        if (n === 0) {
          res.end('end of the chain');
          return;
        }
        res.statusCode = 307;
        res.setHeader('location', `/chain/${n - 1}`);
        res.end();
      });
    }
    site.route('/unavailable', (_req, res) => { res.statusCode = 503; res.setHeader('retry-after', '120'); res.end('busy'); });
    site.route('/rate-limited', (_req, res) => {
      res.statusCode = 429;
      res.setHeader('retry-after', new Date(Date.now() + 60_000).toUTCString());
      res.end();
    });
    site.route('/gone', (_req, res) => { res.statusCode = 410; res.end(); });
    site.page('/plain', 'hello');
  });

  afterAll(async () => {
    await fetcher?.close();
    await site?.close();
  });

  it('asks again conditionally and gets a 304 that costs nothing', async () => {
    const first = await fetcher.fetch(`${site.url}/conditional.xml`, { kind: 'feed' });
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"', lastModified: 'Mon, 06 Jan 2025 10:00:00 GMT', maxAgeSeconds: 900 });
    expect(first.body).toContain('<title>Conditional</title>');

    const second = await fetcher.fetch(`${site.url}/conditional.xml`, { kind: 'feed', etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true, body: '', bytes: 0, etag: '"v1"' });
    expect(seenHeaders[1]).toMatchObject({ inm: '"v1"', ims: 'Mon, 06 Jan 2025 10:00:00 GMT' });
    // The product names itself.
    expect(seenHeaders[0].ua).toMatch(/^claimwatch\//);
  });

  it('uses Last-Modified alone when there is no ETag', async () => {
    const first = await fetcher.fetch(`${site.url}/last-modified.xml`, { kind: 'feed' });
    expect(first.etag).toBeNull();
    const second = await fetcher.fetch(`${site.url}/last-modified.xml`, { kind: 'feed', lastModified: first.lastModified });
    expect(second.notModified).toBe(true);
    expect(second.lastModified).toBe('Mon, 06 Jan 2025 10:00:00 GMT');
  });

  describe('charsets', () => {
    const samples = {
      'windows-1251': 'Северная Корея направила в Курскую область около 11 000 военных.',
      'iso-8859-1': 'Les soldats nord-coréens déployés à Koursk : « 11 000 », selon Séoul.',
      shift_jis: '北朝鮮はロシアに約1万1000人の兵士を派遣した。',
    } as const;
    const wrap = {
      header: (text: string) => `<html><head><title>t</title></head><body><p>${text}</p></body></html>`,
      xml: (text: string, cs: string) => `<?xml version="1.0" encoding="${cs}"?>\n<rss version="2.0"><channel><title>${text}</title></channel></rss>`,
      meta: (text: string, cs: string) => `<!doctype html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${cs}"><title>t</title></head><body><p>${text}</p></body></html>`,
    };
    const cases = Object.entries(samples).flatMap(([cs, text]) => (['header', 'xml', 'meta'] as const).map((where) => [cs, where, text] as const));

    it.each(cases)('%s declared in the %s comes out right', async (charset, where, text) => {
      const path = `/charset/${charset}/${where}`;
      site.route(path, (_req, res) => {
        res.setHeader('content-type', where === 'header' ? `text/html; charset=${charset}` : where === 'xml' ? 'application/xml' : 'text/html');
        res.end(iconv.encode(wrap[where](text, charset), charset));
      });
      const res = await fetcher.fetch(`${site.url}${path}`, { kind: 'feed' });
      expect(res.body).toContain(text);
      expect(res.charset).toBe(charset);
      // What the fetch stage queues: the same text as UTF-8 bytes.
      expect(utf8Bytes(res.raw, res.charset!).toString('utf8')).toBe(res.body);
    });

    it('reads <meta charset> in HTML5 form', async () => {
      site.route('/charset/meta5', (_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end(iconv.encode(`<!doctype html><meta charset="windows-1251"><p>${samples['windows-1251']}</p>`, 'windows-1251'));
      });
      expect((await fetcher.fetch(`${site.url}/charset/meta5`, { kind: 'page' })).body).toContain(samples['windows-1251']);
    });

    it('lets a byte order mark overrule a wrong header, and drops it from the text', async () => {
      site.route('/charset/bom', (_req, res) => {
        res.setHeader('content-type', 'text/html; charset=windows-1251');
        res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Пхеньян', 'utf8')]));
      });
      const res = await fetcher.fetch(`${site.url}/charset/bom`, { kind: 'page' });
      expect(res.body).toBe('Пхеньян');
      expect(res.charset).toBe('utf-8');
      expect(utf8Bytes(res.raw, res.charset!)).toEqual(Buffer.from('Пхеньян', 'utf8'));
    });

    it('defaults to UTF-8', async () => {
      site.route('/charset/none', (_req, res) => { res.end(Buffer.from('Пхеньян — 평양', 'utf8')); });
      expect((await fetcher.fetch(`${site.url}/charset/none`, { kind: 'page' })).body).toBe('Пхеньян — 평양');
    });
  });

  it.each(['gzip', 'br', 'deflate'])('decompresses %s', async (encoding) => {
    const res = await fetcher.fetch(`${site.url}/${encoding}.json`, { kind: 'feed' });
    const doc = JSON.parse(res.body) as { encoding: string; text: string };
    expect(doc.encoding).toBe(encoding);
    expect(doc.text).toBe('Северная Корея '.repeat(200));
    expect(res.bytes).toBe(Buffer.byteLength(res.body));
  });

  it('stops reading a 50 MB body at the size cap', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/huge.xml`, { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'too_large', kind: 'hard' });
    expect(err.message).toMatch(/larger than the size limit of 1048576 bytes/);
    await hugeClosed;
    // The connection was dropped long before the server got to the end.
    expect(hugeSent).toBeLessThan(20 * MB);
  });

  it('refuses a body whose declared length is over the cap without reading it', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/declared-huge.xml`, { kind: 'feed' }));
    expect(err.code).toBe('too_large');
  });

  it('stops inflating a gzip bomb at the cap', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/bomb.xml`, { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'too_large', kind: 'hard' });
  });

  it('reports a body that does not decompress as a decode error', async () => {
    site.route('/corrupt.xml', (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end('this was never gzipped');
    });
    const err = await failure(fetcher.fetch(`${site.url}/corrupt.xml`, { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'decode', kind: 'hard' });
    expect(err.message).toMatch(/decompress/);
  });

  it('gives up on a host that never completes the connection, after the connect timeout', async () => {
    // A listener whose process never accepts: once its queue is full the kernel
    // drops further connection attempts, as a firewall that swallows packets does.
    const stuck = spawn(process.execPath, ['-e', `
      require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () {
        console.log(this.address().port);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fillers: Socket[] = [];
    const quick = fetcherFor({ timeoutMs: 20_000, connectTimeoutMs: 300 });
    try {
      const port = await new Promise<number>((resolve) => stuck.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      for (let i = 0; i < 4; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => {}));
      await new Promise((r) => setTimeout(r, 200));
      const err = await failure(quick.fetch(`http://127.0.0.1:${port}/feed.xml`, { kind: 'feed' }));
      expect(err).toMatchObject({ code: 'timeout', kind: 'soft' });
      expect(err.message).toMatch(/connect timed out after 300 ms/);
    } finally {
      for (const f of fillers) f.destroy();
      stuck.kill('SIGKILL');
      await quick.close();
    }
  });

  it('gives up on a server that never answers, within the configured time', async () => {
    const quick = fetcherFor({ timeoutMs: 300 });
    try {
      // The message names the deadline that ended it; without one this would hang until the test's own timeout.
      const err = await failure(quick.fetch(`${site.url}/hang.xml`, { kind: 'feed' }));
      expect(err).toMatchObject({ code: 'timeout', kind: 'soft' });
      // One fault, one message (issue 22): the deadline and undici's header
      // and body timers share the setting, and whichever fires first reads the same.
      const hangs = await Promise.all(Array.from({ length: 6 }, (_, i) => failure(quick.fetch(`${site.url}/hang.xml?n=${i}`, { kind: i % 2 ? 'feed' : 'page' }))));
      for (const [i, e] of [err, ...hangs].entries()) {
        expect(e.message).toBe(`timed out after 300 ms fetching ${site.url}/hang.xml${i ? `?n=${i - 1}` : ''}`);
      }
      // The deadline covers the body too, not just the headers.
      const mid = await failure(quick.fetch(`${site.url}/stalls-mid-body.xml`, { kind: 'feed' }));
      expect(mid).toMatchObject({ code: 'timeout', kind: 'soft', message: `timed out after 300 ms fetching ${site.url}/stalls-mid-body.xml` });
    } finally {
      await quick.close();
    }
  });

  it('says a refused connection in plain words', async () => {
    const err = await failure(fetcher.fetch('http://127.0.0.1:9/feed.xml', { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'connect', kind: 'soft', message: 'cannot fetch http://127.0.0.1:9/feed.xml: connection refused (127.0.0.1:9)' });
  });

  it('honours the caller cancelling', async () => {
    const controller = new AbortController();
    const pending = fetcher.fetch(`${site.url}/hang.xml`, { kind: 'feed', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ code: 'aborted' });
  });

  it('detects a redirect loop', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/loop-a`, { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'redirect_loop', kind: 'hard' });
    expect(err.message).toMatch(/redirect loop/);
  });

  it('follows redirects up to the limit and reports the final URL', async () => {
    const short = fetcherFor({ maxRedirects: 3 });
    try {
      const res = await short.fetch(`${site.url}/chain/3`, { kind: 'page' });
      expect(res.url).toBe(`${site.url}/chain/0`);
      expect(res.body).toBe('end of the chain');
      const err = await failure(short.fetch(`${site.url}/chain/4`, { kind: 'page' }));
      expect(err).toMatchObject({ code: 'too_many_redirects', kind: 'hard' });
      expect(site.hits('/chain/0')).toBe(1);
    } finally {
      await short.close();
    }
  });

  it('reports a 404 as a hard http error', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/missing.xml`, { kind: 'feed' }));
    expect(err).toMatchObject({ code: 'http', kind: 'hard', status: 404 });
    expect(err.message).toMatch(/404/);
    expect(await failure(fetcher.fetch(`${site.url}/gone`, { kind: 'feed' }))).toMatchObject({ kind: 'hard', status: 410 });
  });

  it('reports 503 and 429 as soft, with their Retry-After', async () => {
    const busy = await failure(fetcher.fetch(`${site.url}/unavailable`, { kind: 'feed' }));
    expect(busy).toMatchObject({ code: 'http', kind: 'soft', status: 503, retryAfterSeconds: 120 });
    const limited = await failure(fetcher.fetch(`${site.url}/rate-limited`, { kind: 'feed' }));
    expect(limited).toMatchObject({ code: 'http', kind: 'soft', status: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(55);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('rejects what is not an http(s) URL', async () => {
    expect(await failure(fetcher.fetch('not a url', { kind: 'page' }))).toMatchObject({ code: 'bad_url', kind: 'hard' });
    expect(await failure(fetcher.fetch('file:///etc/passwd', { kind: 'page' }))).toMatchObject({ code: 'bad_url', kind: 'hard' });
  });

  describe('private addresses', () => {
    const port = () => new URL(site.url).port;

    it('refuses 127.0.0.1 without the allow-list, before any request', async () => {
      const strict = createFetcher(makeConfig({ fetch: { timeoutMs: 2000 } }).fetch);
      try {
        const before = site.hits('/plain');
        for (const url of [`http://127.0.0.1:${port()}/plain`, `http://localhost:${port()}/plain`, `http://[::ffff:127.0.0.1]:${port()}/plain`]) {
          const err = await failure(strict.fetch(url, { kind: 'feed' }));
          expect(err).toMatchObject({ code: 'blocked_address', kind: 'hard' });
          expect(err.message).toMatch(/loopback.*not allowed/);
        }
        expect(site.hits('/plain')).toBe(before);
      } finally {
        await strict.close();
      }
    });

    it('allows what the allow-list names: an IP, a range or a host name', async () => {
      for (const allow of [['127.0.0.1'], ['127.0.0.0/8'], ['localhost']]) {
        const open = createFetcher(makeConfig({ fetch: { allowPrivate: allow } }).fetch);
        try {
          const host = allow[0] === 'localhost' ? 'localhost' : '127.0.0.1';
          expect((await open.fetch(`http://${host}:${port()}/plain`, { kind: 'feed' })).body).toBe('hello');
        } finally {
          await open.close();
        }
      }
    });

    it('checks every redirect hop: an allowed host cannot redirect to a blocked address', async () => {
      site.route('/to-inside', (_req, res) => { res.statusCode = 302; res.setHeader('location', `http://127.0.0.1:${port()}/plain`); res.end(); });
      const byName = createFetcher(makeConfig({ fetch: { allowPrivate: ['localhost'] } }).fetch);
      try {
        const before = site.hits('/plain');
        const err = await failure(byName.fetch(`http://localhost:${port()}/to-inside`, { kind: 'page' }));
        expect(err.code).toBe('blocked_address');
        expect(site.hits('/to-inside')).toBe(1);
        expect(site.hits('/plain')).toBe(before);
      } finally {
        await byName.close();
      }
    });
  });

  it('keeps to the per-host concurrency limit, per host', async () => {
    let inFlight = 0;
    let peak = 0;
    site.route('/slow', async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 150));
      inFlight--;
      res.end('ok');
    });
    const limited = fetcherFor({ perHostConcurrency: 2, allowPrivate: ['127.0.0.1', 'localhost'] });
    try {
      await Promise.all(Array.from({ length: 6 }, () => limited.fetch(`${site.url}/slow`, { kind: 'feed' })));
      expect(peak).toBe(2);
      // Two host names for the same server: each has its own two slots.
      peak = 0;
      const other = site.url.replace('127.0.0.1', 'localhost');
      await Promise.all(Array.from({ length: 8 }, (_, i) => limited.fetch(`${i % 2 ? site.url : other}/slow`, { kind: 'feed' })));
      expect(peak).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

describe('robots.txt', () => {
  let site: Site;
  let bare: Site;
  let down: Site;
  let fetcher: Fetcher;

  beforeAll(async () => {
    [site, bare, down] = await Promise.all([startSite(), startSite(), startSite()]);
    site.page('/robots.txt', 'User-agent: *\nDisallow: /private/\n\nUser-agent: claimwatch\nDisallow: /private/\nDisallow: /no-claimwatch/\n', 'text/plain');
    for (const s of [site, bare, down]) {
      s.page('/news/story', '<html><body>story</body></html>');
      s.page('/private/story', '<html><body>secret</body></html>');
      s.page('/private/feed.xml', '<rss version="2.0"><channel><title>f</title></channel></rss>', 'application/rss+xml');
    }
    site.page('/no-claimwatch/story', '<html><body>x</body></html>');
    down.route('/robots.txt', (_req, res) => { res.statusCode = 503; res.end(); });
    fetcher = fetcherFor();
  });

  afterAll(async () => {
    await fetcher?.close();
    await Promise.all([site?.close(), bare?.close(), down?.close()]);
  });

  it('refuses a disallowed page without requesting it', async () => {
    const err = await failure(fetcher.fetch(`${site.url}/private/story`, { kind: 'page' }));
    expect(err).toMatchObject({ code: 'robots', kind: 'hard' });
    expect(err.message).toMatch(/robots\.txt .* disallows/);
    expect(site.hits('/private/story')).toBe(0);
    // A group naming our product applies to us.
    expect(await failure(fetcher.fetch(`${site.url}/no-claimwatch/story`, { kind: 'page' }))).toMatchObject({ code: 'robots' });
  });

  it('fetches allowed pages, and feeds whatever robots.txt says', async () => {
    expect((await fetcher.fetch(`${site.url}/news/story`, { kind: 'page' })).body).toContain('story');
    expect((await fetcher.fetch(`${site.url}/private/feed.xml`, { kind: 'feed' })).status).toBe(200);
  });

  it('reads robots.txt once per origin', () => {
    expect(site.hits('/robots.txt')).toBe(1);
  });

  it('treats a missing robots.txt as allowing everything', async () => {
    expect((await fetcher.fetch(`${bare.url}/private/story`, { kind: 'page' })).body).toContain('secret');
    expect(bare.hits('/robots.txt')).toBe(1);
  });

  it('holds pages back, softly, while robots.txt is unavailable', async () => {
    const err = await failure(fetcher.fetch(`${down.url}/news/story`, { kind: 'page' }));
    expect(err).toMatchObject({ kind: 'soft', status: 503 });
    expect(err.message).toMatch(/robots\.txt/);
    expect(down.hits('/news/story')).toBe(0);
  });

  it('can be switched off', async () => {
    const rude = fetcherFor({ respectRobots: false });
    try {
      expect((await rude.fetch(`${site.url}/private/story`, { kind: 'page' })).body).toContain('secret');
    } finally {
      await rude.close();
    }
  });
});
