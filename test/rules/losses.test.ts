// rules/losses.ts: when a count of people is a count of losses, and whose.
// Each row is a sentence and the loss reading of its figure: the loss
// measure with the parts its words name (killed, wounded), "far" when the
// loss word is past a clause, "before" when it comes before the figure, or
// null when the figure is no loss (the missing, a verb in another clause).
import { describe, expect, it } from 'vitest';
import { partsIn } from '../../src/claims/rules/counted.js';
import { bystanderLosses, lossBefore, lossesOnOthers, lossPredicate, lostByOther, namesLosers } from '../../src/claims/rules/losses.js';
import { headAfter, parse } from '../helpers/rules.js';

function loss(lang: string, text: string): string | null {
  const p = parse(lang, text);
  const fig = p.figures[0];
  const head = headAfter(p, fig);
  const next = p.figures[1]?.tokStart ?? p.tokens.length;
  const after = lossPredicate(p.c, p.tokens, head?.end ?? fig.tokEnd, next, head?.measure);
  const hit = after ?? lossBefore(p.c, p.tokens, fig.tokStart, 0, head?.measure ?? 'troops');
  if (!hit) return null;
  const parts = [...partsIn(p.c, hit.measure, p.tokens, hit.from, hit.to)].sort();
  return [hit.measure, parts.join('+'), after?.far ? 'far' : '', after ? '' : 'before'].filter(Boolean).join(' ');
}

describe('lossPredicate and lossBefore: loss words make a count of soldiers casualties', () => {
  it.each([
    ['en', '4,000 North Korean soldiers were killed or wounded in Kursk.', 'casualties killed+wounded'],
    // A short irregular participle opens a clause after the noun as "-ed" does: the pack's list.
    ['en', 'Some 40 North Korean soldiers sent by Pyongyang to the Kursk region in November were killed.', 'casualties killed far'],
    ['en', 'About 300 North Korean troops held in reserve near the Kursk border for weeks were wounded.', 'casualties wounded far'],
    ['en', 'Some 100 North Korean soldiers brought to the front line near Kursk last month have died.', 'casualties killed far'],
    // Korean loss verbs with their endings: the pack's verb endings are stripped.
    ['ko', '북한군 100명이 사망했다.', 'casualties killed'],
    ['ko', '북한군 100명이 숨지고 200명이 다쳤다.', 'casualties killed'],
    ['ko', '북한군 병사 100명이 전투 중 다쳤다.', 'casualties wounded'],
    ['en', 'Some 200 North Korean soldiers, who had arrived at the front in December, have died.', 'casualties killed far'],
    ['en', '40 North Korean soldiers deployed by Pyongyang to the Kursk border area were killed.', 'casualties killed far'],
    ['de', 'Etwa 4.000 nordkoreanische Soldaten wurden getötet oder verwundet.', 'casualties killed+wounded'],
    ['de', 'Etwa 500 nordkoreanische Soldaten, die im Winter an die Front kamen, sind gefallen.', 'casualties killed far'],
    ['fr', 'Au moins 150 soldats nord-coréens envoyés par Pyongyang dans la région de Koursk ont été blessés.', 'casualties wounded far'],
    ['es', 'Unos 300 soldados norcoreanos murieron o resultaron heridos.', 'casualties killed+wounded'],
    ['ru', 'Около 300 северокорейских военных погибли.', 'casualties killed'],
    ['uk', 'Понад 300 північнокорейських військових загинули.', 'casualties killed'],
    ['ja', '北朝鮮兵300人が死亡した。', 'casualties killed'],
    ['zh', '300名朝鲜士兵阵亡。', 'casualties killed'],
    ['pt', 'Cerca de 300 soldados norte-coreanos morreram.', 'casualties killed'],
    ['it', 'Circa 300 soldati nordcoreani sono stati uccisi.', 'casualties killed'],
    ['pl', 'Około 300 żołnierzy z Korei Północnej zginęło.', 'casualties killed'],
    ['cs', 'Asi 300 severokorejských vojáků padlo.', 'casualties killed'],
    // Loss words before the figure.
    ['en', 'North Korean losses exceed 3,000.', 'casualties before'],
    ['en', 'Ukraine says it killed 3,000 North Korean soldiers.', 'casualties killed before'],
    ['ru', 'Потери КНДР превысили 3 тысячи человек.', 'casualties before'],
    // Czech puts the loss verb first ("padlo", "zahynulo"), and counts "men" as soldiers.
    ['cs', 'V bojích padlo 100 severokorejských vojáků.', 'casualties killed before'],
    ['cs', 'Zahynulo 100 severokorejských mužů.', 'casualties killed before'],
    ['cs', 'Severní Korea v bojích přišla o více než 300 vojáků.', 'casualties before'],
    // No loss: the missing, a loss verb of another clause, none at all.
    ['en', '16 North Korean soldiers are missing.', null],
    ['en', '300 North Korean soldiers who were sent to Kursk, where drones killed dozens, are training.', null],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', null],
    ['ru', 'Около 11 тысяч северокорейских военнослужащих находятся в Курской области.', null],
  ])('%s: %s', (lang, text, expected) => {
    expect(loss(lang, text)).toBe(expected);
  });
});

describe('whose losses: the story\'s people, not its bystanders nor another party', () => {
  // The figure is the sentence's last one; `bystanders`: the losses are of people the watch does not count;
  // `named`: the story's subject or soldiers are named with it; `onOthers`: the losses are put on another party.
  it.each([
    ['en', 'Three people were killed and 20 injured in the strike.', { bystanders: true, named: false }],
    ['en', 'The strike killed three civilians and injured 20 in Kharkiv.', { bystanders: true, named: false }],
    ['en', 'North Korean troops fought in Kursk, where 20 were injured.', { bystanders: false, named: true }],
    ['de', 'Bei dem Angriff wurden drei Zivilisten getötet und 20 verletzt.', { bystanders: true, named: false }],
    ['fr', 'Trois civils ont été tués et 20 blessés dans la frappe.', { bystanders: true, named: false }],
    ['es', 'Tres civiles murieron y 20 resultaron heridos en el ataque.', { bystanders: true, named: false }],
    ['en', 'North Korean troops inflicted losses of 110 servicemen on Ukrainian units.', { onOthers: true }],
    ['en', 'About 110 North Korean servicemen were killed on Ukrainian territory.', { onOthers: false }],
    // `byOther`: another party right before a loss word before the figure lost them.
    ['ru', 'ВСУ потеряли 300 военных в боях с северокорейскими войсками.', { byOther: true }],
    ['ru', 'В боях с северокорейцами противник потерял 300 военнослужащих.', { byOther: true }],
    ['ru', 'Противник потерял 200 военных КНДР.', { byOther: false }],
    ['ru', 'КНДР потеряла 300 военнослужащих.', { byOther: false }],
  ])('%s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    const fig = p.figures[p.figures.length - 1];
    const from = headAfter(p, fig)?.end ?? fig.tokEnd;
    const seen = {
      bystanders: bystanderLosses(p.c, p.tokens, fig.tokStart),
      named: namesLosers(p.c, p.tokens, fig.tokStart, 'casualties', fig.tokEnd, p.prev),
      onOthers: lossesOnOthers(p.c, p.tokens, from),
      byOther: ((b) => b !== null && lostByOther(p.c, p.tokens, b.from, fig.tokEnd, from))(lossBefore(p.c, p.tokens, fig.tokStart, 0, 'troops')),
    };
    expect(seen).toMatchObject(expected);
  });
});
