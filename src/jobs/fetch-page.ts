// item → fetched page. The page is read once: a URL already stored is not
// fetched again, and its job id (from the URL) keeps it from being queued twice.
import { createHash } from 'node:crypto';
import { UnrecoverableError, type Job } from 'bullmq';
import { eq } from 'drizzle-orm';
import { packHtml } from '../article/index.js';
import type { Context } from '../context.js';
import { FetchError, utf8Bytes, type Fetcher } from '../fetcher/index.js';
import { metrics } from '../metrics.js';
import { urlJobId, type FetchJob, type ProcessJob } from '../queues.js';
import { articles } from '../store/schema.js';

export type FetchPageResult =
  | { status: 'stored'; articleId: number }
  | { status: 'fetched'; page: ProcessJob };

export async function fetchPage(ctx: Context, fetcher: Fetcher, item: FetchJob): Promise<FetchPageResult> {
  // A page stored meanwhile is caught when it is stored again (the URL is unique), at the cost of one fetch.
  if (!item.checked) {
    const [stored] = await ctx.db.select({ id: articles.id, status: articles.status }).from(articles).where(eq(articles.url, item.url));
    if (stored && stored.status !== 'failed') return { status: 'stored', articleId: stored.id };
  }
  const res = await fetcher.fetch(item.url, { kind: 'page' });
  return {
    status: 'fetched',
    page: {
      ...item,
      fetchedUrl: res.url,
      // The page goes on as bytes, never decoded here: the reader thread makes it text.
      html: packHtml(utf8Bytes(res.raw, res.charset ?? 'utf-8')),
      contentType: res.contentType ?? undefined,
      contentHash: createHash('sha256').update(res.raw).digest('hex'),
      fetchedAt: new Date().toISOString(),
    },
  };
}

/** A page that could not be fetched is recorded on its own row, where the dashboard shows it. */
export async function recordFailedPage(ctx: Context, item: FetchJob, error: string): Promise<void> {
  const outlet = (() => { try { return new URL(item.url).host; } catch { return null; } })();
  await ctx.db.insert(articles).values({
    url: item.url, feedId: item.feedId ?? null, feedItemId: item.feedItemId ?? null, status: 'failed', error,
    title: item.title ?? null, outlet, tagging: 'skipped',
  }).onConflictDoUpdate({ target: articles.url, set: { error }, setWhere: eq(articles.status, 'failed') });
  metrics.articles.inc({ status: 'failed' });
}

export async function processFetchJob(ctx: Context, fetcher: Fetcher, job: Job<FetchJob>): Promise<{ status: string; articleId?: number }> {
  try {
    const result = await fetchPage(ctx, fetcher, job.data);
    if (result.status === 'stored') return { status: 'already stored', articleId: result.articleId };
    // A finished process job carries its page: the latest thousand stay for an
    // operator to look at, the rest go (the stored article is the lasting record,
    // and the fetch job's id, kept a week, is what stops a second fetch).
    await ctx.queues.process.add('process', result.page, { jobId: urlJobId(job.data.url), removeOnComplete: { count: 1000 } });
    return { status: 'fetched' };
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    metrics.fetchErrors.inc({ kind: err.kind, code: err.code });
    const last = err.kind === 'hard' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (last) {
      await recordFailedPage(ctx, job.data, err.message);
      // A 404 or a blocked address will not change on retry: fail now, visibly.
      if (err.kind === 'hard') throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}
