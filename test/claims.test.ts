// The extractor's rules, each on sentences written the way outlets write
// them (none of them from the seed articles): numbers, hard negatives,
// qualifiers, status, scope, sources, places and dates, languages, watches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../src/claims/cli.js';
import { detectLanguage, extractClaims, loadWatches, parseWatch, sourceKeyOf, type ExtractedClaim, type Watch } from '../src/claims/index.js';

const [watch] = loadWatches();

// Single sentences stand in an article about the story: the headline names its subject.
const STORY = 'North Korea\'s troops in Russia';

function claims(text: string, opts: { lang?: string; published?: string; title?: string } = {}): ExtractedClaim[] {
  const out = extractClaims(text, watch, { lang: opts.lang ?? 'en', published: opts.published ?? '2025-03-10', title: opts.title ?? STORY });
  return out.claims;
}

/** The one claim of a sentence (fails if there is not exactly one). */
function only(text: string, opts: { lang?: string; published?: string; title?: string } = {}): ExtractedClaim {
  const found = claims(text, opts);
  expect(found.map((c) => `${c.measure} ${c.low}-${c.high}`)).toHaveLength(1);
  return found[0];
}

const figure = (c: ExtractedClaim) => [c.measure, c.low, c.high];

describe('numbers as people write them', () => {
  it.each([
    ['Seoul says Pyongyang has sent 10,000 soldiers to Russia.', 'en', ['troops', 10000, 10000]],
    ['Nordkorea hat nach Angaben aus Seoul 10.000 Soldaten nach Russland geschickt.', 'de', ['troops', 10000, 10000]],
    ['La Corée du Nord a envoyé 10 000 soldats en Russie, selon Séoul.', 'fr', ['troops', 10000, 10000]],
    ['La Corée du Nord a envoyé 10\u00a0000 soldats en Russie, selon Séoul.', 'fr', ['troops', 10000, 10000]],
    ['Corea del Norte ha enviado 10.000 soldados a Rusia, según Seúl.', 'es', ['troops', 10000, 10000]],
    ['Analysts now think some 12k North Korean troops are in Kursk.', 'en', ['troops', 12000, 12000]],
    ['Kyiv says three North Korean generals are directing the units.', 'en', ['generals', 3, 3]],
    ['Nordkorea soll zwölftausend Soldaten entsandt haben.', 'de', ['troops', 12000, 12000]],
    ['Pionyang habría enviado doce mil soldados a Kursk.', 'es', ['troops', 12000, 12000]],
    ['Moscow pledged 1.5 million tonnes of rice in exchange for the troops.', 'en', ['compensation_rice', 1500000, 1500000]],
    ['Kyiv expects 25,000 to 30,000 more North Korean troops.', 'en', ['troops', 25000, 30000]],
    ['Kyiv expects between 25,000 and 30,000 more North Korean troops.', 'en', ['troops', 25000, 30000]],
    ['Kyiv expects another 25-30 thousand North Korean troops by the autumn.', 'en', ['troops', 25000, 30000]],
    ['Kiew erwartet zwischen 25.000 und 30.000 weitere nordkoreanische Soldaten.', 'de', ['troops', 25000, 30000]],
    ['Moving tens of thousands of North Korean troops across Siberia takes weeks.', 'en', ['troops', 20000, 90000]],
    ['Several thousand North Korean soldiers are still training near Vladivostok.', 'en', ['troops', 2000, 9000]],
    ['Zehntausende nordkoreanische Soldaten könnten folgen.', 'de', ['troops', 20000, 90000]],
    ['Des milliers de soldats nord-coréens sont arrivés à Koursk.', 'fr', ['troops', 2000, 9000]],
  ])('%s', (text, lang, expected) => {
    const c = only(text, { lang });
    expect(figure(c)).toEqual(expected);
  });

  it('reads money with its currency and period', () => {
    const c = only('In exchange, Moscow is said to pay Pyongyang 270 million Canadian dollars annually for the troops.');
    expect([c.measure, c.low, c.unit, c.per]).toEqual(['compensation_cash', 270_000_000, 'CAD', 'year']);
    const d = only('Russia pays about $2,000 a month for each North Korean soldier, South Korean lawmakers said.');
    expect([d.low, d.unit, d.per, d.qualifier, d.scope]).toEqual([2000, 'USD', 'month', 'approx', 'subset']);
    const e = only('Seoul estimates Pyongyang has earned as much as $20bn from arms sales and troops.');
    expect([e.low, e.unit, e.qualifier]).toEqual([20_000_000_000, 'USD', 'up_to']);
  });

  it('marks vague amounts as vague', () => {
    expect(only('Tens of thousands of North Korean soldiers could follow.').qualifier).toBe('vague');
    expect(only('Plusieurs milliers de soldats nord-coréens auraient été tués ou blessés.', { lang: 'fr' })).toMatchObject({ measure: 'casualties', low: 2000, high: 9000, qualifier: 'vague' });
  });
});

describe('what is not a claim', () => {
  it.each([
    'The North Korean troops are attached to the 76th Airborne Division, officials said.',
    'Seoul could supply the Cheongung-II air defence system to Ukraine, the troops notwithstanding.',
    'The first North Korean troops arrived on October 31st, officials said.',
    'The North Korean troops moved to the front within 24 hours.',
    'North Korean troops have not fought a war for over 70 years.',
    'North Korean troops in Kursk (Visited 2 times, 1 visits today)',
    'North Korea has also sent KN-23 missiles along with the troops.',
    'The soldiers belong to an army that has not fought since the 1950-53 Korean War.',
    'A 32-year-old sergeant said the North Korean soldiers attacked in waves.',
    'North Korean troops brought 170mm self-propelled guns and 240mm rocket launchers.',
    'Ukrainian troops hold about 1,000 square kilometres near the North Korean positions.',
    'Day 1,000 of the war: North Korean troops are in Kursk.',
    'Three Russian soldiers are attached to every North Korean unit.',
    'Two Western intelligence officers told CNN that North Korean troops were moving.',
    'Russia has massed 50,000 troops near Kursk to retake the region.',
    'Ukrainian commanders say up to 6,000 of their soldiers are deployed in Kursk.',
    'At least 11 people were killed and 20 injured when a drone hit Sumy.',
    'North Korea has a 1.2 million-strong military.',
    'South Korea, whose own 500,000 troops have not fought since Vietnam, is watching.',
    'Ukraine captured two wounded North Korean soldiers on Jan. 9.',
    'Seoul plans to buy 20 more F-35A fighter jets.',
  ])('%s', (text) => {
    expect(claims(text).map(figure)).toEqual([]);
  });

  it('finds nothing in an article that is not about the story', () => {
    const text = 'The retailer earned $2.8 billion as revenue rose to $27.2 billion.\nFrom 2010 to 2015 there were 3,248 plague cases worldwide, including 584 deaths.\nThe company laid off 1,000 workers and hundreds of soldiers\' families protested.';
    expect(extractClaims(text, watch, { lang: 'en' })).toEqual({ lang: 'en', tagged: true, claims: [] });
  });

  it('reads German ordinals and page furniture as no figures', () => {
    expect(claims('Das 15. Sanktionspaket trifft auch nordkoreanische Soldaten.', { lang: 'de' })).toEqual([]);
  });
});

describe('qualifiers', () => {
  it.each([
    ['Up to 11,000 North Korean soldiers may be in Kursk.', 'up_to'],
    ['As many as 15,000 North Korean soldiers may be in Kursk.', 'up_to'],
    ['At least 11,000 North Korean soldiers are in Kursk.', 'at_least'],
    ['More than 11,000 North Korean soldiers are in Kursk.', 'at_least'],
    ['Over 11,000 North Korean soldiers are in Kursk.', 'at_least'],
    ['11,000 or more North Korean soldiers are in Kursk.', 'at_least'],
    ['About 11,000 North Korean soldiers are in Kursk.', 'approx'],
    ['Around 11,000 North Korean soldiers are in Kursk.', 'approx'],
    ['Some 11,000 North Korean soldiers are in Kursk.', 'approx'],
    ['An estimated 11,000 North Korean soldiers are in Kursk.', 'approx'],
    ['11,000 North Korean soldiers are in Kursk.', 'exact'],
  ])('%s', (text, q) => {
    expect(only(text).qualifier).toBe(q);
  });

  it.each([
    ['Bis zu 12.000 nordkoreanische Soldaten sind in Russland.', 'de', 'up_to'],
    ['Mindestens 12.000 nordkoreanische Soldaten sind in Russland.', 'de', 'at_least'],
    ['Rund 12.000 nordkoreanische Soldaten sind in Russland.', 'de', 'approx'],
    ['Environ 12 000 soldats nord-coréens sont en Russie.', 'fr', 'approx'],
    ['Plus de 12 000 soldats nord-coréens sont en Russie.', 'fr', 'at_least'],
    ['Jusqu\'à 12 000 soldats nord-coréens sont en Russie.', 'fr', 'up_to'],
    ['Unos 12.000 soldados norcoreanos están en Rusia.', 'es', 'approx'],
    ['Más de 12.000 soldados norcoreanos están en Rusia.', 'es', 'at_least'],
    ['Hasta 12.000 soldados norcoreanos podrían estar en Rusia.', 'es', 'up_to'],
  ])('%s', (text, lang, q) => {
    expect(only(text, { lang }).qualifier).toBe(q);
  });
});

describe('status', () => {
  it.each([
    ['Pyongyang intends to send 12,000 soldiers to Russia, Seoul said.', 'planned'],
    ['The 12,000 North Korean soldiers are expected to arrive in December.', 'planned'],
    ['North Korea will send 6,000 military builders to Kursk.', 'planned'],
    ['North Korea is sending an additional 5,000 troops, Kyiv said.', 'additional'],
    ['North Korea has sent 3,000 more troops this year, Seoul said.', 'additional'],
    ['Pyongyang dispatched a further 2,000 soldiers in January.', 'additional'],
    ['Up to 11,000 North Korean troops might already be in Kursk.', 'present'],
    ['North Korea sent 11,000 troops to Russia last autumn.', 'present'],
    ['Around 11,000 North Korean soldiers are currently fighting in Kursk.', 'present'],
  ])('%s', (text, status) => {
    expect(only(text).status).toBe(status);
  });

  it.each([
    ['Nordkorea hat weitere 2.000 Soldaten nach Russland geschickt.', 'de', 'additional'],
    ['La Corée du Nord a envoyé 3 000 soldats supplémentaires en Russie.', 'fr', 'additional'],
    ['Corea del Norte enviará 6.000 militares a Kursk.', 'es', 'planned'],
    ['Pionyang envió unos 3.000 soldados más a Rusia.', 'es', 'additional'],
  ])('%s', (text, lang, status) => {
    expect(only(text, { lang }).status).toBe(status);
  });
});

describe('scope', () => {
  it('a first batch is a part', () => {
    expect(only('The first 1,500 North Korean soldiers reached Vladivostok by ship.').scope).toBe('subset');
  });

  it('officers and generals "including" or "among them" are parts; the whole contingent is total', () => {
    const found = claims('Kyiv says roughly 12,000 North Korean troops, including 500 officers and three generals, are in Russia.');
    expect(found.map((c) => [c.measure, c.low, c.scope])).toEqual([['troops', 12000, 'total'], ['officers', 500, 'subset'], ['generals', 3, 'subset']]);
  });

  it('losses: killed and wounded together are all the losses, the killed alone a part', () => {
    const total = only('Of those, 4,000 North Korean soldiers were killed or wounded, Western officials said.');
    expect([total.measure, total.low, total.scope]).toEqual(['casualties', 4000, 'total']);
    const part = only('At least 300 North Korean soldiers have been killed, the NIS said.');
    expect([part.measure, part.low, part.scope, part.qualifier]).toEqual(['casualties', 300, 'subset', 'at_least']);
    const both = claims('Seoul said about 300 North Korean soldiers had died and 2,700 had been wounded.');
    expect(both.map((c) => [c.measure, c.low, c.scope])).toEqual([['casualties', 300, 'subset'], ['casualties', 2700, 'subset']]);
  });

  it('a figure of the soldiers who were killed counts casualties, with "of them" not making it a part', () => {
    const found = claims('About 11,000 troops were sent last year, and some 4,000 of them were killed or wounded, Western officials said.');
    expect(found.map((c) => [c.measure, c.low, c.scope, c.qualifier])).toEqual([['troops', 11000, 'total', 'approx'], ['casualties', 4000, 'total', 'approx']]);
  });

  it('a total is a total', () => {
    expect(only('Pyongyang plans to send a total of 12,000 soldiers, Seoul said.').scope).toBe('total');
  });
});

describe('sources', () => {
  it('canonicalises the aliases of one agency', () => {
    for (const text of [
      'Ukraine\'s GUR says 12,000 North Korean troops are in Russia.',
      'Some 12,000 North Korean troops are in Russia, according to the DIU.',
      'Kyrylo Budanov said 12,000 North Korean troops are in Russia.',
      'Ukrainian military intelligence reported that 12,000 North Korean troops are in Russia.',
    ]) {
      expect(only(text).sourceKey, text).toBe('hur');
    }
    expect(only('The Pentagon said about 10,000 North Korean soldiers are in eastern Russia.').sourceKey).toBe('us-dod');
    expect(only('Lloyd Austin said about 10,000 North Korean soldiers are in eastern Russia.').sourceKey).toBe('us-dod');
    expect(only('South Korea\'s spy agency said 1,500 North Korean soldiers had arrived in Vladivostok.').sourceKey).toBe('nis');
  });

  it('lists the originator first, then the outlet it came through', () => {
    const c = only('CNN reported, citing Ukrainian intelligence, that North Korea may send 30,000 more troops.');
    expect(c.source).toEqual(['Ukrainian military intelligence (HUR)', 'CNN']);
    expect(c.sourceKey).toBe('hur');
  });

  it('takes unnamed sources from "according to" and "X said"', () => {
    expect(only('About 4,000 North Korean soldiers were killed or wounded, according to Western officials.').source).toEqual(['Western officials']);
    expect(only('Ukrainian commanders said 3,000 more North Korean troops had arrived.').source).toEqual(['Ukrainian commanders']);
  });

  it('takes the source from a headline that names it', () => {
    const text = 'Budanov: North Korea has 11,000 troops in Kursk\nThe deployment is growing.';
    expect(only(text).sourceKey).toBe('hur');
  });

  it('does not count a mention that attributes nothing', () => {
    expect(only('The Kremlin denies it. About 11,000 North Korean soldiers are in Kursk.').source).toEqual([]);
  });

  it('sourceKeyOf maps hand-tagged source names through the aliases', () => {
    expect(sourceKeyOf(watch, ['Ukrainian military intelligence (HUR)'])).toBe('hur');
    expect(sourceKeyOf(watch, ['US Department of Defense (Lloyd Austin)'])).toBe('us-dod');
    expect(sourceKeyOf(watch, ['South Korean intelligence (NIS)'])).toBe('nis');
    expect(sourceKeyOf(watch, ['Western officials', 'CNN'])).toBeNull();
    expect(sourceKeyOf(watch, [])).toBeNull();
  });
});

describe('places and dates', () => {
  it('prefers the region to its country', () => {
    expect(only('Some 11,000 North Korean troops are now in Russia\'s Kursk region.').location).toBe('Kursk Oblast');
    expect(only('North Korea sent 1,500 soldiers to Russia\'s Far East for training.').location).toBe('Russian Far East');
    expect(only('Kim has sent 11,000 soldiers to Russia.').location).toBe('Russia');
  });

  it('reads a date stated for the figure, against the publication date', () => {
    expect(only('Kyiv said on Oct. 24 that 12,000 North Korean troops were in Russia.', { published: '2024-10-30' }).asOf).toBe('2024-10-24');
    expect(only('The 11,000 North Korean troops sent in November fought in Kursk.', { published: '2025-07-03' }).asOf).toBe('2024-11-30');
    expect(only('About 11,000 North Korean troops are in Kursk.').asOf).toBeNull();
  });
});

describe('evidence', () => {
  it('points at the sentence in the text as given', () => {
    const text = 'Kim Jong Un visited a factory.\n\nSeoul said about 3,000 more North Korean soldiers had arrived in Russia. Moscow denied it.';
    const [c] = claims(text);
    expect(text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.sentence);
    expect(c.evidence.sentence).toBe('Seoul said about 3,000 more North Korean soldiers had arrived in Russia.');
    expect(c.confidence).toBeGreaterThan(0.5);
    expect(c.confidence).toBeLessThanOrEqual(1);
  });

  it('splits a sentence that starts with a figure', () => {
    const text = 'The announcement came on Thursday. 8,000 North Korean troops were moved to Kursk.';
    expect(only(text).evidence.sentence).toBe('8,000 North Korean troops were moved to Kursk.');
  });
});

describe('languages', () => {
  it('detects the language of each article', () => {
    const de = extractClaims('Nach Angaben des südkoreanischen Geheimdienstes hat Nordkorea rund 11.000 Soldaten nach Russland geschickt. Die Soldaten sollen in der Region Kursk kämpfen.', watch);
    expect(de.lang).toBe('de');
    expect(de.claims.map(figure)).toEqual([['troops', 11000, 11000]]);
    const es = extractClaims('Según la inteligencia surcoreana, Corea del Norte ha enviado unos 11.000 soldados a Rusia. Los soldados combaten en la región de Kursk.', watch);
    expect(es.lang).toBe('es');
    expect(es.claims[0].sourceKey).toBe('nis');
  });

  it('leaves an article in a language without a pack untagged, never tagged wrongly', () => {
    const nl = extractClaims('Volgens de Zuid-Koreaanse inlichtingendienst heeft Noord-Korea ongeveer 3.000 extra soldaten naar Rusland gestuurd.', watch);
    expect(nl).toEqual({ lang: 'nl', tagged: false, claims: [] });
    expect(extractClaims('Norður-Kórea hefur sent um 11.000 hermenn til Rússlands, samkvæmt leyniþjónustu Suður-Kóreu.', watch, { lang: 'is' })).toEqual({ lang: 'is', tagged: false, claims: [] });
  });

  it.each([
    ['ru', 'По данным ГУР, в Курской области находятся около 11 тысяч северокорейских военнослужащих.', ['troops', 11000, 'approx', 'hur']],
    ['uk', 'За даними ГУР, понад 3 тисячі північнокорейських військових загинули або були поранені.', ['casualties', 3000, 'at_least', 'hur']],
    ['ko', '국정원에 따르면 북한군 약 1만1000명이 러시아에 파병됐다.', ['troops', 11000, 'approx', 'nis']],
    ['ko', '국정원은 북한군 사상자가 3000명을 넘었다고 밝혔다.', ['casualties', 3000, 'at_least', 'nis']],
    ['ja', '韓国国家情報院によると、北朝鮮兵1万1千人がロシアに派遣された。', ['troops', 11000, 'exact', 'nis']],
    ['zh', '据韩国国家情报院称，朝鲜已向俄罗斯派遣1.1万名士兵。', ['troops', 11000, 'exact', 'nis']],
    ['pt', 'Segundo a inteligência sul-coreana, cerca de 11 mil soldados norte-coreanos estão na Rússia.', ['troops', 11000, 'approx', 'nis']],
    ['it', "Secondo l'intelligence sudcoreana, circa 11 mila soldati nordcoreani sono in Russia.", ['troops', 11000, 'approx', 'nis']],
    ['pl', 'Według wywiadu Korei Południowej Korea Północna wysłała do Rosji około 11 tysięcy żołnierzy.', ['troops', 11000, 'approx', 'nis']],
    ['cs', 'Podle jihokorejské rozvědky vyslala Severní Korea do Ruska asi 11 tisíc vojáků.', ['troops', 11000, 'approx', 'nis']],
  ])('%s: tags a figure with the fields English has ("%s")', (lang, text, expected) => {
    const out = extractClaims(text, watch, { lang, published: '2024-12-20' });
    expect(out.tagged).toBe(true);
    expect(out.claims.map((c) => [c.measure, c.low, c.qualifier, c.sourceKey])).toEqual([expected]);
  });

  it('names Chinese text zh, the code of its language pack, not Mandarin\'s cmn', () => {
    expect(detectLanguage('朝鲜已向俄罗斯派遣约一万一千名士兵，其中大部分部署在库尔斯克州。韩国国家情报院表示，这些士兵正在接受训练。')).toBe('zh');
    expect(detectLanguage('x', { hint: 'cmn' })).toBe('zh');
  });

  it('takes the caller\'s language when given', () => {
    expect(extractClaims('11,000 North Korean soldiers', watch, { lang: 'en-GB' })).toMatchObject({ lang: 'en', tagged: true });
    expect(extractClaims('11,000 North Korean soldiers', watch, { lang: 'nl' })).toMatchObject({ lang: 'nl', tagged: false, claims: [] });
  });
});

describe('watches', () => {
  it('ships the seed story\'s watch', () => {
    expect(loadWatches().map((w) => w.id)).toContain('dprk-troops-russia');
    expect(Object.keys(watch.measures)).toEqual(expect.arrayContaining(['troops', 'casualties', 'officers', 'generals', 'compensation_cash', 'compensation_rice', 'training_bases']));
  });

  it('names the file and the field when a watch is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-watch-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: bad-watch\nname: Bad\nlanguages: [en]\nmeasures:\n  troops:\n    nouns: {en: [troops]}\n');
    expect(() => loadWatches([bad])).toThrow(/bad\.yaml[\s\S]*measures\.troops\.unit/);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'id: [unclosed\n');
    expect(() => loadWatches([broken])).toThrow(/cannot parse watch file .*broken\.yaml/);
    const lang = join(dir, 'lang.yaml');
    writeFileSync(lang, 'id: x\nname: X\nlanguages: [is]\nmeasures:\n  a:\n    unit: persons\n    nouns: {is: [hermenn]}\n');
    expect(() => loadWatches([lang])).toThrow(/lang\.yaml[\s\S]*languages\.0: no language pack for "is"/);
    expect(() => loadWatches([join(dir, 'missing.yaml')])).toThrow(/cannot read watch file .*missing\.yaml/);
  });

  it('lets an operator watch another story without code', () => {
    const other: Watch = parseWatch(`
id: wagner-africa
name: Wagner fighters in Africa
languages: [en, fr]
qualifiers:
  approx: {en: [about, around, some], fr: [environ, quelque]}
  up_to: {en: [up to], fr: [jusqu'à]}
  at_least: {en: [at least, more than], fr: [au moins, plus de]}
subject:
  en: [wagner, africa corps]
  fr: [wagner]
measures:
  fighters:
    unit: persons
    nouns:
      en: [fighters, mercenaries, men]
      fr: [combattants, mercenaires, hommes]
sources:
  - key: un
    name: United Nations
    aliases: [UN, United Nations, UN experts]
`, 'wagner.yaml');
    const out = extractClaims('About 1,500 Wagner fighters remain in Mali, according to UN experts.', other);
    expect(out.claims.map((c) => [c.measure, c.low, c.qualifier, c.sourceKey])).toEqual([['fighters', 1500, 'approx', 'un']]);
    // German is not among its languages: never tagged, not even wrongly.
    expect(extractClaims('Rund 1.500 Wagner-Kämpfer sind nach Angaben der UN noch in Mali. Die Söldner schützen die Regierung.', other).tagged).toBe(false);
  });
});

describe('claimwatch extract', () => {
  class Capture extends Writable {
    text = '';
    override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
      this.text += chunk.toString();
      done();
    }
  }

  const dir = mkdtempSync(join(tmpdir(), 'cw-extract-'));
  const txt = join(dir, 'wire.txt');
  writeFileSync(txt, 'N. Korea sends 3,000 more troops to Russia, Seoul says\nSouth Korea\'s Joint Chiefs of Staff said on Monday that about 3,000 more North Korean soldiers had been sent to Russia this year.\n');
  const html = join(dir, 'page.html');
  writeFileSync(html, `<!doctype html><html lang="en"><head><title>Kyiv: 11,000 North Korean troops in Kursk</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kyiv: 11,000 North Korean troops in Kursk</h1>
<p>Ukraine's military intelligence said on Wednesday that about 11,000 North Korean troops were now in Russia's Kursk region.</p>
<p>It said the soldiers had been integrated into Russian marine and airborne units, and that some had already taken part in combat.</p></article>
<footer>Visited 2 times, 1 visits today</footer></body></html>`);
  const italian = join(dir, 'nota.txt');
  writeFileSync(italian, 'La Corea del Nord ha inviato circa 3.000 soldati aggiuntivi in Russia tra gennaio e febbraio, secondo lo Stato maggiore di Seul.');

  it('prints one JSON object per input, HTML read to its text', async () => {
    const out = new Capture();
    const code = await runExtract([txt, html, italian], { json: true }, out, { err: new Capture() });
    expect(code).toBe(0);
    const results = JSON.parse(out.text) as { input: string; lang: string; claims: ExtractedClaim[] }[];
    expect(results.map((r) => r.input)).toEqual([txt, html, italian]);
    // The headline and the text state one figure: one claim, the text's (issue 19).
    expect(results[0].claims.map((c) => [c.measure, c.low, c.status, c.evidence.sentence.startsWith('South Korea')])).toEqual([['troops', 3000, 'additional', true]]);
    expect(results[1].lang).toBe('en');
    expect(results[1].claims.some((c) => c.measure === 'troops' && c.low === 11000 && c.sourceKey === 'hur' && c.location === 'Kursk Oblast')).toBe(true);
    expect(results[1].claims.every((c) => !c.evidence.sentence.includes('Visited'))).toBe(true);
    expect(results[2].lang).toBe('it');
    expect(results[2].claims.map((c) => [c.measure, c.low, c.qualifier, c.status])).toEqual([['troops', 3000, 'approx', 'additional']]);
  });

  it('prints readable lines and fails on an unreadable input without losing the others', async () => {
    const out = new Capture();
    const err = new Capture();
    const code = await runExtract([join(dir, 'missing.txt'), txt], {}, out, { err });
    expect(code).toBe(1);
    expect(err.text).toMatch(/missing\.txt: no such file/);
    expect(out.text).toMatch(/wire\.txt \(en\): 1 claim\n/);
    expect(out.text).toMatch(/troops 3,000 persons · approx · additional · total · source: South Korea's Joint Chiefs of Staff/);
  });

  it('rejects an invalid watch file with exit code 2', async () => {
    const bad = join(dir, 'bad-watch.yaml');
    writeFileSync(bad, 'id: x\n');
    const err = new Capture();
    expect(await runExtract([txt], { watch: bad }, new Capture(), { err })).toBe(2);
    expect(err.text).toMatch(/bad-watch\.yaml/);
  });
});
