// A measure's consensus as the story was published: which figures are kept
// out of it (those that departed, until confirmed or corroborated) and, for a
// growing count, the latest agreed figure it never falls below. Both depend on
// what came before, so they are found by one walk through the measure's
// figures in publication order: the same stored claims give the same history
// whatever order their articles arrived in.
import { alertKey, checkDeparture } from '../alerts/departure.js';
import { consensusAsOf, countsToward, sameFigures, sourceKeyOf, type ClaimFields, type Consensus } from './consensus.js';
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
 * the latest agreed figure of each date becomes the floor of every later one.
 */
export function measureHistory(rows: readonly ClaimFields[], settings: ConsensusSettings, opts: HistoryOptions = {}): MeasureHistory {
  const counted = rows.filter((c) => countsToward(c, settings))
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.id - b.id);
  const cumulative = settings.kind === 'cumulative';
  // Claim id → the time (ms) from which it counts again; Infinity while kept out.
  const outUntil = new Map<number, number>();
  const keptOut = (id: number, at: number) => (outUntil.get(id) ?? -Infinity) > at;
  const corroborated = new Set<string>();
  // After each date: the latest agreed figure so far (cumulative measures only).
  const floors: { t: number; floor: number }[] = [];
  const floorBefore = (t: number) => {
    let f = 0;
    for (const x of floors) if (x.t < t) f = x.floor;
    return f;
  };

  let floor = 0;
  for (let i = 0; i < counted.length;) {
    const t = counted[i].reportedAt.getTime();
    let j = i;
    while (j < counted.length && counted[j].reportedAt.getTime() === t) j++;
    for (const c of counted.slice(i, j)) {
      if (opts.confirmed?.has(c.id)) continue;
      const key = alertKey(c);
      if (corroborated.has(key)) continue;
      const others = counted.filter((o) => o.articleId !== c.articleId);
      const before = consensusAsOf(others, new Date(t), settings, { keptOut, floor });
      if (!before || !checkDeparture(c, before, settings)) continue;
      const partners = counted.filter((o) => outUntil.get(o.id) === Infinity && alertKey(o) === key);
      if (partners.some((o) => sourceKeyOf(o) !== sourceKeyOf(c))) {
        corroborated.add(key);
        for (const o of partners) outUntil.set(o.id, t);
        continue;
      }
      outUntil.set(c.id, Infinity);
    }
    if (cumulative) {
      const state = consensusAsOf(counted, new Date(t), settings, { keptOut, floor });
      if (state) floor = Math.max(floor, state.latest ?? state.centre);
      floors.push({ t, floor });
    }
    i = j;
  }

  const asOf = (at: Date, o: { excludeArticle?: number } = {}) => consensusAsOf(
    o.excludeArticle === undefined ? counted : counted.filter((c) => c.articleId !== o.excludeArticle),
    at, settings, { keptOut, floor: cumulative ? floorBefore(at.getTime()) : 0 },
  );

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
