// What an operator reads during an incident: a target that starts failing is
// one line, its recovery one more with the count in between, not a line per
// attempt; a feed that answers again loses its error (its history stays).
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.js';
import { Incidents } from '../src/incidents.js';
import { refreshFeed } from '../src/jobs/refresh-feed.js';
import { feedFetches, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { rss, startSite, type Site } from './helpers/site.js';

interface Line { level: number; msg: string; [k: string]: unknown }

function capture() {
  const lines: Line[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  return { log, lines, warnings: () => lines.filter((l) => l.level >= 40).map((l) => l.msg) };
}

describe('an incident', () => {
  it('is one line when its target starts failing and one when it is back, with the count and since when', () => {
    const { log, warnings, lines } = capture();
    let now = Date.parse('2026-12-08T10:00:00Z');
    const incidents = new Incidents(log, () => now);
    expect(incidents.recovered('webhook 3 (https://hooks.example/x)')).toBe(false); // nothing was failing
    for (let i = 0; i < 56; i++) {
      incidents.failed('webhook 3 (https://hooks.example/x)', i < 50 ? 'connection failed: connection refused (10.0.0.5:443)' : 'HTTP 500: busy');
      now += 1000;
    }
    incidents.failed('site https://news.example', 'timed out after 15000 ms fetching https://news.example/a');
    expect(incidents.isFailing('webhook 3 (https://hooks.example/x)')).toBe(true);
    expect(incidents.recovered('webhook 3 (https://hooks.example/x)')).toBe(true);
    expect(warnings()).toEqual([
      'webhook 3 (https://hooks.example/x) failing since 10:00:00 UTC: connection failed: connection refused (10.0.0.5:443); retrying, and counting failures until it is back',
      'site https://news.example failing since 10:00:56 UTC: timed out after 15000 ms fetching https://news.example/a; retrying, and counting failures until it is back',
      'webhook 3 (https://hooks.example/x) back after 56 s: 56 failures since 10:00:00 UTC (first connection failed: connection refused (10.0.0.5:443); last HTTP 500: busy)',
    ]);
    // The failures in between are there for whoever asks for debug, not in the warnings.
    expect(lines.filter((l) => l.level === 20)).toHaveLength(55);
    // A second incident of the same target starts afresh.
    incidents.failed('webhook 3 (https://hooks.example/x)', 'HTTP 502');
    expect(warnings().at(-1)).toMatch(/^webhook 3 .* failing since 10:00:56 UTC: HTTP 502;/);
  });
});

describe('a feed that fails, then answers again', () => {
  let site: Site;
  let p: TestPipeline;
  let failing = true;

  beforeAll(async () => {
    site = await startSite();
    site.route('/feed.xml', (_req, res) => {
      if (failing) {
        res.statusCode = 503;
        res.end('down for maintenance');
        return;
      }
      res.setHeader('content-type', 'application/rss+xml');
      res.end(rss('Wire', site.url, []));
    });
    p = await testPipeline('postgres');
  }, 60_000);
  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('says so twice (failing since, back after), and its last error is cleared while its history stays', async () => {
    const { log, warnings } = capture();
    const ctx: Context = { ...p.ctx, log };
    const { feed } = await addFeed(ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    for (let i = 0; i < 3; i++) expect((await refreshFeed(ctx, p.tools.fetcher, feed.id)).outcome).toBe('error');
    const [down] = await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(down.lastError).toMatch(/HTTP 503/);
    failing = false;
    expect((await refreshFeed(ctx, p.tools.fetcher, feed.id)).outcome).not.toBe('error');

    const [up] = await p.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id));
    expect(up).toMatchObject({ status: 'ok', errorScore: 0, lastError: null, lastErrorKind: null, lastErrorCode: null });
    expect(up.lastErrorAt).toEqual(down.lastErrorAt); // when it last failed stays known
    const history = await p.ctx.db.select().from(feedFetches).where(eq(feedFetches.feedId, feed.id));
    expect(history.filter((h) => h.outcome === 'error').map((h) => h.error)).toEqual([down.lastError, down.lastError, down.lastError]);

    const url = `${site.url}/feed.xml`;
    expect(warnings()).toEqual([
      expect.stringMatching(new RegExp(`^feed ${feed.id} \\(${url}\\) failing since \\d\\d:\\d\\d:\\d\\d UTC: HTTP 503`)),
      expect.stringMatching(new RegExp(`^feed ${feed.id} \\(${url}\\) back after \\d+ s: 3 failed polls since \\d\\d:\\d\\d:\\d\\d UTC \\(last: .*HTTP 503`)),
    ]);
  }, 60_000);
});
