// claims → consensus → alert: the step the analyze job calls once an
// article's claims are stored. Per measure, each new claim is held against the
// consensus as it stood at the article's publication date, built from the
// figures published up to then by other articles (an article cannot vouch for
// its own figure, and one published before the consensus formed departs from
// nothing; a figure that departed stays out of it, see src/consensus/history.ts);
// then the measure's consensus history is brought up to date from that date
// on. A departure is posted, held for review (with reason codes), or recorded
// as history when its article is old news. Delivery is not done here: the caller hands the returned
// events on. It runs in whatever database or transaction it is given (a
// transaction makes a savepoint), so a caller can make claims, consensus,
// alert and deliveries one unit of work.
import { and, asc, eq, gt, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import {
  countsToward, outletOf, plausible, sourceKeyOf, type ClaimFields, type ClaimRow, type Consensus,
} from '../consensus/consensus.js';
import { measureHistory, type MeasureHistory } from '../consensus/history.js';
import type { ConsensusSettings } from '../consensus/settings.js';
import { latestOf, sameConsensus, type Tx } from '../consensus/store.js';
import type { ClaimFlag } from '../claims/confidence.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { alertActions, alerts, articles, claims, consensus, type Corroboration } from '../store/schema.js';
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
  /**
   * Alerts are news: a departure in an article published longer ago than this
   * before it is analysed, or found by checking a later claim again when an
   * earlier-dated article arrived late, is recorded as history and never
   * posted. 0 or absent: off (replays of archives, evaluations).
   */
  freshnessDays?: number;
}

export interface AnalyzeOutput {
  /** Consensus rows stored because a measure's consensus history changed. */
  consensusIds: number[];
  /** Events to deliver: alerts posted (raised, or held ones a sure claim now backs) and corroborated. */
  alerts: { id: number; event: AlertEvent }[];
  /** Alerts held for review (not posted, nothing to deliver), new or corroborated. */
  held: number[];
  /** Departures recorded as history (old news: never posted). */
  history: number[];
}

// The first key of the two-key advisory lock: claimwatch's consensus, apart
// from whatever else takes advisory locks on the same database.
const LOCK_SPACE = 0x63770001;

/** Where the unusual number forms flag comes from: the extractor marks figures it read from an odd form. */
export const UNUSUAL_NUMBER_FORM: ClaimFlag = 'unusual_number_form';
// The extractor's flags the alert policy reads: the contract between the two.
const MARKED_WHOLE: ClaimFlag = 'marked_whole';
const OWNER_INFERRED: ClaimFlag = 'owner_inferred';
const NOUN_FROM_CONTEXT: ClaimFlag = 'noun_from_context';

type ArticleRef = Pick<typeof articles.$inferSelect, 'id' | 'url' | 'title' | 'duplicateOf'> & { outlet: string };
type Claim = ClaimRow & { outlet: string };

/** Takes the measure's lock for the rest of the transaction: one writer of a measure's consensus at a time. */
export async function lockMeasure(tx: Db | Tx, watch: string, measure: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${JSON.stringify([watch, measure])}::text))`);
}

/**
 * `db` may be a transaction: the analyze job passes its own, so the claims,
 * the consensus, the alerts and their deliveries commit together (this one
 * becomes a savepoint inside it).
 */
export async function analyzeClaims(db: Db | Tx, input: AnalyzeInput, log: Logger): Promise<AnalyzeOutput> {
  const out: AnalyzeOutput = { consensusIds: [], alerts: [], held: [], history: [] };
  if (input.claimIds.length === 0) return out;
  const now = input.now ?? new Date();
  // One transaction (a savepoint inside the caller's), and only `tx` inside
  // it: on the embedded store every connection shares one PGlite session, so
  // a query on another connection would wait for this transaction to end.
  await (db as Db).transaction(async (tx) => {
    const fresh = await tx.select().from(claims)
      .where(and(inArray(claims.id, input.claimIds), eq(claims.watch, input.watch)));
    const foreign = fresh.find((c) => c.articleId !== input.articleId);
    if (foreign) throw new Error(`claim ${foreign.id} belongs to article ${foreign.articleId}, not ${input.articleId}`);
    if (fresh.length < new Set(input.claimIds).size) {
      log.warn({ articleId: input.articleId, watch: input.watch, asked: input.claimIds.length, found: fresh.length },
        'some claims to analyse are gone (article deleted?); analysing the rest');
    }
    const [row] = await tx.select({ id: articles.id, url: articles.url, title: articles.title, duplicateOf: articles.duplicateOf, outlet: articles.outlet, feedId: articles.feedId })
      .from(articles).where(eq(articles.id, input.articleId));
    if (!row) throw new Error(`article ${input.articleId} is not in the store`);
    const article: ArticleRef = { ...row, outlet: outletOf(row) };

    const byMeasure = new Map<string, Claim[]>();
    for (const c of fresh.sort((a, b) => a.id - b.id)) byMeasure.set(c.measure, [...(byMeasure.get(c.measure) ?? []), { ...c, outlet: article.outlet }]);
    // Every worker takes its measures' locks in the same order, so two
    // articles touching the same measures cannot wait on each other in a circle.
    const measures = [...byMeasure.keys()].sort();
    for (const measure of measures) await lockMeasure(tx, input.watch, measure);
    for (const measure of measures) {
      const settings = input.settingsFor(measure);
      await analyzeMeasure(tx, { watch: input.watch, measure, settings, now, article, fresh: byMeasure.get(measure)!, freshnessDays: input.freshnessDays ?? 0 }, out, log);
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
  fresh: Claim[];
  freshnessDays: number;
}

/** Every stored claim of a measure that may count toward its consensus, with its article's outlet. */
export async function measureClaims(tx: Db | Tx, watch: string, measure: string): Promise<(ClaimFields & { id: number })[]> {
  const rows = await tx.select({ claim: claims, url: articles.url, outlet: articles.outlet, feedId: articles.feedId })
    .from(claims).innerJoin(articles, eq(articles.id, claims.articleId))
    .where(and(eq(claims.watch, watch), eq(claims.measure, measure), eq(claims.scope, 'total'), inArray(claims.status, ['present', 'planned'])));
  return rows.map((r) => ({ ...r.claim, outlet: outletOf({ id: r.claim.articleId, outlet: r.outlet, url: r.url, feedId: r.feedId }) }));
}

async function analyzeMeasure(tx: Tx, step: MeasureStep, out: AnalyzeOutput, log: Logger): Promise<void> {
  const { watch, measure, settings, now, article } = step;
  // The article's date: every claim of it carries it.
  const publishedAt = new Date(Math.min(...step.fresh.map((c) => c.reportedAt.getTime())));
  const fresh = await dropDismissed(tx, watch, step.fresh, now, log);
  const stored = await measureClaims(tx, watch, measure);

  const history = measureHistory(stored, settings, { confirmed: await confirmedClaims(tx, watch, measure) });
  const before = history.asOf(publishedAt, { excludeArticle: article.id });
  if (before) {
    const standing = await latestOf(tx, watch, measure, publishedAt);
    const beforeId = standing && sameConsensus(standing, before) ? standing.id : null;
    const stale = staleReason(publishedAt, now, step.freshnessDays);
    for (const claim of fresh) {
      const departure = checkDeparture(claim, before, settings);
      if (!departure) continue;
      await recordDeparture(tx, { watch, claim, article, consensus: before, consensusId: beforeId, departure, settings, publishedAt, now, stale }, out, log);
    }
  }
  if (fresh.some((c) => countsToward(c, settings))) await recheckLater(tx, step, publishedAt, history, out, log);
  out.consensusIds.push(...await rebuildConsensus(tx, watch, measure, settings, publishedAt, stored, history));
}

const DAY_MS = 86_400_000;

/** Why a departure in an article of this date is not news when analysed now; null while it is (or the window is off). */
export function staleReason(publishedAt: Date, now: Date, freshnessDays: number): string | null {
  if (!(freshnessDays > 0)) return null;
  const age = (now.getTime() - publishedAt.getTime()) / DAY_MS;
  if (age <= freshnessDays) return null;
  return `not posted: the article was published ${publishedAt.toISOString().slice(0, 10)}, ${Math.floor(age)} days before it was analysed, ` +
    `outside the freshness window of ${freshnessDays} day${freshnessDays === 1 ? '' : 's'} (ALERT_FRESHNESS_DAYS): old news is history`;
}

const RECHECK_REASON = 'not posted: found when an earlier-dated article arrived late and this later claim was checked again; ' +
  'a departure found that way is history, not news';

/** The claims of a measure's confirmed alerts (each alert's claim and its corroborations): an operator vouched for them. */
async function confirmedClaims(tx: Db | Tx, watch: string, measure: string): Promise<Set<number>> {
  const rows = await tx.select({ claimId: alerts.claimId, corroborations: alerts.corroborations }).from(alerts)
    .where(and(eq(alerts.watch, watch), eq(alerts.measure, measure), eq(alerts.state, 'confirmed')));
  return new Set(rows.flatMap((r) => [r.claimId, ...r.corroborations.map((c) => c.claimId)]));
}

// How far after a late article's date the claims it may turn into departures
// are checked again: beyond three half-lives (or a cumulative measure's
// window) its figure hardly weighs in their consensus.
const recheckDays = (s: ConsensusSettings) => (s.kind === 'cumulative' ? s.windowDays : 3 * (s.halfLifeDays ?? 60));

/**
 * A late arrival: claims published after this article were held against a
 * consensus that lacked its figures. Each is held again against the
 * consensus of its own date, so that what departs does not depend on the
 * order articles arrive in (an alert already raised stays).
 */
async function recheckLater(tx: Tx, step: MeasureStep, publishedAt: Date, history: MeasureHistory, out: AnalyzeOutput, log: Logger): Promise<void> {
  const { watch, measure, settings, now, article } = step;
  const until = new Date(publishedAt.getTime() + recheckDays(settings) * 86_400_000);
  const later = await tx.select({ claim: claims, url: articles.url, title: articles.title, duplicateOf: articles.duplicateOf, outlet: articles.outlet, feedId: articles.feedId })
    .from(claims).innerJoin(articles, eq(articles.id, claims.articleId))
    .where(and(eq(claims.watch, watch), eq(claims.measure, measure), gt(claims.reportedAt, publishedAt), lte(claims.reportedAt, until),
      isNull(claims.dismissedAt), ne(claims.articleId, article.id)))
    .orderBy(asc(claims.reportedAt), asc(claims.id));
  const settled: number[] = [];
  for (const r of later) {
    const other: ArticleRef = { id: r.claim.articleId, url: r.url, title: r.title, duplicateOf: r.duplicateOf, outlet: outletOf({ id: r.claim.articleId, ...r }) };
    const claim: Claim = { ...r.claim, outlet: other.outlet };
    const before = history.asOf(claim.reportedAt, { excludeArticle: other.id });
    const departure = before && checkDeparture(claim, before, settings);
    if (!departure) {
      settled.push(claim.id);
      continue;
    }
    log.debug({ watch, measure, claimId: claim.id, lateArticleId: article.id }, 'a later claim departs once a late article is counted');
    const stale = step.freshnessDays > 0 ? RECHECK_REASON : null;
    await recordDeparture(tx, { watch, claim, article: other, consensus: before, consensusId: null, departure, settings, publishedAt: claim.reportedAt, now, stale }, out, log);
  }
  await withdrawSettled(tx, watch, measure, settled, log);
}

/**
 * A departure held for review or recorded as history was judged against the
 * figures known when it arrived. Once a late article fills in the history and
 * the claim no longer departs, the alert is withdrawn, so long as nothing was
 * done with it (no post, no corroboration, no operator's action): what is
 * waiting for review does not depend on the order articles arrived in. A
 * posted alert stays: it was sent.
 */
async function withdrawSettled(tx: Tx, watch: string, measure: string, claimIds: number[], log: Logger): Promise<void> {
  if (claimIds.length === 0) return;
  const gone = await tx.delete(alerts).where(and(
    eq(alerts.watch, watch), eq(alerts.measure, measure), inArray(alerts.state, ['held', 'history']), inArray(alerts.claimId, claimIds),
    isNull(alerts.postedAt), sql`${alerts.corroborations} = '[]'::jsonb`,
    sql`not exists (select 1 from ${alertActions} where ${alertActions.alertId} = ${alerts.id})`,
  )).returning({ id: alerts.id, key: alerts.key });
  for (const g of gone) log.info({ watch, measure, alertId: g.id, key: g.key }, 'held departure withdrawn: with a late article counted, its claim no longer departs');
}

/**
 * Brings a measure's stored consensus history up to date from a date on:
 * the states at every later publication date are computed again from the
 * claims, and stored rows from that date on are replaced if they differ.
 * The caller holds the measure's lock.
 */
export async function rebuildConsensus(tx: Db | Tx, watch: string, measure: string, settings: ConsensusSettings, from: Date,
  rows?: (ClaimFields & { id: number })[], computed?: MeasureHistory): Promise<number[]> {
  const history = computed ?? measureHistory(rows ?? await measureClaims(tx, watch, measure), settings, { confirmed: await confirmedClaims(tx, watch, measure) });
  const prev = await latestOf(tx, watch, measure, new Date(from.getTime() - 1));
  const states = history.timeline(from, prev ?? null);
  const storedRows = await tx.select().from(consensus)
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure), gte(consensus.at, from)))
    .orderBy(consensus.at, consensus.id);
  const unchanged = storedRows.length === states.length &&
    states.every((s, i) => storedRows[i].at.getTime() === s.at.getTime() && sameConsensus(storedRows[i], s.consensus));
  if (unchanged) return [];
  if (storedRows.length) await tx.delete(consensus).where(inArray(consensus.id, storedRows.map((r) => r.id)));
  if (states.length === 0) return [];
  const inserted = await tx.insert(consensus).values(states.map(({ at, claimId, consensus: c }) => ({
    watch, measure, at, centre: c.centre, bandLow: c.bandLow, bandHigh: c.bandHigh,
    figures: c.figures, sources: c.sources, sourceList: c.sourceList, claimId,
  }))).returning({ id: consensus.id });
  return inserted.map((r) => r.id);
}

/**
 * Claims whose figure an operator already dismissed from the same source are
 * marked dismissed on arrival: they count in no consensus and raise nothing.
 */
async function dropDismissed(tx: Tx, watch: string, fresh: Claim[], now: Date, log: Logger): Promise<Claim[]> {
  const measure = fresh[0].measure;
  const dismissed = await tx.select({ low: alerts.low, high: alerts.high, sourceKey: alerts.sourceKey, corroborations: alerts.corroborations })
    .from(alerts).where(and(eq(alerts.watch, watch), eq(alerts.measure, measure), eq(alerts.state, 'dismissed')));
  if (dismissed.length === 0) return fresh;
  const wrong = new Set(dismissed.flatMap((d) => [d.sourceKey, ...d.corroborations.map((c) => c.source)].map((s) => `${s}|${d.low}|${d.high}`)));
  const keep: Claim[] = [];
  for (const c of fresh) {
    if (c.dismissedAt || !wrong.has(`${sourceKeyOf(c)}|${c.low}|${c.high}`)) {
      if (!c.dismissedAt) keep.push(c);
      continue;
    }
    await tx.update(claims).set({ dismissedAt: now }).where(eq(claims.id, c.id));
    log.info({ watch, measure, claimId: c.id, low: c.low, high: c.high }, 'claim repeats a dismissed figure from the same source: dismissed too');
  }
  return keep;
}

/**
 * Why a departure is held for review, as a stable code (stored, and read by
 * tools) and a line a person reads on the dashboard.
 */
export type ReviewCode =
  | 'low_confidence' | 'unusual_number_form' | 'implausible'
  | 'below_unmarked' | 'owner_inferred' | 'measure_inferred';
export interface ReviewReason { code: ReviewCode; text: string }

/** The codes an independent source's report of the same figure lifts: a bare figure read from context is posted once corroborated. */
const LIFTED_BY_CORROBORATION: ReadonlySet<ReviewCode> = new Set(['measure_inferred']);

export type ReviewClaim = Pick<ClaimRow, 'confidence' | 'low' | 'high' | 'unit'> & { flags?: string[] | null };

/**
 * Why a departure must wait for an operator instead of being posted: none
 * when the claim is sure. Below the consensus is weaker evidence than above
 * (most such figures are parts the text does not mark as parts), so a figure
 * below is posted only when the text marks it as the whole; a figure whose
 * owner or whose measure the extractor inferred rather than read is held too.
 */
export function reviewReasons(claim: ReviewClaim, settings: ConsensusSettings, departure?: Pick<Departure, 'direction'>): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  const flags = new Set(claim.flags ?? []);
  if (claim.confidence < settings.alertThreshold) {
    reasons.push({ code: 'low_confidence', text: `the extractor's confidence ${claim.confidence.toFixed(2)} is below the alert threshold ${settings.alertThreshold.toFixed(2)}` });
  }
  if (flags.has(UNUSUAL_NUMBER_FORM)) reasons.push({ code: 'unusual_number_form', text: 'the figure was read from an unusual number form' });
  if (!plausible(claim, settings)) {
    const p = settings.plausible!;
    const fmt = (n: number | undefined) => (n === undefined ? '…' : n.toLocaleString('en-US'));
    reasons.push({ code: 'implausible', text: `the figure lies outside the plausible range ${fmt(p.min)}–${fmt(p.max)} ${claim.unit}` });
  }
  if (departure?.direction === 'below' && !flags.has(MARKED_WHOLE)) {
    reasons.push({ code: 'below_unmarked', text: 'the figure lies below the consensus and the text does not mark it as the whole (“in total”, “only”, “no more than”): it may be a part, one period, place or cause' });
  }
  if (flags.has(OWNER_INFERRED)) {
    reasons.push({ code: 'owner_inferred', text: 'whose figure it is was inferred from the article’s topic, not read in the figure’s own clause' });
  }
  if (flags.has(NOUN_FROM_CONTEXT)) {
    reasons.push({ code: 'measure_inferred', text: 'what the figure counts was taken from the sentence before or the paragraph, not read next to it (posted once an independent source reports it too)' });
  }
  return reasons;
}

interface DepartureRecord {
  watch: string;
  claim: Claim;
  article: ArticleRef;
  consensus: Consensus;
  consensusId: number | null;
  departure: Departure;
  settings: ConsensusSettings;
  publishedAt: Date;
  now: Date;
  /** Set when the departure is old news: why it is recorded as history instead of posted. */
  stale: string | null;
}

/**
 * One alert per departure. A departure whose claim is not sure is held for
 * review. The same departure again from a source the alert already has, or in
 * a copy of an article it already has, changes nothing; a new source adds a
 * corroboration, and posts a held alert when its own claim is sure.
 */
async function recordDeparture(tx: Tx, r: DepartureRecord, out: AnalyzeOutput, log: Logger): Promise<void> {
  const { watch, claim, article, consensus: c, departure, now, stale } = r;
  const key = alertKey(claim);
  const source = sourceKeyOf(claim);
  const reasons = reviewReasons(claim, r.settings, departure);
  const [existing] = await tx.select().from(alerts)
    .where(and(eq(alerts.watch, watch), eq(alerts.key, key), sql`${alerts.state} <> 'dismissed'`)).for('update');

  if (!existing) {
    const explanation = explainAlert({ claim, consensus: c, departure, article });
    const state = stale ? 'history' : reasons.length > 0 ? 'held' : 'raised';
    const why = [...(stale ? [stale] : []), ...reasons.map((x) => x.text)];
    const [row] = await tx.insert(alerts).values({
      watch, measure: claim.measure, claimId: claim.id, articleId: article.id, key,
      low: claim.low, high: claim.high, unit: claim.unit, qualifier: claim.qualifier, status: claim.status, scope: claim.scope,
      source: claim.source, sourceKey: source, consensusId: r.consensusId,
      centre: c.centre, bandLow: c.bandLow, bandHigh: c.bandHigh, support: c.figures, supportSources: c.sourceList,
      ratio: departure.ratio, direction: departure.direction, explanation,
      evidence: claim.evidenceSentence, articleUrl: article.url, articleTitle: article.title,
      state, heldReason: why.length ? why.join('; ') : null, reasonCodes: [...(stale ? ['not_news'] : []), ...reasons.map((x) => x.code)],
      postedAt: state === 'raised' ? now : null, asOf: r.publishedAt,
      createdAt: now, updatedAt: now,
    }).returning({ id: alerts.id });
    if (state === 'history') {
      out.history.push(row.id);
      log.info({ watch, measure: claim.measure, alertId: row.id, key, articleId: article.id, why: stale }, 'departure in old news: recorded as history, not posted');
    } else if (state === 'held') {
      out.held.push(row.id);
      log.info({ watch, measure: claim.measure, alertId: row.id, key, reasons: reasons.map((x) => x.code), articleId: article.id }, 'departure held for review');
    } else {
      out.alerts.push({ id: row.id, event: 'alert.created' });
      log.info({ watch, measure: claim.measure, alertId: row.id, key, ratio: departure.ratio, direction: departure.direction, articleId: article.id, explanation }, 'departure: new alert');
    }
    return;
  }

  const known = [{ source: existing.sourceKey, articleId: existing.articleId, claimId: existing.claimId }, ...existing.corroborations];
  const repeat = known.some((k) => k.source === source || k.claimId === claim.id || k.articleId === article.id ||
    (article.duplicateOf !== null && k.articleId === article.duplicateOf));
  if (repeat) {
    log.debug({ watch, alertId: existing.id, key, articleId: article.id, source }, 'departure already alerted from this source');
    return;
  }
  const corroboration: Corroboration = { source, articleId: article.id, claimId: claim.id, url: article.url, at: now.toISOString() };
  // A held alert is posted when an independent source backs it with a claim
  // that is sure, or whose only doubt is one a second source lifts; never
  // from old news.
  const promote = existing.state === 'held' && !stale && reasons.every((x) => LIFTED_BY_CORROBORATION.has(x.code)) &&
    (reasons.length === 0 || (existing.reasonCodes ?? []).every((code) => LIFTED_BY_CORROBORATION.has(code as ReviewCode)));
  await tx.update(alerts).set({
    corroborations: sql`${alerts.corroborations} || ${JSON.stringify([corroboration])}::jsonb`,
    updatedAt: now,
    ...(promote ? { state: 'raised', postedAt: now, heldReason: `${existing.heldReason} (posted when an independent source backed it)` } : {}),
  }).where(eq(alerts.id, existing.id));
  if (promote) {
    out.alerts.push({ id: existing.id, event: 'alert.created' });
    log.info({ watch, measure: claim.measure, alertId: existing.id, key, source }, 'held departure backed by an independent source: posted');
  } else if (existing.state === 'held') {
    out.held.push(existing.id);
  } else if (existing.state === 'history' || stale) {
    // Old news corroborated, or news corroborated by old news: recorded, not posted.
    out.history.push(existing.id);
  } else {
    out.alerts.push({ id: existing.id, event: 'alert.corroborated' });
    log.info({ watch, measure: claim.measure, alertId: existing.id, key, source, articleId: article.id }, 'departure corroborated by a new source');
  }
}
