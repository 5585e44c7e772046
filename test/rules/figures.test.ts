// rules/figures.ts: which numbers of a sentence are figures. Each row is a
// sentence and the figures found in it, written "low" or "low-high", with "~"
// for a vague amount; dates, years, times, ordinals, identifiers, shares,
// durations and page numbers must not be among them.
import { describe, expect, it } from 'vitest';
import { hasNumberWord } from '../../src/claims/rules/figures.js';
import { parse } from '../helpers/rules.js';

const figures = (lang: string, text: string) =>
  parse(lang, text).figures.map((f) => `${f.vague ? '~' : ''}${f.low === f.high ? f.low : `${f.low}-${f.high}`}`);

describe('findFigures: the numbers that are figures', () => {
  it.each([
    // Plain counts and magnitudes in every language's own writing.
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', ['11000']],
    ['en', 'Eleven thousand North Korean troops are in Kursk.', ['11000']],
    ['en', 'Seoul says North Korea has 1.2 million soldiers.', ['1200000']],
    ['ru', 'Около 12 тыс. военнослужащих КНДР находятся в Курской области.', ['12000']],
    ['ru', 'Десять тысяч северокорейских солдат прибыли в Россию.', ['10000']],
    ['ko', '북한군 1만 1천 명이 러시아에 도착했다.', ['11000']],
    ['ja', '北朝鮮兵1万1千人がロシアに到着した。', ['11000']],
    ['zh', '1.1万名朝鲜士兵抵达俄罗斯。', ['11000']],
    ['pt', 'Cerca de 11 mil soldados norte-coreanos chegaram à Rússia.', ['11000']],
    ['it', 'Circa 11 mila soldati nordcoreani sono arrivati in Russia.', ['11000']],
    ['pl', 'W Rosji jest 11 000 północnokoreańskich żołnierzy.', ['11000']],
    ['cs', 'Sedm set severokorejských vojáků padlo v Kurské oblasti.', ['700']],
    // Ranges are one figure; a change ("from 3,000 to 10,000") is two.
    ['en', 'Between 10,000 and 12,000 North Korean soldiers are in Russia.', ['10000-12000']],
    ['en', 'North Korea sent 25-30 thousand troops, up from 3,000 to 10,000 in October.', ['25000-30000', '3000', '10000']],
    ['de', 'Zwischen 10.000 und 12.000 nordkoreanische Soldaten sind in Russland.', ['10000-12000']],
    ['fr', 'Entre 10 000 et 12 000 soldats nord-coréens sont en Russie.', ['10000-12000']],
    ['es', 'Entre 10.000 y 12.000 soldados norcoreanos están en Rusia.', ['10000-12000']],
    ['ru', 'От 25 до 30 тысяч северокорейских военных могут быть отправлены в Россию к 2025 году.', ['25000-30000']],
    ['uk', 'Від 10 до 12 тисяч північнокорейських військових воюють на Курщині.', ['10000-12000']],
    ['it', 'Tra 10.000 e 12.000 soldati nordcoreani combattono a Kursk.', ['10000-12000']],
    ['pt', 'Entre 10 mil e 12 mil soldados norte-coreanos combatem em Kursk.', ['10000-12000']],
    ['pl', 'Od 10 do 12 tysięcy żołnierzy KRLD walczy w Rosji.', ['10000-12000']],
    // Vague amounts.
    ['en', 'Tens of thousands of North Korean troops are in Russia.', ['~20000-90000']],
    ['ko', '북한군 수천 명이 러시아에 있다.', ['~2000-9000']],
    // Not figures: dates, ordinals, times, identifiers, years, shares, durations, pages, list numbers.
    ['en', 'The Su-34 and KN-23 missiles hit 170mm guns of the 76th brigade.', []],
    ['en', 'The jets struck at 10:00 on 4 November, when 1,500 North Korean soldiers were in Kursk.', ['1500']],
    ['en', 'About 1,500 North Korean troops, or 5% of the force, arrived on Oct. 24, 2024.', ['1500']],
    ['en', 'Officials said 1,500 North Korean troops were seen on page 4 of the report, after 24 hours.', ['1500']],
    ['en', 'Some 11,000 North Korean troops are in units formed in 1950-53.', ['11000']],
    ['en', '1. Zelensky: 12,000 North Korean soldiers are in Kursk.', ['12000']],
    ['de', 'Am 22. Oktober trafen rund 3.000 nordkoreanische Soldaten ein, 1,5 Prozent der Armee.', ['3000']],
    ['fr', 'Quelque 3 000 soldats nord-coréens sont arrivés le 22 octobre 2024, soit 2,5 % des troupes.', ['3000']],
    ['es', 'El 3 de noviembre llegaron unos 3.000 soldados norcoreanos a Vladivostok.', ['3000']],
    ['ru', 'В 2024 году в Россию прибыли 2000 солдат КНДР.', ['2000']],
    ['it', 'Nel 2024 la Corea del Nord ha inviato 11.000 soldati nordcoreani.', ['11000']],
    ['pt', 'Em 2024, a Coreia do Norte enviou 11 mil soldados para a Rússia.', ['11000']],
    ['ru', 'Су-34 и 11 тысяч северокорейских военных.', ['11000']],
    ['uk', 'Близько 12 тисяч військових КНДР перебувають у Курській області з 1 листопада 2024 року.', ['12000']],
    ['ko', '북한군 1만 1천 명이 지난 10월 24일 러시아에 도착했다.', ['11000']],
    ['ja', '北朝鮮は2024年に兵士約1万2000人を派遣した。', ['12000']],
    ['zh', '2024年朝鲜派遣了约1.2万名士兵。', ['12000']],
    ['cs', 'Podle zpráv z 1. listopadu je v Rusku 11 000 severokorejských vojáků.', ['11000']],
    ['pl', 'Około 11 tys. żołnierzy z Korei Północnej przybyło 4 listopada.', ['11000']],
  ])('%s: %s', (lang, text, expected) => {
    expect(figures(lang, text)).toEqual(expected);
  });
});

describe('hasNumberWord: a sentence without any number is not read', () => {
  it.each([
    ['en', 'North Korean troops are fighting in Kursk.', false],
    ['en', 'Thousands of North Korean troops are fighting in Kursk.', true],
    ['de', 'Zwölftausend nordkoreanische Soldaten kämpfen in Kursk.', true],
    ['ru', 'Северокорейские военные воюют в Курской области.', false],
    ['ru', 'Несколько тысяч северокорейских военных воюют в Курской области.', true],
    ['ko', '북한군이 쿠르스크에서 싸우고 있다.', false],
    ['zh', '一万多名朝鲜士兵在库尔斯克作战。', true],
  ])('%s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    expect(hasNumberWord(p.c, p.tokens, p.sentence)).toBe(expected);
  });
});
