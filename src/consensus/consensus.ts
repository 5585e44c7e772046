// What independent sources agree a measure's figure is, from the stored claims.
// Everything works on log10 of figures: reports of 10,000 and 12,000 are as far
// apart as 100 and 120, and a range's centre is its geometric midpoint.
import type { claims } from '../store/schema.js';
import type { ConsensusSettings } from './settings.js';

export type ClaimRow = typeof claims.$inferSelect;

/**
 * The fields of a stored claim the consensus and the departure rule read,
 * with the outlet of its article (see `outletOf`): an attribution the watch
 * does not know is counted as that outlet's one unnamed source.
 */
export type ClaimFields = Pick<ClaimRow,
  'id' | 'articleId' | 'measure' | 'low' | 'high' | 'unit' | 'per' | 'qualifier' | 'status' | 'scope' |
  'source' | 'sourceKey' | 'reportedAt'> & { outlet?: string | null; dismissedAt?: Date | null };

/**
 * How a figure takes part. Only `point` figures (exact and approximate
 * figures and ranges) place the centre and its spread. An `up_to` or
 * `at_least` bound says where the figure is not, not where it is, and a
 * `vague` one ("thousands", "tens of thousands") spans a whole order of
 * magnitude; they all count as support when they agree with the centre.
 */
export type FigureKind = 'point' | 'up_to' | 'at_least' | 'vague';

export interface Figure {
  claimId: number;
  articleId: number;
  /** The originator: what makes two figures independent. */
  sourceKey: string;
  kind: FigureKind;
  low: number;
  high: number;
  /** The geometric midpoint. */
  value: number;
  unit: string;
  per: string | null;
  reportedAt: Date;
}

export interface Consensus {
  /** The date it stands at: built from the figures reported up to then. */
  asOf?: Date;
  /** The most recent agreeing point figure: what a cumulative count must not fall below. */
  latest?: number;
  /** The recency-weighted median of the point figures. */
  centre: number;
  /** The lowest and highest agreeing point figures. */
  bandLow: number;
  bandHigh: number;
  /** Independent figures that agree with the centre, points and bounds. */
  figures: number;
  /** Independent sources among them. */
  sources: number;
  /**
   * Independent sources whose figure itself lies at the centre: a point that
   * agrees, or a bound whose own value agrees ("more than 3,000" at a centre
   * of 3,000). A departure needs a centre that several sources place, and a
   * loose bound ("at least 30", "hundreds") agrees with almost any centre
   * without saying where it is.
   */
  pointSources?: number;
  sourceList: string[];
  /** max(madScale × MAD, minSpreadLog10), in log10: the unit departures are measured in. */
  spreadLog10: number;
  unit: string;
  per: string | null;
}

const DAY_MS = 86_400_000;

export function kindOf(qualifier: string): FigureKind {
  if (qualifier === 'up_to' || qualifier === 'at_least' || qualifier === 'vague') return qualifier;
  return 'point';
}

/**
 * What makes a figure's source independent: the watch's key of a known source
 * (the extractor resolves aliases into `sourceKey`), else one unnamed source per
 * outlet. However an article words an attribution the watch does not know
 * ("a month", "statements", a made-up "according to X"), and whether it names
 * one at all, its outlet speaks for it once, never once per phrasing.
 */
export function sourceKeyOf(claim: Pick<ClaimFields, 'sourceKey' | 'articleId' | 'outlet'>): string {
  const key = claim.sourceKey?.trim();
  if (key) return key;
  const outlet = claim.outlet?.trim().toLowerCase();
  return `unnamed:${outlet || `article:${claim.articleId}`}`;
}

/** An article's outlet: the stored outlet (its host), else its URL's host, else its feed. */
export function outletOf(article: { id: number; outlet?: string | null; url?: string | null; feedId?: number | null }): string {
  const named = article.outlet?.trim().toLowerCase().replace(/^www\./, '');
  if (named) return named;
  try {
    const host = article.url ? new URL(article.url).hostname.replace(/^www\./, '') : '';
    if (host) return host;
  } catch { /* not a URL: fall through */ }
  return article.feedId ? `feed:${article.feedId}` : `article:${article.id}`;
}

/** A figure that can sit on a log scale: positive, finite, low <= high. */
export function usableFigure(low: number, high: number): boolean {
  return Number.isFinite(low) && Number.isFinite(high) && low > 0 && high >= low;
}

/**
 * The figures a consensus may rest on: whole-measure (`total`) figures of
 * what has happened or is intended, one per originator and figure. A figure
 * repeated by copies of a story, or by several outlets citing the same
 * originator, is one figure; the latest report of it is kept, since a source
 * repeating a figure is still standing by it.
 */
export function independentFigures(rows: readonly ClaimFields[], opts: { boundsAsPoints?: boolean } = {}): Figure[] {
  const byKey = new Map<string, Figure>();
  for (const c of rows) {
    if (c.scope !== 'total') continue;
    if (c.status !== 'present' && c.status !== 'planned') continue;
    if (!usableFigure(c.low, c.high)) continue;
    // In a growing count "at least N" is the toll the source stands behind:
    // it places the centre at N (see the schema's "Bounds in a growing count").
    const asPoint = opts.boundsAsPoints === true && c.qualifier === 'at_least';
    const kind = asPoint ? 'point' : kindOf(c.qualifier);
    const sourceKey = sourceKeyOf(c);
    const figure: Figure = {
      claimId: c.id, articleId: c.articleId, sourceKey, kind, low: c.low, high: asPoint ? c.low : c.high,
      value: asPoint ? c.low : Math.sqrt(c.low * c.high), unit: c.unit, per: c.per ?? null, reportedAt: c.reportedAt,
    };
    const key = JSON.stringify([sourceKey, kind, c.low, c.high, c.unit, c.per ?? null]);
    const seen = byKey.get(key);
    const later = !seen || figure.reportedAt.getTime() > seen.reportedAt.getTime() ||
      (figure.reportedAt.getTime() === seen.reportedAt.getTime() && figure.claimId < seen.claimId);
    if (later) byKey.set(key, figure);
  }
  return [...byKey.values()].sort((a, b) => a.claimId - b.claimId);
}

/**
 * The weighted median, interpolated: each value stands at the middle of its
 * share of the total weight, and the median is read off at one half. With
 * equal weights value i stands at (i - ½)/n, which puts one half on the middle
 * value (odd n) or halfway between the middle two (even n): the ordinary
 * median. Unlike the textbook weighted median it moves smoothly as weights
 * change, so a slightly newer report nudges the centre instead of making it
 * jump from one figure to the next.
 */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  if (values.length !== weights.length) throw new RangeError('one weight per value');
  const order = values.map((v, i) => ({ v, w: weights[i] })).filter((p) => p.w > 0).sort((a, b) => a.v - b.v);
  if (order.length === 0) throw new RangeError('all weights are zero');
  const total = order.reduce((s, p) => s + p.w, 0);
  let before = 0;
  let prev: { v: number; at: number } | null = null;
  for (const p of order) {
    const at = (before + p.w / 2) / total;
    if (at >= 0.5 - 1e-12) {
      if (!prev || Math.abs(at - 0.5) <= 1e-12) return p.v;
      return prev.v + ((0.5 - prev.at) / (at - prev.at)) * (p.v - prev.v);
    }
    prev = { v: p.v, at };
    before += p.w;
  }
  return order[order.length - 1].v;
}

/** A figure's weight: halved every halfLifeDays of age. Only ratios of weights matter, so `now` only caps future dates. */
export function recencyWeight(reportedAt: Date, now: Date, halfLifeDays: number | null): number {
  if (halfLifeDays === null) return 1;
  const ageDays = Math.max(0, now.getTime() - reportedAt.getTime()) / DAY_MS;
  return 0.5 ** (ageDays / halfLifeDays);
}

/**
 * Each figure's weight in the median: its recency, scaled so that all the
 * figures of one source weigh together what its newest one weighs alone. A
 * source that gives three figures (or an outlet with three unknown
 * attributions) has one say, not three; among its own figures the newer
 * ones count most.
 */
export function sourceWeights(points: readonly Figure[], now: Date, halfLifeDays: number | null): number[] {
  const r = points.map((f) => recencyWeight(f.reportedAt, now, halfLifeDays));
  const sum = new Map<string, number>();
  const max = new Map<string, number>();
  points.forEach((f, i) => {
    sum.set(f.sourceKey, (sum.get(f.sourceKey) ?? 0) + r[i]);
    max.set(f.sourceKey, Math.max(max.get(f.sourceKey) ?? 0, r[i]));
  });
  return points.map((f, i) => r[i] * max.get(f.sourceKey)! / sum.get(f.sourceKey)!);
}

/** Whether a value (log10) agrees with a centre: the complement of departing. */
export function agrees(log: number, centreLog: number, spreadLog10: number, settings: ConsensusSettings): boolean {
  const d = Math.abs(log - centreLog);
  return d <= settings.maxSpreads * spreadLog10 || 10 ** d < settings.minRatio;
}

function supports(f: Figure, centreLog: number, spread: number, settings: ConsensusSettings): boolean {
  switch (f.kind) {
    case 'point': return agrees(Math.log10(f.value), centreLog, spread, settings);
    case 'up_to': return agrees(Math.log10(f.high), centreLog, spread, settings);
    case 'at_least': return agrees(Math.log10(f.low), centreLog, spread, settings);
    case 'vague': {
      // Agrees when any figure it allows agrees: the nearest one to the centre.
      const nearest = Math.min(Math.max(centreLog, Math.log10(f.low)), Math.log10(f.high));
      return agrees(nearest, centreLog, spread, settings);
    }
  }
}

/**
 * The consensus of one measure's independent figures, or null when no point
 * figure places a centre. Figures in another unit or period than the one most
 * figures use (USD against KRW, per month against per year) are left out
 * rather than compared.
 */
export function computeConsensus(figures: readonly Figure[], settings: ConsensusSettings, now: Date): Consensus | null {
  const groups = new Map<string, Figure[]>();
  for (const f of figures) {
    const key = JSON.stringify([f.unit, f.per]);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const pointsOf = (fs: Figure[]) => fs.filter((f) => f.kind === 'point').length;
  const chosen = [...groups.values()]
    .filter((fs) => pointsOf(fs) > 0)
    .sort((a, b) => pointsOf(b) - pointsOf(a) || b.length - a.length)[0];
  if (!chosen) return null;

  const points = chosen.filter((f) => f.kind === 'point');
  const logs = points.map((f) => Math.log10(f.value));
  const weights = sourceWeights(points, now, settings.halfLifeDays);
  const centreLog = weightedMedian(logs, weights);
  const mad = weightedMedian(logs.map((l) => Math.abs(l - centreLog)), weights);
  const spreadLog10 = Math.max(settings.madScale * mad, settings.minSpreadLog10);

  const support = chosen.filter((f) => supports(f, centreLog, spreadLog10, settings));
  const centre = 10 ** centreLog;
  const agreeingPoints = support.filter((f) => f.kind === 'point').map((f) => f.value);
  const sourceList = [...new Set(support.map((f) => f.sourceKey))].sort((a, b) => a.localeCompare(b));
  const newest = support.filter((f) => f.kind === 'point')
    .sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime() || b.claimId - a.claimId)[0];
  return {
    asOf: now,
    latest: newest?.value ?? centre,
    centre,
    bandLow: Math.min(centre, ...agreeingPoints),
    bandHigh: Math.max(centre, ...agreeingPoints),
    figures: support.length,
    sources: sourceList.length,
    pointSources: new Set(support.filter((f) => f.kind === 'point' || agrees(Math.log10(f.value), centreLog, spreadLog10, settings))
      .map((f) => f.sourceKey)).size,
    sourceList,
    spreadLog10,
    unit: chosen[0].unit,
    per: chosen[0].per,
  };
}


/** Whether a stored claim may count toward its measure's consensus at all. */
export function countsToward(c: ClaimFields, settings: Pick<ConsensusSettings, 'plausible'>): boolean {
  if (c.dismissedAt) return false;
  if (c.scope !== 'total' || (c.status !== 'present' && c.status !== 'planned')) return false;
  return plausible(c, settings);
}

/** Whether a figure lies inside the measure's plausible range (always, when it sets none). */
export function plausible(c: Pick<ClaimFields, 'low' | 'high'>, settings: Pick<ConsensusSettings, 'plausible'>): boolean {
  const p = settings.plausible;
  if (!p) return true;
  return !(p.min !== undefined && c.low < p.min) && !(p.max !== undefined && c.high > p.max);
}

/**
 * The consensus as it stood at a date: built only from the figures reported
 * up to then (so the order articles arrive in does not matter), and for a
 * cumulative measure only from those of the window before it.
 */
export function consensusAsOf(rows: readonly ClaimFields[], at: Date, settings: ConsensusSettings, opts: AsOfOptions = {}): Consensus | null {
  const t = at.getTime();
  const cumulative = settings.kind === 'cumulative';
  const from = cumulative ? t - settings.windowDays * DAY_MS : -Infinity;
  const chosen = rows.filter((c) => countsToward(c, settings) && c.reportedAt.getTime() <= t && c.reportedAt.getTime() > from &&
    !(opts.keptOut?.(c.id, t) ?? false));
  const c = computeConsensus(independentFigures(chosen, { boundsAsPoints: cumulative }), settings, at);
  return c && cumulative && opts.floor ? withFloor(c, opts.floor) : c;
}

export interface AsOfOptions {
  /** Whether a claim is kept out of the consensus at a time (ms): a departing figure not yet confirmed or corroborated. */
  keptOut?: (claimId: number, at: number) => boolean;
  /** For a cumulative measure: the latest agreed figure before this date, which its centre never falls below. */
  floor?: number;
}

/**
 * A growing count's consensus never falls as time passes: when the window
 * holds only a few small recent figures, the centre stays at the latest agreed
 * figure (only a dismissal, which removes figures, lowers it).
 */
export function withFloor(c: Consensus, floor: number): Consensus {
  if (!(floor > 0)) return c;
  const centre = Math.max(c.centre, floor);
  return { ...c, centre, bandLow: Math.min(c.bandLow, centre), bandHigh: Math.max(c.bandHigh, centre), latest: Math.max(c.latest ?? c.centre, floor) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);

/** Whether two consensus states say the same: centre, band, and what they rest on. */
export function sameFigures(
  a: Pick<Consensus, 'centre' | 'bandLow' | 'bandHigh' | 'figures' | 'sources' | 'sourceList'>,
  b: Pick<Consensus, 'centre' | 'bandLow' | 'bandHigh' | 'figures' | 'sources' | 'sourceList'>,
): boolean {
  return close(a.centre, b.centre) && close(a.bandLow, b.bandLow) && close(a.bandHigh, b.bandHigh) &&
    a.figures === b.figures && a.sources === b.sources && JSON.stringify(a.sourceList) === JSON.stringify(b.sourceList);
}
