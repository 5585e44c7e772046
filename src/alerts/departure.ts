// Whether a new figure departs from the consensus, and how to say so to a
// person reading a chat channel.
import type { ClaimFields, Consensus } from '../consensus/consensus.js';
import { kindOf, usableFigure } from '../consensus/consensus.js';
import type { ConsensusSettings } from '../consensus/settings.js';
import { roundedFigure } from '../figures.js';

export interface Departure {
  /** How far the compared figure is from what it was held against, >= 1 either way. */
  ratio: number;
  direction: 'above' | 'below';
  /** The distance in log10 over the consensus spread. */
  distanceSpreads: number;
  /** The figures held against the consensus: the claim's, or for `additional`, the consensus + the claim. */
  comparedLow: number;
  comparedHigh: number;
  /**
   * What it was held against: the centre; for a cumulative count, the highest
   * recent figure (above) or the latest agreed one (below).
   */
  against: 'centre' | 'recent_high' | 'latest';
  reference: number;
}

export type DepartureClaim = Pick<ClaimFields, 'low' | 'high' | 'unit' | 'per' | 'qualifier' | 'status' | 'scope'>;

export interface DepartureOptions {
  /** A cumulative count (casualties) only grows: see the schema's "Time". */
  kind?: 'level' | 'cumulative';
}

/**
 * The departure rule. A range is compared at its geometric midpoint; an
 * "at least" bound departs only above (it says nothing against a higher
 * figure's being true, only against a lower one); an "up to" bound departs
 * both ways at its bound ("up to 2,000" contradicts 11,000, and "up to
 * 30,000" is the news); a vague figure only when even its nearest end
 * departs, since it allows all of its range. An `additional` figure is held
 * against the consensus as it would stand with the figure added; a `subset`
 * is a part of the whole and says nothing about the whole. Figures in another
 * unit or period are not compared at all.
 *
 * A cumulative count (settings.kind) rises as the story moves: it departs
 * above only when it lies far above the highest recent agreeing figure
 * (maxSpreads times the spread's floor), and below when it falls short of the
 * latest agreed figure by the least ratio (never an "at least" or a vague
 * figure).
 *
 * Nothing departs from a consensus that fewer than minSources independent
 * sources hold, counting for the centre only sources that gave a figure.
 */
export function checkDeparture(claim: DepartureClaim, consensus: Consensus, settings: ConsensusSettings & DepartureOptions): Departure | null {
  if (claim.scope !== 'total') return null;
  if (Math.min(consensus.sources, consensus.pointSources ?? consensus.sources) < settings.minSources) return null;
  if (claim.unit !== consensus.unit || (claim.per ?? null) !== consensus.per) return null;
  if (!usableFigure(claim.low, claim.high)) return null;
  const cumulative = settings.kind === 'cumulative';
  const latest = consensus.latest ?? consensus.centre;
  const base = claim.status === 'additional' ? (cumulative ? latest : consensus.centre) : 0;
  const comparedLow = base + claim.low;
  const comparedHigh = base + claim.high;
  const centreLog = Math.log10(consensus.centre);
  const kind = kindOf(claim.qualifier);
  let compared: number;
  switch (kind) {
    case 'up_to': compared = Math.log10(comparedHigh); break;
    case 'at_least': compared = Math.log10(comparedLow); break;
    case 'vague': compared = Math.min(Math.max(centreLog, Math.log10(comparedLow)), Math.log10(comparedHigh)); break;
    default: compared = (Math.log10(comparedLow) + Math.log10(comparedHigh)) / 2;
  }
  if (!cumulative) {
    const d = compared - centreLog;
    const direction = d > 0 ? 'above' : 'below';
    if (kind === 'at_least' && direction === 'below') return null;
    const distanceSpreads = Math.abs(d) / consensus.spreadLog10;
    const ratio = 10 ** Math.abs(d);
    if (distanceSpreads <= settings.maxSpreads || ratio < settings.minRatio) return null;
    return { ratio, direction, distanceSpreads, comparedLow, comparedHigh, against: 'centre', reference: consensus.centre };
  }
  // The scatter of a growing count's recent figures is mostly its growth, not
  // disagreement: above the highest of them, only the floor of the spread
  // measures how far a figure is.
  const high = Math.max(consensus.bandHigh, consensus.centre);
  const above = compared - Math.log10(high);
  if (above > 0) {
    const distanceSpreads = above / settings.minSpreadLog10;
    const ratio = 10 ** above;
    if (distanceSpreads <= settings.maxSpreads || ratio < settings.minRatio) return null;
    return { ratio, direction: 'above', distanceSpreads, comparedLow, comparedHigh, against: 'recent_high', reference: high };
  }
  // "At least" says nothing against a higher toll, and "hundreds" next to a
  // toll of thousands is a part or a slip far more often than a recount.
  if (kind === 'at_least' || kind === 'vague') return null;
  // Below is measured from the lower of the latest agreed figure and the
  // centre: one high report that still agrees with a wide band must not make
  // every later count of the day look short.
  const floorOf = Math.min(latest, consensus.centre);
  const below = Math.log10(floorOf) - compared;
  const ratio = 10 ** below;
  if (below <= 0 || ratio < settings.minRatio) return null;
  return { ratio, direction: 'below', distanceSpreads: below / consensus.spreadLog10, comparedLow, comparedHigh, against: 'latest', reference: floorOf };
}

/** What identifies one departure: the same figure of the same status again is the same news. */
export function alertKey(claim: Pick<ClaimFields, 'measure' | 'status' | 'low' | 'high'>): string {
  const figure = claim.low === claim.high ? `${claim.low}` : `${claim.low}-${claim.high}`;
  return `${claim.measure}:${claim.status}:${figure}`;
}

// ─── the words ──────────────────────────────────────────────────────────────

const exact = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function range(low: number, high: number, fmt: (n: number) => string): string {
  const a = fmt(low);
  const b = fmt(high);
  return a === b ? a : `${a}–${b}`;
}

const QUALIFIER_WORDS: Record<string, string> = { approx: 'about ', up_to: 'up to ', at_least: 'at least ', vague: 'roughly ' };

export interface AlertStory {
  claim: Pick<ClaimFields, 'measure' | 'low' | 'high' | 'unit' | 'per' | 'qualifier' | 'status' | 'source'> & {
    evidenceSentence: string;
  };
  consensus: Pick<Consensus, 'centre' | 'bandLow' | 'bandHigh' | 'figures' | 'sources' | 'sourceList'>;
  departure: Departure;
  article: { url: string; title?: string | null };
}

/**
 * One paragraph for a chat channel: the figure, the measure, who says it, the
 * consensus it leaves (centre, band, figures and sources), by how much, the
 * sentence that says it and where to read it.
 */
export function explainAlert({ claim, consensus, departure, article }: AlertStory): string {
  const unit = `${claim.unit}${claim.per ? ` per ${claim.per}` : ''}`;
  const qualifier = QUALIFIER_WORDS[claim.qualifier] ?? '';
  const figure = range(claim.low, claim.high, (n) => exact.format(n));
  const status = claim.status === 'additional' ? 'an additional ' : claim.status === 'planned' ? 'a planned ' : '';
  const [originator, ...outlets] = claim.source;
  const who = originator
    ? `according to ${originator}${outlets.length ? `, via ${outlets.join(', ')}` : ''}`
    : 'with no source named';
  const centre = roundedFigure(consensus.centre);
  const band = range(consensus.bandLow, consensus.bandHigh, (n) => roundedFigure(n, 3));
  const backing = `${consensus.figures} figure${consensus.figures === 1 ? '' : 's'} from ${consensus.sources} independent source${consensus.sources === 1 ? '' : 's'}` +
    (consensus.sourceList.length ? `: ${consensus.sourceList.join(', ')}` : '');
  const against = departure.against === 'recent_high'
    ? `the highest recent agreed figure (${roundedFigure(departure.reference, 3)})`
    : departure.against === 'latest' ? `the latest agreed figure (${roundedFigure(departure.reference, 3)})` : 'the consensus';
  const times = `${one.format(departure.ratio)} times ${departure.direction === 'above' ? '' : 'below '}${against}` +
    ` (${one.format(departure.distanceSpreads)} spreads ${departure.direction})`;
  const howFar = claim.status === 'additional'
    ? `Added to the consensus that makes about ${range(departure.comparedLow, departure.comparedHigh, (n) => roundedFigure(n, 3))}, ${times}.`
    : `That is ${times}.`;
  const evidence = claim.evidenceSentence.replace(/\s+/g, ' ').trim();
  const title = article.title?.replace(/\s+/g, ' ').trim();
  const bound = claim.qualifier === 'up_to'
    ? `The figure is an upper bound (“up to”): the report says at most ${figure}, not that many.`
    : claim.qualifier === 'at_least' ? `The figure is a lower bound (“at least”).` : '';
  return [
    `New ${claim.measure} figure departs from the consensus: ${status}${qualifier}${figure} ${unit}, ${who}.`,
    `The consensus is about ${centre} (band ${band}; ${backing}).`,
    howFar,
    ...(bound ? [bound] : []),
    `Evidence: “${evidence}”`,
    `Article: ${title ? `“${title}”, ` : ''}${article.url}`,
  ].join(' ');
}
