// rules/binding.ts: a cue after a figure counts only in the clause the figure
// governs. Each row is a sentence and whether the cue after its first figure
// binds to it: a scope cue of the casualty toll example ("between", "alone",
// "entre", "zwischen") after the figure's noun and its loss words, not after
// another noun phrase ("the war between the army and the militia", "im Krieg
// zwischen ...") nor in another clause ("since the war began in April").
// Status cues of the seed watch follow the same rule.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatch } from '../../src/claims/compile.js';
import { LangCueSet } from '../../src/claims/lang/morph.js';
import { boundAfter } from '../../src/claims/rules/binding.js';
import { followedByPart } from '../../src/claims/rules/scope.js';
import { statusOf } from '../../src/claims/rules/status.js';
import { loadWatchFile, SHIPPED_WATCH_DIR } from '../../src/claims/watch.js';
import { firstReading, parse, readAll } from '../helpers/rules.js';

const toll = loadWatchFile(join(SHIPPED_WATCH_DIR, 'examples', 'earthquake-toll.yaml'));

function partAfter(lang: string, text: string): boolean {
  const p = parse(lang, text, undefined, toll);
  const hit = readAll(p).find((x) => x.r !== null);
  if (!hit?.r) throw new Error(`no figure counts anything in: ${text}`);
  return followedByPart(p.c, p.tokens, hit.r.headEnd);
}

describe('scope cues after the figure: bound to it, or to another noun phrase', () => {
  it.each<[string, string, boolean]>([
    ['en', 'More than 500 people were killed between 3 and 9 March, after the earthquake.', true],
    ['en', 'More than 500 people were killed in the war between the army and the militia before the earthquake.', false],
    ['en', '300 people died in Port Vell alone after the earthquake.', true],
    ['en', '300 people died in the town that the earthquake hit alone.', false],
    ['de', 'Nach dem Erdbeben starben mehr als 500 Menschen zwischen Montag und Mittwoch.', true],
    ['de', 'Mehr als 500 Menschen starben vor dem Erdbeben im Krieg zwischen der Armee und der Miliz.', false],
    ['fr', 'Plus de 500 personnes ont été tuées entre le 3 et le 9 mars, après le séisme.', true],
    ['fr', 'Plus de 500 personnes ont été tuées dans la guerre entre l\'armée et la milice, avant le séisme.', false],
    ['es', 'Más de 500 personas murieron entre el 3 y el 9 de marzo tras el terremoto.', true],
    ['es', 'Más de 500 personas murieron en la guerra entre el ejército y la milicia antes del terremoto.', false],
  ])('%s: %s', (lang, text, expected) => {
    expect(partAfter(lang, text)).toBe(expected);
  });

  it.each<[string, string, string[], boolean]>([
    // A month name as a cue: the figure's own "in April", not the war's.
    ['en', '300 people were killed in April after the earthquake.', ['in april'], true],
    ['en', '300 people were killed since the war began in April.', ['in april'], false],
    ['de', '300 Menschen wurden im April getötet, nach dem Erdbeben.', ['im april'], true],
    ['de', '300 Menschen starben, seit der Krieg im April begann.', ['im april'], false],
    ['fr', '300 personnes ont été tuées en avril, après le séisme.', ['en avril'], true],
    ['fr', '300 personnes sont mortes depuis que la guerre a commencé en avril.', ['en avril'], false],
    ['es', '300 personas murieron en abril tras el terremoto.', ['en abril'], true],
    ['es', '300 personas murieron desde que la guerra empezó en abril.', ['en abril'], false],
  ])('a cue of the watch\'s own, %s: %s', (lang, text, cue, expected) => {
    const p = parse(lang, text, undefined, toll);
    const hit = readAll(p).find((x) => x.r !== null)!;
    const words = new LangCueSet([['', cue]], compileWatch(toll, lang).pack);
    expect(boundAfter(p.c, p.tokens, hit.r!.headEnd, p.tokens.length, words) !== null).toBe(expected);
  });
});

describe('status cues after the figure: only in the clause it governs', () => {
  it.each([
    ['en', '12,000 North Korean troops are stationed in Kursk.', 'present'],
    // "plans" is the relative clause's, about Russia: no status word of the figure's own.
    ['en', 'About 12,000 North Korean troops fought in Kursk where Russia plans an offensive.', 'present (no cue)'],
    ['en', 'About 12,000 North Korean troops fought in the battle that Russia plans to repeat.', 'present (no cue)'],
    ['de', 'Rund 12.000 nordkoreanische Soldaten kämpften in Kursk, wo Russland eine Offensive plant.', 'present (no cue)'],
  ])('%s: %s', (lang, text, expected) => {
    const { p, fig, r, a } = firstReading(lang, text);
    const st = statusOf(p.c, p.tokens, fig, r, a);
    expect(`${st.status}${st.fromCue ? '' : ' (no cue)'}`).toBe(expected);
  });
});
