// item → fetched page. The page is read once: a URL already stored is not
// fetched again, and its job id (from the URL) keeps it from being queued twice.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { packHtml } from '../article/index.js';
import type { Context } from '../context.js';
import { FetchError, utf8Bytes, type Fetcher } from '../fetcher/index.js';
import { metrics } from '../metrics.js';
import type { FetchJob, ProcessJob } from '../queues.js';
import { articles } from '../store/schema.js';
import { errorCodeOf, storable, storableBytes } from './errors.js';
import { settleItems } from './items.js';

export type FetchPageResult =
  | { status: 'stored'; articleId: number }
  | { status: 'fetched'; page: ProcessJob };

export async function fetchPage(ctx: Context, fetcher: Fetcher, item: FetchJob): Promise<FetchPageResult> {
  // A page stored meanwhile is caught when it is stored again (the URL is unique), at the cost of one fetch.
  if (!item.checked) {
    const [stored] = await ctx.db.select({ id: articles.id, status: articles.status }).from(articles).where(eq(articles.url, item.url));
    if (stored && stored.status !== 'failed') {
      await settleItems(ctx.db, item);
      return { status: 'stored', articleId: stored.id };
    }
  }
  const res = await fetcher.fetch(item.url, { kind: 'page' });
  return {
    status: 'fetched',
    page: {
      ...item,
      fetchedUrl: res.url,
      // The page goes on as bytes, never decoded here: the reader thread makes
      // it text. NUL bytes go: no parser keeps them and the store cannot hold them.
      html: packHtml(storableBytes(utf8Bytes(res.raw, res.charset ?? 'utf-8'))),
      contentType: res.contentType ?? undefined,
      contentHash: createHash('sha256').update(res.raw).digest('hex'),
      fetchedAt: new Date().toISOString(),
    },
  };
}

/** A page that could not be fetched (or stored) is recorded on its own row, where the dashboard shows it. */
export async function recordFailedPage(ctx: Context, item: FetchJob, err: unknown): Promise<void> {
  const outlet = (() => { try { return new URL(item.url).host; } catch { return null; } })();
  const error = storable(err instanceof Error ? err.message : String(err));
  const errorCode = errorCodeOf(err);
  await ctx.db.insert(articles).values({
    url: item.url, feedId: item.feedId ?? null, feedItemId: item.feedItemId ?? null, status: 'failed', error, errorCode,
    title: storable(item.title ?? null), outlet, tagging: 'skipped',
  }).onConflictDoUpdate({ target: articles.url, set: { error, errorCode }, setWhere: eq(articles.status, 'failed') });
  await settleItems(ctx.db, item);
  metrics.articles.inc({ status: 'failed' });
}

/** Counts a failed fetch; says whether it is worth another try. */
export function countFetchError(err: FetchError): void {
  metrics.fetchErrors.inc({ kind: err.kind, code: err.code });
}
