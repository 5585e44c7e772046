// rules/parties.ts, issue 19: whose figure it is. The first table says, for
// each counted figure, whether its owner (the story's subject) was read in
// its own clause ("read": a modifier of its noun or the clause's subject) or
// only inferred from the article's topic ("inferred", flagged
// owner_inferred). The second: another party as the clause's subject makes
// the figure theirs, so the watch gets no claim from it.
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/claims/index.js';
import { readingFlags } from '../../src/claims/rules/flags.js';
import { ownerInClause } from '../../src/claims/rules/parties.js';
import { clauseAt, parse, readAll, watch } from '../helpers/rules.js';

function owners(lang: string, text: string): string[] {
  const p = parse(lang, text);
  return readAll(p).flatMap(({ r, a }, i) => {
    if (!r || !a) return [];
    // As extractClaims reads it: other figures of the clause do not hide its subject.
    const clause = clauseAt(p, i, r, a, true);
    return [ownerInClause(p.c, p.tokens, clause) ? 'read' : 'inferred'];
  });
}

describe('ownerInClause: the owner read in the figure\'s clause, or inferred', () => {
  it.each<[string, string, string[]]>([
    ['en', 'North Korea has sent 11,000 troops to Russia.', ['read']],
    ['en', 'About 11,000 North Korean troops have been deployed to Kursk.', ['read']],
    ['en', 'Seoul says Pyongyang has sent 10,000 soldiers.', ['read']],
    ['en', 'The North Korean contingent of about 11,000 is in Kursk.', ['read']],
    ['en', 'About 11,000 troops have been deployed to Kursk.', ['inferred']],
    // Named in the attribution's clause, not in the figure's.
    ['en', 'North Korea\'s ally said that 11,000 troops are in Kursk.', ['inferred']],
    ['en', 'North Korea has sent 11,000 troops, and 3,000 have been moved to Kursk.', ['read', 'read']],
    ['en', 'Ukraine says some 12,000 North Korean troops, including 500 officers, are in Kursk.', ['read', 'read']],
    ['es', 'Pionyang envió entre enero y febrero unos 3.000 soldados más a Rusia.', ['read']],
    ['en', 'North Korea has sent 11,000 troops, while officials say that 3,000 have been moved to Kursk.', ['read', 'inferred']],
    ['de', 'Nordkorea hat 11.000 Soldaten nach Russland geschickt.', ['read']],
    ['de', 'Rund 11.000 Soldaten sind in Kursk stationiert.', ['inferred']],
    ['fr', 'La Corée du Nord a envoyé 10 000 soldats en Russie.', ['read']],
    ['fr', 'Environ 11 000 soldats sont déployés à Koursk.', ['inferred']],
    ['es', 'Corea del Norte ha enviado 10.000 soldados a Rusia.', ['read']],
    ['es', 'Unos 11.000 soldados están desplegados en Kursk.', ['inferred']],
    ['ru', 'КНДР отправила в Россию 11 тысяч военнослужащих.', ['read']],
    ['uk', 'Загалом до Росії відправили 11 тисяч північнокорейських військових.', ['read']],
    ['ko', '북한군 1만1000명이 러시아에 파병됐다.', ['read']],
    ['ja', '北朝鮮は合計1万1000人の兵士をロシアに派遣した。', ['read']],
    ['zh', '朝鲜已向俄罗斯派遣1.2万名士兵。', ['read']],
    ['pt', 'A Coreia do Norte enviou 11.000 soldados para a Rússia.', ['read']],
    ['it', 'La Corea del Nord ha inviato 11.000 soldati in Russia.', ['read']],
    ['pl', 'Łącznie do Rosji trafiło 11 tys. północnokoreańskich żołnierzy.', ['read']],
    ['cs', 'Celkem do Ruska odjelo 11 tisíc severokorejských vojáků.', ['read']],
  ])('%s: %s', (lang, text, expected) => {
    expect(owners(lang, text)).toEqual(expected);
  });

  it('flags an inferred owner, and only that', () => {
    const p = parse('en', 'About 11,000 troops have been deployed to Kursk.');
    const [{ fig, r }] = readAll(p);
    expect(readingFlags({ fig, r: r!, sourceFrom: 'sentence', statusCue: true, statusTie: false, ownerRead: false })).toEqual(['owner_inferred']);
    expect(readingFlags({ fig, r: r!, sourceFrom: 'sentence', statusCue: true, statusTie: false, ownerRead: true })).toEqual([]);
  });
});

describe('another party as the clause\'s subject: the figure is theirs', () => {
  const titles: Record<string, string> = {
    en: 'North Korean troops in Russia', de: 'Nordkoreanische Soldaten in Russland', fr: 'Des soldats nord-coréens en Russie',
    es: 'Soldados norcoreanos en Rusia', ru: 'Северокорейские военные в России', uk: 'Північнокорейські військові в Росії',
    it: 'Soldati nordcoreani in Russia', pt: 'Soldados norte-coreanos na Rússia',
  };
  const troops = (lang: string, text: string) => extractClaims(text, watch, { lang, title: titles[lang], published: '2025-03-10' }).claims
    .filter((c) => c.measure === 'troops').map((c) => c.low);

  it.each<[string, string, number[]]>([
    ['en', 'Russia has concentrated 50,000 troops in Kursk, including North Korean units.', []],
    ['en', 'Russia has massed 50,000 troops in the Kursk region, including North Korean soldiers.', []],
    ['en', 'Moscow\'s commanders have gathered some 70,000 soldiers near the border.', []],
    ['de', 'Russland hat 50.000 Soldaten in Kursk zusammengezogen, darunter nordkoreanische Einheiten.', []],
    ['fr', 'La Russie a massé 50 000 soldats à Koursk, dont des unités nord-coréennes.', []],
    ['es', 'Rusia ha concentrado 50.000 soldados en Kursk, incluidas unidades norcoreanas.', []],
    ['ru', 'Россия сосредоточила 50 тысяч военных в Курской области, включая северокорейские подразделения.', []],
    ['uk', 'Росія зосередила 50 тисяч військових у Курській області, включно з північнокорейськими підрозділами.', []],
    ['it', 'La Russia ha ammassato 50.000 soldati a Kursk, tra cui unità nordcoreane.', []],
    ['pt', 'A Rússia concentrou 50.000 soldados em Kursk, incluindo unidades norte-coreanas.', []],
    // Negatives: the subject's own figure, with an article before its name.
    ['en', 'North Korea has concentrated 11,000 troops in Kursk.', [11000]],
    ['it', 'La Corea del Nord ha inviato 11.000 soldati in Russia.', [11000]],
    ['pt', 'A Coreia do Norte enviou 11.000 soldados para a Rússia.', [11000]],
  ])('%s: %s', (lang, text, expected) => {
    expect(troops(lang, text)).toEqual(expected);
  });
});
