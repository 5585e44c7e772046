// rules/status.ts: whether a figure is there already, planned, or more on
// top. Each row is a sentence and the status of its first counted figure;
// "(no cue)" when no status word was near it (present by default, flagged
// ambiguous later), "(tie)" when a planned and a present word are as near.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../../src/claims/rules/status.js';
import { firstReading } from '../helpers/rules.js';

function status(lang: string, text: string): string {
  const { p, fig, r, a } = firstReading(lang, text);
  const st = statusOf(p.c, p.tokens, fig, r, a);
  return `${st.status}${st.fromCue ? '' : ' (no cue)'}${st.tie ? ' (tie)' : ''}`;
}

describe('statusOf: present, planned or additional', () => {
  it.each([
    ['en', 'North Korea will send 12,000 troops to Russia.', 'planned'],
    ['en', 'North Korea is expected to send 12,000 troops.', 'planned'],
    ['en', '12,000 North Korean troops are stationed in Kursk.', 'present'],
    // "already" wins over a nearer modal verb.
    ['en', 'North Korea might already have 12,000 troops in Russia.', 'present'],
    ['en', 'North Korea has 12,000 troops in Russia.', 'present (no cue)'],
    ['en', 'North Korea sent an additional 3,000 troops to Russia.', 'additional'],
    ['de', 'Nordkorea will 12.000 Soldaten nach Russland schicken.', 'planned'],
    ['de', 'Nordkorea hat bereits 12.000 Soldaten nach Russland geschickt.', 'present'],
    ['fr', 'La Corée du Nord a déjà envoyé 12 000 soldats en Russie.', 'present'],
    ['es', 'Corea del Norte enviará 12.000 soldados a Rusia.', 'planned'],
    ['es', 'Corea del Norte ya ha enviado 12.000 soldados a Rusia.', 'present'],
    ['ru', 'КНДР планирует отправить в Россию 12 тысяч военных.', 'planned'],
    ['ru', 'КНДР уже отправила в Россию 12 тысяч военных.', 'present'],
    ['ru', 'КНДР отправит ещё 3 тысячи военных.', 'additional'],
    ['uk', 'КНДР планує відправити до Росії 12 тисяч військових.', 'planned'],
    ['uk', 'КНДР вже відправила до Росії 12 тисяч військових.', 'present'],
    ['ko', '북한은 러시아에 병력 1만2000명을 파병할 계획이다.', 'planned'],
    ['ko', '북한은 이미 러시아에 병력 1만2000명을 파병했다.', 'present'],
    ['ja', '北朝鮮はロシアに兵士1万2000人を派遣する計画だ。', 'planned'],
    ['ja', '北朝鮮は既にロシアに兵士1万2000人を派遣した。', 'present'],
    ['zh', '朝鲜已向俄罗斯派遣1.2万名士兵。', 'present'],
    // An infinitive after a planning verb stays planned: a cue's prefix keeps its accent ("envoyé*" is not "envoyer").
    ['fr', 'La Corée du Nord prévoit, selon Séoul, d\'envoyer 12 000 soldats en Russie.', 'planned'],
    // 派遣 is "send" in every tense: only 已 or 了 make it present.
    ['zh', '朝鲜计划向俄罗斯派遣1.2万名士兵。', 'planned'],
    ['zh', '朝鲜向俄罗斯派遣了1.2万名士兵。', 'present'],
    // A past verb ("отправила") is present, not a tie with a planned word farther off.
    // "отправит" (will send) and "отправила" (sent) share a stem: the future is a prefix, not a stem.
    ['ru', 'КНДР, которая готова воевать, отправила в Россию 12 тысяч военных.', 'present'],
    ['ru', 'КНДР отправит в Россию 12 тысяч военных.', 'planned'],
    ['uk', 'КНДР, яка готова воювати, відправила до Росії 12 тисяч військових.', 'present'],
    ['pt', 'A Coreia do Norte planeja enviar 12 mil soldados para a Rússia.', 'planned'],
    ['it', 'La Corea del Nord ha già inviato 12.000 soldati nordcoreani.', 'present'],
    ['pl', 'Korea Północna planuje wysłać 12 tysięcy żołnierzy.', 'planned'],
    ['cs', 'Severní Korea už poslala 12 tisíc vojáků.', 'present'],
  ])('%s: %s', (lang, text, expected) => {
    expect(status(lang, text)).toBe(expected);
  });
});
