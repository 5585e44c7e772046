// Each seed article republished on a second site, with other markup and
// boilerplate, arrives through that site's feed and is marked a duplicate of
// its seed: stored as a pointer, with no claims of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedCorpus, seedUrl } from '../src/seed/index.js';
import { articles, claims } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { seedTexts } from './helpers/corpus.js';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { rss, startSite, type Site } from './helpers/site.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Another site's template: a different layout, ads, a newsletter box, related stories, a cookie banner. */
function republished(title: string, paragraphs: string[]): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — The Republic Post</title></head>
<body><div id="cookie">We use cookies. <button>Accept</button></div>
<div class="top-bar"><a href="/">The Republic Post</a> | <a href="/subscribe">Subscribe</a> | <a href="/login">Log in</a></div>
<div class="layout"><div class="col-main"><div class="story">
<h2 class="headline">${esc(title)}</h2><div class="meta">Wire staff · 4 min read</div>
${paragraphs.map((p, i) => `<div class="para"><p>${esc(p)}</p></div>${i === 1 ? '<div class="ad">Advertisement</div>' : ''}`).join('\n')}
<div class="newsletter">Get the morning briefing in your inbox. <input type="email"><button>Sign up</button></div>
</div></div><div class="col-side"><h3>Related</h3><a href="/r1">Markets close higher</a><a href="/r2">A new bridge opens</a></div></div>
<div class="footer">The Republic Post © 2025 · <a href="/terms">Terms</a></div></body></html>`;
}

describe('copies of the seed corpus arriving through a feed', () => {
  let site: Site;
  let p: TestPipeline;
  const seeds = seedTexts();

  beforeAll(async () => {
    site = await startSite();
    p = await testPipeline('embedded');
    await seedCorpus(p.ctx, p.tools.watches);
    p.start();
    const entries = [];
    for (const [prefix, text] of seeds) {
      const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
      site.page(`/wire/${prefix}`, republished(`Wire: ${lines[0].slice(0, 80)}`, lines.slice(1)));
      entries.push({ title: prefix, url: `${site.url}/wire/${prefix}` });
    }
    site.page('/feed.xml', rss('The Republic Post', site.url, entries), 'application/rss+xml');
    await addFeed(p.ctx, { url: `${site.url}/feed.xml`, intervalSeconds: 3600 });
    await p.drain();
  });

  afterAll(async () => {
    await p?.close();
    await site?.close();
  });

  it('marks each one a duplicate of its seed, with no claims of its own', async () => {
    const stored = await p.ctx.db.select().from(articles);
    for (const prefix of seeds.keys()) {
      const copy = stored.find((a) => a.url === `${site.url}/wire/${prefix}`);
      const seed = stored.find((a) => a.url.startsWith(seedUrl(prefix)));
      expect(copy, `copy of ${prefix}`).toBeDefined();
      expect(copy!.status).toBe('duplicate');
      expect(copy!.duplicateOf).toBe(seed!.id);
      expect(copy!.outlet).toBe(new URL(site.url).host);
      expect(await p.ctx.db.select().from(claims).where(eq(claims.articleId, copy!.id))).toHaveLength(0);
    }
  });
});
