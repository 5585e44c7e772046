// A measure's consensus as the story was published: which figures are kept
// out of it (those that departed, until confirmed or corroborated) and, for a
// growing count, the latest agreed figure it never falls below. Both depend on
// what came before, so they are found by one walk through the measure's
// figures in publication order: the same stored claims give the same history
// whatever order their articles arrived in.
import { alertKey, checkDeparture } from '../alerts/departure.js';
import { consensusAsOf, countsToward, sameFigures, sourceKeyOf, withFloor, type ClaimFields, type Consensus } from './consensus.js';
import type { ConsensusSettings } from './settings.js';

export interface MeasureHistory {
  /** Claims kept out of the consensus now: they departed and no operator or independent source has backed them. */
  keptOut: ReadonlySet<number>;
  /**
   * The consensus as it stood at a date, built from the figures published up
   * to then that were not kept out at that date; `excludeArticle` leaves out
   * one article's figures (an article cannot vouch for its own figure).
   */
  asOf(at: Date, opts?: { excludeArticle?: number }): Consensus | null;
  /** The consensus at each publication date from `from` on, one state per move. */
  timeline(from: Date, before: SameFigures | null): { at: Date; claimId: number; consensus: Consensus }[];
}

type SameFigures = Parameters<typeof sameFigures>[0];

export interface HistoryOptions {
  /** Claims an operator confirmed (the alert's claim and its corroborations): they always count. */
  confirmed?: ReadonlySet<number>;
}

/**
 * Walks a measure's countable figures in publication order. Each is held
 * against the consensus of its date without its own article's figures; one
 * that departs is kept out from its date on. When an independent source (a
 * different originator) reports the same departing figure, the figure is
 * corroborated: from that report's date both count. For a cumulative measure
 * the centre of each date (once enough sources hold it) becomes the floor of
 * every later one.
 */
/**
 * Whether a second report of a departing figure corroborates the first: a
 * source the watch knows, other than the first's originator. An outlet that
 * names no source it knows (counted as `unnamed:<host>`) is most often
 * carrying the same originator's figure without naming it, so it does not
 * bring a figure back into the consensus.
 */
function independent(first: ClaimFields, second: ClaimFields): boolean {
  const a = sourceKeyOf(first);
  const b = sourceKeyOf(second);
  return a !== b && !b.startsWith('unnamed:');
}

export function measureHistory(rows: readonly ClaimFields[], settings: ConsensusSettings, opts: HistoryOptions = {}): MeasureHistory {
  const counted = rows.filter((c) => countsToward(c, settings))
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.id - b.id);
  const cumulative = settings.kind === 'cumulative';
  // Claim id → the time (ms) from which it counts again; Infinity while kept out.
  const outUntil = new Map<number, number>();
  const keptOut = (id: number, at: number) => (outUntil.get(id) ?? -Infinity) > at;
  const corroborated = new Set<string>();
  // After each date, for a cumulative measure: the floor (the highest centre
  // so far that enough sources held), and the last consensus they held.
  const floors: { t: number; floor: number; strong: Consensus | null }[] = [];
  const before = (t: number) => {
    let last: { floor: number; strong: Consensus | null } = { floor: 0, strong: null };
    for (const x of floors) if (x.t < t) last = x;
    return last;
  };
  const enough = (c: Consensus | null): c is Consensus =>
    c !== null && Math.min(c.sources, c.pointSources ?? c.sources) >= settings.minSources;
  // A growing count's consensus stands until enough sources replace it: a
  // window that holds only one or two recent figures (a quiet month) does not
  // make it vanish, nor let the next figure depart from nothing.
  const consensusAt = (rows: readonly ClaimFields[], at: Date, floor: number, strong: Consensus | null): Consensus | null => {
    const c = consensusAsOf(rows, at, settings, { keptOut, floor });
    if (!cumulative || enough(c) || !strong) return c;
    // Only for a window's length: a count held months ago says little about
    // where it stands now (and a feed read out of order would otherwise
    // judge the next figures against a long-gone one).
    if (at.getTime() - (strong.asOf?.getTime() ?? 0) > 2 * settings.windowDays * 86_400_000) return c;
    return withFloor({ ...strong, asOf: at }, floor);
  };

  let floor = 0;
  let strong: Consensus | null = null;
  for (let i = 0; i < counted.length;) {
    const t = counted[i].reportedAt.getTime();
    let j = i;
    while (j < counted.length && counted[j].reportedAt.getTime() === t) j++;
    for (const c of counted.slice(i, j)) {
      if (opts.confirmed?.has(c.id)) continue;
      const key = alertKey(c);
      if (corroborated.has(key)) continue;
      const others = counted.filter((o) => o.articleId !== c.articleId);
      const held = consensusAt(others, new Date(t), floor, strong);
      if (!held || !checkDeparture(c, held, settings)) continue;
      const partners = counted.filter((o) => outUntil.get(o.id) === Infinity && alertKey(o) === key);
      if (partners.some((o) => independent(o, c))) {
        corroborated.add(key);
        for (const o of partners) outUntil.set(o.id, t);
        continue;
      }
      outUntil.set(c.id, Infinity);
    }
    if (cumulative) {
      // Only a consensus that enough sources hold agrees on anything: a lone
      // early figure (or a misread one no consensus could yet reject) is no
      // floor. And its centre, a median, is what stands: one high figure
      // that happens to agree with a wide band must not lift the floor for good.
      const state = consensusAsOf(counted, new Date(t), settings, { keptOut, floor });
      if (enough(state)) {
        floor = Math.max(floor, state.centre);
        strong = state;
      }
      floors.push({ t, floor, strong });
    }
    i = j;
  }

  const asOf = (at: Date, o: { excludeArticle?: number } = {}) => {
    const last = before(at.getTime());
    return consensusAt(o.excludeArticle === undefined ? counted : counted.filter((c) => c.articleId !== o.excludeArticle), at, last.floor, last.strong);
  };

  return {
    keptOut: new Set([...outUntil].filter(([, until]) => until === Infinity).map(([id]) => id)),
    asOf,
    timeline(from, before) {
      const byDate = new Map<number, number>();
      for (const c of counted) {
        if (c.reportedAt.getTime() >= from.getTime() && !byDate.has(c.reportedAt.getTime())) byDate.set(c.reportedAt.getTime(), c.id);
      }
      const out: { at: Date; claimId: number; consensus: Consensus }[] = [];
      let last = before;
      for (const [t, claimId] of byDate) {
        const c = asOf(new Date(t));
        if (!c || (last && sameFigures(last, c))) continue;
        out.push({ at: new Date(t), claimId, consensus: c });
        last = c;
      }
      return out;
    },
  };
}
