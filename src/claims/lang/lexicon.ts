// The extractor's word lists for a language: lexicon.ts for English, German,
// French and Spanish (their packs are held to it word for word), else read
// from the language's pack, so a new language is a file in corpus/langs/.
import { isSupportedLanguage, LEXICONS, type Lexicon } from '../lexicon.js';
import { languagePack, type LanguagePack } from './pack.js';

const fromPacks = new Map<string, Lexicon>();

/** The lexicon of a language, or null when it has no pack (its articles stay untagged). */
export function lexiconOf(lang: string): Lexicon | null {
  if (isSupportedLanguage(lang)) return LEXICONS[lang];
  const hit = fromPacks.get(lang);
  if (hit) return hit;
  const pack = languagePack(lang);
  if (!pack) return null;
  const lex = lexiconFromPack(pack);
  fromPacks.set(lang, lex);
  return lex;
}

/** A pack's words where the extractor reads them. Numbers, ranges and vague amounts are the pack's reader's (readNumbers). */
export function lexiconFromPack(pack: LanguagePack): Lexicon {
  const n = pack.numbers;
  const g = pack.grammar;
  const a = pack.cues.attribution;
  const strip = (w: string) => w.replace(/\*$/, '');
  return {
    recognizerCulture: null,
    decimal: pack.decimal[0] === ',' ? ',' : '.',
    numberWords: [...Object.keys(n.words), ...Object.keys(n.scales), ...n.bareScales].map(strip),
    vague: [],
    rangeJoin: [],
    between: { open: [], join: [] },
    changeFrom: g.changeFrom,
    stop: g.stop,
    nonCountUnits: n.nonCountAfter,
    possessives: g.possessives,
    numberOf: g.numberOf,
    // A counter after a figure ("1만 명의 병력", "1.1万名士兵") sits between it and its noun.
    filler: [...g.filler, ...n.counters],
    ordinalSuffix: /(?!)/,
    currencies: { words: pack.money.currencies, symbols: LEXICONS.en.currencies.symbols },
    per: pack.money.per,
    perPerson: pack.money.perPerson,
    massUnits: pack.massUnits,
    attribution: {
      intro: a.intro, verbs: a.verbs, via: a.via, anaphors: a.anaphors,
      agents: a.anaphors, notSources: [], nameJoiners: [], unnamed: [],
    },
    abbreviations: pack.sentences.abbreviations,
    locative: g.locative,
    partitive: g.partitive,
    determiners: g.determiners,
    since: g.since,
    coordination: g.coordination,
    pronouns: a.pronouns,
    relative: g.relative,
    participleEndings: g.participleEndings,
    complementizers: g.complementizers,
    definite: g.definite,
    clauseOpeners: [],
    comitative: [],
    lossesOn: [],
    missingOrCaptured: [...pack.cues.losses.missing, ...pack.cues.losses.captured],
  };
}
