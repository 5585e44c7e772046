// rules/counted.ts, issue 19: bare figures whose noun is in the sentence
// before. A speaker gives only numbers ("Some say ten to twenty thousand. I
// think it is far more."), the noun and its loss words in the sentence
// before: read, with noun_from_context (which lowers its confidence). A
// figure too small or too loose to be a count is not carried across.
import { describe, expect, it } from 'vitest';
import { extractClaims, type Watch } from '../../src/claims/index.js';
import { tollWatch, watch } from '../helpers/rules.js';

const TITLES: Record<string, string> = { en: 'The war in Ukraine', de: 'Der Krieg in der Ukraine', fr: 'La guerre en Ukraine', es: 'La guerra en Ucrania' };

function bare(lang: string, text: string, w: Watch): string[] {
  const title = w === watch ? 'North Korean troops in Russia' : TITLES[lang];
  return extractClaims(text, w, { lang, title, published: '2025-03-10' }).claims
    .map((c) => `${c.measure} ${c.low}-${c.high}${c.flags.includes('noun_from_context') ? ' from context' : ''}`);
}

describe('bare figures read with the noun of the sentence before', () => {
  it.each<[string, string, 'seed' | 'toll', string[]]>([
    ['en', 'Nobody knows how many North Korean soldiers have died. Some say ten to twenty thousand. I think it is far more.', 'seed', ['casualties 10000-20000 from context']],
    ['en', 'Nobody knows how many North Korean soldiers have been killed or wounded. Some say 10,000 to 20,000.', 'seed', ['casualties 10000-20000 from context']],
    ['fr', 'Personne ne sait combien de soldats nord-coréens ont été tués ou blessés. Certains parlent de dix à vingt mille.', 'seed', ['casualties 10000-20000 from context']],
    ['de', 'Niemand weiß, wie viele nordkoreanische Soldaten getötet oder verwundet wurden. Manche sprechen von 10.000 bis 20.000.', 'seed', ['casualties 10000-20000 from context']],
    ['en', 'Nobody knows how many Ukrainian civilians have died. Some say ten to twenty thousand. I think it is far more.', 'toll', ['killed 10000-20000 from context']],
    ['fr', 'Personne ne sait combien de civils ukrainiens ont été tués. Certains parlent de dix à vingt mille.', 'toll', ['killed 10000-20000 from context']],
    // Negatives: too small to be a count, too loose, a noun that is no group named before.
    ['en', 'Nobody knows how many North Korean soldiers have died. Some say five.', 'seed', []],
    ['en', 'North Korean soldiers fight in Kursk. Some say in the low hundreds.', 'seed', []],
    ['en', 'Ukrainian officials are worried. Some say ten to twenty thousand.', 'toll', []],
  ])('%s: %s', (lang, text, which, expected) => {
    expect(bare(lang, text, which === 'seed' ? watch : tollWatch)).toEqual(expected);
  });
});
