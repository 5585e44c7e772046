// What independent sources agree a measure's figure is, from the stored claims.
// Everything works on log10 of figures: reports of 10,000 and 12,000 are as far
// apart as 100 and 120, and a range's centre is its geometric midpoint.
import type { claims } from '../store/schema.js';
import type { ConsensusSettings } from './settings.js';

export type ClaimRow = typeof claims.$inferSelect;

/** The fields of a stored claim the consensus and the departure rule read. */
export type ClaimFields = Pick<ClaimRow,
  'id' | 'articleId' | 'measure' | 'low' | 'high' | 'unit' | 'per' | 'qualifier' | 'status' | 'scope' |
  'source' | 'sourceKey' | 'reportedAt'>;

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
  /** The recency-weighted median of the point figures. */
  centre: number;
  /** The lowest and highest agreeing point figures. */
  bandLow: number;
  bandHigh: number;
  /** Independent figures that agree with the centre, points and bounds. */
  figures: number;
  /** Independent sources among them. */
  sources: number;
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

/** Unattributed figures fall back to the first outlet named, else to the article itself. */
export function sourceKeyOf(claim: Pick<ClaimFields, 'sourceKey' | 'source' | 'articleId'>): string {
  const key = claim.sourceKey?.trim();
  if (key) return key;
  const first = claim.source.find((s) => s.trim() !== '');
  return first ? first.trim().toLowerCase() : `article:${claim.articleId}`;
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
export function independentFigures(rows: readonly ClaimFields[]): Figure[] {
  const byKey = new Map<string, Figure>();
  for (const c of rows) {
    if (c.scope !== 'total') continue;
    if (c.status !== 'present' && c.status !== 'planned') continue;
    if (!usableFigure(c.low, c.high)) continue;
    const kind = kindOf(c.qualifier);
    const sourceKey = sourceKeyOf(c);
    const figure: Figure = {
      claimId: c.id, articleId: c.articleId, sourceKey, kind, low: c.low, high: c.high,
      value: Math.sqrt(c.low * c.high), unit: c.unit, per: c.per ?? null, reportedAt: c.reportedAt,
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
  const weights = points.map((f) => recencyWeight(f.reportedAt, now, settings.halfLifeDays));
  const centreLog = weightedMedian(logs, weights);
  const mad = weightedMedian(logs.map((l) => Math.abs(l - centreLog)), weights);
  const spreadLog10 = Math.max(settings.madScale * mad, settings.minSpreadLog10);

  const support = chosen.filter((f) => supports(f, centreLog, spreadLog10, settings));
  const centre = 10 ** centreLog;
  const agreeingPoints = support.filter((f) => f.kind === 'point').map((f) => f.value);
  const sourceList = [...new Set(support.map((f) => f.sourceKey))].sort((a, b) => a.localeCompare(b));
  return {
    centre,
    bandLow: Math.min(centre, ...agreeingPoints),
    bandHigh: Math.max(centre, ...agreeingPoints),
    figures: support.length,
    sources: sourceList.length,
    sourceList,
    spreadLog10,
    unit: chosen[0].unit,
    per: chosen[0].per,
  };
}
