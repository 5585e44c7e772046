// rules/qualifier.ts: the words around a figure. Each row is a sentence and
// what the words of its first counted figure's phrase say: the qualifier
// (exact, approx, up_to, at_least, vague) and the cues read in the same pass:
// "additional" (more on top), "total" (the whole), "subset" ("including",
// "the first"), "part" (a task or group after the noun).
import { describe, expect, it } from 'vitest';
import { firstReading } from '../helpers/rules.js';

function words(lang: string, text: string): string {
  const { a } = firstReading(lang, text);
  const cues = [a.additional && 'additional', a.totalCue && 'total', a.subsetCue && 'subset', a.partFollowing && 'part'];
  return [a.qualifier, ...cues.filter(Boolean)].join(' ');
}

describe('around: the qualifier and cues of a figure\'s phrase', () => {
  it.each([
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'approx'],
    ['en', 'Up to 100,000 North Korean troops could be sent.', 'up_to'],
    ['en', 'At least 1,000 North Korean soldiers are in Kursk.', 'at_least'],
    ['en', 'North Korea sent 3,000+ troops to Russia.', 'at_least'],
    ['en', '10,000 or more North Korean troops are in Russia.', 'at_least'],
    ['de', '10.000 oder mehr nordkoreanische Soldaten sind in Russland.', 'at_least'],
    ['es', '10.000 o más soldados norcoreanos están en Rusia.', 'at_least'],
    ['en', 'An estimated $2,000 is paid for each North Korean soldier.', 'approx'],
    ['en', 'Tens of thousands of North Korean troops are in Russia.', 'vague'],
    ['en', 'North Korea sent an additional 3,000 troops to Russia.', 'exact additional'],
    ['en', 'North Korea sent 3,000 more troops to Russia.', 'exact additional'],
    ['en', 'A total of 12,000 North Korean troops are in Russia.', 'exact total'],
    ['en', 'Including 500 officers, North Korean troops are in Russia.', 'exact subset'],
    ['en', 'The first 1,500 North Korean soldiers arrived in Vladivostok.', 'exact subset'],
    ['en', 'North Korea sent 1,500 special forces to train in eastern Russia.', 'exact part'],
    ['de', 'Bis zu 100.000 nordkoreanische Soldaten könnten geschickt werden.', 'up_to'],
    ['de', 'Mindestens 1.000 nordkoreanische Soldaten sind in Kursk.', 'at_least'],
    ['fr', 'Jusqu\'à 100 000 soldats nord-coréens pourraient être envoyés.', 'up_to'],
    ['fr', 'Plus de 1 000 soldats nord-coréens sont à Koursk.', 'at_least'],
    ['es', 'Al menos 1.000 soldados norcoreanos están en Kursk.', 'at_least'],
    ['ru', 'До 100 тысяч северокорейских военных могут отправить в Россию.', 'up_to'],
    ['ru', 'Более 1000 северокорейских военных находятся в Курской области.', 'at_least'],
    ['uk', 'Близько 12 тис. північнокорейських військових перебувають на Курщині.', 'approx'],
    ['ko', '북한군 1만여 명이 러시아에 있다.', 'at_least'],
    ['ko', '북한군 최소 1000명이 쿠르스크에 있다.', 'at_least'],
    ['ja', '北朝鮮兵約1万人がロシアにいる。', 'approx'],
    ['zh', '一万多名朝鲜士兵在俄罗斯。', 'at_least'],
    ['pt', 'Até 100 mil soldados norte-coreanos podem ser enviados.', 'up_to'],
    ['it', 'Almeno 1.000 soldati nordcoreani sono a Kursk.', 'at_least'],
    ['pl', 'Co najmniej 1000 żołnierzy z Korei Północnej jest w Kursku.', 'at_least'],
    ['cs', 'Až 100 tisíc severokorejských vojáků může být posláno.', 'up_to'],
    ['cs', 'Severní Korea poslala do Ruska 11 tisíc vojáků.', 'exact'],
  ])('%s: %s', (lang, text, expected) => {
    expect(words(lang, text)).toBe(expected);
  });
});
