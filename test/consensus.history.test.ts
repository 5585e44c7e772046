// The consensus as the story was published (issue 19): a departing figure
// stays out until confirmed or corroborated, bounds count in a growing count,
// and a growing count's consensus never falls. Plain functions, no store.
import { describe, expect, it } from 'vitest';
import { checkDeparture } from '../src/alerts/departure.js';
import { consensusAsOf, type ClaimFields } from '../src/consensus/consensus.js';
import { measureHistory } from '../src/consensus/history.js';
import { resolveSettings } from '../src/consensus/settings.js';

let nextId = 1;
function claim(date: string, low: number, source: string, over: Partial<ClaimFields> = {}): ClaimFields {
  const id = nextId++;
  return {
    id, articleId: id, measure: 'm', low, high: over.high ?? low, unit: 'persons', per: null, qualifier: 'exact', status: 'present',
    scope: 'total', source: [source], sourceKey: source, reportedAt: new Date(`${date}T12:00:00Z`), outlet: `${source}.example`, ...over,
  };
}
const at = (date: string) => new Date(`${date}T12:00:00Z`);

const LEVEL = resolveSettings({}, { kind: 'level' });
const TOLL = resolveSettings({}, { kind: 'cumulative', windowDays: 60 });

describe('a departing figure stays out of the consensus', () => {
  const agreed = [claim('2025-01-01', 10_000, 'a'), claim('2025-01-02', 11_000, 'b'), claim('2025-01-03', 12_000, 'c')];

  it('keeps an outlier out, so the next outlier is measured against the agreed band, not against it', () => {
    const outlier = claim('2025-01-10', 60_000, 'd');
    const next = claim('2025-01-20', 70_000, 'e');
    const h = measureHistory([...agreed, outlier, next], LEVEL);
    expect(h.keptOut.has(outlier.id)).toBe(true);
    const before = h.asOf(at('2025-01-20'), { excludeArticle: next.articleId })!;
    expect(before.centre).toBeGreaterThan(10_000);
    expect(before.centre).toBeLessThan(12_500);
    expect(before.sourceList).not.toContain('d');
    expect(checkDeparture(next, before, LEVEL)?.direction).toBe('above');
    // Without the rule the outlier would pull the centre toward itself.
    const naive = consensusAsOf([...agreed, outlier], at('2025-01-20'), LEVEL)!;
    expect(naive.centre).toBeGreaterThan(before.centre);
  });

  it('lets a figure in once an independent source reports it too, from that date on', () => {
    const first = claim('2025-01-10', 25_000, 'd');
    const second = claim('2025-01-15', 25_000, 'e');
    const h = measureHistory([...agreed, first, second], LEVEL);
    expect(h.keptOut.size).toBe(0);
    expect(h.asOf(at('2025-01-12'))!.sourceList).not.toContain('d');
    expect(h.asOf(at('2025-01-16'))!.sourceList).toEqual(expect.arrayContaining(['d', 'e']));
  });

  it('does not count the same source saying it twice as corroboration', () => {
    const first = claim('2025-01-10', 25_000, 'd');
    const again = claim('2025-01-15', 25_000, 'd');
    const h = measureHistory([...agreed, first, again], LEVEL);
    expect([...h.keptOut].sort()).toEqual([first.id, again.id].sort());
  });

  it('counts a figure an operator confirmed', () => {
    const outlier = claim('2025-01-10', 60_000, 'd');
    const h = measureHistory([...agreed, outlier], LEVEL, { confirmed: new Set([outlier.id]) });
    expect(h.keptOut.size).toBe(0);
    const unconfirmed = measureHistory([...agreed, outlier], LEVEL);
    expect(h.asOf(at('2025-01-11'))!.centre).toBeGreaterThan(unconfirmed.asOf(at('2025-01-11'))!.centre);
  });

  it('keeps nothing out of a consensus that agrees', () => {
    const h = measureHistory([...agreed, claim('2025-01-10', 11_500, 'd'), claim('2025-01-11', 15_000, 'e')], LEVEL);
    expect(h.keptOut.size).toBe(0);
  });

  it('comes out the same whatever order the claims are given in', () => {
    const rows = [...agreed, claim('2025-01-10', 60_000, 'd'), claim('2025-01-20', 70_000, 'e'), claim('2025-01-25', 11_000, 'f')];
    const a = measureHistory(rows, LEVEL);
    const b = measureHistory([...rows].reverse(), LEVEL);
    expect([...b.keptOut].sort()).toEqual([...a.keptOut].sort());
    expect(b.timeline(at('2024-12-01'), null)).toEqual(a.timeline(at('2024-12-01'), null));
  });
});

describe('bounds in a growing count', () => {
  it('counts "at least N" at N toward a cumulative consensus', () => {
    const rows = [
      claim('2025-01-01', 20_000, 'a', { qualifier: 'at_least' }),
      claim('2025-01-02', 21_000, 'b', { qualifier: 'at_least' }),
      claim('2025-01-03', 22_000, 'c', { qualifier: 'at_least' }),
    ];
    const c = consensusAsOf(rows, at('2025-01-04'), TOLL)!;
    expect(c).not.toBeNull();
    expect(c.centre).toBeCloseTo(21_000, -2);
    expect(c.sources).toBe(3);
    // A study's point estimate several times the toll departs instead of becoming the consensus.
    const study = claim('2025-01-05', 120_000, 'lancet');
    expect(checkDeparture(study, c, TOLL)?.direction).toBe('above');
  });

  it('keeps bounds from placing the centre of a level measure', () => {
    const rows = [
      claim('2025-01-01', 20_000, 'a', { qualifier: 'at_least' }),
      claim('2025-01-02', 21_000, 'b', { qualifier: 'at_least' }),
    ];
    expect(consensusAsOf(rows, at('2025-01-04'), LEVEL)).toBeNull();
  });

  it('never lets the consensus fall when the window holds only a few small recent figures', () => {
    const rows = [
      claim('2025-01-01', 18_000, 'a'), claim('2025-01-02', 19_000, 'b'), claim('2025-01-03', 20_000, 'c'),
      // Past the window, it holds only a few small figures (parts, most likely).
      claim('2025-03-10', 3_000, 'd'), claim('2025-03-11', 3_200, 'e'), claim('2025-03-12', 3_100, 'f'),
    ];
    const h = measureHistory(rows, TOLL);
    const march = h.asOf(at('2025-03-13'))!;
    expect(march.centre).toBeGreaterThanOrEqual(19_000);
    // Each of them departs below (and is kept out), rather than becoming the count.
    expect([...h.keptOut].sort()).toEqual(rows.slice(3).map((c) => c.id).sort());
    // The raw window alone would have fallen to a sixth.
    expect(consensusAsOf(rows, at('2025-03-13'), TOLL)!.centre).toBeLessThan(4_000);
    // A dismissal (the figures leave the store) is what lowers it.
    const lowered = measureHistory(rows.slice(3), TOLL).asOf(at('2025-03-13'))!;
    expect(lowered.centre).toBeLessThan(4_000);
  });

  it('keeps a growing count standing through a quiet spell, but not for ever', () => {
    const rows = [claim('2025-01-01', 18_000, 'a'), claim('2025-01-02', 19_000, 'b'), claim('2025-01-03', 20_000, 'c')];
    const h = measureHistory(rows, TOLL);
    // Past the 60-day window nothing is recent, yet the count stands...
    expect(h.asOf(at('2025-03-20'))?.centre).toBeCloseTo(19_000, -2);
    // ...for two windows; after that it is too old to hold a new figure against.
    expect(h.asOf(at('2025-06-01'))).toBeNull();
  });

  it('never departs below for a vague figure or an "at least" in a growing count; a plain point below does', () => {
    const rows = [claim('2025-01-01', 18_000, 'a'), claim('2025-01-02', 19_000, 'b'), claim('2025-01-03', 20_000, 'c')];
    const c = consensusAsOf(rows, at('2025-01-04'), TOLL)!;
    expect(checkDeparture(claim('2025-01-05', 100, 'x', { qualifier: 'vague', high: 900 }), c, TOLL)).toBeNull();
    expect(checkDeparture(claim('2025-01-05', 500, 'x', { qualifier: 'at_least' }), c, TOLL)).toBeNull();
    expect(checkDeparture(claim('2025-01-05', 5_000, 'x'), c, TOLL)?.direction).toBe('below');
  });
});
