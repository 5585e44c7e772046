// Issue 13 on the real pipeline: with seeds 000 to 003 stored (a troops
// consensus of about 10,000–12,000), a Korean and a Ukrainian article arrive
// through a feed and join the consensus without an alert, and a Russian one
// reporting 25,000–30,000 more troops raises exactly one departure alert.
// The articles are test/fixtures/i18n (written by hand, see their README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { seedCorpus } from '../src/seed/index.js';
import { alerts, articles, claims, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

interface Fixture { slug: string; title: string; paragraphs: string[]; site: string; published: string; lang: string }
// The page says its language as a site would (<html lang>): the file name starts with it.
const fixture = (name: string): Fixture => ({ ...JSON.parse(readFileSync(join(packageRoot, 'test', 'fixtures', 'i18n', `${name}.json`), 'utf8')), lang: name.slice(0, 2) }) as Fixture;

describe('articles in Korean, Ukrainian and Russian on the real pipeline', () => {
  let site: Site;
  let p: TestPipeline;
  const ko = fixture('ko-jcs-11000');
  const uk = fixture('uk-zelensky-12000');
  const ru = fixture('ru-hur-additional-25-30k');
  const url = (f: Fixture) => `${site.url}/news/${f.slug}`;
  const claimsOf = async (f: Fixture) => {
    const [row] = await p.ctx.db.select().from(articles).where(eq(articles.url, url(f)));
    expect(row, f.slug).toBeDefined();
    return { row, tagged: await p.ctx.db.select().from(claims).where(eq(claims.articleId, row.id)) };
  };
  const serve = async (list: Fixture[]) => {
    for (const f of list) site.page(`/news/${f.slug}`, articlePage({ title: f.title, paragraphs: f.paragraphs, site: f.site, published: f.published, lang: f.lang }));
    site.page('/feed.xml', rss('Wire', site.url, list.map((f) => ({ title: f.title, url: url(f), published: new Date(f.published) }))), 'application/rss+xml');
  };

  beforeAll(async () => {
    site = await startSite();
    p = await testPipeline('postgres');
    const seeded = await seedCorpus(p.ctx, p.tools.watches, { only: ['000', '001', '002', '003'] });
    expect(seeded.alerts).toBe(0);
    p.start();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('tags the Korean and the Ukrainian article inside the consensus, with no alert', async () => {
    await serve([ko, uk]);
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await p.drain();

    const k = await claimsOf(ko);
    expect(k.row.lang).toBe('ko');
    const kt = k.tagged.filter((c) => c.measure === 'troops');
    expect(kt.length).toBeGreaterThan(0);
    for (const c of kt) expect([c.low, c.high, c.qualifier, c.status, c.sourceKey]).toEqual([11000, 11000, 'approx', 'present', 'kr-jcs']);

    const u = await claimsOf(uk);
    expect(u.row.lang).toBe('uk');
    expect(u.tagged.map((c) => [c.measure, c.low, c.high, c.qualifier, c.status, c.sourceKey])).toEqual([['troops', 12000, 12000, 'approx', 'present', 'ua-president']]);
    expect(await p.ctx.db.select().from(alerts)).toHaveLength(0);
  });

  it('raises exactly one alert for the Russian article reporting 25,000–30,000 more troops', async () => {
    await serve([ko, uk, ru]);
    const [feed] = await p.ctx.db.select().from(feeds);
    await p.ctx.queues.poll.add('poll', { feedId: feed.id });
    await p.drain();

    const r = await claimsOf(ru);
    expect(r.row.lang).toBe('ru');
    expect(r.tagged.map((c) => [c.low, c.high, c.status]).sort()).toEqual([[11000, 11000, 'present'], [25000, 30000, 'additional']]);
    const all = await p.ctx.db.select().from(alerts);
    expect(all).toHaveLength(1);
    const [alert] = all;
    expect([alert.measure, alert.low, alert.high, alert.status, alert.direction]).toEqual(['troops', 25000, 30000, 'additional', 'above']);
    expect(alert.centre).toBeGreaterThanOrEqual(10_000);
    expect(alert.centre).toBeLessThanOrEqual(12_000);
    expect(alert.articleUrl).toBe(url(ru));
    // The Korean and Ukrainian sources are part of the consensus the Russian figure departs from.
    expect(JSON.stringify(alert.supportSources)).toMatch(/kr-jcs|Joint Chiefs/);
    expect(JSON.stringify(alert.supportSources)).toMatch(/ua-president|Zelensk/);
  });
});
