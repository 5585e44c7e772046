// rules/scope.ts: whether a figure is the whole or a part. The first table
// reads a sentence and says, for each counted figure, whether its own words
// make it a part; the second gives the claims of an article (measure,
// figure, qualifier, place, sentence) and says which a larger figure close
// by makes a part.
import { describe, expect, it } from 'vitest';
import { followedByPart, markParts, partByOwnWords } from '../../src/claims/rules/scope.js';
import type { Draft } from '../../src/claims/rules/types.js';
import { headAfter, parse, readAll, watch } from '../helpers/rules.js';

describe('partByOwnWords: a part by the figure\'s own words', () => {
  it.each([
    ['en', 'North Korea sent 500 officers to Russia.', ['officers part']],
    ['en', 'The first 1,500 North Korean soldiers arrived in Vladivostok.', ['troops part']],
    ['en', 'North Korea sent 1,500 special forces to train in eastern Russia.', ['troops part']],
    ['en', 'North Korea sent 5,000 troops for the first group.', ['troops part']],
    ['en', 'North Korea has sent 5,000 military builders to Kursk.', ['troops part']],
    ['en', 'North Korea sent 10,000 troops; 4,000 of those soldiers are in Kursk.', ['troops whole', 'troops part']],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', ['troops whole']],
    // The killed alone are a part of the losses; killed or wounded are all of them, whatever "of them" says.
    ['en', 'About 300 North Korean soldiers were killed in Kursk.', ['casualties part']],
    ['en', 'About 4,000 North Korean soldiers were killed or wounded in Kursk.', ['casualties whole']],
    ['en', 'North Korea sent 10,000 troops; 4,000 of them were killed or wounded.', ['troops whole', 'casualties whole']],
    ['de', 'Darunter seien auch 500 nordkoreanische Soldaten.', ['troops part']],
    ['de', 'Nordkorea hat 11.000 Soldaten nach Russland geschickt.', ['troops whole']],
    ['fr', 'Dont 500 soldats nord-coréens en Russie.', ['troops part']],
    ['ru', 'Около 300 северокорейских военных погибли.', ['casualties part']],
    ['pt', 'Cerca de 300 soldados norte-coreanos morreram.', ['casualties part']],
    ['it', 'Circa 300 soldati nordcoreani sono morti e feriti.', ['casualties whole']],
    ['ko', '장교 500명과 장성 3명이 러시아에 파견됐다.', ['officers part', 'generals part']],
  ])('%s: %s', (lang, text, expected) => {
    const found = readAll(parse(lang, text)).flatMap(({ r, a }) => (r && a ? [`${r.measure} ${partByOwnWords(watch.measures[r.measure], r, a) ? 'part' : 'whole'}`] : []));
    expect(found).toEqual(expected);
  });

  it.each([
    ['en', 'North Korea sent 1,500 special forces to train in eastern Russia.', true],
    ['en', 'North Korea lost 300 soldiers in a single day near Kursk.', true],
    ['en', 'North Korea sent 1,500 special forces, and they train in eastern Russia.', false],
    ['de', 'Nordkorea schickte 1.500 Soldaten zur Ausbildung nach Russland.', true],
    ['fr', 'La Corée du Nord a envoyé 1 500 soldats pour s\'entraîner en Russie.', true],
    ['es', 'Corea del Norte envió 1.500 soldados para entrenar en Rusia.', true],
  ])('followedByPart %s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    const head = headAfter(p, p.figures[0]);
    expect(followedByPart(p.c, p.tokens, head!.end)).toBe(expected);
  });
});

type Row = [measure: string, low: number, high: number, more?: Partial<Draft>];

function draft([measure, low, high, more]: Row, i: number): Draft {
  return {
    measure, low, high, unit: 'persons', per: null, qualifier: 'exact', status: 'present', scope: 'total',
    source: [], sourceKey: null, location: null, asOf: null, evidence: { sentence: '', start: 0, end: 0 },
    confidence: 1, flags: [], sentenceIndex: i, paragraph: 0, figStart: 0,
    subsetFromText: false, totalFromText: false, statusFromCue: true, sourceFrom: 'sentence', ...more,
  };
}

describe('markParts: a figure much smaller than another close by is a part of it', () => {
  it.each<[string, Row[], string[]]>([
    ['a third or less of a whole', [['troops', 12000, 12000], ['troops', 1500, 1500]], ['total', 'subset']],
    ['not much smaller', [['troops', 12000, 12000], ['troops', 8000, 8000]], ['total', 'total']],
    ['in a region after a larger figure in the country', [['troops', 10000, 10000, { location: 'Russia' }], ['troops', 8000, 8000, { location: 'Kursk Oblast' }]], ['total', 'subset']],
    ['a ceiling is no whole', [['troops', 100000, 100000, { qualifier: 'up_to' }], ['troops', 12000, 12000]], ['total', 'total']],
    ['a bound speaks of the whole', [['troops', 12000, 12000], ['troops', 1000, 1000, { qualifier: 'at_least' }]], ['total', 'total']],
    ['a vague figure is no whole', [['troops', 20000, 90000, { qualifier: 'vague' }], ['troops', 1500, 1500]], ['total', 'total']],
    ['more on top is not a part', [['troops', 12000, 12000], ['troops', 1500, 1500, { status: 'additional' }]], ['total', 'total']],
    ['"a total of" keeps it whole', [['troops', 12000, 12000], ['troops', 1500, 1500, { totalFromText: true }]], ['total', 'total']],
    ['another measure', [['troops', 12000, 12000], ['casualties', 1500, 1500]], ['total', 'total']],
    ['far away in the article', [['troops', 12000, 12000], ['troops', 1500, 1500, { sentenceIndex: 9, paragraph: 4 }]], ['total', 'total']],
  ])('%s', (_name, rows, expected) => {
    const drafts = rows.map(draft);
    markParts(drafts, watch);
    expect(drafts.map((d) => d.scope)).toEqual(expected);
  });
});
