// `claimwatch ingest`: the given pages through the whole pipeline now, in
// this process, by the pipeline's own stages (src/jobs/stages.ts) run one
// after another: fetch → read → duplicate check → claims → consensus →
// alerts (deliveries go to the deliver queue).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { packHtml } from './article/index.js';
import type { Context } from './context.js';
import { normalizeUrl } from './feed/url.js';
import type { AnalyzeResult } from './jobs/analyze-article.js';
import { cleanError, storableBytes } from './jobs/errors.js';
import type { ReadResult } from './jobs/read-article.js';
import { fetchHandOn, runThrough, type FetchStepResult, type HandOn } from './jobs/stages.js';
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

/** The bytes look like a binary file: a NUL in the first 8,000 bytes, as git and diff decide, or not UTF-8. */
function isBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return true;
  try {
    // A multi-byte character cut at the end of the head is not a reason.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return false;
  } catch {
    return true;
  }
}

/** A local file as the page the pipeline reads: HTML through Readability, plain text as it is. */
function pageFromFile(path: string): ProcessJob {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`no such file: ${path}`);
  const bytes = readFileSync(full);
  if (isBinary(bytes)) throw new Error(`${path} is a binary file, not a page or a text: nothing stored`);
  const text = bytes.toString('utf8');
  const url = pathToFileURL(full).toString();
  const plain = ['.txt', '.text', '.md'].includes(extname(full).toLowerCase()) || !/<html|<body|<p[\s>]/i.test(text);
  return {
    url, fetchedUrl: url, html: packHtml(storableBytes(bytes)), contentHash: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: new Date().toISOString(),
    ...(plain ? { plainText: text } : {}),
  };
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
    let first: HandOn;
    if (isUrl(input)) {
      url = normalizeUrl(input);
      first = fetchHandOn({ url });
    } else {
      const page = pageFromFile(input);
      url = page.url;
      first = { queue: 'process', data: page, opts: { jobId: url } };
    }
    let fetched: FetchStepResult | null = null;
    let read: ReadResult | null = null;
    let analysed: AnalyzeResult | null = null;
    await runThrough(ctx, tools, first, (s) => {
      if (s.queue === 'fetch') fetched = s.result;
      else if (s.queue === 'process') read = s.result;
      else if (s.queue === 'analyze') analysed = s.result;
    });
    const stored = fetched as FetchStepResult | null;
    if (stored?.status === 'already stored') {
      const [row] = await ctx.db.select().from(articles).where(eq(articles.id, stored.articleId));
      return { url, status: 'duplicate', articleId: row.id, duplicateOf: row.duplicateOf ?? row.id, claims: [], alerts: [], error: null };
    }
    if (!read) throw new Error('the page was not read');
    return await describe(ctx, url, read, (analysed as AnalyzeResult | null)?.alerts ?? []);
  } catch (err) {
    return { url, status: 'failed', articleId: null, duplicateOf: null, claims: [], alerts: [], error: cleanError(err).message };
  }
}

/** One line a person reads for one result. */
export function formatResult(r: IngestResult): string {
  if (r.status === 'failed') return `failed     ${r.url}: ${r.error}`;
  if (r.status === 'duplicate') return `duplicate  ${r.url} → article ${r.duplicateOf}`;
  const alerts = r.alerts.length ? `, ${r.alerts.length} alert${r.alerts.length > 1 ? 's' : ''}` : '';
  return `new        ${r.url} → article ${r.articleId}, ${r.claims.length} claim${r.claims.length === 1 ? '' : 's'}${alerts}`;
}
