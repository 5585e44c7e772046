// rules/units.ts: figures with a unit of their own (a share, a sum with
// decimals), which measure of the watch they belong to (the nearest context
// word), and whose they are (the party named nearest). Rows use the example
// watches of corpus/watches/examples, since the seed watch has no share.
// Also rules/dates.ts: a bare number before a letter is no time of day.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatch } from '../../src/claims/compile.js';
import { findDates } from '../../src/claims/rules/dates.js';
import { findFigures } from '../../src/claims/rules/figures.js';
import { findUnitFigures, nearestMeasure, ownedBySubject, readShare } from '../../src/claims/rules/units.js';
import { loadWatchFile, SHIPPED_WATCH_DIR, type Watch } from '../../src/claims/watch.js';
import { splitSentences } from '../../src/claims/text.js';
import { PUBLISHED, tokenizeFor, watch as seed } from '../helpers/rules.js';

const example = (id: string): Watch => loadWatchFile(join(SHIPPED_WATCH_DIR, 'examples', `${id}.yaml`));
const votes = example('afd-vote-share');
const brent = example('brent-crude-price');
const byId: Record<string, Watch> = { 'afd-vote-share': votes, 'brent-crude-price': brent, 'dprk-troops-russia': seed };

function parse(w: Watch, lang: string, text: string) {
  const c = compileWatch(w, lang);
  const [sentence] = splitSentences(text, lang, c.lex.abbreviations);
  const tokens = tokenizeFor(c, sentence.text, sentence.start);
  const { spans } = findDates(c, sentence, tokens, PUBLISHED);
  const counts = findFigures(sentence, tokens, c, spans);
  return { c, sentence, tokens, spans, counts, units: findUnitFigures(sentence, tokens, c, spans, counts) };
}

describe('findUnitFigures: shares and sums with decimals', () => {
  it.each([
    ['afd-vote-share', 'en', 'The AfD won 20.8 percent, the SPD 16.4% and the Greens 11.6 per cent.', [['20.8', 20.8, true], ['16.4', 16.4, true], ['11.6', 11.6, true]]],
    ['afd-vote-share', 'de', 'Die AfD kommt auf 20,8 Prozent, die Union auf 30 %.', [['20,8', 20.8, true], ['30', 30, true]]],
    ['afd-vote-share', 'fr', "L'AfD obtient 20,8\u00a0% des voix.", [['20,8', 20.8, true]]],
    ['afd-vote-share', 'es', 'La AfD obtuvo el 20,8 por ciento.', [['20,8', 20.8, true]]],
    // A change in points is no share; a count is the count rules'.
    ['afd-vote-share', 'en', 'The AfD gained 10.4 percentage points and 152 seats.', []],
    ['brent-crude-price', 'en', 'Brent rose 1.2% to $82.50 a barrel.', [['82.50', 82.5, false]]],
    ['brent-crude-price', 'de', 'Brent kostete 82,50 Dollar.', [['82,50', 82.5, false]]],
    // A magnitude after the number makes it the count rules' figure ("$1.5 billion").
    ['brent-crude-price', 'en', 'Brent producers earned $1.5 billion.', []],
    // Without a share measure, a percent is nothing.
    ['dprk-troops-russia', 'en', 'About 20.8 percent of North Korean troops were killed.', []],
  ])('%s %s: %s', (id, lang, text, expected) => {
    const { units } = parse(byId[id as string], lang as string, text as string);
    expect(units.map((f) => [f.text, f.low, f.share !== undefined])).toEqual(expected);
  });
});

describe('nearestMeasure: the money or share measure whose context stands nearest', () => {
  it.each([
    ['en', 'Brent rose to $82.50, above the $60 price cap.', ['brent', 'price_cap']],
    ['en', 'The price cap of $60 a barrel stays while Brent trades at $80.', ['price_cap', 'brent']],
    ['de', 'Der Preisdeckel von 60 Dollar gilt weiter, Brent notierte bei 80 Dollar.', ['price_cap', 'brent']],
  ])('%s: %s', (lang, text, expected) => {
    const { c, tokens, counts, units } = parse(brent, lang, text);
    const figures = [...counts, ...units].sort((x, y) => x.start - y.start);
    expect(figures.map((f) => nearestMeasure(c.moneyContext, tokens, f))).toEqual(expected);
  });
});

describe('readShare and ownedBySubject: whose share a figure is', () => {
  // Each figure of the sentence: its share measure when it is the subject's, else null.
  it.each([
    ['en', 'The CDU/CSU came first with 28.5%, while the AfD took 20.8% and the SPD 16.4%.', [null, 'vote_share', null]],
    ['en', 'The vote gave 20.8 percent to the AfD.', ['vote_share']],
    ['de', 'Laut Forsa kommt die AfD auf 21 Prozent, die Union auf 30 Prozent.', ['vote_share', null]],
    ['fr', "Selon un sondage, les Verts sont à 12 % et l'AfD à 21 %.", [null, 'vote_share']],
    // No party near the figure: the sentence's, when it names the subject alone.
    ['en', 'In the poll, 21 percent backed the AfD.', ['vote_share']],
    ['en', 'In the poll, 21 percent backed the SPD, the AfD said.', [null]],
  ])('%s: %s', (lang, text, expected) => {
    const { c, tokens, units } = parse(votes, lang, text);
    const read = units.map((f, i) => readShare(c, tokens, f, units[i - 1]?.tokEnd ?? 0, units[i + 1]?.tokStart ?? tokens.length)?.measure ?? null);
    expect(read).toEqual(expected);
  });

  it('owns a sum the same way: another crude named next to it is its own', () => {
    const { c, tokens, units } = parse(brent, 'en', 'Brent fell to $74.10, while WTI traded at $70.35.');
    expect(units.map((f, i) => ownedBySubject(c, tokens, f, units[i - 1]?.tokEnd ?? 0, units[i + 1]?.tokStart ?? tokens.length))).toEqual([true, false]);
  });
});

describe('findDates: a bare number before a letter is no time of day', () => {
  it.each([
    ['fr', 'La flotte compterait quelque 600 pétroliers.', []],
    ['es', 'La AfD obtendría alrededor del 21 por ciento.', []],
    ['en', 'The meeting ended at 10:30 with 600 people present.', ['at 10:30']],
    ['de', 'Um 10 Uhr meldete die Armee 600 Soldaten.', ['Um 10 Uhr']],
  ])('%s: %s', (lang, text, spans) => {
    const { sentence, spans: found } = parse(seed, lang, text);
    expect(found.map(([a, b]) => sentence.text.slice(a - sentence.start, b - sentence.start))).toEqual(spans);
  });
});
