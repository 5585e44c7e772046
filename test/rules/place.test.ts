// rules/place.ts: where a figure is. Each row is a sentence and the watch
// place its first counted figure is located in, or null: a place must follow
// a locative word (or, in Korean, Japanese and Chinese, carry its
// postposition), the most precise one after the noun wins, and money and
// goods are nowhere.
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/claims/rules/place.js';
import { firstReading, sourceSpans, watch } from '../helpers/rules.js';

function place(lang: string, text: string): string | null {
  const { p, fig, r } = firstReading(lang, text);
  return locate(p.c, watch, p.tokens, fig, r, sourceSpans(p));
}

describe('locate: the place a figure is in', () => {
  it.each([
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'Kursk Oblast'],
    ['en', 'About 11,000 North Korean troops are in Russia\'s Kursk region.', 'Kursk Oblast'],
    ['en', 'About 11,000 North Korean troops are in Russia, mostly in the Kursk region.', 'Kursk Oblast'],
    ['en', 'In the Kursk region, about 11,000 North Korean troops are fighting.', 'Kursk Oblast'],
    ['en', 'The first 1,500 North Korean soldiers arrived in Vladivostok.', 'Russian Far East'],
    ['de', 'Rund 11.000 nordkoreanische Soldaten sind in der Region Kursk.', 'Kursk Oblast'],
    ['fr', 'Quelque 11 000 soldats nord-coréens sont dans la région de Koursk.', 'Kursk Oblast'],
    ['es', 'Unos 11.000 soldados norcoreanos están en la región de Kursk.', 'Kursk Oblast'],
    ['ru', 'Около 11 тысяч северокорейских военных находятся в Курской области.', 'Kursk Oblast'],
    ['uk', 'Близько 11 тисяч північнокорейських військових перебувають на Донеччині.', 'Donetsk Oblast'],
    ['ko', '북한군 1만1000명이 쿠르스크에 있다.', 'Kursk Oblast'],
    ['ja', '北朝鮮兵1万1000人がクルスク州にいる。', 'Kursk Oblast'],
    ['zh', '1.1万名朝鲜士兵在库尔斯克。', 'Kursk Oblast'],
    ['pt', 'Cerca de 11 mil soldados norte-coreanos estão na região de Kursk.', 'Kursk Oblast'],
    ['it', 'Circa 11.000 soldati nordcoreani sono nella regione di Kursk.', 'Kursk Oblast'],
    ['pl', 'Około 11 tysięcy żołnierzy z Korei Północnej jest w obwodzie kurskim.', 'Kursk Oblast'],
    ['cs', 'Asi 11 tisíc severokorejských vojáků je v Kurské oblasti.', 'Kursk Oblast'],
    // No place: none after a locative word, or money and goods.
    ['en', 'About 11,000 North Korean troops arrived from Vladivostok.', null],
    ['en', 'About 11,000 North Korean troops are fighting, Kursk officials say.', null],
    ['en', 'Kursk is where 11,000 North Korean troops fight.', null],
    ['en', 'North Korea will receive $2,000 per soldier in Kursk.', null],
    ['en', 'Russia gave 670,000 tonnes of rice to North Korea for troops in Kursk.', null],
  ])('%s: %s', (lang, text, expected) => {
    expect(place(lang, text)).toBe(expected);
  });
});
