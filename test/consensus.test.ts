// The consensus rule on the schema's own example: the hand-tagged claims of
// seeds 000 to 003 agree on about 11,000 troops.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeConsensus, independentFigures, recencyWeight, weightedMedian, type ClaimFields,
} from '../src/consensus/consensus.js';
import { ConsensusSettingsError, DEFAULT_CONSENSUS_SETTINGS, resolveSettings } from '../src/consensus/settings.js';
import { ORIGINATORS } from './helpers/corpus.js';

interface Gold {
  articles: { file: string; published: string; claims: (Omit<ClaimFields, 'id' | 'articleId' | 'sourceKey' | 'reportedAt'> & { optional?: boolean })[] }[];
}
const gold = JSON.parse(readFileSync(new URL('../corpus/seed-claims.json', import.meta.url), 'utf8')) as Gold;


function seedClaims(prefixes: string[], measure = 'troops'): ClaimFields[] {
  let id = 0;
  return gold.articles.flatMap((a, articleId) => {
    if (!prefixes.some((p) => a.file.startsWith(p))) return [];
    return a.claims.filter((c) => c.measure === measure).map((c) => ({
      ...c, id: ++id + articleId * 100, articleId, sourceKey: ORIGINATORS[c.source[0]] ?? null,
      reportedAt: new Date(`${a.published}T12:00:00Z`),
    }));
  });
}

let nextId = 10_000;
function claim(fields: Partial<ClaimFields> & Pick<ClaimFields, 'low'>): ClaimFields {
  return {
    id: ++nextId, articleId: nextId, measure: 'troops', high: fields.low, unit: 'persons', per: null,
    qualifier: 'exact', status: 'present', scope: 'total', source: ['Somebody'], sourceKey: null,
    reportedAt: new Date('2024-11-01T00:00:00Z'), ...fields,
  };
}

const NOW = new Date('2024-11-06T00:00:00Z');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

describe('consensus settings', () => {
  it('has the schema defaults', () => {
    expect(DEFAULT_CONSENSUS_SETTINGS).toEqual({
      minSources: 3, maxSpreads: 3.5, minRatio: 1.5, minSpreadLog10: Math.log10(1.25), madScale: 1.4826, halfLifeDays: 60,
      kind: 'level', windowDays: 60, alertThreshold: 0, plausible: null,
    });
  });

  it('takes the watch overrides, then the measure ones on top', () => {
    const s = resolveSettings({ maxSpreads: 5, minSources: 2 }, { maxSpreads: 4, halfLifeDays: null });
    expect(s).toMatchObject({ maxSpreads: 4, minSources: 2, halfLifeDays: null, minRatio: 1.5 });
    expect(resolveSettings(undefined, { minRatio: 2 }).minRatio).toBe(2);
  });

  it('rejects bad settings with an error naming them', () => {
    expect(() => resolveSettings({ maxSpread: 4 })).toThrow(ConsensusSettingsError);
    expect(() => resolveSettings({ maxSpread: 4 })).toThrow(/watch-level/);
    expect(() => resolveSettings({}, { minRatio: 0.5 })).toThrow(/measure-level consensus setting minRatio/);
    expect(() => resolveSettings({ minSources: 'three' })).toThrow(/minSources/);
  });
});

describe('the weighted median', () => {
  it('is the ordinary median when the weights are equal', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let n = 1; n <= 12; n++) {
      for (let trial = 0; trial < 20; trial++) {
        const xs = Array.from({ length: n }, () => Math.round(rand() * 1000) / 100);
        const w = 0.1 + rand() * 5;
        expect(weightedMedian(xs, xs.map(() => w))).toBeCloseTo(median(xs), 10);
      }
    }
  });

  it('moves smoothly toward the heavier figures', () => {
    expect(weightedMedian([1, 2], [1, 1])).toBeCloseTo(1.5);
    const a = weightedMedian([1, 2], [1, 1.1]);
    const b = weightedMedian([1, 2], [1, 2]);
    expect(a).toBeGreaterThan(1.5);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThan(2);
    expect(weightedMedian([1, 2, 3], [1, 1, 100])).toBeCloseTo(3, 1);
  });
});

describe('independent figures', () => {
  it('keeps whole-measure figures of what happened or is planned', () => {
    const figures = independentFigures(seedClaims(['000', '001', '002', '003', '004']));
    // Not the subsets (8,000 to Kursk, 1,500, 2,000–9,000, groups of 30) nor the additional 25,000–30,000.
    expect(figures.map((f) => [f.low, f.high, f.kind, f.sourceKey]).sort()).toEqual([
      [10000, 10000, 'point', 'nhk'],
      [10000, 10000, 'point', 'us-dod'],
      [11000, 11000, 'point', 'cnn'],
      [11000, 11000, 'up_to', 'hur'],
      [12000, 12000, 'point', 'hur'],
      [12000, 12000, 'point', 'nis'],
      [12000, 12000, 'up_to', 'unnamed:article:3'],
    ].sort());
  });

  it('counts a figure once however many outlets and copies repeat it', () => {
    const original = claim({ low: 12000, source: ['Ukrainian military intelligence (HUR)'], sourceKey: 'HUR', reportedAt: new Date('2024-10-20') });
    const viaOutlet = claim({ low: 12000, source: ['Ukrainian military intelligence (HUR)', 'Reuters'], sourceKey: 'HUR', reportedAt: new Date('2024-10-22') });
    const copy = { ...viaOutlet, id: viaOutlet.id + 1, articleId: viaOutlet.articleId + 1 };
    const otherFigure = claim({ low: 11000, sourceKey: 'HUR' });
    const figures = independentFigures([original, viaOutlet, copy, otherFigure]);
    expect(figures).toHaveLength(2);
    // The latest report of a repeated figure stands for it.
    expect(figures.find((f) => f.low === 12000)?.reportedAt).toEqual(new Date('2024-10-22'));
  });

  it('places a range at its geometric midpoint', () => {
    const [f] = independentFigures([claim({ low: 10000, high: 40000 })]);
    expect(f.value).toBeCloseTo(20000, 6);
  });

  it('counts an unknown or missing attribution as one unnamed source of its outlet', () => {
    const figures = independentFigures([
      claim({ low: 1, source: ['a month'], outlet: 'hostile.example' }), claim({ low: 2, source: ['statements', 'X'], outlet: 'hostile.example' }),
      claim({ low: 3, source: [], outlet: 'hostile.example' }), claim({ low: 4, source: [], outlet: 'other.example' }),
      claim({ low: 5, source: ['CNN'], sourceKey: 'cnn', outlet: 'hostile.example' }), claim({ low: 6, source: [], articleId: 2 }),
    ]);
    expect([...new Set(figures.map((f) => f.sourceKey))].sort()).toEqual(['cnn', 'unnamed:article:2', 'unnamed:hostile.example', 'unnamed:other.example']);
  });

  it('leaves out figures that cannot sit on a log scale', () => {
    expect(independentFigures([claim({ low: 0 }), claim({ low: 5, high: 2 }), claim({ low: Number.NaN })])).toEqual([]);
  });
});

describe('the consensus of seeds 000 to 003', () => {
  const c = computeConsensus(independentFigures(seedClaims(['000', '001', '002', '003'])), DEFAULT_CONSENSUS_SETTINGS, NOW)!;

  it('is about 11,000 troops, 10,000–12,000, from several sources', () => {
    expect(c.centre).toBeGreaterThan(10_500);
    expect(c.centre).toBeLessThan(11_500);
    expect(c.bandLow).toBe(10_000);
    expect(c.bandHigh).toBe(12_000);
    expect(c.sources).toBeGreaterThanOrEqual(3);
    // The four point figures and the two "up to" bounds, which agree.
    expect(c.figures).toBe(6);
    expect(c.sourceList).toEqual(['hur', 'nhk', 'nis', 'unnamed:article:3', 'us-dod']);
    expect(c.spreadLog10).toBeCloseTo(Math.log10(1.25), 10);
    expect(c.unit).toBe('persons');
  });

  it('with equal weights is the plain median of the log figures', () => {
    const flat = computeConsensus(independentFigures(seedClaims(['000', '001', '002', '003'])), { ...DEFAULT_CONSENSUS_SETTINGS, halfLifeDays: null }, NOW)!;
    // 10,000, 10,000, 12,000, 12,000: halfway in log, the geometric mean.
    expect(flat.centre).toBeCloseTo(Math.sqrt(10_000 * 12_000), 6);
  });

  it('does not let bounds move the centre', () => {
    const points = seedClaims(['000', '001', '002', '003']);
    const withBounds = [...points,
      claim({ low: 500_000, qualifier: 'up_to', sourceKey: 'A' }), claim({ low: 900_000, qualifier: 'up_to', sourceKey: 'B' }),
      claim({ low: 200_000, qualifier: 'at_least', sourceKey: 'C' })];
    const settings = { ...DEFAULT_CONSENSUS_SETTINGS, halfLifeDays: null };
    const a = computeConsensus(independentFigures(points), settings, NOW)!;
    const b = computeConsensus(independentFigures(withBounds), settings, NOW)!;
    expect(b.centre).toBeCloseTo(a.centre, 6);
    // Bounds this far off are not support either.
    expect(b.figures).toBe(a.figures);
  });

  it('is null without a point figure', () => {
    expect(computeConsensus(independentFigures([claim({ low: 12000, qualifier: 'up_to' })]), DEFAULT_CONSENSUS_SETTINGS, NOW)).toBeNull();
    expect(computeConsensus([], DEFAULT_CONSENSUS_SETTINGS, NOW)).toBeNull();
  });

  it('compares figures in one unit and period only', () => {
    const figures = independentFigures([
      claim({ low: 100, unit: 'USD', per: 'month', sourceKey: 'A' }), claim({ low: 110, unit: 'USD', per: 'month', sourceKey: 'B' }),
      claim({ low: 100_000, unit: 'KRW', per: 'month', sourceKey: 'C' }),
    ]);
    const c2 = computeConsensus(figures, DEFAULT_CONSENSUS_SETTINGS, NOW)!;
    expect(c2.unit).toBe('USD');
    expect(c2.centre).toBeCloseTo(Math.sqrt(100 * 110), 6);
    expect(c2.sources).toBe(2);
  });
});

describe('recency weighting', () => {
  const old = ['A', 'B', 'C'].map((k) => claim({ low: 10_000, sourceKey: k, reportedAt: new Date('2024-01-01') }));
  const recent = ['D', 'E', 'F'].map((k) => claim({ low: 20_000, sourceKey: k, reportedAt: new Date('2024-07-01') }));
  const figures = independentFigures([...old, ...recent]);
  const now = new Date('2024-07-02');

  it('moves the centre toward newer figures', () => {
    const flat = computeConsensus(figures, { ...DEFAULT_CONSENSUS_SETTINGS, halfLifeDays: null }, now)!;
    const weighted = computeConsensus(figures, DEFAULT_CONSENSUS_SETTINGS, now)!;
    expect(flat.centre).toBeCloseTo(Math.sqrt(10_000 * 20_000), 6);
    // Half a year on, the newer figures have the centre.
    expect(weighted.centre).toBeCloseTo(20_000, 6);
    // Ten days on, they nudge it.
    const nearly = independentFigures([...old, ...recent.map((c) => ({ ...c, reportedAt: new Date('2024-01-11') }))]);
    const nudged = computeConsensus(nearly, DEFAULT_CONSENSUS_SETTINGS, now)!;
    expect(nudged.centre).toBeGreaterThan(flat.centre * 1.05);
    expect(nudged.centre).toBeLessThan(19_000);
    // A shorter half-life moves it further.
    const fast = computeConsensus(nearly, { ...DEFAULT_CONSENSUS_SETTINGS, halfLifeDays: 10 }, now)!;
    expect(fast.centre).toBeGreaterThan(nudged.centre);
  });

  it('depends on how far apart figures are, not on when it is computed', () => {
    const a = computeConsensus(figures, DEFAULT_CONSENSUS_SETTINGS, now)!;
    const b = computeConsensus(figures, DEFAULT_CONSENSUS_SETTINGS, new Date('2026-01-01'))!;
    expect(b.centre).toBeCloseTo(a.centre, 6);
  });

  it('halves a weight every half-life', () => {
    expect(recencyWeight(new Date('2024-01-01'), new Date('2024-03-01'), 60)).toBeCloseTo(0.5, 10);
    expect(recencyWeight(new Date('2024-05-01'), new Date('2024-03-01'), 60)).toBe(1);
    expect(recencyWeight(new Date('2000-01-01'), new Date('2024-03-01'), null)).toBe(1);
  });
});
