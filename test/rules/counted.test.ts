// rules/counted.ts: what a figure counts. Each row is a sentence and, for
// each figure in it, the watch measure it is read to count ("troops"), with
// how it was found when that is not the noun right after it ("/left": the
// noun before or in the sentence before; "/money", "/mass"), or null when it
// counts nothing the watch measures.
import { describe, expect, it } from 'vitest';
import { nounBefore, nounOf } from '../../src/claims/rules/counted.js';
import { parse, readAll } from '../helpers/rules.js';

const counted = (lang: string, text: string) =>
  readAll(parse(lang, text)).map(({ r }) => (r ? (r.via === 'noun' || r.via === 'predicate' ? r.measure : `${r.measure}/${r.via}`) : null));

describe('readFigure: the measure a figure counts', () => {
  it.each([
    // The noun after the figure, in the word order and inflection of each language.
    ['en', 'North Korea sent 500 officers and three generals to Russia.', ['officers', 'generals']],
    ['de', 'Nordkorea hat 11.000 Soldaten nach Russland geschickt.', ['troops']],
    ['es', 'Corea del Norte envió 500 oficiales y tres generales a Rusia.', ['officers', 'generals']],
    ['ru', 'КНДР отправила в Россию 11 тысяч военнослужащих.', ['troops']],
    ['uk', 'КНДР направила до Росії 500 офіцерів і трьох генералів.', ['officers', 'generals']],
    ['pt', 'A Coreia do Norte enviou 11 mil soldados para a Rússia.', ['troops']],
    ['pl', 'Korea Północna wysłała do Rosji 11 tysięcy żołnierzy.', ['troops']],
    ['cs', 'Severní Korea poslala do Ruska 11 tisíc vojáků.', ['troops']],
    ['zh', '朝鲜向俄罗斯派遣了1万名士兵。', ['troops']],
    ['en', 'Russia has set up 12 training bases for North Korean troops.', ['training_bases']],
    ['en', 'North Korea has sent 1,000 sappers and 5,000 military builders to Kursk.', ['troops', 'troops']],
    // The noun before a counter: each figure counts its own noun.
    ['ko', '장교 500명과 장성 3명이 러시아에 파견됐다.', ['officers', 'generals']],
    ['ja', '北朝鮮は兵士1万人をロシアに派遣した。', ['troops']],
    // Another party's word before a counted figure is whose they are, whatever noun follows.
    ['ko', '러시아군 3000명이 북한군과 함께 쿠르스크에서 싸우고 있다.', [null]],
    ['ko', '북한군 3000명이 러시아군과 함께 쿠르스크에서 싸우고 있다.', ['troops']],
    // The noun the figure is "of", "the number of" after it, the noun of the clause or the sentence before.
    ['en', 'A contingent of about 11,000 has been sent to Russia by North Korea.', ['troops']],
    ['fr', 'Le renseignement sud-coréen estime à 4 000 le nombre de militaires nord-coréens.', ['troops']],
    ['de', 'Laut Seoul sind 3.000 nordkoreanische Soldaten in Russland; 1.500 davon in Kursk.', ['troops', 'troops/left']],
    ['en', 'Seoul says North Korea will send around 12,000 troops. It says 1,500 have already been moved.', ['troops/left']],
    // Money and goods, when the sentence is about paying for the troops.
    ['en', 'North Korea will receive $2,000 per soldier each month from Russia.', ['compensation_cash/money']],
    ['fr', 'La Corée du Nord reçoit 2 000 dollars par soldat et par mois.', ['compensation_cash/money']],
    ['zh', '朝鲜每名士兵每月获得2000美元报酬。', ['compensation_cash/money']],
    ['en', 'Russia gave North Korea 670,000 tonnes of rice in exchange for troops.', ['compensation_rice/mass']],
    ['ru', 'Россия получит от КНДР 670 тысяч тонн риса.', ['compensation_rice/mass']],
    // Counts of nothing the watch measures.
    ['en', 'The company paid $250,000 in fines.', [null]],
    ['en', 'North Korea sent 10,000 fighter jets to Russia.', [null]],
    ['en', 'North Korean troops were seen with 20 tanks.', [null]],
    ['en', 'North Korea sent 84 people injured to Russia.', [null]],
  ])('%s: %s', (lang, text, expected) => {
    expect(counted(lang, text)).toEqual(expected);
  });
});

describe('nounBefore and nounOf: a noun before the figure', () => {
  it.each([
    ['ko', '북한군 약 1만 명이 러시아에 있다.', 'troops'],
    ['ko', '북한군 가운데 최소 100명이 숨졌다.', 'troops'],
    ['ja', '北朝鮮兵1万人がロシアにいる。', 'troops'],
    ['zh', '朝鲜派出士兵1.1万名。', 'troops'],
    ['en', 'North Korea has about 11,000 troops in Russia.', null],
  ])('nounBefore %s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    expect(nounBefore(p.c, p.tokens, p.figures[0])?.measure ?? null).toBe(expected);
  });

  it.each([
    ['en', 'North Korea sent a contingent of about 11,000 to Russia.', 'troops'],
    ['en', 'North Korea suffered casualties of 4,000 in Kursk.', 'casualties'],
    ['es', 'Corea del Norte envió un contingente de 11.000 a Rusia.', 'troops'],
    // Another party's contingent is not the story's.
    ['en', 'Ukraine sent a Ukrainian contingent of 11,000 to Kursk, where North Korea fights.', null],
    ['en', 'North Korea sent about 11,000 to Russia.', null],
  ])('nounOf %s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    expect(nounOf(p.c, p.tokens, p.figures[0])?.measure ?? null).toBe(expected);
  });
});
