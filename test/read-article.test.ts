// fetched page → stored article, on a real store: pages that name the same
// canonical URL, one after the other and at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { createArticleReader, packHtml, type ArticleReader } from '../src/article/index.js';
import type { Context } from '../src/context.js';
import { readArticle } from '../src/jobs/read-article.js';
import { silentLogger } from '../src/log.js';
import type { ProcessJob } from '../src/queues.js';
import { articles } from '../src/store/schema.js';
import { WRITTEN } from './helpers/corpus.js';
import { articlePage } from './helpers/site.js';
import { freshStore, STORE_KINDS, type TestStore } from './helpers/store.js';

// Each story its own text, so that only the canonical URL ties its pages together.
const page = (url: string, canonical: string, story: number): ProcessJob => ({
  url, fetchedUrl: url, contentHash: 'x', fetchedAt: new Date().toISOString(),
  html: packHtml(Buffer.from(articlePage({ title: WRITTEN[story].title, paragraphs: WRITTEN[story].paragraphs, canonical }))),
});

/** A reader whose pages come out together, n at a time: each then finds the canonical URL free. */
function together(reader: ArticleReader, n: number): ArticleReader {
  let waiting: (() => void)[] = [];
  return {
    close: () => reader.close(),
    async read(html, url) {
      const article = await reader.read(html, url);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === n) { for (const w of waiting) w(); waiting = []; }
      });
      return article;
    },
  };
}

describe.each(STORE_KINDS)('pages naming one canonical URL (%s store)', (kind) => {
  let t: TestStore;
  let ctx: Context;
  let reader: ArticleReader;

  beforeAll(async () => {
    t = await freshStore(kind);
    ctx = { config: t.config, store: t.store, db: t.store.db, log: silentLogger, queues: undefined as never };
    reader = createArticleReader(t.config.article, { threads: 2 });
  });
  afterAll(async () => {
    await reader.close();
    await t.cleanup();
  });

  const rows = () => ctx.db.select({ url: articles.url, fetchedUrl: articles.fetchedUrl, status: articles.status, duplicateOf: articles.duplicateOf })
    .from(articles).orderBy(asc(articles.id));

  it('read one after the other: the first is stored under the canonical URL, the second as its copy under its own', async () => {
    const canonical = 'https://paper.example/story-1';
    const first = await readArticle(ctx, reader, page('https://mirror-a.example/1', canonical, 0));
    const second = await readArticle(ctx, reader, page('https://mirror-b.example/1', canonical, 0));
    expect(first).toMatchObject({ status: 'new', existed: false });
    expect(second).toMatchObject({ status: 'duplicate', duplicateOf: first.articleId, existed: false });
    const stored = (await rows()).filter((r) => r.url === canonical || r.fetchedUrl?.endsWith('/1') || r.url.endsWith('/1'));
    expect(stored).toEqual([
      { url: canonical, fetchedUrl: 'https://mirror-a.example/1', status: 'new', duplicateOf: null },
      { url: 'https://mirror-b.example/1', fetchedUrl: null, status: 'duplicate', duplicateOf: first.articleId },
    ]);
  });

  it('read at the same moment: both are stored, one under the canonical URL and the other as its copy', async () => {
    const canonical = 'https://paper.example/story-2';
    const atOnce = together(reader, 3);
    const results = await Promise.all(['https://mirror-a.example/2', 'https://mirror-b.example/2', 'https://mirror-c.example/2']
      .map((url) => readArticle(ctx, atOnce, page(url, canonical, 1))));
    expect(results.every((r) => r.status !== 'unreadable' && !r.existed)).toBe(true);
    const stored = (await rows()).filter((r) => r.url === canonical || r.url.endsWith('/2'));
    expect(stored).toHaveLength(3);
    const original = stored.find((r) => r.url === canonical)!;
    expect(original.status).toBe('new');
    // Every mirror is stored once: one as the article under the canonical URL, the others under their own.
    expect(stored.map((r) => r.fetchedUrl ?? r.url).sort()).toEqual(['https://mirror-a.example/2', 'https://mirror-b.example/2', 'https://mirror-c.example/2']);
    for (const copy of stored.filter((r) => r !== original)) expect(copy.status).toBe('duplicate');
  });

  it('the same page read again (a job retried after its worker stopped) is not stored twice', async () => {
    const canonical = 'https://paper.example/story-3';
    const first = await readArticle(ctx, reader, page('https://mirror-a.example/3', canonical, 2));
    const again = await readArticle(ctx, reader, page('https://mirror-a.example/3', canonical, 2));
    expect(again.articleId).toBe(first.articleId);
    expect(again.status !== 'unreadable' && again.existed).toBe(true);
    expect((await rows()).filter((r) => r.url.endsWith('/3') || r.url.endsWith('story-3'))).toHaveLength(1);
  });
});
