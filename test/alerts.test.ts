// The departure rule on the schema's example: against the consensus of seeds
// 000 to 003 (about 11,000 troops), seed 004's additional 25,000–30,000
// departs, and 10,000, 11,000, 12,000 or 15,000 do not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertKey, checkDeparture, explainAlert, type DepartureClaim } from '../src/alerts/departure.js';
import { computeConsensus, independentFigures, type ClaimFields, type Consensus } from '../src/consensus/consensus.js';
import { DEFAULT_CONSENSUS_SETTINGS as S } from '../src/consensus/settings.js';
import { ORIGINATORS } from './helpers/corpus.js';

interface GoldClaim extends Omit<ClaimFields, 'id' | 'articleId' | 'sourceKey' | 'reportedAt'> {
  evidence: { quote: string };
}
const gold = JSON.parse(readFileSync(new URL('../corpus/seed-claims.json', import.meta.url), 'utf8')) as {
  articles: { file: string; title: string; published: string; claims: GoldClaim[] }[];
};


function seedClaims(prefixes: string[]): (ClaimFields & { evidenceSentence: string })[] {
  return gold.articles.flatMap((a, articleId) => prefixes.some((p) => a.file.startsWith(p))
    ? a.claims.filter((c) => c.measure === 'troops').map((c, i) => ({
      ...c, id: articleId * 100 + i, articleId, sourceKey: ORIGINATORS[c.source[0]] ?? null,
      reportedAt: new Date(`${a.published}T12:00:00Z`), evidenceSentence: c.evidence.quote,
    }))
    : []);
}

const NOW = new Date('2025-07-03T12:00:00Z');
const consensus = computeConsensus(independentFigures(seedClaims(['000', '001', '002', '003'])), S, NOW)!;
const seed004 = seedClaims(['004']).find((c) => c.status === 'additional')!;

const point = (low: number, more: Partial<DepartureClaim> = {}): DepartureClaim => ({
  low, high: low, unit: 'persons', per: null, qualifier: 'exact', status: 'present', scope: 'total', ...more,
});

describe('departure from the consensus of seeds 000 to 003', () => {
  it('fires for seed 004’s additional 25,000–30,000', () => {
    expect([seed004.low, seed004.high, seed004.status]).toEqual([25000, 30000, 'additional']);
    const d = checkDeparture(seed004, consensus, S);
    expect(d).not.toBeNull();
    expect(d!.direction).toBe('above');
    // Held against the consensus as if added: about 11,000 + 25,000–30,000.
    expect(d!.comparedLow).toBeCloseTo(consensus.centre + 25_000, 6);
    expect(d!.comparedHigh).toBeCloseTo(consensus.centre + 30_000, 6);
    expect(d!.ratio).toBeGreaterThan(3);
    expect(d!.ratio).toBeLessThan(4);
    expect(d!.distanceSpreads).toBeGreaterThan(S.maxSpreads);
  });

  it('does not fire for 10,000, 11,000, 12,000 or 15,000', () => {
    for (const n of [10_000, 11_000, 12_000, 15_000]) {
      for (const qualifier of ['exact', 'approx']) {
        for (const status of ['present', 'planned']) {
          expect(checkDeparture(point(n, { qualifier, status }), consensus, S), `${n} ${qualifier} ${status}`).toBeNull();
        }
      }
    }
    expect(checkDeparture(point(10_000, { high: 12_000 }), consensus, S)).toBeNull();
  });

  it('fires for figures far off either way', () => {
    expect(checkDeparture(point(40_000), consensus, S)?.direction).toBe('above');
    expect(checkDeparture(point(3_000), consensus, S)?.direction).toBe('below');
    expect(checkDeparture(point(60_000, { status: 'planned', qualifier: 'approx' }), consensus, S)?.direction).toBe('above');
  });

  it('lets "up to" depart both ways and "at least" only above', () => {
    expect(checkDeparture(point(3_000, { qualifier: 'up_to' }), consensus, S)?.direction).toBe('below');
    expect(checkDeparture(point(100_000, { qualifier: 'up_to' }), consensus, S)?.direction).toBe('above');
    // "up to 30,000 additional soldiers": about 11,000 + 30,000.
    expect(checkDeparture(point(30_000, { qualifier: 'up_to', status: 'additional' }), consensus, S)?.direction).toBe('above');
    expect(checkDeparture(point(15_000, { qualifier: 'up_to' }), consensus, S)).toBeNull();
    expect(checkDeparture(point(40_000, { qualifier: 'at_least' }), consensus, S)?.direction).toBe('above');
    expect(checkDeparture(point(1_000, { qualifier: 'at_least' }), consensus, S)).toBeNull();
  });

  it('lets a vague figure depart only when all of its range does', () => {
    // "tens of thousands": 20,000 is within reach of 11,000.
    expect(checkDeparture(point(20_000, { qualifier: 'vague', high: 90_000 }), consensus, S)).toBeNull();
    expect(checkDeparture(point(50_000, { qualifier: 'vague', high: 90_000 }), consensus, S)?.direction).toBe('above');
  });

  it('never fires for a subset', () => {
    for (const n of [30, 1_500, 100_000]) {
      for (const status of ['present', 'planned', 'additional']) {
        expect(checkDeparture(point(n, { scope: 'subset', status }), consensus, S)).toBeNull();
      }
    }
  });

  it('holds an additional figure against the consensus as if added', () => {
    // 1,000 more on top of about 11,000 is no news; 40,000 more is.
    expect(checkDeparture(point(1_000, { status: 'additional' }), consensus, S)).toBeNull();
    expect(checkDeparture(point(40_000, { status: 'additional' }), consensus, S)?.direction).toBe('above');
  });

  it('never fires against a consensus of fewer than 3 sources', () => {
    const two = computeConsensus(independentFigures(seedClaims(['000']).filter((c) => c.qualifier !== 'up_to')), S, NOW)!;
    expect(two.sources).toBe(2);
    expect(checkDeparture(point(100_000), two, S)).toBeNull();
    expect(checkDeparture(seed004, two, S)).toBeNull();
    expect(checkDeparture(point(100_000), two, { ...S, minSources: 2 })).not.toBeNull();
  });

  it('does not compare figures in another unit or period', () => {
    expect(checkDeparture(point(100_000, { unit: 'tonnes' }), consensus, S)).toBeNull();
    expect(checkDeparture(point(100_000, { per: 'year' }), consensus, S)).toBeNull();
  });

  it('follows its thresholds', () => {
    // 20,000 is about 1.8 times the centre, 2.7 spreads away.
    expect(checkDeparture(point(20_000), consensus, S)).toBeNull();
    expect(checkDeparture(point(20_000), consensus, { ...S, maxSpreads: 2 })).not.toBeNull();
    expect(checkDeparture(point(20_000), consensus, { ...S, maxSpreads: 2, minRatio: 2 })).toBeNull();
  });
});

describe('the alert', () => {
  it('is keyed by measure, status and figure', () => {
    expect(alertKey(seed004)).toBe('troops:additional:25000-30000');
    expect(alertKey({ measure: 'troops', status: 'present', low: 40000, high: 40000 })).toBe('troops:present:40000');
  });

  it('says what departed, from what, by how much, and where to read it', () => {
    const departure = checkDeparture(seed004, consensus, S)!;
    const text = explainAlert({
      claim: seed004, consensus, departure,
      article: { url: 'https://news.example/north-korea-triple', title: 'North Korea reportedly preparing to triple troops fighting for Russia' },
    });
    expect(text).not.toMatch(/\n/);
    expect(text).toContain('troops');
    expect(text).toContain('additional 25,000–30,000 persons');
    expect(text).toContain('according to Ukrainian defence intelligence (HUR), via CNN');
    expect(text).toContain('about 11,000');
    expect(text).toContain('band 10,000–12,000');
    expect(text).toContain(`${consensus.figures} figures from ${consensus.sources} independent sources`);
    expect(text).toContain('hur, nhk, nis');
    expect(text).toMatch(/\d\.\d times the consensus \(\d\.\d spreads above\)/);
    expect(text).toContain(seed004.evidenceSentence);
    expect(text).toContain('https://news.example/north-korea-triple');
  });

  it('reads for a figure below the consensus, with no source named', () => {
    const claim = { ...point(2_000, { qualifier: 'up_to' }), measure: 'troops', source: [], evidenceSentence: 'Up to 2,000\n soldiers.' };
    const departure = checkDeparture(claim, consensus as Consensus, S)!;
    const text = explainAlert({ claim, consensus, departure, article: { url: 'https://x.example/a' } });
    expect(text).toContain('up to 2,000 persons, with no source named');
    expect(text).toContain('The figure is an upper bound');
    expect(text).toMatch(/times below the consensus/);
    expect(text).toContain('“Up to 2,000 soldiers.”');
  });
});
