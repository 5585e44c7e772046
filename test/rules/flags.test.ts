// rules/flags.ts: why a claim is less than sure. Each row is a sentence, where
// its figure's source came from (its own sentence, a neighbour, the
// headline, none) and the flags the reading of its first counted figure
// gets; a clean reading has none.
import { describe, expect, it } from 'vitest';
import { readingFlags } from '../../src/claims/rules/flags.js';
import { statusOf } from '../../src/claims/rules/status.js';
import type { SourceFrom } from '../../src/claims/rules/types.js';
import { firstReading } from '../helpers/rules.js';

function flags(lang: string, text: string, sourceFrom: SourceFrom) {
  const { p, fig, r, a } = firstReading(lang, text);
  const st = statusOf(p.c, p.tokens, fig, r, a);
  return readingFlags({ fig, r, sourceFrom, statusCue: st.fromCue, statusTie: st.tie === true }).sort();
}

describe('readingFlags: what the rules saw, as flags', () => {
  it.each<[string, string, SourceFrom, string[]]>([
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'sentence', []],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'neighbour', ['source_from_context']],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'headline', ['source_from_context']],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', 'none', ['no_source']],
    ['en', 'Tens of thousands of North Korean troops have been deployed to Russia.', 'sentence', ['vague_figure']],
    ['en', 'Eleven thousand North Korean troops have been deployed to Russia.', 'sentence', ['number_in_words']],
    ['en', 'North Korea has sent 11-thousand troops to Russia.', 'sentence', ['unusual_number_form']],
    ['en', 'North Korea has sent 12k troops to Russia.', 'sentence', ['unusual_number_form']],
    ['ru', 'Десять тысяч северокорейских военных уже находятся в России.', 'sentence', ['number_in_words']],
    ['en', 'North Korea has 12,000 troops in Russia.', 'sentence', ['ambiguous_status']],
    ['ru', 'У КНДР в России 11 тысяч военнослужащих.', 'sentence', ['ambiguous_status']],
    // "отправила" (sent) is present, no tie with the future "отправит" it shares a stem with.
    ['ru', 'КНДР отправила в Россию 11 тысяч военнослужащих.', 'sentence', []],
    ['en', 'Seoul says North Korea will send around 12,000 troops. It says 1,500 have already been moved.', 'sentence', ['noun_from_context']],
    ['en', 'Some 200 North Korean soldiers, who had arrived at the front in December, have died.', 'sentence', ['far_from_noun']],
    ['de', 'Etwa 500 nordkoreanische Soldaten, die im Winter an die Front kamen, sind gefallen.', 'sentence', ['far_from_noun']],
    ['ko', '북한군 수천 명이 이미 러시아에 있다.', 'sentence', ['vague_figure']],
    ['zh', '朝鲜已向俄罗斯派遣1.2万名士兵。', 'none', ['no_source']],
  ])('%s: %s (source: %s)', (lang, text, sourceFrom, expected) => {
    expect(flags(lang, text, sourceFrom)).toEqual(expected);
  });
});
