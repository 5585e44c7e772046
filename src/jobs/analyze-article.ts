// article → claims → consensus → alerts → deliveries. The claims are tagged
// and stored in one transaction that also marks the article tagged, so a job
// run again after a crash tags nothing twice.
import { and, eq } from 'drizzle-orm';
import type { Context } from '../context.js';
import { extractClaims, type Watch } from '../claims/index.js';
import { analyzeClaims } from '../alerts/index.js';
import { resolveSettings } from '../consensus/settings.js';
import { enqueueEvent } from '../delivery/index.js';
import { metrics } from '../metrics.js';
import { articles, claims } from '../store/schema.js';

export interface AnalyzeResult {
  articleId: number;
  lang: string | null;
  tagged: boolean;
  claims: number;
  alerts: { id: number; event: 'alert.created' | 'alert.corroborated' }[];
}

export async function analyzeArticle(ctx: Context, watches: Watch[], articleId: number): Promise<AnalyzeResult> {
  const result: AnalyzeResult = { articleId, lang: null, tagged: false, claims: 0, alerts: [] };
  const work = await ctx.db.transaction(async (tx) => {
    const [article] = await tx.select().from(articles)
      .where(and(eq(articles.id, articleId), eq(articles.status, 'new'), eq(articles.tagging, 'pending')))
      .for('update');
    if (!article || !article.text) return null;
    const perWatch: { watch: Watch; claimIds: number[] }[] = [];
    let tagged = false;
    for (const watch of watches) {
      const out = extractClaims(article.text, watch, { title: article.title, lang: article.lang, published: article.publishedAt ?? article.fetchedAt });
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
      for (const r of rows) metrics.claims.inc({ measure: r.measure });
      result.claims += rows.length;
      perWatch.push({ watch, claimIds: rows.map((r) => r.id) });
    }
    result.tagged = tagged;
    await tx.update(articles).set({ tagging: tagged ? 'tagged' : 'not_tagged', lang: article.lang ?? result.lang })
      .where(eq(articles.id, articleId));
    return perWatch;
  });
  if (!work) return result;
  for (const { watch, claimIds } of work) {
    if (claimIds.length === 0) continue;
    const out = await analyzeClaims(ctx.db, {
      watch: watch.id, articleId, claimIds,
      settingsFor: (measure) => resolveSettings(watch.consensus, watch.measures[measure]?.consensus),
    }, ctx.log);
    for (const alert of out.alerts) {
      metrics.alerts.inc({ event: alert.event });
      await enqueueEvent(ctx.db, ctx.queues.deliver, { type: alert.event, alertId: alert.id }, ctx.config);
    }
    result.alerts.push(...out.alerts);
  }
  ctx.log.info({ articleId, lang: result.lang, tagged: result.tagged, claims: result.claims, alerts: result.alerts.length }, 'article analysed');
  return result;
}
