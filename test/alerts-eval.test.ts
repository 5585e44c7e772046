// The alert-stream evaluation's scoring, on made-up streams and outcomes: what
// an operator would check of it. A wrong figure is a false alert and leaves
// the right one missed; a missing alert is missed; the score does not depend
// on which article of a departure arrived first.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETS, publicationOrder, readSet, readStream, score, scoreClaims, shuffledOrder,
  type ExpectedEvent, type Observation, type ObservedAlert, type ObservedClaim, type StreamArticle, type TaggedClaim,
} from '../eval/alerts-stream.js';
import { loadWatches } from '../src/claims/index.js';

function article(id: string, day: number, expect: ExpectedEvent[] = []): StreamArticle {
  return {
    id, published: new Date(Date.UTC(2025, 0, day)), url: `https://news${id}.example.org/${id}`, lang: 'en',
    kinds: ['test'], title: `Article ${id}`, text: 'Text.', expect, why: 'made up',
  };
}

let nextId = 1;
function alert(article: string | null, fields: Partial<ObservedAlert> = {}): ObservedAlert {
  return {
    id: nextId++, measure: 'troops', low: 30000, high: 30000, status: 'additional', qualifier: 'up_to',
    article, source: ['JCS'], evidence: 'evidence', held: false, corroborations: [], ...fields,
  };
}

function observed(alerts: ObservedAlert[]): Observation {
  return { alerts, claims: new Map(), stored: new Map() };
}

const upTo30k: ExpectedEvent = { event: 'raise', measure: 'troops', low: 30000, high: 30000, status: 'additional', qualifier: 'up_to' };
const corroborates30k: ExpectedEvent = { ...upTo30k, event: 'corroborate' };

describe('scoring an alert stream', () => {
  const stream = [
    article('a1', 1),
    article('a2', 2, [upTo30k]),
    article('a3', 3, [corroborates30k]),
    article('a4', 4, [{ event: 'raise', measure: 'casualties', low: 500, high: 500, qualifier: 'up_to' }]),
  ];

  it('counts the expected alerts raised as right, and the ones not raised as missed', () => {
    const s = score(stream, observed([
      alert('a2', { corroborations: [{ article: 'a3', source: 'hur' }] }),
    ]));
    expect(s.posted).toBe(1);
    expect(s.truePositives).toBe(1);
    expect(s.right.map((r) => r.alert.article)).toEqual(['a2']);
    expect(s.precision).toBe(1);
    expect(s.expected).toBe(2);
    expect(s.recall).toBe(0.5);
    expect(s.missed.map((m) => m.group.measure)).toEqual(['casualties']);
    expect(s.falseAlerts).toEqual([]);
    expect(s.corroborations).toMatchObject({ expected: 1, found: [{ article: 'a3' }], missing: [], unexpected: [] });
  });

  it('makes an alert with the wrong figure a false alert, and the right one missed', () => {
    // "30-thousand" read as 30: the alert says 30, the article said 30,000.
    const s = score(stream, observed([alert('a2', { low: 30, high: 30 })]));
    expect(s.truePositives).toBe(0);
    expect(s.precision).toBe(0);
    expect(s.falseAlerts).toHaveLength(1);
    expect(s.falseAlerts[0].reason).toMatch(/not the figure expected/);
    expect(s.missed.map((m) => `${m.group.measure}:${m.group.low}`).sort()).toEqual(['casualties:500', 'troops:30000']);
  });

  it('makes an alert saying another status than the article a false alert', () => {
    const s = score(stream, observed([alert('a2', { status: 'present' })]));
    expect(s.falseAlerts[0].reason).toMatch(/status or qualifier/);
    const missed = s.missed.find((m) => m.group.measure === 'troops')!;
    expect(missed.near.map((n) => n.status)).toEqual(['present']);
  });

  it('makes an alert from an article expected to raise nothing a false alert', () => {
    const s = score(stream, observed([alert('a1', { low: 80000, high: 80000, status: 'present', qualifier: 'exact' })]));
    expect(s.posted).toBe(1);
    expect(s.precision).toBe(0);
    expect(s.falseAlerts[0]).toMatchObject({ reason: 'the article should raise nothing', expected: [] });
  });

  it('scores the same whichever article of a departure arrived first', () => {
    // Publication order: a2 raises, a3 corroborates. Arrival order reversed: a3 raises, a2 corroborates.
    const inOrder = score(stream, observed([alert('a2', { corroborations: [{ article: 'a3', source: 'hur' }] })]));
    const reversed = score(stream, observed([alert('a3', { source: ['HUR'], corroborations: [{ article: 'a2', source: 'kr-jcs' }] })]));
    for (const s of [inOrder, reversed]) {
      expect([s.precision, s.recall, s.truePositives]).toEqual([1, 0.5, 1]);
      expect([s.corroborations.expected, s.corroborations.found.length, s.corroborations.unexpected.length]).toEqual([1, 1, 0]);
    }
  });

  it('makes a second alert for one departure a false alert', () => {
    const s = score(stream, observed([alert('a2'), alert('a3')]));
    expect(s.truePositives).toBe(1);
    expect(s.falseAlerts.map((f) => f.reason)).toEqual(['a second alert for a departure already raised']);
  });

  it('counts a held alert as found only where the expectation allows holding, and never as posted', () => {
    const heldOk = [article('h1', 1, [{ event: 'raise', measure: 'troops', low: 80000, high: 80000, held_ok: true }])];
    const found = score(heldOk, observed([alert('h1', { low: 80000, high: 80000, status: 'present', qualifier: 'exact', held: true })]));
    expect([found.posted, found.found, found.recall, found.precision]).toEqual([0, 1, 1, 1]);
    expect(found.held.matched).toHaveLength(1);

    const mustPost = score(stream, observed([alert('a2', { held: true })]));
    expect(mustPost.found).toBe(0);
    expect(mustPost.missed.find((m) => m.group.measure === 'troops')!.near).toHaveLength(1);

    const unexpected = score(stream, observed([alert('a1', { held: true })]));
    expect(unexpected.falseAlerts).toEqual([]);
    expect(unexpected.held.unexpected).toHaveLength(1);
  });

  it('expects a seed alert to be corroborated, not raised again, and a same-source repeat to add nothing', () => {
    const seedStory = [
      article('s1', 1, [{ event: 'corroborate', measure: 'troops', low: 25000, high: 30000, status: 'additional' }]),
      article('s2', 2, [{ event: 'repeat', measure: 'troops', low: 25000, high: 30000, status: 'additional' }]),
    ];
    const seedAlert = alert(null, { low: 25000, high: 30000, qualifier: 'exact' });
    const right = score(seedStory, observed([{ ...seedAlert, corroborations: [{ article: 's1', source: 'nis' }] }]));
    expect([right.posted, right.expected, right.precision, right.recall]).toEqual([0, 0, 1, 1]);
    expect(right.corroborations).toMatchObject({ expected: 1, found: [{ article: 's1' }], unexpected: [] });

    const wrong = score(seedStory, observed([{ ...seedAlert, corroborations: [{ article: 's2', source: 'hur' }] }]));
    expect(wrong.corroborations).toMatchObject({ found: [], missing: [{ article: 's1' }], unexpected: [{ article: 's2' }] });

    const raisedAgain = score(seedStory, observed([alert('s1', { low: 25000, high: 30000, qualifier: 'exact' })]));
    expect(raisedAgain.falseAlerts).toHaveLength(1);
    expect(raisedAgain.missingBaseline).toHaveLength(1);
  });
});

describe('arrival orders', () => {
  const stream = Array.from({ length: 30 }, (_, i) => article(`x${i + 1}`, 30 - i));

  it('sorts by publication date, and shuffles the same way for the same seed only', () => {
    expect(publicationOrder(stream).map((a) => a.id)).toEqual(stream.map((a) => a.id).reverse());
    const a = shuffledOrder(stream, 7).map((x) => x.id);
    expect(shuffledOrder(stream, 7).map((x) => x.id)).toEqual(a);
    expect(shuffledOrder(stream, 8).map((x) => x.id)).not.toEqual(a);
    expect([...a].sort()).toEqual(stream.map((x) => x.id).sort());
  });
});

describe('the evaluation set', () => {
  it('loads, and every expectation names a measure of the seed watch', () => {
    const set = readStream();
    expect(set.length).toBeGreaterThanOrEqual(80);
    const watch = loadWatches().find((w) => w.id === 'dprk-troops-russia')!;
    for (const a of set) for (const e of a.expect) expect(Object.keys(watch.measures)).toContain(e.measure);
  });

  it('refuses a file with a bad entry, naming the file and the article', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-alerts-eval-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), '- id: a001\n  published: not a date\n  url: https://x.example.org/a\n  lang: en\n  kinds: [x]\n  title: T\n  text: T\n  expect: []\n  why: w\n');
      expect(() => readStream(dir)).toThrow(/bad\.yaml: article a001: published: not a date-time/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the second set (issue 19), with a watch of its own', () => {
  it('loads with its watch, and every expectation and tagged claim names one of its measures', () => {
    const set = readSet(DEFAULT_SETS[1]);
    expect(set.watchFile).toMatch(/alerts-eval2\/watch\.yaml$/);
    expect(set.articles.length).toBeGreaterThanOrEqual(64);
    const perLang = (l: string) => set.articles.filter((a) => a.lang === l).length;
    expect(['de', 'es', 'fr'].filter((l) => perLang(l) >= 10).length).toBeGreaterThanOrEqual(2);
    const raises = set.articles.flatMap((a) => a.expect).filter((e) => e.event === 'raise');
    expect(raises.length).toBeGreaterThanOrEqual(8);
    expect(set.articles.every((a) => a.claims !== undefined)).toBe(true);
    // The seed story's set has no watch of its own: replayed after the seeds, with the shipped watch.
    expect(readSet(DEFAULT_SETS[0]).watchFile).toBeNull();
  });

  it('finds the watch beside a set\'s stream folder when given the stream folder itself', () => {
    expect(readSet(join(DEFAULT_SETS[1], 'stream')).watchFile).toMatch(/alerts-eval2\/watch\.yaml$/);
  });

  it('refuses a set whose expectation names a measure its watch does not have', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-alerts-eval2-'));
    try {
      mkdirSync(join(dir, 'stream'));
      copyFileSync(join(DEFAULT_SETS[1], 'watch.yaml'), join(dir, 'watch.yaml'));
      writeFileSync(join(dir, 'stream', 'one.yaml'), '- id: u001\n  published: 2024-01-01T00:00:00Z\n  url: https://x.example.org/a\n  lang: en\n  kinds: [x]\n  title: T\n  text: T\n  expect: [{event: raise, measure: troops, low: 10, high: 10}]\n  why: w\n');
      expect(() => readSet(dir)).toThrow(/article u001: measure troops is not in the set's watch/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scoring the claims of a stream', () => {
  const tag = (measure: string, low: number, high = low, optional?: boolean): TaggedClaim =>
    ({ measure, low, high, qualifier: 'exact', status: 'present', scope: 'total', ...(optional ? { optional } : {}) });
  const seen = (measure: string, low: number, high = low): ObservedClaim =>
    ({ measure, low, high, qualifier: 'exact', status: 'present', scope: 'total', source: [], evidence: 'e', confidence: 0.9 });
  const withClaims = (id: string, claims: TaggedClaim[]) => ({ ...article(id, 1), claims });

  it('counts found and missed tagged claims, right and wrong figures, and skips copies it never analysed', () => {
    const set = [
      withClaims('c1', [tag('killed', 8006), tag('injured', 13287), tag('killed', 461, 461, true)]),
      withClaims('c2', [tag('killed', 50000)]),
      withClaims('c3', [tag('killed', 8006)]),
    ];
    const obs: Observation = {
      alerts: [],
      // c1: 8,006 twice (headline and text: one report), 461 optional (neither side), 870,000 refugees wrong; injured missed.
      claims: new Map([['c1', [seen('killed', 8006), seen('killed', 8006), seen('killed', 461), seen('killed', 870000)]], ['c2', []]]),
      stored: new Map([['c1', { status: 'new', duplicateOf: null }], ['c2', { status: 'new', duplicateOf: null }], ['c3', { status: 'duplicate', duplicateOf: 'c1' }]]),
    };
    const s = scoreClaims(set, obs)!;
    expect(s.articles).toBe(2);
    expect(s.overall).toMatchObject({ found: 1, gold: 3, right: 1, reported: 2 });
    expect(s.perMeasure.killed).toMatchObject({ found: 1, gold: 2, precision: 0.5, recall: 0.5 });
    expect(s.perMeasure.injured).toMatchObject({ found: 0, gold: 1, recall: 0 });
    expect(s.misses.map((m) => `${m.article}:${m.claim.low}`)).toEqual(['c1:13287', 'c2:50000']);
    expect(s.falseClaims.map((f) => `${f.article}:${f.claim.low}`)).toEqual(['c1:870000']);
  });

  it('gives no claims score for a set that tags none', () => {
    expect(scoreClaims([article('n1', 1)], { alerts: [], claims: new Map(), stored: new Map([['n1', { status: 'new', duplicateOf: null }]]) })).toBeNull();
  });
});
