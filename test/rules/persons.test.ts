// Person figures and a measure's excludes (rules/counted.ts personLosses and
// excludedBy). A figure followed by one of the language pack's person nouns
// ("300 people", "30 civilians", "Menschen", "personnes", "personas") is a
// person figure: a loss measure without `lossesOf` takes it through its loss
// words after it ("were killed") or before it ("killed", "a death toll of"),
// unless the words its measure excludes are bound to it ("were injured",
// "killed or injured", "missing"). Each row is a sentence and what each of
// its figures is read as (the measure, or null). The watch is the casualty
// toll example (corpus/watches/examples/earthquake-toll.yaml), or an inline
// one for the languages it does not list; the seed watch's bystanders and
// lossesOf keep its rows as they were.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWatchFile, parseWatch, SHIPPED_WATCH_DIR, type Watch } from '../../src/claims/watch.js';
import { parse, readAll } from '../helpers/rules.js';

const toll = loadWatchFile(join(SHIPPED_WATCH_DIR, 'examples', 'earthquake-toll.yaml'));
// Only loss words, in languages the example does not list: the person nouns are the packs'.
const other = parseWatch({
  id: 'toll-other', name: 'A toll', languages: ['it', 'pt', 'ru', 'pl'],
  subject: { it: ['terremoto'], pt: ['terremoto'], ru: ['землетрясение'], pl: ['trzęsienie ziemi'] },
  measures: {
    deaths: {
      unit: 'persons', nouns: { it: ['morti'], pt: ['mortos'], ru: ['погибший'], pl: ['zabity'] },
      predicates: { it: ['mort*', 'uccis*'], pt: ['mort*', 'morreram'], ru: ['погиб*'], pl: ['zgin*'] },
      excludes: { it: ['ferit*', 'dispers*'], pt: ['ferid*', 'desaparecid*'], ru: ['ранен*', 'пропа*'], pl: ['rann*'] },
    },
  },
});

const readings = (w: Watch, lang: string, text: string) => readAll(parse(lang, text, undefined, w)).map(({ r }) => r?.measure ?? null);

describe('person figures: a loss measure without lossesOf reads "N people were killed"', () => {
  it.each<[string, string, (string | null)[]]>([
    ['en', '300 people were killed in the earthquake.', ['deaths']],
    ['en', 'The earthquake killed 30 civilians.', ['deaths']],
    ['en', 'The earthquake killed 300 people and injured 1,500 others.', ['deaths', 'injured']],
    ['en', '12 people were killed and 40 injured in the earthquake.', ['deaths', 'injured']],
    ['en', 'A death toll of 300 was reported after the earthquake.', ['deaths']],
    ['en', 'In the earthquake, 40 people were injured.', ['injured']],
    ['en', 'The earthquake left 150,000 people homeless.', ['displaced']],
    // No loss word, or one another clause holds: no figure of the toll.
    ['en', 'Some 300 people gathered in the square after the earthquake.', [null]],
    ['en', 'The earthquake hit a town of 25,000 residents.', [null]],
    ['de', '300 Menschen wurden bei dem Erdbeben getötet.', ['deaths']],
    ['de', 'Bei dem Erdbeben wurden 1.200 Menschen verletzt.', ['injured']],
    ['de', 'Rund 300 Menschen versammelten sich nach dem Erdbeben.', [null]],
    ['fr', 'Au moins 300 personnes ont été tuées dans le séisme.', ['deaths']],
    ['fr', 'Le séisme a tué 30 civils.', ['deaths']],
    ['fr', 'Quelque 1 200 personnes ont été blessées par le séisme.', ['injured']],
    ['fr', 'Quelque 300 personnes ont manifesté après le séisme.', [null]],
    ['es', 'Al menos 300 personas murieron en el terremoto.', ['deaths']],
    ['es', 'El terremoto mató a 30 civiles.', ['deaths']],
    ['es', 'El terremoto dejó 1.200 personas heridas.', ['injured']],
    ['es', 'Unas 300 personas se reunieron tras el terremoto.', [null]],
  ])('%s: %s', (lang, text, expected) => {
    expect(readings(toll, lang, text)).toEqual(expected);
  });

  it.each<[string, string, (string | null)[]]>([
    // The loss word right before the figure's phrase: "sono morte 300 persone".
    ['it', 'Nel terremoto sono morte 300 persone.', ['deaths']],
    ['it', '300 persone sono morte nel terremoto.', ['deaths']],
    ['pt', '300 pessoas morreram no terremoto.', ['deaths']],
    ['ru', 'При землетрясении 300 человек погибли.', ['deaths']],
    ['pl', 'W trzęsieniu ziemi 300 osób zginęło.', ['deaths']],
    // Excluded: the injured and the missing.
    ['it', '300 persone sono rimaste ferite nel terremoto.', [null]],
    ['pt', '300 pessoas ficaram feridas no terremoto.', [null]],
    ['ru', 'При землетрясении 300 человек были ранены.', [null]],
  ])('with a watch of loss words alone, %s: %s', (lang, text, expected) => {
    expect(readings(other, lang, text)).toEqual(expected);
  });

  it('leaves the seed story as it was: its losses are the troops\' (lossesOf), people are its bystanders', () => {
    const seed = loadWatchFile(join(SHIPPED_WATCH_DIR, 'dprk-troops-russia.yaml'));
    expect(readings(seed, 'en', 'In Kursk, 300 people were killed by North Korean shelling.')).toEqual([null]);
    expect(readings(seed, 'de', '300 Menschen wurden getötet, sagte der Gouverneur.')).toEqual([null]);
    // An aside with a loss word of its own is no aside: "killed" is the rest's, not the 11,000's.
    expect(readings(seed, 'en', 'Kyiv believes about 8,000 North Korean troops remain in the region, down from more than 11,000 at the start of the deployment, with the rest killed, wounded or captured.'))
      .toEqual(['troops', 'troops']);
  });
});

// A toll watch as a newcomer writes it: loss words only, no excludes, other parties named, the
// measure counting anyone's dead (anyParty).
const newcomer = (anyParty: boolean) => parseWatch({
  id: 'newcomer', name: 'A war', languages: ['en'], subject: { en: ['the war', 'ruritania'] }, otherParties: { en: ['eritrean*'] },
  measures: {
    deaths: { unit: 'persons', minimum: 10, anyParty, nouns: { en: ['dead', 'deaths'] }, predicates: { en: ['killed', 'died'] }, before: { en: ['killed', 'death toll'] } },
    displaced: { unit: 'persons', minimum: 10, nouns: { en: ['displaced'] }, predicates: { en: ['displaced', 'forced from their homes'] } },
  },
  scope: { subset: { following: { en: ['of hunger'] } } },
});

describe('a loss measure as a newcomer writes it', () => {
  it.each<[string, (string | null)[]]>([
    // The pack's words for other losses (wounded, missing, captured) are no deaths, whatever the watch lists.
    ['An air strike in the war killed 56 people and wounded at least 30 others.', ['deaths', null]],
    ['In the war the army said it had killed 5,600 fighters and captured 2,300.', ['deaths', null]],
    // A bare figure with its loss word: anyone's dead, no need to name whose.
    ['Researchers say that between 50,000 and 100,000 were killed in the fighting.', ['deaths']],
    // The loss word of one clause is not the next clause's.
    ['The war killed tens of thousands of people and pushed hundreds of thousands into hunger.', ['deaths', null]],
    // Past an aside closed by a comma to the loss word.
    ['In the war at least 600 civilians, most of them labourers, were killed by militiamen.', ['deaths']],
    // People and a loss word as a bare figure's noun.
    ['In the war, the number of people forced from their homes has risen to 1.7 million.', ['displaced']],
    // A scope cue after a bare figure says which part.
    ['The war killed 600,000 people, including 150,000 to 200,000 of hunger.', ['deaths', 'deaths']],
  ])('%s', (text, expected) => {
    expect(readings(newcomer(true), 'en', text)).toEqual(expected);
  });

  it('counts another party\'s people only for a measure of anyone\'s (anyParty)', () => {
    const text = 'In the war, Tigrayan forces killed 1,700 Eritrean soldiers in a week.';
    expect(readings(newcomer(true), 'en', text)).toEqual(['deaths']);
    expect(readings(newcomer(false), 'en', text)).toEqual([null]);
  });
});

describe('excludes: figures the watch says are not the measure', () => {
  it.each<[string, string, (string | null)[]]>([
    ['en', 'At least 80 people were killed or injured in the earthquake.', [null]],
    ['en', 'About 200 people are still missing after the earthquake.', [null]],
    ['en', 'The earthquake left 300 dead and 200 missing.', ['deaths', null]],
    // A word of another clause is not bound: "injured" after "and" belongs to the next figure.
    ['en', 'The earthquake killed 300 people and injured 40.', ['deaths', 'injured']],
    ['de', 'Nach dem Erdbeben werden noch 200 Menschen vermisst.', [null]],
    ['fr', 'Après le séisme, 200 personnes sont toujours portées disparues.', [null]],
    ['es', 'Tras el terremoto, 200 personas siguen desaparecidas.', [null]],
  ])('%s: %s', (lang, text, expected) => {
    expect(readings(toll, lang, text)).toEqual(expected);
  });

  it('is checked when the watch loads: a word both excluded and the measure\'s own is an error', () => {
    const raw = { id: 'x', name: 'X', languages: ['en'], measures: { deaths: { unit: 'persons', nouns: { en: ['dead'] }, predicates: { en: ['killed'] }, excludes: { en: ['injured', 'killed'] } } } };
    expect(() => parseWatch(raw, 'x.yaml')).toThrow('x.yaml: measures.deaths.excludes.en: "killed" is one of the measure\'s own words too');
  });
});
