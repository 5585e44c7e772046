// The rules that make a claim safe to alert on (issue 12): number forms read
// by the text's language and by what a count can be, flags and confidence,
// what is a source and which known source it is, parts of a whole, other
// parties' people and things, and loss words. Every sentence here is written
// for the test, in the ways outlets write; none is from the gold sets.
import { describe, expect, it } from 'vitest';
import { CLAIM_FLAGS, confidenceOf } from '../src/claims/confidence.js';
import { extractClaims, loadWatches, type ExtractedClaim } from '../src/claims/index.js';
import { readNumbers } from '../src/claims/lang/numbers.js';

const [watch] = loadWatches();
const STORY = 'North Korea\'s troops in Russia';

function claims(text: string, lang = 'en'): ExtractedClaim[] {
  return extractClaims(text, watch, { lang, published: '2025-03-10', title: STORY }).claims;
}

function only(text: string, lang = 'en'): ExtractedClaim {
  const found = claims(text, lang);
  expect(found.map((c) => `${c.measure} ${c.low}-${c.high}`), text).toHaveLength(1);
  return found[0];
}

const figure = (c: ExtractedClaim) => [c.measure, c.low, c.high];

describe('number forms', () => {
  it.each([
    ['en', '25-thousand', 25_000, 'hyphenated_magnitude'],
    ['en', '11-thousand', 11_000, 'hyphenated_magnitude'],
    ['en', 'three-thousand', 3_000, 'hyphenated_magnitude'],
    ['es', 'quince-mil', 15_000, 'hyphenated_magnitude'],
    ['fr', '11-mille', 11_000, 'hyphenated_magnitude'],
    ['es', '30-mil', 30_000, 'hyphenated_magnitude'],
    ['de', '30-Tausend', 30_000, 'hyphenated_magnitude'],
    ['es', '11,000', 11_000, 'separator_against_language'],
    ['fr', '11,000', 11_000, 'separator_against_language'],
    ['de', '11,000', 11_000, 'separator_against_language'],
    ['en', '2.700', 2_700, 'separator_against_language'],
    ['en', '1.200.000', 1_200_000, 'separator_against_language'],
    ['en', '12k', 12_000, 'k_suffix'],
    ['en', '11,000', 11_000, null],
    ['de', '11.000', 11_000, null],
    ['es', '2.700', 2_700, null],
    ['fr', '11 000', 11_000, null],
    ['es', '1,5 millones', 1_500_000, null],
    ['de', '1,5 Millionen', 1_500_000, null],
    ['de', '1,500 Millionen', 1_500_000, null],
    ['en', '1.5 million', 1_500_000, null],
  ])('%s "%s" is %d (%s)', (lang, text, value, unusual) => {
    const found = readNumbers(text, lang);
    expect(found.map((n) => [n.value, n.unusual])).toEqual([[value, unusual]]);
  });

  it.each([
    ['Kyiv says North Korea could send an additional 25-thousand to 30-thousand troops.', 'en', ['troops', 25_000, 30_000]],
    ['Around 11-thousand North Korean soldiers are fighting in Kursk, Kyiv said.', 'en', ['troops', 11_000, 11_000]],
    ['Corea del Norte ha enviado 11,000 soldados a Rusia, según Seúl.', 'es', ['troops', 11_000, 11_000]],
    ['La Corée du Nord a envoyé 11,000 soldats en Russie, selon Séoul.', 'fr', ['troops', 11_000, 11_000]],
    ['Nordkorea hat nach Angaben aus Seoul 11,000 Soldaten nach Russland geschickt.', 'de', ['troops', 11_000, 11_000]],
    ['About 2.700 North Korean soldiers were wounded, Kyiv said.', 'en', ['casualties', 2_700, 2_700]],
  ])('%s', (text, lang, expected) => {
    const c = only(text, lang);
    expect(figure(c)).toEqual(expected);
    expect(c.flags).toContain('unusual_number_form');
    expect(c.confidence).toBeLessThan(0.7);
  });

  it('reads the usual forms of each language without a flag', () => {
    for (const [text, lang] of [
      ['Kyiv says North Korea could send an additional 25,000 to 30,000 troops.', 'en'],
      ['Corea del Norte ha enviado 11.000 soldados a Rusia, según Seúl.', 'es'],
      ['La Corée du Nord a envoyé 11 000 soldats en Russie, selon Séoul.', 'fr'],
      ['Nordkorea hat nach Angaben aus Seoul 11.000 Soldaten nach Russland geschickt.', 'de'],
    ]) {
      const c = only(text, lang);
      expect(c.flags, text).not.toContain('unusual_number_form');
      expect(c.confidence, text).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('still reads decimals with a magnitude as decimals and rejects them without one', () => {
    expect(figure(only('Corea del Norte habría recibido 1,5 millones de toneladas de arroz a cambio de los soldados.', 'es'))).toEqual(['compensation_rice', 1_500_000, 1_500_000]);
    expect(claims('Version 9.0 of the report says North Korean troops are in Kursk.')).toEqual([]);
  });
});

describe('flags and confidence', () => {
  it('gives a clean reading the top confidence and no flags', () => {
    const c = only('About 11,000 North Korean soldiers are fighting in Kursk, South Korea\'s spy agency said.');
    expect(c.flags).toEqual([]);
    expect(c.confidence).toBe(0.95);
  });

  it.each([
    ['About 11,000 North Korean soldiers are fighting in Kursk.', 'no_source'],
    ['Tens of thousands of North Korean soldiers could follow, Kyiv said.', 'vague_figure'],
    ['Kyiv said twelve thousand North Korean soldiers are fighting in Kursk.', 'number_in_words'],
    ['Kyiv said North Korea has sent 3,000 more soldiers, adding to the 11,000 who arrived in the autumn.', 'noun_from_context'],
    ['Kyiv said 11,000 North Korean soldiers in Kursk.', 'ambiguous_status'],
  ])('%s → %s', (text, flag) => {
    const found = claims(text);
    const withFlag = found.filter((c) => c.flags.includes(flag as keyof typeof CLAIM_FLAGS));
    expect(withFlag.length, JSON.stringify(found.map((c) => [c.low, c.flags]))).toBeGreaterThan(0);
    for (const c of withFlag) expect(c.confidence).toBe(confidenceOf(c.flags));
  });

  it('borrows a neighbour\'s source with a flag', () => {
    const found = claims('South Korea\'s spy agency briefed lawmakers on Monday. About 11,000 North Korean soldiers are fighting in Kursk.');
    expect(found).toHaveLength(1);
    expect(found[0].flags).toContain('source_from_context');
    expect(found[0].sourceKey).toBe('nis');
  });

  it('marks a part inferred from a larger figure near it as ambiguous in scope', () => {
    const found = claims('North Korea will send a total of 12,000 soldiers, Seoul said. So far 1,500 soldiers have arrived in Vladivostok, Seoul said.');
    const part = found.find((c) => c.low === 1500)!;
    expect(part.scope).toBe('subset');
    expect(part.flags).toContain('ambiguous_scope');
  });

  it('computes confidence from the flags alone, in a stable order', () => {
    expect(confidenceOf([])).toBe(0.95);
    expect(confidenceOf(['no_source'])).toBe(0.85);
    expect(confidenceOf(['unusual_number_form', 'no_source'])).toBe(0.55);
    expect(confidenceOf(['unusual_number_form', 'noun_from_context', 'ambiguous_scope', 'far_from_noun'])).toBe(0.3);
    const c = only('Around 11-thousand North Korean soldiers are in Kursk.');
    expect(c.flags).toEqual(['unusual_number_form', 'no_source']);
  });
});

describe('what is a source', () => {
  it.each([
    ['Russia pays $2,000 per month for each North Korean soldier, according to available information.', 'en'],
    ['According to a person familiar with the matter, 11,000 North Korean troops are in Kursk.', 'en'],
    ['According to statements made on Monday, 11,000 North Korean troops are in Kursk.', 'en'],
    ['According to media reports, 11,000 North Korean troops are in Kursk.', 'en'],
    ['Se estima que 11.000 soldados norcoreanos están en Kursk.', 'es'],
    ['Según informaciones disponibles, 11.000 soldados norcoreanos están en Kursk.', 'es'],
    ['Im September wurde berichtet, dass 11.000 nordkoreanische Soldaten in Kursk sind.', 'de'],
    ['Laut Berichten über Truppenbewegungen sind 11.000 nordkoreanische Soldaten in Kursk.', 'de'],
    ['Selon des informations de presse, 11 000 soldats nord-coréens sont à Koursk.', 'fr'],
  ])('%s names no source', (text, lang) => {
    const c = only(text, lang);
    expect(c.source).toEqual([]);
    expect(c.sourceKey).toBeNull();
    expect(c.flags).toContain('no_source');
  });

  it.each([
    ['According to Western officials, about 4,000 North Korean soldiers were killed or wounded.', 'en', ['Western officials']],
    ['Nach Angaben aus Seoul gut 11.000 nordkoreanische Soldaten in Kursk stationiert.', 'de', ['Seoul']],
    ['Según funcionarios occidentales, unos 11.000 soldados norcoreanos están en Kursk.', 'es', ['funcionarios occidentales']],
    ['Selon des responsables occidentaux, 11 000 soldats nord-coréens sont à Koursk.', 'fr', ['responsables occidentaux']],
  ])('%s keeps an unknown but real source, with no key', (text, lang, source) => {
    const c = only(text, lang);
    expect(c.source).toEqual(source);
    expect(c.sourceKey).toBeNull();
  });

  it.each([
    ['Budanov\'s agency said 11,000 North Korean troops are in Kursk.', 'en', 'hur'],
    ['GUR chief Kyrylo Budanov said 11,000 North Korean troops are in Kursk.', 'en', 'hur'],
    ['HUR-Chef Budanow sagte, 11.000 nordkoreanische Soldaten seien in Kursk.', 'de', 'hur'],
    ['Selon Kyrylo Boudanov, 11 000 soldats nord-coréens sont à Koursk.', 'fr', 'hur'],
    ['South Korean lawmakers briefed by the spy agency said 11,000 North Korean troops are in Kursk.', 'en', 'nis'],
    ['Lee Seong-kweun told reporters that 11,000 North Korean troops are in Kursk.', 'en', 'nis'],
    ['Según el Servicio Nacional de Inteligencia, 11.000 soldados norcoreanos están en Kursk.', 'es', 'nis'],
    ['South Korea\'s Joint Chiefs of Staff said 11,000 North Korean troops are in Kursk.', 'en', 'kr-jcs'],
    ['Der Vereinigte Generalstab in Seoul teilte mit, 11.000 nordkoreanische Soldaten seien in Kursk.', 'de', 'kr-jcs'],
    ['The Pentagon said 11,000 North Korean troops are in Kursk.', 'en', 'us-dod'],
    ['The Defense Department said 11,000 North Korean troops are in Kursk.', 'en', 'us-dod'],
    ['Zelensky\'s office said 11,000 North Korean troops are in Kursk.', 'en', 'ua-president'],
    ['Ukraine\'s General Staff said 11,000 North Korean troops are in Kursk.', 'en', 'ua-general-staff'],
    ['Según el Estado Mayor de Ucrania, 11.000 soldados norcoreanos están en Kursk.', 'es', 'ua-general-staff'],
    ['Selon l\'état-major ukrainien, 11 000 soldats nord-coréens sont à Koursk.', 'fr', 'ua-general-staff'],
  ])('%s → %s', (text, lang, key) => {
    expect(only(text, lang).sourceKey).toBe(key);
  });

  it('keeps an outlet after the originator, and the originator\'s key', () => {
    const c = only('North Korea may send 25,000 more soldiers, according to Ukraine\'s military intelligence, cited by CNN.');
    expect(c.source).toEqual(['Ukrainian military intelligence (HUR)', 'CNN']);
    expect(c.sourceKey).toBe('hur');
  });

  it('lends no headline or neighbour source to a figure attributed to no one', () => {
    const title = 'Budanov: North Korean troops reach Kursk';
    const read = (text: string) => extractClaims(text, watch, { lang: 'en', title, published: '2025-03-10' }).claims;
    const [c] = read('Seoul is weighing a response following reports of up to 12,000 North Korean soldiers deploying to Russia.');
    expect([c.low, c.source, c.sourceKey]).toEqual([12_000, [], null]);
    expect(c.flags).toContain('no_source');
    // Without the unnamed attribution the headline's source is borrowed.
    const [d] = read('Up to 12,000 North Korean soldiers are deploying to Russia.');
    expect([d.low, d.sourceKey]).toEqual([12_000, 'hur']);
    expect(d.flags).toContain('source_from_context');
  });

  it('never keeps a headline fragment or a nationality as a source', () => {
    const text = 'Guerre en Ukraine: le point\nDes centaines de soldats nord-coréens auraient été tués.';
    expect(claims(text, 'fr').flatMap((c) => c.source)).toEqual([]);
    expect(only('South Korean said 11,000 North Korean troops are in Kursk.').source).toEqual([]);
  });
});

describe('parts of a whole', () => {
  it.each([
    ['North Korea would send 1,000 sappers and 5,000 military builders to Kursk, Shoigu said.', 'en', [1000, 5000]],
    ['Nordkorea schickt 1.000 Pioniere und 5.000 Militärbauarbeiter nach Kursk, sagte Schoigu.', 'de', [1000, 5000]],
    ['La Corée du Nord enverra 1 000 sapeurs et 5 000 ouvriers militaires à Koursk, selon Choïgou.', 'fr', [1000, 5000]],
    ['Corea del Norte enviará 1.000 zapadores y 5.000 constructores militares a Kursk, según Shoigu.', 'es', [1000, 5000]],
    ['North Korea sent about 1,500 special forces to train in eastern Russia, the NIS said.', 'en', [1500]],
    ['Nordkorea hat rund 1.500 Soldaten zur Ausbildung in den Fernen Osten geschickt.', 'de', [1500]],
    ['Pyongyang a envoyé environ 1 500 soldats pour s\'entraîner en Russie, selon Séoul.', 'fr', [1500]],
    ['Pionyang envió unos 1.500 soldados para entrenarse en Rusia, según Seúl.', 'es', [1500]],
    ['Pyongyang will send 5,000 soldiers for the first group, Shoigu said.', 'en', [5000]],
    ['The North Koreans attacked in lines of 20 or 30 men, Ukrainian soldiers said.', 'en', [20]],
    ['North Korean units lost about 200 soldiers killed or wounded in one battle, Kyiv said.', 'en', [200]],
  ])('%s', (text, lang, lows) => {
    const found = claims(text, lang);
    expect(found.map((c) => c.low).sort((a, b) => a - b)).toEqual(lows);
    for (const c of found) expect(c.scope, `${c.low}`).toBe('subset');
  });

  it('keeps a figure with its own total words whole, and a deployment to fight whole', () => {
    expect(only('North Korea sent 10,000 soldiers to Russia to fight in Kursk, the Pentagon said.').scope).toBe('total');
    expect(only('Pyongyang has sent a total of 12,000 soldiers to train in Russia, Seoul said.').scope).toBe('total');
  });

  it('does not take a bound beside a larger figure for a part of it', () => {
    const found = claims('Shoigu said North Korean losses were no more than 500 killed and wounded. Seoul puts the casualties at 4,700 North Korean soldiers killed or wounded.');
    const bound = found.find((c) => c.low === 500)!;
    expect([bound.measure, bound.qualifier, bound.scope]).toEqual(['casualties', 'up_to', 'total']);
  });
});

describe('other parties\' people and things that are not people', () => {
  it.each([
    ['en', 'Ukrainian commanders say 6,000 of their soldiers hold the line, while Russia has assembled about 50,000 troops there.'],
    ['en', 'Russia has concentrated 60,000 troops alongside North Korean soldiers, Kyiv said.'],
    ['en', 'Some 60,000 Russian and North Korean troops are concentrated in Kursk.'],
    ['en', 'Zelensky said around 60,000 troops, including North Korean units, were concentrated in Kursk.'],
    ['de', 'Russland hat 60.000 Soldaten neben nordkoreanischen Einheiten in Kursk zusammengezogen.'],
    ['fr', 'La Russie a massé 60 000 soldats aux côtés des troupes nord-coréennes à Koursk.'],
    ['es', 'Rusia ha concentrado 60.000 soldados junto a las tropas norcoreanas en Kursk.'],
    ['en', 'North Korea has 1.2 million soldiers, Seoul said.'],
    ['en', 'North Korea has shipped some 9 million shells along with its troops, Seoul said.'],
    ['en', 'Moscow said its forces inflicted losses of 200 servicemen on Ukrainian units near the North Korean positions.'],
  ])('%s: %s', (lang, text) => {
    expect(claims(text, lang).map(figure)).toEqual([]);
  });

  it('still counts the subject\'s troops that another party received', () => {
    expect(figure(only('Russia has received 11,000 troops from North Korea, Kyiv said.'))).toEqual(['troops', 11_000, 11_000]);
    expect(figure(only('North Korean soldiers, 11,000 of them, fight alongside Russian units, Kyiv said.'))).toEqual(['troops', 11_000, 11_000]);
  });
});

describe('loss words that make a figure casualties', () => {
  it.each([
    ['About 300 North Korean soldiers, who were sent to Kursk in November, have died, Seoul said.', 'en', [['casualties', 300, 'subset']]],
    ['Ukrainian forces killed 77 and wounded as many as 40 North Korean soldiers in Kursk, Zelensky said.', 'en', [['casualties', 40, 'subset'], ['casualties', 77, 'subset']]],
    ['Die ukrainischen Truppen töteten 77 und verwundeten bis zu 40 nordkoreanische Soldaten.', 'de', [['casualties', 40, 'subset'], ['casualties', 77, 'subset']]],
    ['Las fuerzas ucranianas mataron a 77 e hirieron a hasta 40 soldados norcoreanos.', 'es', [['casualties', 40, 'subset'], ['casualties', 77, 'subset']]],
    ['Les forces ukrainiennes ont tué 77 soldats nord-coréens et en ont blessé jusqu\'à 40.', 'fr', [['casualties', 40, 'subset'], ['casualties', 77, 'subset']]],
  ])('%s', (text, lang, expected) => {
    const found = claims(text, lang).map((c) => [c.measure, c.low, c.scope]).sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(found).toEqual(expected);
  });

  it('flags a loss word read past a clause', () => {
    expect(only('About 300 North Korean soldiers, who were sent to Kursk in November, have died, Seoul said.').flags).toContain('far_from_noun');
  });

  it('does not read a loss word in a relative clause about something else', () => {
    const c = only('About 11,000 North Korean soldiers, who replaced units that had died in droves, are in Kursk, Seoul said.');
    expect(c.measure).toBe('troops');
  });
});
