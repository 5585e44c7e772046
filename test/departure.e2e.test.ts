// The example the product exists for, on the real pipeline: with seeds 000 to
// 003 stored, seed 004 arrives through a feed and raises exactly one alert,
// for 25,000–30,000 additional troops against a consensus of about 11,000.
// Articles repeating 10,000 to 12,000 raise none, and a copy of seed 004 on
// another site raises no second one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedCorpus } from '../src/seed/index.js';
import { alerts, articles, claims, feeds } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { seedTexts } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

/** Reports written for this test, each repeating a figure inside the consensus. */
const REPEATS = [
  {
    slug: 'pentagon-10000',
    title: 'Pentagon says North Korean troops are now fighting in Kursk',
    paragraphs: [
      'WASHINGTON — The Pentagon said on Monday that North Korean soldiers have joined Russian units in combat in the Kursk region, the first time Washington has said they are fighting rather than training.',
      'Deputy Pentagon press secretary Sabrina Singh told reporters that about 10,000 North Korean troops had been sent to eastern Russia and that most of them had since moved west towards the front.',
      'She said the United States was consulting allies on a response and urged Beijing to use its influence with Pyongyang. Russia has not acknowledged the deployment.',
      'Officials declined to say how the troops were equipped or how they would be commanded, saying only that they were being integrated into Russian formations.',
    ],
  },
  {
    slug: 'seoul-11000',
    title: 'Seoul lawmakers briefed on North Korean deployment',
    paragraphs: [
      'SEOUL — South Korea’s spy agency told lawmakers on Wednesday that North Korea has deployed 11,000 soldiers to Russia, where they have been assigned to airborne and marine units.',
      'Lawmakers who attended the closed-door briefing said the National Intelligence Service believed the soldiers had been given Russian uniforms and identity papers to disguise their origin.',
      'The agency also said it was watching for signs of further shipments of artillery shells from North Korean ports, lawmakers said after the session.',
      'Officials in Seoul have said they could consider sending weapons to Ukraine directly if the cooperation between Moscow and Pyongyang deepens.',
    ],
  },
  {
    slug: 'kyiv-12000',
    title: 'Kyiv warns of North Korean soldiers near the border',
    paragraphs: [
      'KYIV — Ukraine’s defence intelligence agency said on Friday that around 12,000 North Korean soldiers are stationed in Russia, some of them already close to the Ukrainian border.',
      'The agency said the soldiers had completed several weeks of training and were receiving Russian equipment, including artillery and drones.',
      'President Volodymyr Zelensky again called on partners to allow strikes on military targets deep inside Russia, saying Kyiv could see where the troops were gathering.',
      'Western diplomats said the deployment marked a new stage in the war and that their governments were discussing a coordinated response.',
    ],
  },
];

describe('departure alerts on the real pipeline', () => {
  let site: Site;
  let mirror: Site;
  let p: TestPipeline;
  // Seed 004's text has no headline line: every line is a paragraph.
  const seed004 = seedTexts().get('004')!.split('\n').map((l) => l.trim()).filter(Boolean);

  const allAlerts = () => p.ctx.db.select().from(alerts);

  beforeAll(async () => {
    site = await startSite();
    mirror = await startSite('localhost');
    // Articles dated 2025 replayed now: the freshness window is off, as for a replay of an archive.
    p = await testPipeline('postgres', { alerts: { freshnessDays: 0 } });
    const seeded = await seedCorpus(p.ctx, p.tools.watches, { only: ['000', '001', '002', '003'] });
    expect(seeded.stored).toHaveLength(4);
    expect(seeded.alerts).toBe(0);
    p.start();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
    await mirror?.close();
  });

  it('raises exactly one alert when seed 004 arrives through a feed', async () => {
    site.page('/world/north-korea-triple', articlePage({
      title: 'North Korea reportedly preparing to triple troops fighting for Russia', paragraphs: seed004, site: 'World Desk', published: '2025-07-03T09:00:00Z',
    }));
    site.page('/feed.xml', rss('World Desk', site.url, [{ title: 'North Korea to triple troops', url: `${site.url}/world/north-korea-triple`, published: new Date('2025-07-03T09:00:00Z') }]), 'application/rss+xml');
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await p.drain();

    const rows = await allAlerts();
    expect(rows).toHaveLength(1);
    const [alert] = rows;
    expect(alert.measure).toBe('troops');
    expect([alert.low, alert.high]).toEqual([25000, 30000]);
    expect(alert.status).toBe('additional');
    expect(alert.direction).toBe('above');
    expect(alert.state).toBe('raised');
    // About 11,000, with its band and the sources behind it.
    expect(alert.centre).toBeGreaterThanOrEqual(10_000);
    expect(alert.centre).toBeLessThanOrEqual(12_000);
    expect(alert.bandLow).toBeLessThanOrEqual(alert.centre);
    expect(alert.bandHigh).toBeGreaterThanOrEqual(alert.centre);
    expect(alert.bandHigh).toBeLessThan(20_000);
    expect(alert.support).toBeGreaterThanOrEqual(3);
    expect(alert.supportSources.length).toBeGreaterThanOrEqual(3);
    expect(alert.evidence).toContain('25,000 to 30,000');
    expect(alert.articleUrl).toBe(`${site.url}/world/north-korea-triple`);
    expect(alert.explanation).toMatch(/25,000/);
    expect(alert.explanation).toMatch(/11,000|10,000|12,000/);
  });

  it('raises none for articles repeating 10,000, 11,000 and 12,000', async () => {
    for (const r of REPEATS) site.page(`/world/${r.slug}`, articlePage({ title: r.title, paragraphs: r.paragraphs, site: 'World Desk' }));
    site.page('/feed.xml', rss('World Desk', site.url, [
      { title: 'North Korea to triple troops', url: `${site.url}/world/north-korea-triple` },
      ...REPEATS.map((r) => ({ title: r.title, url: `${site.url}/world/${r.slug}` })),
    ]), 'application/rss+xml');
    const [feed] = await p.ctx.db.select().from(feeds);
    await p.ctx.queues.poll.add('poll', { feedId: feed.id });
    await p.drain();

    const stored = await p.ctx.db.select().from(articles);
    for (const r of REPEATS) {
      const row = stored.find((a) => a.url === `${site.url}/world/${r.slug}`);
      expect(row?.status).toBe('new');
      const tagged = await p.ctx.db.select().from(claims).where(eq(claims.articleId, row!.id));
      expect(tagged.some((c) => c.measure === 'troops')).toBe(true);
    }
    expect(await allAlerts()).toHaveLength(1);
  });

  it('raises no second alert for a copy of seed 004 on another site', async () => {
    const before = (await allAlerts())[0];
    // Other markup, other boilerplate, another headline: the same story.
    mirror.page('/2025/07/04/dprk-troops', articlePage({
      title: 'Report: Pyongyang to send tens of thousands more soldiers to Russia', paragraphs: seed004, site: 'Mirror Daily', byline: 'Staff',
    }));
    mirror.page('/rss', rss('Mirror Daily', mirror.url, [{ title: 'copy', url: `${mirror.url}/2025/07/04/dprk-troops` }]), 'application/rss+xml');
    await addFeed(p.ctx, { url: `${mirror.url}/rss`, intervalSeconds: 3600 });
    await p.drain();

    const [copy] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${mirror.url}/2025/07/04/dprk-troops`));
    expect(copy.status).toBe('duplicate');
    const [original] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/world/north-korea-triple`));
    expect(copy.duplicateOf).toBe(original.id);
    expect(await p.ctx.db.select().from(claims).where(eq(claims.articleId, copy.id))).toHaveLength(0);
    const after = await allAlerts();
    expect(after).toHaveLength(1);
    expect(after[0].corroborations).toEqual(before.corroborations);
  });

  it('raises an alert for "up to 30,000 additional soldiers" that says the figure is an upper bound', async () => {
    site.page('/world/jcs-up-to-30000', articlePage({
      title: 'Seoul says North Korea may send up to 30,000 more troops to Russia',
      paragraphs: [
        'SEOUL — North Korea may send up to 30,000 additional soldiers to Russia in the coming months, South Korea’s Joint Chiefs of Staff said on Thursday, citing signs of preparations at training grounds near Pyongyang.',
        'The military said the new troops would probably be deployed to help Russian forces hold the Kursk region and could reach the front by late summer.',
        'Officials in Seoul said they were sharing the assessment with Washington and Kyiv and would watch for further shipments of weapons from North Korean ports.',
      ],
      site: 'World Desk', published: '2025-07-10T09:00:00Z',
    }));
    site.page('/feed.xml', rss('World Desk', site.url, [{ title: 'up to 30,000 more', url: `${site.url}/world/jcs-up-to-30000`, published: new Date('2025-07-10T09:00:00Z') }]), 'application/rss+xml');
    const [feed] = await p.ctx.db.select().from(feeds).where(eq(feeds.url, `${site.url}/feed.xml`));
    await p.ctx.queues.poll.add('poll', { feedId: feed.id });
    await p.drain();

    const [article] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/world/jcs-up-to-30000`));
    const rows = (await allAlerts()).filter((a) => a.articleId === article.id);
    expect(rows).toHaveLength(1);
    const [alert] = rows;
    expect(alert).toMatchObject({ measure: 'troops', low: 30000, high: 30000, qualifier: 'up_to', status: 'additional', direction: 'above', state: 'raised' });
    expect(alert.explanation).toContain('up to 30,000');
    expect(alert.explanation).toMatch(/upper bound/);
    expect(alert.centre).toBeGreaterThanOrEqual(10_000);
    expect(alert.centre).toBeLessThanOrEqual(12_000);
  });
});
