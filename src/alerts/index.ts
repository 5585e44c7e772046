// claims → consensus → alert: the step the analyze job calls once an
// article's claims are stored. Per measure, each new claim is checked against
// the consensus as it stood before this article (an article cannot vouch for
// its own figure), then the consensus is recomputed with them and stored if it
// moved. Delivery is not done here: the caller hands the returned events on.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { computeConsensus, independentFigures, sourceKeyOf, type ClaimRow, type Consensus } from '../consensus/consensus.js';
import type { ConsensusSettings } from '../consensus/settings.js';
import { latestOf, sameConsensus, type Tx } from '../consensus/store.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { alerts, articles, claims, consensus, type Corroboration } from '../store/schema.js';
import { alertKey, checkDeparture, explainAlert, type Departure } from './departure.js';

export * from './departure.js';
export { latestConsensus, consensusHistory, type StoredConsensus } from '../consensus/store.js';

export type AlertEvent = 'alert.created' | 'alert.corroborated';

export interface AnalyzeInput {
  watch: string;
  articleId: number;
  /** The article's claims just stored (claims of other articles are ignored). */
  claimIds: number[];
  settingsFor(measure: string): ConsensusSettings;
  now?: Date;
}

export interface AnalyzeOutput {
  /** Consensus rows stored because a measure's consensus moved. */
  consensusIds: number[];
  alerts: { id: number; event: AlertEvent }[];
}

// The first key of the two-key advisory lock: claimwatch's consensus, apart
// from whatever else takes advisory locks on the same database.
const LOCK_SPACE = 0x63770001;

type ArticleRef = Pick<typeof articles.$inferSelect, 'id' | 'url' | 'title' | 'duplicateOf'>;

/**
 * `db` may be a transaction: the analyze job passes its own, so the claims,
 * the consensus, the alerts and their deliveries commit together (this one
 * becomes a savepoint inside it).
 */
export async function analyzeClaims(db: Db | Tx, input: AnalyzeInput, log: Logger): Promise<AnalyzeOutput> {
  const out: AnalyzeOutput = { consensusIds: [], alerts: [] };
  if (input.claimIds.length === 0) return out;
  const now = input.now ?? new Date();
  // One transaction, and only `tx` inside it: on the embedded store every
  // connection shares one PGlite session, so a query on another connection
  // would wait for this transaction to end, and one begun outside it could
  // have its statements interleaved with ours.
  await db.transaction(async (tx) => {
    const fresh = await tx.select().from(claims)
      .where(and(inArray(claims.id, input.claimIds), eq(claims.watch, input.watch)));
    const foreign = fresh.find((c) => c.articleId !== input.articleId);
    if (foreign) throw new Error(`claim ${foreign.id} belongs to article ${foreign.articleId}, not ${input.articleId}`);
    if (fresh.length < new Set(input.claimIds).size) {
      log.warn({ articleId: input.articleId, watch: input.watch, asked: input.claimIds.length, found: fresh.length },
        'some claims to analyse are gone (article deleted?); analysing the rest');
    }
    const [article] = await tx.select({ id: articles.id, url: articles.url, title: articles.title, duplicateOf: articles.duplicateOf })
      .from(articles).where(eq(articles.id, input.articleId));
    if (!article) throw new Error(`article ${input.articleId} is not in the store`);

    const byMeasure = new Map<string, ClaimRow[]>();
    for (const c of fresh.sort((a, b) => a.id - b.id)) byMeasure.set(c.measure, [...(byMeasure.get(c.measure) ?? []), c]);
    // Every worker takes its measures' locks in the same order, so two
    // articles touching the same measures cannot wait on each other in a circle.
    const measures = [...byMeasure.keys()].sort();
    for (const measure of measures) {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${JSON.stringify([input.watch, measure])}::text))`);
    }
    for (const measure of measures) {
      const settings = input.settingsFor(measure);
      await analyzeMeasure(tx, { watch: input.watch, measure, settings, now, article, fresh: byMeasure.get(measure)! }, out, log);
    }
  });
  return out;
}

interface MeasureStep {
  watch: string;
  measure: string;
  settings: ConsensusSettings;
  now: Date;
  article: ArticleRef;
  fresh: ClaimRow[];
}

async function analyzeMeasure(tx: Tx, step: MeasureStep, out: AnalyzeOutput, log: Logger): Promise<void> {
  const { watch, measure, settings, now, article, fresh } = step;
  const stored = await tx.select().from(claims).where(and(
    eq(claims.watch, watch), eq(claims.measure, measure), eq(claims.scope, 'total'),
    inArray(claims.status, ['present', 'planned']),
  ));
  const before = computeConsensus(independentFigures(stored.filter((c) => c.articleId !== article.id)), settings, now);
  const latest = await latestOf(tx, watch, measure);

  if (before) {
    const beforeId = latest && sameConsensus(latest, before) ? latest.id : null;
    for (const claim of fresh) {
      const departure = checkDeparture(claim, before, settings);
      if (!departure) continue;
      const alert = await recordDeparture(tx, { watch, claim, article, consensus: before, consensusId: beforeId, departure, now }, log);
      if (alert) out.alerts.push(alert);
    }
  }

  const after = computeConsensus(independentFigures(stored), settings, now);
  if (after && (!latest || !sameConsensus(latest, after))) {
    const mover = fresh.find((c) => c.scope === 'total' && (c.status === 'present' || c.status === 'planned'));
    const [row] = await tx.insert(consensus).values({
      watch, measure, at: now, centre: after.centre, bandLow: after.bandLow, bandHigh: after.bandHigh,
      figures: after.figures, sources: after.sources, sourceList: after.sourceList, claimId: mover?.id ?? null,
    }).returning({ id: consensus.id });
    out.consensusIds.push(row.id);
    log.debug({ watch, measure, centre: after.centre, bandLow: after.bandLow, bandHigh: after.bandHigh, figures: after.figures, sources: after.sources }, 'consensus moved');
  }
}

interface DepartureRecord {
  watch: string;
  claim: ClaimRow;
  article: ArticleRef;
  consensus: Consensus;
  consensusId: number | null;
  departure: Departure;
  now: Date;
}

/**
 * One alert per departure. The same departure again from a source the alert
 * already has, or in a copy of an article it already has, changes nothing; a
 * new source adds a corroboration.
 */
async function recordDeparture(tx: Tx, r: DepartureRecord, log: Logger): Promise<{ id: number; event: AlertEvent } | null> {
  const { watch, claim, article, consensus: c, departure } = r;
  const key = alertKey(claim);
  const source = sourceKeyOf(claim);
  const [existing] = await tx.select().from(alerts).where(and(eq(alerts.watch, watch), eq(alerts.key, key))).for('update');

  if (!existing) {
    const explanation = explainAlert({ claim, consensus: c, departure, article });
    const [row] = await tx.insert(alerts).values({
      watch, measure: claim.measure, claimId: claim.id, articleId: article.id, key,
      low: claim.low, high: claim.high, unit: claim.unit, qualifier: claim.qualifier, status: claim.status, scope: claim.scope,
      source: claim.source, sourceKey: source, consensusId: r.consensusId,
      centre: c.centre, bandLow: c.bandLow, bandHigh: c.bandHigh, support: c.figures, supportSources: c.sourceList,
      ratio: departure.ratio, direction: departure.direction, explanation,
      evidence: claim.evidenceSentence, articleUrl: article.url, articleTitle: article.title,
      createdAt: r.now, updatedAt: r.now,
    }).returning({ id: alerts.id });
    log.info({ watch, measure: claim.measure, alertId: row.id, key, ratio: departure.ratio, direction: departure.direction, articleId: article.id, explanation }, 'departure: new alert');
    return { id: row.id, event: 'alert.created' };
  }

  const known = [{ source: existing.sourceKey, articleId: existing.articleId, claimId: existing.claimId }, ...existing.corroborations];
  const repeat = known.some((k) => k.source === source || k.claimId === claim.id || k.articleId === article.id ||
    (article.duplicateOf !== null && k.articleId === article.duplicateOf));
  if (repeat) {
    log.debug({ watch, alertId: existing.id, key, articleId: article.id, source }, 'departure already alerted from this source');
    return null;
  }
  const corroboration: Corroboration = { source, articleId: article.id, claimId: claim.id, url: article.url, at: r.now.toISOString() };
  await tx.update(alerts).set({
    corroborations: sql`${alerts.corroborations} || ${JSON.stringify([corroboration])}::jsonb`,
    updatedAt: r.now,
  }).where(eq(alerts.id, existing.id));
  log.info({ watch, measure: claim.measure, alertId: existing.id, key, source, articleId: article.id }, 'departure corroborated by a new source');
  return { id: existing.id, event: 'alert.corroborated' };
}
