// A language pack is data: how one language writes numbers, qualifiers,
// status, scope, losses, attribution and sentences, the same for every story.
// Packs live in corpus/langs/<code>.yaml; adding a language is adding a file.
// What CLDR already knows (digit group and decimal marks, month names) is read
// from Intl at load time, so a pack lists only what Intl cannot tell.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDataText } from '../data-file.js';
import { shippedDataDir } from '../../paths.js';

const word = z.string().trim().min(1);
const words = z.array(word).default([]);
const qualifier = z.enum(['approx', 'up_to', 'at_least']);
/** A regular expression written as a string; checked on load so a typo is reported with its field. */
const regex = z.string().min(1).superRefine((s, ctx) => {
  try {
    new RegExp(s, 'u');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
  }
});

const iso4217 = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"');

const vagueSchema = z.strictObject({ words: word, low: z.number().positive(), high: z.number().positive() })
  .refine((v) => v.low <= v.high, 'low must not exceed high');

export const packSchema = z.strictObject({
  /** ISO 639-1 code, the key the extractor and the watch use. */
  code: z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "ru"'),
  name: word,
  /**
   * Person nouns: a figure followed by one is a person figure ("300 people", "30 civilians"), which a
   * measure's loss predicates after it or loss words before it make that measure's (one without `lossesOf`).
   */
  persons: words,
  /**
   * Articles and prepositions fused with one ("im", "au", "del"), besides `grammar.leading` and
   * `definite`: one before a word that is none of the story's opens another noun phrase.
   */
  articles: words,
  /** BCP 47 locale for Intl: digit separators, month names, Intl.Segmenter. */
  locale: word.refine((l) => { try { return Intl.NumberFormat.supportedLocalesOf([l]).length > 0; } catch { return false; } }, 'a locale Intl knows, such as "ru-RU"'),
  numbers: z.strictObject({
    /** Thousands separators writers use besides the CLDR one (plain space next to CLDR's no-break space). */
    groupExtra: z.array(z.string().length(1)).default([]),
    /** Decimal marks besides the CLDR one, accepted only where a group mark cannot be meant. */
    decimalExtra: z.array(z.string().length(1)).default([]),
    /** Spelled-out numerals below a thousand, every inflected form a writer uses ("три", "трёх"). */
    words: z.record(word, z.number().nonnegative()).default({}),
    /** Magnitude words: after a number they multiply it ("11 тыс.", "1,5 млн"); `word*` takes any ending. */
    scales: z.record(word, z.number().min(10)).default({}),
    /** Scale words that stand for one of their magnitude alone ("тысяча солдат", "천 명"). */
    bareScales: words,
    /** Numerals written as one word ("dodicimila", "ventitremila"): read by splitting into known numerals. */
    compound: z.boolean().default(false),
    /**
     * East Asian numbers: digits and scale characters glue ("1만1천", "1万2千人") and sections add up
     * under 万/만 and 億/억; `digitChars` are the numeral characters ("一": 1, "两": 2).
     */
    eastAsian: z.boolean().default(false),
    digitChars: z.record(z.string().length(1), z.number().int().nonnegative()).default({}),
    /** Joints inside a compound numeral ("einundzwanzig"): they add nothing. */
    compoundJoiners: words,
    /** Words joining numerals into one number ("vinte e cinco mil"). */
    connectors: words,
    /** Marks glued to a number that say "more than" ("一万多", "1만여"). */
    suffixQualifiers: z.record(word, qualifier).default({}),
    /** Fractions as words ("полторы тысячи" = 1.5 thousand). */
    fractions: z.record(word, z.number().positive()).default({}),
    vague: z.array(vagueSchema).default([]),
    range: z.strictObject({
      /** Marks or words between two numbers that make a range ("10–12 тысяч", "1만~1만2천"). */
      joins: words,
      /** Opening word → joining words: "от 10 до 12 тысяч", "de 10 a 12 mil". Without the opener the join is no range. */
      openers: z.record(word, z.array(word).min(1)).default({}),
    }).prefault({}),
    /** Right after a number (regex, case-insensitive): an ordinal or an identifier ("-я бригада", "-й"). */
    ordinalAfter: z.array(regex).default([]),
    /** Right before a number: an ordinal marker ("제", "第", "№"). */
    ordinalBefore: z.array(regex).default([]),
    /** Words after a number that make it a date or a year ("года", "року", "roku", "년", "年", "月"). */
    dateAfter: words,
    /** Words after a number that make it no count: durations, distances, shares, times. */
    nonCountAfter: words,
    /** Counting words glued to a number that keep it a count (Korean 명, Japanese 人, Chinese 名). */
    counters: words,
    /** Words right before a number that make it a label, not a count ("day 300", "page 2", "Tag 5"). */
    nonCountBefore: words,
    /** Scale abbreviations that are read but unusual in prose ("12k"): a figure written so is held for review. */
    unusualScales: words,
  }).prefault({}),
  cues: z.strictObject({
    qualifiers: z.strictObject({
      approx: words, up_to: words, at_least: words,
      after: z.strictObject({ approx: words, up_to: words, at_least: words }).prefault({}),
    }).prefault({}),
    status: z.strictObject({
      planned: words, present: words, strongPresent: words,
      additional: z.strictObject({ before: words, after: words }).prefault({}),
    }).prefault({}),
    scope: z.strictObject({
      subset: z.strictObject({ before: words, touching: words, after: words }).prefault({}),
      total: words,
    }).prefault({}),
    /** Loss words: after a person figure they make it casualties; the parts say which losses. */
    losses: z.strictObject({ killed: words, wounded: words, both: words, missing: words, captured: words }).prefault({}),
    attribution: z.strictObject({
      intro: words, verbs: words, via: words, anaphors: words, pronouns: words,
      /**
       * Nouns for who can be a source though written in lower case ("Western officials",
       * "der Geheimdienst"): an attribution in lower case is a source only with one of them.
       */
      agents: words,
      /** Words that make an attribution phrase no source: what was said rather than who said it, units, times, people nobody could name. */
      notSources: words,
      /** Lower-case words that may sit inside a name ("Korea Institute for Defense Analyses"). */
      nameJoiners: words,
      /** Attributions to no one ("reportedly", "Medienberichten zufolge"): the figure borrows no neighbour's or headline's source. */
      unnamed: words,
      /** The source comes before its intro ("국정원에 따르면", "国家情報院によると"), not after ("по данным ГУР"). */
      sourceFirst: z.boolean().default(false),
    }).prefault({}),
  }).prefault({}),
  /** Sums and weights: currency words ("долларов", 달러), rate periods, pay per person, mass units ("тонн", 톤). */
  money: z.strictObject({
    currencies: z.record(word, iso4217).default({}),
    /** Scales glued to a sum after a currency sign, and only there ("$270m", "US$2bn"): "270m" alone is metres. */
    suffixes: z.record(word, z.number().min(10)).default({}),
    /** Currency signs before a sum ("$", "US$", "€"); read as written, case kept. */
    symbols: z.record(word, iso4217).default({}),
    per: z.strictObject({ year: words, month: words }).prefault({}),
    /** Words before a person noun that make a sum per person ("за каждого", "1인당"). */
    perPerson: words,
  }).prefault({}),
  /** Mass units with their factor to tonnes. */
  massUnits: z.record(word, z.number().positive()).default({}),
  sentences: z.strictObject({
    /** Abbreviations after which a period does not end a sentence ("тыс.", "г.", "gen."). */
    abbreviations: words,
    /** "22. října", "am 22. Oktober": a day number's period before a month name ends no sentence (month names come from Intl). */
    ordinalDates: z.boolean().default(false),
  }).prefault({}),
  morphology: z.strictObject({
    /** A Snowball stemmer from @nlpjs: the library does what a suffix table would do by hand. */
    stemmer: z.enum(['none', 'ru', 'uk', 'pl', 'cs']).default('none'),
    /** Case endings the pack strips when the stemmer leaves a form apart ("generałów" → "generał"), longest first. */
    endings: words,
    /**
     * Verb endings stripped from the text's words only, not from word lists, which write the stem
     * ("사망했다" → "사망", "숨지고" → "숨지"): a list's "파병했다" must not match the noun "파병".
     */
    verbEndings: words,
    /** The shortest stem an ending may leave, in characters: 3, or 2 where a syllable is a character (Korean "사망"). */
    minStem: z.number().int().min(1).default(3),
    /** Stem-final alternations to fold ("vojáci" → "voják"): [from, to] after an ending is stripped. */
    alternations: z.array(z.tuple([word, word])).default([]),
    /** Particles glued after a noun (Korean 이, 가, 을, 를, 은, 는, 의, 에서...). */
    particles: words,
    /** `intl`: words come from Intl.Segmenter (text without spaces); `spaces`: the shared tokenizer. */
    segmentation: z.enum(['spaces', 'intl']).default('spaces'),
  }).prefault({}),
  /** The function words the extractor's rules read (today in lexicon.ts and sources.ts, per language). */
  grammar: z.strictObject({
    /** Words after which a figure's noun phrase cannot continue. */
    stop: words,
    /** Possessive determiners: "its 500,000-strong army" is a whole army. */
    possessives: words,
    /** "the number of" between a figure and what it counts. */
    numberOf: words,
    /** Words between a figure and its noun that belong to neither ("-strong"). */
    filler: words,
    /** Prepositions that put what follows in a place. */
    locative: words,
    /** "of": a partitive before a determiner ("4,000 of the soldiers"). */
    partitive: words,
    determiners: words,
    /** A date after these is when something began ("since October"). */
    since: words,
    /** Words joining two figures that share a verb. */
    coordination: words,
    /** Words opening a relative clause. */
    relative: words,
    /** Endings of past participles that open a clause after a noun without a comma ("soldiers deployed by the army ..."). */
    participleEndings: words,
    /** Participles no ending finds ("sent", "held", "brought"): they open such a clause too. */
    participles: words,
    /** "that": a reported clause starts after them. */
    complementizers: words,
    /** Definite determiners: "the troops" refers to a group already named. */
    definite: words,
    /** A word before the first figure that makes "X to Y" a change, not a range ("from"). */
    changeFrom: words,
    /** Words that end a source's name in an attribution ("said", "that", "on"). */
    nameEnd: words,
    /** Words dropped from the ends of a source's name (articles). */
    leading: words,
    /** Headline labels that name no source ("Exclusive:", "Analysis:"). */
    headlineLabels: words,
    /** Words that open a clause before its subject ("while Russia has massed ..."). */
    clauseOpeners: words,
    /** Words after a counted noun that add others to it ("60,000 troops alongside North Korean soldiers"). */
    comitative: words,
    /** Prepositions that put losses on someone ("inflicted losses of 110 servicemen on Ukrainian units"). */
    lossesOn: words,
    /** "or": with the coordination words, what joins two loss words ("killed or wounded"). */
    disjunction: words,
    /** Endings that make a word a possessor ("Russia's", "allies'"): "Russia's 500,000 troops" are Russia's own. */
    possessiveSuffixes: words,
    /** Words for "own" between a possessive and a figure ("its own 500,000 troops"). */
    own: words,
    /** A noun before another noun may modify it ("fighter jets", "troop numbers"): a count noun so placed counts nothing. */
    nounCompounds: z.boolean().default(false),
    /** Plural endings of nouns ("s"): a plural count noun is the head, not a modifier, even before another noun. */
    pluralEndings: words,
    /** Adjectives follow the noun ("soldati russi", "soldados russos"): a party named right after a figure's noun owns it. */
    adjectiveAfterNoun: z.boolean().default(false),
  }).prefault({}),
  /**
   * Whether a figure is the whole or one part of it, read in the figure's own clause (issue 19): a figure
   * below a consensus is posted only when the text marks it as the whole, and a part never departs.
   */
  extent: z.strictObject({
    /** Totality cues anywhere in the figure's clause: "in total", "overall", "the total number", "the war has killed", "a toll of". */
    whole: words,
    /** Denials of more, touching the figure's phrase: before it ("only", "no more than") or right after it (Korean "에 불과"). */
    denial: z.strictObject({ before: words, after: words }).prefault({}),
    /** Cues in the figure's clause that make it one part of the count, by kind. */
    part: z.strictObject({
      /** One stretch of time: "over the past month", "in July alone", "in the past 24 hours". */
      period: words,
      /**
       * When something happened, or was said: "last week", "this month". A part only after the figure
       * ("300 were killed last week") or set off before it by a comma ("Last week, 300 were killed"):
       * "the spokeswoman, who last week spoke of at least 3,000" dates the words, not the figure.
       */
      time: words,
      /** One cause among several: "from landmines", "from disease". */
      cause: words,
      /** One place: "in the town of", "in a single city", "alone". */
      place: words,
      /** One event: "in the attack", "in a strike on", "in a single day". */
      event: words,
      /** One batch: "sent over the winter", "the latest group". */
      batch: words,
    }).prefault({}),
    /**
     * One event or one town named with words between ("in a Russian strike on", "in the eastern city of"):
     * a `lead` word, then within four words (no punctuation) one of the `eventHeads` (singular: "strike",
     * "*angriff") or `placeHeads` ("city", "Stadt").
     */
    leads: words,
    eventHeads: words,
    placeHeads: words,
    /** Arrivals expected by a date: an arrival verb and a deadline ("by the end of", "by" before a date) in the figure's clause. */
    arrival: z.strictObject({ verbs: words, by: words, byDate: words }).prefault({}),
  }).prefault({}),
}).superRefine((p, ctx) => {
  if (p.numbers.eastAsian && !Object.keys(p.numbers.scales).some((s) => [...s].length === 1)) {
    ctx.addIssue({ code: 'custom', path: ['numbers', 'scales'], message: 'an east-Asian pack needs its one-character scales (万, 만, 千, ...)' });
  }
  if (p.morphology.segmentation === 'intl' && p.morphology.stemmer !== 'none') {
    ctx.addIssue({ code: 'custom', path: ['morphology', 'stemmer'], message: 'a stemmer needs words split by spaces' });
  }
  for (const b of p.numbers.bareScales) {
    if (!(b in p.numbers.scales)) ctx.addIssue({ code: 'custom', path: ['numbers', 'bareScales'], message: `"${b}" is not one of the pack's scales` });
  }
});

export type LanguagePackData = z.infer<typeof packSchema>;

/** A pack with what Intl knows about its locale filled in. */
export interface LanguagePack extends LanguagePackData {
  /** Thousands separators: CLDR's, then the pack's extra ones. */
  group: string[];
  /** Decimal marks: CLDR's first. */
  decimal: string[];
  /** Month names as Intl writes them in the locale, standalone and in a date (Russian "октябрь", "октября"). */
  months: string[];
  /** Short month names ("окт", "paź"): a date only with their period, since some are words too (Czech "pro"). */
  monthsShort: string[];
}

export class LanguagePackError extends Error {}

export const SHIPPED_PACK_DIR = join(shippedDataDir, 'langs');

function describe(file: string, error: z.ZodError): string {
  const lines = error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  return `invalid language pack ${file}:\n${lines.join('\n')}`;
}

function intlParts(locale: string, eastAsian: boolean): { group: string; decimal: string; months: string[]; monthsShort: string[] } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const months = new Set<string>();
  const short = new Set<string>();
  // East Asian months are numbers with 月/월 ("10月", "十月"): the pack's dateAfter words hold those.
  for (let m = 0; m < 12 && !eastAsian; m++) {
    const d = new Date(Date.UTC(2024, m, 22));
    const name = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).formatToParts(d).find((p) => p.type === 'month')?.value;
    for (const n of [name({ month: 'long' }), name({ day: 'numeric', month: 'long' })]) if (n) months.add(n.toLowerCase());
    for (const n of [name({ month: 'short' }), name({ day: 'numeric', month: 'short' })]) if (n) short.add(n.replace(/\.$/, '').toLowerCase());
  }
  return { group, decimal, months: [...months], monthsShort: [...short].filter((s) => !months.has(s)) };
}

/** Parses and validates a pack from its text or object; `file` names it in errors. */
export function parsePack(textOrObject: string | unknown, file = '(inline pack)'): LanguagePack {
  const raw = parseDataText(textOrObject, file, 'language pack', (m) => new LanguagePackError(m));
  const result = packSchema.safeParse(raw);
  if (!result.success) throw new LanguagePackError(describe(file, result.error));
  const data = result.data;
  const { group, decimal, months, monthsShort } = intlParts(data.locale, data.numbers.eastAsian);
  // CLDR writes a no-break space (U+00A0 or U+202F); writers type a plain one too.
  const groups = [group, ...data.numbers.groupExtra.filter((g) => g !== group)];
  const decimals = [decimal, ...data.numbers.decimalExtra.filter((d) => d !== decimal && !groups.includes(d))];
  return { ...data, group: groups, decimal: decimals, months, monthsShort };
}

export function loadPackFile(file: string): LanguagePack {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LanguagePackError(`cannot read language pack ${file}: ${(err as Error).message}`);
  }
  const pack = parsePack(text, file);
  const expected = /([a-z]{2,3})\.(?:ya?ml|json)$/i.exec(file)?.[1];
  if (expected && expected !== pack.code) throw new LanguagePackError(`language pack ${file} declares code "${pack.code}"; its file name says "${expected}"`);
  return pack;
}

const shipped = new Map<string, LanguagePack>();

/** The shipped pack of a language, loaded once; null when there is none (the article stays untagged). */
export function languagePack(code: string): LanguagePack | null {
  const hit = shipped.get(code);
  if (hit) return hit;
  for (const ext of ['yaml', 'yml', 'json']) {
    const file = join(SHIPPED_PACK_DIR, `${code}.${ext}`);
    if (existsSync(file)) {
      const pack = loadPackFile(file);
      shipped.set(code, pack);
      return pack;
    }
  }
  return null;
}

/** Codes of the shipped packs. */
export function shippedPackCodes(): string[] {
  return readdirSync(SHIPPED_PACK_DIR).map((f) => /^([a-z]{2,3})\.(?:ya?ml|json)$/.exec(f)?.[1]).filter((c): c is string => !!c).sort();
}
