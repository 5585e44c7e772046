// article → claims → consensus → alerts → delivery rows, as one unit of work:
// one transaction tags the claims, moves the consensus, records the alerts and
// their deliveries, and marks the article tagged. A worker killed anywhere in
// it leaves the article pending, and the retry (or the sweeper) does it all
// again; once it commits, only the deliver jobs are left to queue, and a
// delivery row still pending without its job is what the sweeper queues.
import { and, eq, inArray } from 'drizzle-orm';
import type { Context } from '../context.js';
import { extractClaims, type Watch } from '../claims/index.js';
import { analyzeClaims } from '../alerts/index.js';
import { resolveSettings } from '../consensus/settings.js';
import { enqueueEvent } from '../delivery/index.js';
import { metrics } from '../metrics.js';
import { articles, claims, deliveries } from '../store/schema.js';
import { Turns } from '../store/turns.js';
import { crashPoint } from './failpoint.js';

export interface AnalyzeResult {
  articleId: number;
  lang: string | null;
  tagged: boolean;
  claims: number;
  alerts: { id: number; event: 'alert.created' | 'alert.corroborated' }[];
  /** Delivery rows made for the alerts, to be queued now that they are committed. */
  deliveries: { id: number; eventId: string }[];
}

// Analyses of one measure take turns in this process before they take a
// connection: a measure's lock held long (a slow analysis, a reviewer, another
// process) then keeps one connection waiting per measure, not one per job.
const measureTurns = new Turns();

type Extracted = { watch: Watch; out: ReturnType<typeof extractClaims> }[];
type ArticleText = Pick<typeof articles.$inferSelect, 'text' | 'title' | 'lang' | 'publishedAt' | 'fetchedAt'>;

function extractAll(article: ArticleText, watches: Watch[]): Extracted {
  if (!article.text) return [];
  const text = article.text;
  return watches.map((watch) => ({
    watch,
    out: extractClaims(text, watch, { title: article.title, lang: article.lang, published: article.publishedAt ?? article.fetchedAt }),
  }));
}

const pending = (articleId: number) => and(eq(articles.id, articleId), eq(articles.status, 'new'), eq(articles.tagging, 'pending'));

export async function analyzeArticle(ctx: Context, watches: Watch[], articleId: number): Promise<AnalyzeResult> {
  const result: AnalyzeResult = { articleId, lang: null, tagged: false, claims: 0, alerts: [], deliveries: [] };
  const measures: string[] = [];
  // The claims are read before any connection is held for long: they say which measures' turns to wait for.
  const [peek] = await ctx.db.select({ text: articles.text, title: articles.title, lang: articles.lang, publishedAt: articles.publishedAt, fetchedAt: articles.fetchedAt })
    .from(articles).where(pending(articleId));
  if (!peek) return result;
  const early = extractAll(peek, watches);
  const keys = early.flatMap(({ watch, out }) => (out.tagged ? out.claims.map((c) => JSON.stringify([watch.id, c.measure])) : []));
  const done = await measureTurns.with(keys, () => ctx.db.transaction(async (tx) => {
    const [article] = await tx.select().from(articles).where(pending(articleId)).for('update');
    if (!article) return false;
    if (!article.text) {
      await tx.update(articles).set({ tagging: 'not_tagged' }).where(eq(articles.id, articleId));
      return true;
    }
    const perWatch: { watch: Watch; claimIds: number[] }[] = [];
    let tagged = false;
    // The text does not change once stored; were it to, the claims are read again from what is stored now.
    const extracted = article.text === peek.text ? early : extractAll(article, watches);
    for (const { watch, out } of extracted) {
      result.lang = out.lang;
      if (!out.tagged) continue;
      tagged = true;
      const reportedAt = article.publishedAt ?? article.fetchedAt;
      const rows = out.claims.length === 0 ? [] : await tx.insert(claims).values(out.claims.map((c) => ({
        articleId, watch: watch.id, measure: c.measure, low: c.low, high: c.high, unit: c.unit, per: c.per,
        qualifier: c.qualifier, status: c.status, scope: c.scope, source: c.source, sourceKey: c.sourceKey,
        location: c.location, asOf: c.asOf, evidenceSentence: c.evidence.sentence, evidenceStart: c.evidence.start,
        evidenceEnd: c.evidence.end, confidence: c.confidence, flags: c.flags, reportedAt,
      }))).returning({ id: claims.id, measure: claims.measure });
      measures.push(...rows.map((r) => r.measure));
      result.claims += rows.length;
      perWatch.push({ watch, claimIds: rows.map((r) => r.id) });
    }
    crashPoint(ctx.config, 'claims_stored');
    const deliveryIds: number[] = [];
    for (const { watch, claimIds } of perWatch) {
      if (claimIds.length === 0) continue;
      const out = await analyzeClaims(tx, {
        watch: watch.id, articleId, claimIds,
        settingsFor: (measure) => resolveSettings(watch.consensus, watch.measures[measure]?.consensus),
        freshnessDays: ctx.config.alerts.freshnessDays,
      }, ctx.log);
      for (const alert of out.alerts) {
        deliveryIds.push(...await enqueueEvent(tx, null, { type: alert.event, alertId: alert.id }, ctx.config));
      }
      result.alerts.push(...out.alerts);
    }
    if (deliveryIds.length) {
      result.deliveries = await tx.select({ id: deliveries.id, eventId: deliveries.eventId }).from(deliveries)
        .where(and(inArray(deliveries.id, deliveryIds), eq(deliveries.status, 'pending')));
    }
    result.tagged = tagged;
    await tx.update(articles).set({ tagging: tagged ? 'tagged' : 'not_tagged', lang: article.lang ?? result.lang })
      .where(eq(articles.id, articleId));
    return true;
  }));
  if (!done) return result;
  for (const measure of measures) metrics.claims.inc({ measure });
  for (const alert of result.alerts) metrics.alerts.inc({ event: alert.event });
  if (result.alerts.length) crashPoint(ctx.config, 'alert_stored');
  ctx.log.info({ articleId, lang: result.lang, tagged: result.tagged, claims: result.claims, alerts: result.alerts.length }, 'article analysed');
  return result;
}
