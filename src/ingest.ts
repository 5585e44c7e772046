// `claimwatch ingest`: the given pages through the whole pipeline now, in
// this process, by the same steps the workers run: fetch → read → duplicate
// check → claims → consensus → alerts (deliveries go to the deliver queue).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { packHtml, textHash } from './article/index.js';
import type { Context } from './context.js';
import { storeArticle } from './duplicates/index.js';
import { normalizeUrl } from './feed/url.js';
import { analyzeArticle } from './jobs/analyze-article.js';
import { fetchPage } from './jobs/fetch-page.js';
import { readArticle, type ReadResult } from './jobs/read-article.js';
import type { ProcessJob } from './queues.js';
import { alerts as alertsTable, articles, claims as claimsTable } from './store/schema.js';
import type { Tools } from './tools.js';

export interface IngestClaim {
  measure: string; low: number; high: number; unit: string; per: string | null;
  qualifier: string; status: string; scope: string; source: string[]; evidence: string;
}
export interface IngestAlert { id: number; event: string; measure: string; ratio: number; explanation: string }
export interface IngestResult {
  url: string;
  status: 'new' | 'duplicate' | 'failed';
  articleId: number | null;
  duplicateOf: number | null;
  claims: IngestClaim[];
  alerts: IngestAlert[];
  error: string | null;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A local file as the page the pipeline reads: HTML through Readability, plain text as it is. */
function pageFromFile(path: string): { page: ProcessJob; text: string; plain: boolean } {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`no such file: ${path}`);
  const bytes = readFileSync(full);
  const text = bytes.toString('utf8');
  const url = pathToFileURL(full).toString();
  const plain = ['.txt', '.text', '.md'].includes(extname(full).toLowerCase()) || !/<html|<body|<p[\s>]/i.test(text);
  return {
    plain,
    text,
    page: {
      url, fetchedUrl: url, html: packHtml(bytes), contentHash: createHash('sha256').update(bytes).digest('hex'),
      fetchedAt: new Date().toISOString(),
    },
  };
}

async function storePlainText(ctx: Context, page: ProcessJob, body: string): Promise<ReadResult> {
  const text = body.replace(/\r\n/g, '\n').trim();
  const title = text.split('\n', 1)[0].slice(0, 300) || null;
  return storeArticle(ctx.db, {
    url: page.url, status: 'new', title, outlet: 'local file', text, textHash: textHash(text),
    contentHash: page.contentHash, extractor: 'text', tagging: 'pending',
  }, ctx.config.duplicates);
}

async function describe(ctx: Context, url: string, read: ReadResult, alerts: { id: number; event: string }[]): Promise<IngestResult> {
  if (read.status === 'unreadable') {
    return { url, status: 'failed', articleId: read.articleId, duplicateOf: null, claims: [], alerts: [], error: `not a readable article: ${read.error}` };
  }
  // The same URL again is the plainest copy of all.
  const duplicateOf = read.status === 'duplicate' ? read.duplicateOf : read.existed ? read.articleId : null;
  const rows = read.status === 'new' && !read.existed
    ? await ctx.db.select().from(claimsTable).where(eq(claimsTable.articleId, read.articleId))
    : [];
  const alertRows = await Promise.all(alerts.map(async (a) => {
    const [row] = await ctx.db.select().from(alertsTable).where(eq(alertsTable.id, a.id));
    return { id: a.id, event: a.event, measure: row.measure, ratio: row.ratio, explanation: row.explanation };
  }));
  return {
    url,
    status: duplicateOf !== null ? 'duplicate' : 'new',
    articleId: read.articleId,
    duplicateOf,
    claims: rows.map((c) => ({
      measure: c.measure, low: c.low, high: c.high, unit: c.unit, per: c.per, qualifier: c.qualifier,
      status: c.status, scope: c.scope, source: c.source, evidence: c.evidenceSentence,
    })),
    alerts: alertRows,
    error: null,
  };
}

export async function ingestOne(ctx: Context, tools: Tools, input: string): Promise<IngestResult> {
  let url = input;
  try {
    let read: ReadResult;
    if (isUrl(input)) {
      url = normalizeUrl(input);
      const fetched = await fetchPage(ctx, tools.fetcher, { url });
      if (fetched.status === 'stored') {
        const [row] = await ctx.db.select().from(articles).where(eq(articles.id, fetched.articleId));
        return {
          url, status: 'duplicate', articleId: row.id, duplicateOf: row.duplicateOf ?? row.id,
          claims: [], alerts: [], error: null,
        };
      }
      read = await readArticle(ctx, tools.reader, fetched.page);
    } else {
      const { page, text, plain } = pageFromFile(input);
      url = page.url;
      read = plain ? await storePlainText(ctx, page, text) : await readArticle(ctx, tools.reader, page);
    }
    const fresh = read.status === 'new' && !read.existed;
    const analysed = fresh ? await analyzeArticle(ctx, tools.watches, read.articleId) : null;
    return await describe(ctx, url, read, analysed?.alerts ?? []);
  } catch (err) {
    return { url, status: 'failed', articleId: null, duplicateOf: null, claims: [], alerts: [], error: (err as Error).message };
  }
}

/** One line a person reads for one result. */
export function formatResult(r: IngestResult): string {
  if (r.status === 'failed') return `failed     ${r.url}: ${r.error}`;
  if (r.status === 'duplicate') return `duplicate  ${r.url} → article ${r.duplicateOf}`;
  const alerts = r.alerts.length ? `, ${r.alerts.length} alert${r.alerts.length > 1 ? 's' : ''}` : '';
  return `new        ${r.url} → article ${r.articleId}, ${r.claims.length} claim${r.claims.length === 1 ? '' : 's'}${alerts}`;
}
