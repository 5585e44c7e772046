// The whole article is read, and read once (issue 19): a figure that only
// the headline states is a claim of the article, a figure in both the
// headline and the text is one claim, and the service and `claimwatch
// extract` read the same page to the same claims.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExtract } from '../src/claims/cli.js';
import { extractClaims, loadWatches, type ExtractedClaim } from '../src/claims/index.js';
import { articles, claims } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

const [watch] = loadWatches();

const PAGES = [
  {
    slug: 'headline-only',
    title: 'North Korea has sent 12,000 troops to Russia, Seoul says',
    paragraphs: [
      'SEOUL — South Korea’s spy agency said on Friday that North Korea had begun moving soldiers to Russia in October, in what it called a grave threat.',
      'The agency said the soldiers were being trained at bases in Russia’s far east before being sent to the front.',
    ],
  },
  {
    slug: 'headline-and-text',
    title: 'Kyiv: 11,000 North Korean troops in Kursk',
    paragraphs: [
      'KYIV — Ukraine’s military intelligence said on Wednesday that about 11,000 North Korean troops were now in Russia’s Kursk region.',
      'It said the soldiers had been integrated into Russian marine and airborne units.',
    ],
  },
];

const figures = (list: Pick<ExtractedClaim, 'measure' | 'low' | 'high'>[]) => list.map((c) => `${c.measure} ${c.low}-${c.high}`).sort();

describe('one reading of an article', () => {
  it('reads the headline as the first line of the text, the same whether the text repeats it or not', () => {
    const [page] = PAGES;
    const body = page.paragraphs.join('\n\n');
    const apart = extractClaims(body, watch, { title: page.title, published: '2024-11-01' }).claims;
    const inText = extractClaims(`${page.title}\n\n${body}`, watch, { title: page.title, published: '2024-11-01' }).claims;
    expect(figures(apart)).toEqual(['troops 12000-12000']);
    expect(figures(inText)).toEqual(figures(apart));
    expect(apart[0].evidence.sentence).toBe(page.title);
    // The stored text does not hold the headline: its claim points nowhere in it.
    expect([apart[0].evidence.start, apart[0].evidence.end]).toEqual([0, 0]);
    // A headline's attribution ("Seoul says") is its source.
    expect(apart[0].source.join(' ')).toMatch(/Seoul/);
  });

  it('counts a figure in the headline and the text once, with the text\'s sentence', () => {
    const page = PAGES[1];
    const body = page.paragraphs.join('\n\n');
    const out = extractClaims(body, watch, { title: page.title, published: '2024-11-01' }).claims;
    expect(figures(out)).toEqual(['troops 11000-11000']);
    expect(out[0].evidence.sentence).toContain('about 11,000');
    // Offsets still point into the text as given, not into text with the headline put before it.
    expect(body.slice(out[0].evidence.start, out[0].evidence.end)).toBe(out[0].evidence.sentence);
  });

  it('does not take a different first line for the headline', () => {
    const text = 'SEOUL — North Korea has sent about 3,000 more soldiers to Russia, the Joint Chiefs of Staff said.\nAbout 3,000 more North Korean soldiers arrived this year, officials said.';
    // Two sentences of the text each stating it: neither is a headline, both are the text's.
    expect(figures(extractClaims(text, watch, { title: 'North Korea sends more troops', published: '2025-03-01' }).claims)).toEqual(['troops 3000-3000', 'troops 3000-3000']);
  });
});

describe('the service and `claimwatch extract` read a page alike', () => {
  let site: Site;
  let p: TestPipeline;
  const dir = mkdtempSync(join(tmpdir(), 'cw-reading-'));

  beforeAll(async () => {
    site = await startSite();
    p = await testPipeline('postgres');
    p.start();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('finds the headline\'s figures in the pipeline, as extract does', async () => {
    for (const page of PAGES) {
      site.page(`/world/${page.slug}`, articlePage({ title: page.title, paragraphs: page.paragraphs, site: 'World Desk', published: '2024-11-01T09:00:00Z' }));
    }
    site.page('/feed.xml', rss('World Desk', site.url, PAGES.map((page) => ({ title: page.title, url: `${site.url}/world/${page.slug}`, published: new Date('2024-11-01T09:00:00Z') }))), 'application/rss+xml');
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await p.drain();

    class Capture extends Writable {
      text = '';
      override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
        this.text += chunk.toString();
        done();
      }
    }
    for (const page of PAGES) {
      const [row] = await p.ctx.db.select().from(articles).where(eq(articles.url, `${site.url}/world/${page.slug}`));
      expect(row?.status).toBe('new');
      // The stored text leaves the headline out (it repeated it as its first paragraph)...
      expect(row.text!.startsWith(page.title)).toBe(false);
      const stored = await p.ctx.db.select().from(claims).where(eq(claims.articleId, row.id));
      // ...and its figures are read all the same, once.
      expect(figures(stored)).toEqual(page.slug === 'headline-only' ? ['troops 12000-12000'] : ['troops 11000-11000']);

      const file = join(dir, `${page.slug}.html`);
      writeFileSync(file, articlePage({ title: page.title, paragraphs: page.paragraphs, site: 'World Desk' }));
      const out = new Capture();
      expect(await runExtract([file], { json: true }, out, { err: new Capture() })).toBe(0);
      const [result] = JSON.parse(out.text) as { claims: ExtractedClaim[] }[];
      expect(result.claims.map((c) => [c.measure, c.low, c.high, c.evidence.sentence])).toEqual(stored.map((c) => [c.measure, c.low, c.high, c.evidenceSentence]));
    }
  });
});
