// Language packs as data: the loader's checks and what it takes from Intl,
// inflected nouns matched by stem, Korean particles, Japanese and Chinese
// segmentation, sentence rules, and the seed story's words in new languages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDates } from '../src/claims/lang/dates.js';
import { findNouns, LangCueSet, matchNoun, segmentWords, tokenizeLang } from '../src/claims/lang/morph.js';
import { languagePack, LanguagePackError, loadPackFile, parsePack, shippedPackCodes } from '../src/claims/lang/pack.js';
import { splitSentencesLang } from '../src/claims/lang/sentences.js';
import { CueSet, tokenize } from '../src/claims/text.js';
import { lexiconOf } from '../src/claims/lang/lexicon.js';
import { loadWatches, parseWatch } from '../src/claims/watch.js';

const minimal = { code: 'xx', name: 'Test', locale: 'en' };
const errorOf = (raw: unknown) => {
  try {
    parsePack(raw, 'xx.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(LanguagePackError);
    return (err as Error).message;
  }
  throw new Error('the pack was accepted');
};

describe('language packs', () => {
  it('ships the nine new languages, each valid', () => {
    expect(shippedPackCodes()).toEqual(expect.arrayContaining(['cs', 'it', 'ja', 'ko', 'pl', 'pt', 'ru', 'uk', 'zh']));
    for (const code of shippedPackCodes()) expect(languagePack(code)?.code).toBe(code);
  });

  it('takes digit marks and month names from Intl, not from the file', () => {
    const ru = languagePack('ru')!;
    expect(ru.group[0]).toBe(new Intl.NumberFormat('ru-RU').formatToParts(10000).find((p) => p.type === 'group')!.value);
    expect(ru.group).toContain(' ');
    expect(ru.decimal[0]).toBe(',');
    expect(ru.months).toEqual(expect.arrayContaining(['октябрь', 'октября']));
    expect(languagePack('pt')!.group[0]).toBe('.');
    expect(languagePack('ko')!.decimal).toEqual(['.']);
    expect(languagePack('ko')!.months).toEqual([]);
  });

  it.each([
    [{ ...minimal, code: 'Russian' }, 'code: a language code such as "ru"'],
    [{ ...minimal, locale: 'not a locale!' }, 'locale: a locale Intl knows'],
    [{ ...minimal, numbers: { scale: { тыс: 1000 } } }, 'numbers: Unrecognized key: "scale"'],
    [{ ...minimal, numbers: { scales: { dozen: 1 } } }, 'numbers.scales.dozen'],
    [{ ...minimal, numbers: { vague: [{ words: 'thousands', low: 9000, high: 2000 }] } }, 'numbers.vague.0: low must not exceed high'],
    [{ ...minimal, numbers: { scales: { thousand: 1000 }, bareScales: ['million'] } }, 'numbers.bareScales: "million" is not one of the pack\'s scales'],
    [{ ...minimal, numbers: { ordinalAfter: ['(th'] } }, 'numbers.ordinalAfter.0: not a regular expression'],
    [{ ...minimal, numbers: { eastAsian: true, scales: { man: 10000 } } }, 'numbers.scales: an east-Asian pack needs its one-character scales'],
    [{ ...minimal, morphology: { stemmer: 'ru', segmentation: 'intl' } }, 'morphology.stemmer: a stemmer needs words split by spaces'],
    [{ ...minimal, cues: { qualifiers: { roughly: ['about'] } } }, 'cues.qualifiers: Unrecognized key: "roughly"'],
  ])('rejects a bad pack with the field at fault (%#)', (raw, message) => {
    const m = errorOf(raw);
    expect(m).toContain('invalid language pack xx.yaml');
    expect(m).toContain(message);
  });

  it('rejects text that is no YAML, and a file whose name says another language', () => {
    expect(() => parsePack('code: [ru', 'ru.yaml')).toThrow(/cannot parse language pack ru\.yaml/);
    const dir = mkdtempSync(join(tmpdir(), 'packs-'));
    writeFileSync(join(dir, 'uk.yaml'), 'code: ru\nname: Russian\nlocale: ru-RU\n');
    expect(() => loadPackFile(join(dir, 'uk.yaml'))).toThrow('declares code "ru"; its file name says "uk"');
    expect(() => loadPackFile(join(dir, 'is.yaml'))).toThrow(/cannot read language pack/);
  });

  it.each(['en', 'de', 'fr', 'es'])('%s: the pack fills every list the extractor reads (lexicon.ts moved into the packs)', (code) => {
    const lex = lexiconOf(code)!;
    for (const k of ['stop', 'possessives', 'numberOf', 'filler', 'locative', 'partitive', 'determiners', 'since', 'coordination', 'relative', 'complementizers',
      'definite', 'clauseOpeners', 'comitative', 'lossesOn', 'missingOrCaptured', 'pronouns', 'abbreviations', 'nonCountUnits',
      'perPerson'] as const) expect(lex[k].length, k).toBeGreaterThan(0);
    for (const k of ['intro', 'verbs', 'via', 'anaphors', 'agents', 'notSources', 'nameJoiners', 'unnamed'] as const) expect(lex.attribution[k].length, k).toBeGreaterThan(0);
    expect(Object.keys(lex.currencies.symbols)).toContain('€');
  });

  it.each(['ru', 'uk', 'ko', 'ja', 'zh', 'pt', 'it', 'pl', 'cs'])('%s: fills the attribution and clause lists the rules read (none left to English)', (code) => {
    const p = languagePack(code)!;
    for (const k of ['agents', 'notSources', 'unnamed'] as const) expect(p.cues.attribution[k].length, k).toBeGreaterThan(0);
    for (const k of ['clauseOpeners', 'comitative', 'disjunction'] as const) expect(p.grammar[k].length, k).toBeGreaterThan(0);
    expect(p.money.symbols).toMatchObject({ $: 'USD', '€': 'EUR' });
  });

  it('reads an English pack into the lists the rules use', () => {
    const en = lexiconOf('en')!;
    expect(en.attribution.agents).toContain('official*');
    expect(en.missingOrCaptured).toEqual(expect.arrayContaining(['missing', 'captured', 'prisoners of war']));
    expect(en.currencies.symbols).toMatchObject({ $: 'USD', 'US$': 'USD', '€': 'EUR' });
  });

  it('has no pack for a language it does not cover', () => {
    expect(languagePack('is')).toBeNull();
  });
});

describe('inflected nouns, matched by stem', () => {
  it.each([
    ['ru', ['солдат', 'военнослужащий', 'военный', 'генерал', 'офицер', 'рис', 'база'],
      'КНДР отправила солдат, военнослужащих и военных; среди них генералов, генерала и офицеров; тонны риса, учебных баз',
      ['солдат', 'военнослужащих', 'военных', 'генералов', 'генерала', 'офицеров', 'риса', 'баз']],
    ['uk', ['солдат', 'військовий', 'генерал', 'офіцер', 'рис', 'база'],
      'Солдатів, солдати, військових, військові, генералів, офіцерів, рису і баз',
      ['Солдатів', 'солдати', 'військових', 'військові', 'генералів', 'офіцерів', 'рису', 'баз']],
    ['pl', ['żołnierz', 'generał', 'oficer', 'ryż', 'baza'],
      'Żołnierzy, żołnierze, żołnierzami, generałów, generałowie, oficerów, ryżu, bazy',
      ['Żołnierzy', 'żołnierze', 'żołnierzami', 'generałów', 'generałowie', 'oficerów', 'ryżu', 'bazy']],
    ['cs', ['voják', 'generál', 'důstojník', 'základna'],
      'Vojáků, vojáci, vojáky, generálů, důstojníků, důstojníci, základny',
      ['Vojáků', 'vojáci', 'vojáky', 'generálů', 'důstojníků', 'důstojníci', 'základny']],
  ])('%s', (lang, nouns, text, found) => {
    const tokens = tokenizeLang(text, lang);
    expect(findNouns(tokens, nouns, lang).map((m) => tokens[m.start].text)).toEqual(found);
  });

  it.each([
    ['ru', ['рис'], 'Есть риск эскалации и рискованные шаги.'],
    ['ru', ['база'], 'Это базовый сценарий.'],
    ['uk', ['генерал'], 'Генеральний штаб повідомив.'],
    ['pl', ['oficer'], 'Oficjalnie potwierdzono.'],
  ])('%s: a word that only starts like a story noun is not it (%s)', (lang, nouns, text) => {
    expect(findNouns(tokenizeLang(text, lang), nouns, lang)).toEqual([]);
  });

  it('matches a phrase of several inflected words', () => {
    const tokens = tokenizeLang('По оценке южнокорейской разведки, погибли 300 военных.', 'ru');
    const sources = new LangCueSet([['nis', ['южнокорейская разведка']], ['hur', ['ГУР', 'ГУР МО']]], languagePack('ru')!);
    expect(sources.findAll(tokens).map((m) => m.tag)).toEqual(['nis']);
    const gur = tokenizeLang('Как сообщили в ГУР МО, погибли 300 военных.', 'ru');
    expect(sources.findAll(gur).map((m) => [m.tag, m.end - m.start])).toEqual([['hur', 2]]);
  });

  it('is a CueSet the extractor can take as it is, on the tokens it already has', () => {
    const set = new LangCueSet([['troops', ['солдат', 'военнослужащий']]], languagePack('ru')!);
    expect(set).toBeInstanceOf(CueSet);
    const tokens = tokenize('КНДР направила 11 тысяч военнослужащих и солдат.');
    expect(set.findAll(tokens).map((m) => tokens[m.start].text)).toEqual(['военнослужащих', 'солдат']);
    expect(set.matchEndingAt(tokens, 5)).toMatchObject({ tag: 'troops', start: 4 });
    expect(set.matchEndingAt(tokens, 6)).toBeNull();
  });

  it('keeps the `word*` globs of the watch files', () => {
    const tokens = tokenizeLang('Северокорейские войска и северокорейских солдат', 'ru');
    expect(findNouns(tokens, ['северокорейск*'], 'ru').map((m) => tokens[m.start].text)).toEqual(['Северокорейские', 'северокорейских']);
  });
});

describe('Korean particles', () => {
  it.each([
    ['병력이', '병력'], ['군인을', '군인'], ['북한군은', '북한군'], ['장성들이', '장성'], ['기지에서', '기지'], ['사상자가', '사상자'],
  ])('%s is %s', (word, noun) => {
    const tokens = tokenizeLang(`러시아에 ${word} 있다`, 'ko');
    expect(matchNoun(tokens, 1, [noun], 'ko')).toEqual({ length: 1, phrase: noun });
  });

  it('keeps a noun whose last syllable looks like a particle', () => {
    const tokens = tokenizeLang('국가가 밝혔다', 'ko');
    expect(matchNoun(tokens, 0, ['국가'], 'ko')).not.toBeNull();
    expect(matchNoun(tokens, 0, ['국'], 'ko')).toBeNull();
  });
});

describe('text without spaces', () => {
  it('segments Japanese and Chinese with Intl.Segmenter', () => {
    expect(segmentWords('北朝鮮兵士がロシアに派遣された', 'ja')).toEqual(expect.arrayContaining(['北朝鮮', '兵士', 'ロシア', '派遣']));
    expect(segmentWords('朝鲜已向俄罗斯派遣士兵', 'zh')).toEqual(expect.arrayContaining(['朝鲜', '俄罗斯', '派遣', '士兵']));
  });

  it.each([
    ['ja', '北朝鮮兵士1万1千人がロシアに派遣された。', ['北朝鮮兵士', 'ロシア'], ['北朝鮮兵士', 'ロシア']],
    ['ja', '将軍3人と兵士らが死傷した。', ['将軍', '兵士', '死傷'], ['将軍', '兵士', '死傷']],
    ['zh', '朝鲜已向俄罗斯派遣1.1万名士兵，军官们也在库尔斯克。', ['士兵', '军官', '库尔斯克'], ['士兵', '军官', '库尔斯克']],
  ])('%s: a phrase matches the words it spans, however ICU cut them: %s', (lang, text, nouns, found) => {
    const tokens = tokenizeLang(text, lang);
    expect(findNouns(tokens, nouns, lang).map((m) => m.phrase)).toEqual(found);
  });

  it('gives offsets into the text', () => {
    const text = '据韩国国家情报院称，朝鲜已派遣士兵。';
    const tokens = tokenizeLang(text, 'zh', 10);
    const [m] = new LangCueSet([['nis', ['国家情报院']]], languagePack('zh')!).findAll(tokens);
    expect(text.slice(tokens[m.start].start - 10, tokens[m.end - 1].end - 10)).toBe('国家情报院');
  });
});

describe('sentences by the pack', () => {
  it('keeps an abbreviation inside its sentence', () => {
    const s = splitSentencesLang('По данным ГУР, в Курской области 11 тыс. военных КНДР. Еще 3 тыс. прибудут.', languagePack('ru')!);
    expect(s.map((x) => x.text)).toEqual(['По данным ГУР, в Курской области 11 тыс. военных КНДР.', 'Еще 3 тыс. прибудут.']);
  });

  it('does not end a sentence at an ordinal date ("am 22. Oktober")', () => {
    const de = parsePack({ code: 'de', name: 'German', locale: 'de-DE', sentences: { ordinalDates: true } });
    const s = splitSentencesLang('Die Soldaten kamen am 22. Oktober in Kursk an. Es sind 11.000.', de);
    expect(s.map((x) => x.text)).toEqual(['Die Soldaten kamen am 22. Oktober in Kursk an.', 'Es sind 11.000.']);
    const cs = splitSentencesLang('Vojáci dorazili 22. Října do Kurské oblasti. Je jich 11 tisíc.', languagePack('cs')!);
    expect(cs.map((x) => x.text)).toEqual(['Vojáci dorazili 22. Října do Kurské oblasti.', 'Je jich 11 tisíc.']);
  });

  it('splits Japanese at its full stop', () => {
    expect(splitSentencesLang('北朝鮮兵1万1千人が派遣された。数千人が死傷した。', languagePack('ja')!).map((s) => s.text))
      .toEqual(['北朝鮮兵1万1千人が派遣された。', '数千人が死傷した。']);
  });
});

describe('dates where chrono-node has no locale', () => {
  const published = new Date('2025-01-15T00:00:00Z');
  it.each([
    ['ko', '국정원은 2024년 10월 22일 발표했다.', [['2024년 10월 22일', '2024-10-22']]],
    ['ko', '12월 기준 1만1000명이다.', [['12월', '2024-12-31']]],
    ['pl', 'Do 22 października 2024 r. wysłano 11 tys. żołnierzy.', [['22 października 2024', '2024-10-22']]],
    ['pl', 'Od 5 stycznia walczą w obwodzie kurskim.', [['5 stycznia', '2025-01-05']]],
    ['cs', 'Dne 22. října 2024 dorazilo 11 tisíc vojáků.', [['22. října 2024', '2024-10-22']]],
    ['cs', 'V listopadu 2024 jich bylo 11 000.', [['listopadu 2024', '2024-11-30']]],
    ['cs', 'Podle údajů z 22.10.2024 jde o 11 000 vojáků.', [['22.10.2024', '2024-10-22']]],
  ])('%s: %s', (lang, text, expected) => {
    expect(readDates(text, languagePack(lang)!, published).map((d) => [text.slice(d.start, d.end), d.iso])).toEqual(expected);
  });

  it('leaves a year-less date unread without a publication date', () => {
    expect(readDates('12월 기준 1만1000명이다.', languagePack('ko')!)).toEqual([]);
  });
});

describe("the seed story's words in new languages", () => {
  // One file holds the story's words in every language it is told in.
  const watch = loadWatches()[0];

  it('are in the watch file: every language with words is one it tags', () => {
    expect(watch.languages).toEqual(['en', 'de', 'fr', 'es', 'ru', 'uk', 'ko', 'ja', 'zh', 'pt', 'it', 'pl', 'cs']);
    expect(watch.measures.troops.nouns.ko).toContain('병력');
    expect(watch.measures.casualties.parts?.killed.ru).toContain('погиб*');
    expect(watch.sources.find((s) => s.key === 'nis')?.aliases).toContain('국정원');
    expect(watch.sources.find((s) => s.key === 'ukrainska-pravda')?.aliases).toEqual(expect.arrayContaining(['Ukrainska Pravda', 'Українська правда']));
    for (const lang of watch.languages) {
      expect(watch.measures.troops.nouns[lang]?.length, lang).toBeGreaterThan(0);
      expect(watch.bystanders[lang]?.length, lang).toBeGreaterThan(0);
    }
  });

  it.each([
    ['ru', 'По данным ГУР, в Курской области находятся 11 тыс. северокорейских военнослужащих.', 'военнослужащий'],
    ['uk', 'За даними ГУР, у Курській області перебувають 11 тисяч військових КНДР.', 'військовий'],
    ['ko', '국정원에 따르면 북한군 병력이 러시아에 파병됐다.', '병력'],
    ['ja', '北朝鮮兵士1万1千人がロシアに派遣された。', '兵士'],
    ['zh', '朝鲜已向俄罗斯派遣1.1万名士兵。', '士兵'],
    ['pt', 'Cerca de 11 mil soldados norte-coreanos estão na Rússia.', 'soldado*'],
    ['it', 'Circa 11 mila soldati nordcoreani sono in Russia.', 'soldat*'],
    ['pl', 'Korea Północna wysłała 11 tysięcy żołnierzy.', 'żołnierz'],
    ['cs', 'Severní Korea vyslala 11 tisíc vojáků.', 'voják'],
  ])('%s: the troops nouns find the soldiers in "%s"', (lang, text, noun) => {
    const tokens = tokenizeLang(text, lang);
    expect(findNouns(tokens, watch.measures.troops.nouns[lang], lang).map((m) => m.phrase)).toContain(noun);
  });

  it('rejects words in a language the watch does not list, naming the field', () => {
    const raw = { id: 'x', name: 'X', languages: ['en'], measures: { troops: { unit: 'persons', nouns: { en: ['troops'], ru: ['солдат'] } } }, bystanders: { de: ['zivilisten'] } };
    expect(() => parseWatch(raw, 'words.yaml')).toThrow('measures.troops.nouns.ru: "ru" is not in languages');
    expect(() => parseWatch(raw, 'words.yaml')).toThrow('bystanders.de: "de" is not in languages');
  });
});
