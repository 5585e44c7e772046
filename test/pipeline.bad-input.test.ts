// Bad input, each through the running pipeline: it ends in a clear error
// recorded where an operator looks (on the feed, or on the article's row),
// and the workers keep running.
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { articles, feedFetches, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { WRITTEN } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

describe('bad input', () => {
  let site: Site;
  let p: TestPipeline;
  const lastError = async (path: string) => {
    const [feed] = await p.ctx.db.select().from(feeds).where(eq(feeds.url, `${site.url}${path}`));
    const fetches = await p.ctx.db.select().from(feedFetches).where(eq(feedFetches.feedId, feed.id));
    return { feed, fetches };
  };

  beforeAll(async () => {
    site = await startSite();
    site.page('/malformed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</titl></item>', 'application/rss+xml');
    site.page('/html-as-feed', articlePage({ title: WRITTEN[0].title, paragraphs: WRITTEN[0].paragraphs }), 'text/html');
    site.route('/huge.xml', (_req, res) => {
      // 50 MB, streamed: the fetcher must stop reading at its cap.
      res.setHeader('content-type', 'application/rss+xml');
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const write = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', write);
        }
        res.end();
      };
      write();
    });
    // 256 MB of zeros compresses to about 250 KB: a gzip bomb.
    const bomb = await new Promise<Buffer>((resolve) => {
      const gz = createGzip({ level: 9 });
      const parts: Buffer[] = [];
      gz.on('data', (d: Buffer) => parts.push(d));
      gz.on('end', () => resolve(Buffer.concat(parts)));
      const zero = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 256; i++) gz.write(zero);
      gz.end();
    });
    site.route('/bomb.xml', (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.setHeader('content-encoding', 'gzip');
      res.end(bomb);
    });
    site.route('/hang.xml', () => { /* never answers */ });
    site.route('/loop-a.xml', (_req, res) => { res.statusCode = 302; res.setHeader('location', '/loop-b.xml'); res.end(); });
    site.route('/loop-b.xml', (_req, res) => { res.statusCode = 302; res.setHeader('location', '/loop-a.xml'); res.end(); });
    // /missing.xml is not served: 404.
    const good = WRITTEN[1];
    site.page('/news/good', articlePage({ title: good.title, paragraphs: good.paragraphs }));
    site.page('/good.xml', rss('Good', site.url, [{ title: good.title, url: `${site.url}/news/good` }]), 'application/rss+xml');
    // A minimum interval of 30 s: a failed feed is not polled again while the test looks at it, however loaded the machine.
    // A deadline a loaded machine still meets while /huge.xml streams its megabytes; /hang.xml waits it out.
    p = await testPipeline('postgres', { 'fetch.timeoutMs': 10_000, 'fetch.maxBytes': 5 * 1024 * 1024, 'feeds.minIntervalSeconds': 30 });
    p.start();
    for (const path of ['/malformed.xml', '/html-as-feed', '/huge.xml', '/bomb.xml', '/hang.xml', '/loop-a.xml', '/missing.xml']) {
      await addFeed(p.ctx, { url: `${site.url}${path}`, intervalSeconds: 3600 });
    }
    await p.drain();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it.each([
    ['/malformed.xml', /xml|feed|pars/i, 'hard'],
    ['/html-as-feed', /html/i, 'hard'],
    ['/huge.xml', /large|size|limit/i, 'hard'],
    ['/bomb.xml', /large|size|limit/i, 'hard'],
    ['/hang.xml', /time/i, 'soft'],
    ['/loop-a.xml', /redirect/i, 'hard'],
    ['/missing.xml', /404/, 'hard'],
  ])('%s ends in a clear recorded error on the feed', async (path, message, kind) => {
    const { feed, fetches } = await lastError(path);
    expect(feed.lastError).toMatch(message);
    expect(feed.lastErrorKind).toBe(kind);
    expect(feed.errorScore).toBeGreaterThan(0);
    // Backed off by the minimum interval (30 s here) · 2^score: a hard error
    // (score 1) waits 60 s, a soft one (score 0.5) 42 s.
    expect(feed.errorScore).toBe(kind === 'hard' ? 1 : 0.5);
    expect((feed.nextPollAt!.getTime() - feed.lastPolledAt!.getTime()) / 1000).toBe(kind === 'hard' ? 60 : 42);
    expect(fetches).toHaveLength(1);
    expect(fetches[0].outcome).toBe('error');
    expect(fetches[0].error).toMatch(message);
  });

  it('keeps working after all that: a good feed added now is read', async () => {
    await addFeed(p.ctx, { url: `${site.url}/good.xml`, intervalSeconds: 3600 });
    await p.drain();
    const rows = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/news/good`));
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('new');
    expect(rows[0].text).toContain(WRITTEN[1].paragraphs[0]);
  });
});

describe('an item pointing at a private address', () => {
  let site: Site;
  let p: TestPipeline;

  beforeAll(async () => {
    site = await startSite();
    const port = new URL(site.url).port;
    // The feed is reached by name (allowed); its item points at 127.0.0.1 (not allowed).
    site.page('/news/inside', articlePage({ title: WRITTEN[2].title, paragraphs: WRITTEN[2].paragraphs }));
    site.page('/feed.xml', rss('Hostile', `http://localhost:${port}/`, [{ title: 'inside', url: `http://127.0.0.1:${port}/news/inside` }]), 'application/rss+xml');
    p = await testPipeline('embedded', { 'fetch.allowPrivate': ['localhost'] });
    p.start();
    await addFeed(p.ctx, { url: `http://localhost:${port}/feed.xml`, intervalSeconds: 3600 });
    await p.drain();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('is refused, recorded as a failed page, and never requested', async () => {
    const rows = await p.ctx.db.select().from(articles);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('failed');
    expect(rows[0].error).toMatch(/private|loopback|blocked|not allowed/i);
    expect(site.hits('/news/inside')).toBe(0);
    const failed = await p.ctx.queues.fetch.getFailed();
    expect(failed).toHaveLength(1);
    expect(failed[0].failedReason).toMatch(/private|loopback|blocked|not allowed/i);
  });
});

