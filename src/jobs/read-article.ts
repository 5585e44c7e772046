// fetched page → article → duplicate check → stored. Readability reads the
// page; the duplicate check and the insert happen together (storeArticle), so
// two workers reading two copies of one story at once still keep one original.
import { and, eq } from 'drizzle-orm';
import type { Context } from '../context.js';
import { notAnHtmlPage, plainTextTitle, textHash, UnreadableError, type Article, type ArticleReader } from '../article/index.js';
import { lookUp, readFrom, storeArticle, type StoreResult } from '../duplicates/index.js';
import { normalizeUrl } from '../feed/url.js';
import { metrics } from '../metrics.js';
import type { ProcessJob } from '../queues.js';
import { articles } from '../store/schema.js';
import { storable } from './errors.js';
import { settleItems } from './items.js';

export type ReadResult = StoreResult | { status: 'unreadable'; articleId: number; error: string; existed: boolean };

function host(url: string): string | null {
  try { return new URL(url).host; } catch { return null; }
}

export async function readArticle(ctx: Context, reader: ArticleReader, page: ProcessJob): Promise<ReadResult> {
  const result = await readAndStore(ctx, reader, page);
  // The page's outcome is stored: its feed items are settled.
  await settleItems(ctx.db, page);
  return result;
}

/** What the store can hold of a read article: no NUL anywhere, and the text's hash of the text kept. */
function cleaned(article: Article): Article {
  const text = storable(article.text);
  return {
    ...article,
    title: storable(article.title), byline: storable(article.byline), siteName: storable(article.siteName),
    text, textHash: text === article.text ? article.textHash : textHash(text),
  };
}

async function readAndStore(ctx: Context, reader: ArticleReader, page: ProcessJob): Promise<ReadResult> {
  const notHtml = notAnHtmlPage(page.contentType);
  if (notHtml) return recordUnreadable(ctx, page, notHtml, 'not html');
  let article;
  try {
    article = cleaned(await reader.read(page.html, page.fetchedUrl));
  } catch (err) {
    if (!(err instanceof UnreadableError)) throw err;
    return recordUnreadable(ctx, page, err.message, err.reason);
  }
  // A page's own canonical URL names it; but when that URL is already stored
  // and this page came from elsewhere, it is a copy and keeps its own address.
  let canonical: string | null = null;
  try {
    if (article.canonicalUrl) canonical = normalizeUrl(article.canonicalUrl, page.fetchedUrl);
  } catch { /* a malformed canonical link: keep the URL we fetched */ }
  const known = await lookUp(ctx.db, canonical ? [page.url, canonical] : [page.url], article.textHash);
  // (Unless this very page is what is stored there, by an earlier attempt that did not finish its job.)
  const atCanonical = canonical ? known.urls.get(canonical) : undefined;
  const url = canonical && (canonical === page.url || !atCanonical || atCanonical.readFrom === page.fetchedUrl) ? canonical : page.url;
  // A failed earlier attempt at this URL made a placeholder row: the article replaces it.
  if (known.urls.get(url)?.status === 'failed') {
    await ctx.db.delete(articles).where(and(eq(articles.url, url), eq(articles.status, 'failed')));
  }
  const published = page.publishedAt ? new Date(page.publishedAt) : article.publishedAt;
  const fields = {
    feedId: page.feedId ?? null,
    feedItemId: page.feedItemId ?? null,
    status: 'new',
    title: article.title ?? storable(page.title ?? null),
    byline: article.byline,
    siteName: article.siteName,
    outlet: host(page.fetchedUrl),
    lang: article.lang,
    publishedAt: published,
    fetchedAt: new Date(page.fetchedAt),
    text: article.text,
    textHash: article.textHash,
    contentHash: page.contentHash,
    extractor: article.dom,
    tagging: 'pending',
  } as const;
  const row = (at: string) => ({ ...fields, url: at, fetchedUrl: page.fetchedUrl !== at ? page.fetchedUrl : null });
  let result = await storeArticle(ctx.db, row(url), ctx.config.duplicates, known);
  if (result.existed && url !== page.url && !(await storedFrom(ctx, result.articleId, page.fetchedUrl))) {
    // Another page naming the same canonical URL was stored under it meanwhile:
    // this one is its copy, under its own address, as it would have been a moment later.
    result = await storeArticle(ctx.db, row(page.url), ctx.config.duplicates);
  }
  if (!result.existed) metrics.articles.inc({ status: result.status });
  ctx.log.info({ articleId: result.articleId, url, status: result.status, duplicateOf: result.duplicateOf }, 'article stored');
  return result;
}

/** Whether the stored article was read from this address (an earlier attempt at this very page). */
async function storedFrom(ctx: Context, articleId: number, fetchedUrl: string): Promise<boolean> {
  const [row] = await ctx.db.select({ url: articles.url, fetchedUrl: articles.fetchedUrl }).from(articles).where(eq(articles.id, articleId));
  return !!row && readFrom(row) === fetchedUrl;
}

async function recordUnreadable(ctx: Context, page: ProcessJob, message: string, reason: string): Promise<ReadResult> {
  const error = storable(message);
  const rows = await ctx.db.insert(articles).values({
    url: page.url, fetchedUrl: page.fetchedUrl !== page.url ? page.fetchedUrl : null,
    feedId: page.feedId ?? null, feedItemId: page.feedItemId ?? null,
    status: 'unreadable', error, errorCode: reason, title: storable(page.title ?? null), outlet: host(page.fetchedUrl),
    contentHash: page.contentHash, tagging: 'skipped',
  }).onConflictDoNothing().returning({ id: articles.id });
  const existed = rows.length === 0;
  const id = existed
    ? (await ctx.db.select({ id: articles.id }).from(articles).where(eq(articles.url, page.url)))[0].id
    : rows[0].id;
  if (!existed) metrics.articles.inc({ status: 'unreadable' });
  ctx.log.warn({ articleId: id, url: page.url }, `page is not a readable article: ${error}`);
  return { status: 'unreadable', articleId: id, error, existed };
}

/** A plain-text page (a local .txt given to `ingest`) stored as it is, without Readability. */
export async function storePlainText(ctx: Context, page: ProcessJob, body: string): Promise<ReadResult> {
  const text = storable(body.replace(/\r\n/g, '\n').trim());
  const title = plainTextTitle(text);
  const result = await storeArticle(ctx.db, {
    url: page.url, status: 'new', title, outlet: 'local file', text, textHash: textHash(text),
    contentHash: page.contentHash, extractor: 'text', tagging: 'pending',
  }, ctx.config.duplicates);
  if (!result.existed) metrics.articles.inc({ status: result.status });
  return result;
}
