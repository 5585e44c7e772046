// Feeds and pages on separate lanes: a site whose pages hang still has its feed
// polled at once, and a page that never answers gives its host's slot back at
// the fetch timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { makeConfig } from '../src/config.js';
import { createFetcher, FetchError, type Fetcher } from '../src/fetcher/index.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';

describe('a site whose pages hang', () => {
  let site: Site;
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    site = await startSite();
    for (const path of ['/hang/1', '/hang/2', '/hang/3']) site.route(path, (_req, res) => { hanging.push(res); });
    site.page('/feed.xml', rss('Site', site.url, [{ title: 'one', url: `${site.url}/news/1` }]), 'application/rss+xml');
    site.page('/news/1', articlePage({ title: 'One', paragraphs: ['A paragraph of the story.'] }));
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await site?.close();
  });

  const fetcherWith = (timeoutMs: number): Fetcher => createFetcher(makeConfig({
    fetch: { allowPrivate: ['127.0.0.1'], perHostConcurrency: 2, timeoutMs, respectRobots: false },
  }).fetch);

  it('has its feed polled while both of the host\'s page slots are held', async () => {
    const fetcher = fetcherWith(60_000);
    try {
      let pagesSettled = false;
      const pages = Promise.allSettled([
        fetcher.fetch(`${site.url}/hang/1`, { kind: 'page' }),
        fetcher.fetch(`${site.url}/hang/2`, { kind: 'page' }),
      ]).finally(() => { pagesSettled = true; });
      while (site.hits('/hang/1') + site.hits('/hang/2') + hanging.length < 2) await new Promise((r) => setTimeout(r, 20));
      const feed = await fetcher.fetch(`${site.url}/feed.xml`, { kind: 'feed' });
      expect(feed.status).toBe(200);
      expect(feed.body).toContain('<rss');
      expect(pagesSettled).toBe(false);
      for (const res of hanging.splice(0)) res.destroy();
      await pages;
    } finally {
      await fetcher.close();
    }
  });

  it('gives a hanging page\'s slot back at the timeout: the next page of the host is fetched', async () => {
    const fetcher = fetcherWith(1500);
    try {
      const stuck = [fetcher.fetch(`${site.url}/hang/1`, { kind: 'page' }), fetcher.fetch(`${site.url}/hang/2`, { kind: 'page' })];
      for (const s of stuck) {
        const err = await s.then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(FetchError);
        expect((err as FetchError).code).toBe('timeout');
      }
      const again = await fetcher.fetch(`${site.url}/news/1`, { kind: 'page' });
      expect(again.status).toBe(200);
    } finally {
      for (const res of hanging.splice(0)) res.destroy();
      await fetcher.close();
    }
  });
});
