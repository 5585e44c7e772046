// rules/parties.ts: whose people a figure counts. Each row is a sentence and
// the first party rule that takes its figure away from the story, in the
// order readFigure asks them: "other party" (another party's adjective on
// the noun), "other actor" (another party is the clause's subject), "owned"
// (a possessive), "mixed force" (the story's people only alongside), or
// "ours" when the figure stays the story's subject's.
import { describe, expect, it } from 'vitest';
import { isOtherParty, jointWith, mixedForce, otherActorClause, possessedBy } from '../../src/claims/rules/parties.js';
import { adjectiveAfterNoun } from '../../src/claims/rules/tokens.js';
import { headAfter, parse } from '../helpers/rules.js';

function whose(lang: string, text: string): string {
  const p = parse(lang, text);
  const { c, tokens: t } = p;
  const fig = p.figures[0];
  const head = headAfter(p, fig);
  if (!head) throw new Error(`no count noun after the figure in: ${text}`);
  if (isOtherParty(c, t, fig.tokEnd, head.at)) return 'other party';
  if (otherActorClause(c, t, fig.tokStart, head.end)) return 'other actor';
  if (adjectiveAfterNoun(c) && isOtherParty(c, t, head.end, Math.min(t.length, head.end + 2))) return 'other party';
  if (possessedBy(c, t, fig.tokStart)) return 'owned';
  if (mixedForce(c, t, fig.tokStart, head.at, head.end)) return 'mixed force';
  return 'ours';
}

describe('whose people a figure counts', () => {
  it.each([
    ['en', 'North Korea sent 11,000 troops to Russia.', 'ours'],
    ['en', 'Three Russian soldiers guarded 300 prisoners.', 'other party'],
    ['en', '60,000 Russian and North Korean troops are fighting in Kursk.', 'other party'],
    ['en', 'Russia has massed 50,000 troops near Kursk.', 'other actor'],
    ['en', 'Russia has massed 50,000 troops from North Korea near Kursk.', 'ours'],
    ['en', 'While Russia has massed 50,000 troops, North Korea sent more.', 'ours'],
    ['en', 'Ukraine\'s 6,000 troops are in Kursk, facing North Korean units.', 'other actor'],
    ['en', 'Its 500,000 troops stay home, North Korea says.', 'owned'],
    ['en', 'Around 60,000 troops, including North Korean units, are fighting in Kursk.', 'mixed force'],
    ['en', '60,000 troops alongside North Korean soldiers are fighting in Kursk.', 'mixed force'],
    ['de', 'Russland hat 50.000 Soldaten bei Kursk zusammengezogen.', 'other actor'],
    ['de', '60.000 russische und nordkoreanische Soldaten kämpfen in Kursk.', 'other party'],
    ['fr', 'Quelque 3 000 soldats russes combattent avec des Nord-Coréens.', 'other party'],
    // A place after a locative word is where the people are, not whose ("russ*" matches "Russia").
    ['it', 'La Corea del Nord ha 11.000 soldati in Russia.', 'ours'],
    ['it', 'Ci sono 11.000 soldati russi in Ucraina.', 'other party'],
    ['fr', 'La Russie a massé 50 000 soldats près de Koursk.', 'other actor'],
    ['es', 'Unos 3.000 soldados rusos combaten junto a norcoreanos.', 'other party'],
    ['ru', '3 тысячи российских военных воюют рядом с северокорейцами.', 'other party'],
    ['ru', 'Россия сосредоточила 50 тысяч военных под Курском.', 'other actor'],
    ['uk', '3 тисячі українських військових воюють проти КНДР.', 'other party'],
    ['pt', 'Cerca de 3 mil soldados russos lutam ao lado de norte-coreanos.', 'other party'],
    ['it', 'Circa 3.000 soldati ucraini combattono contro i nordcoreani.', 'other party'],
    ['pl', '3 tysiące rosyjskich żołnierzy walczy obok Koreańczyków z Północy.', 'other party'],
    ['cs', '3 tisíce ruských vojáků bojuje vedle Severokorejců.', 'other party'],
    ['ru', 'Около 11 тысяч северокорейских военнослужащих находятся в Курской области.', 'ours'],
  ])('%s: %s', (lang, text, expected) => {
    expect(whose(lang, text)).toBe(expected);
  });
});

describe('jointWith: two parties joined before the noun', () => {
  it.each([
    ['en', '60,000 Russian and North Korean troops are fighting in Kursk.', true],
    ['de', '60.000 russische und nordkoreanische Soldaten kämpfen in Kursk.', true],
    ['en', '60,000 Russian troops and North Korean officers are fighting in Kursk.', false],
  ])('%s: %s', (lang, text, expected) => {
    const p = parse(lang, text);
    const fig = p.figures[0];
    expect(jointWith(p.c, p.tokens, fig.tokEnd, headAfter(p, fig)!.at)).toBe(expected);
  });
});
