// The extractor's word lists for a language, read from its pack
// (corpus/langs/<code>.yaml), so a language is a file and nothing in code.
import { languagePack, type LanguagePack } from './pack.js';

export interface Lexicon {
  /** A word before the first figure that makes "X to Y" a change, not a range ("from 3,000 to 10,000"). */
  changeFrom: string[];
  /** Words after which a figure's noun phrase cannot continue: scanning for the counted noun stops there. */
  stop: string[];
  /** Units that make a number a duration, distance, share or calibre, never a count of the watch. */
  nonCountUnits: string[];
  /** Possessive determiners: "its 500,000-strong armed forces" is a whole army, not a deployment. */
  possessives: string[];
  /** "the number of" phrases that may sit between a figure and what it counts. */
  numberOf: string[];
  /** Words between a figure and its noun that belong to neither ("11,000-strong contingent"). */
  filler: string[];
  currencies: { words: Record<string, string>; symbols: Record<string, string> };
  /** Rate periods after a sum: "a year", "par mois". */
  per: Record<string, string[]>;
  /** Words before a person noun that make a sum per person ("per soldier", "for each soldier"): a part, not the whole payment. */
  perPerson: string[];
  massUnits: Record<string, number>;
  attribution: {
    /** Phrases followed by the source: "according to X". */
    intro: string[];
    /** Verbs after the source ("X said") or before it (", said X"). */
    verbs: string[];
    /** Phrases followed by an outlet that carried the figure: "cited by CNN". */
    via: string[];
    /** Heads of definite descriptions that point back to a source named earlier ("the agency said"). */
    anaphors: string[];
    /** Nouns for who can be a source though written in lower case: an attribution in lower case is a source only with one of them. */
    agents: string[];
    /** Words that make an attribution phrase no source: what was said rather than who said it, units, times, unnamed people. */
    notSources: string[];
    /** Lower-case words that may sit inside a name ("Korea Institute for Defense Analyses"). */
    nameJoiners: string[];
    /** Attributions to no one ("reportedly"): the figure borrows no neighbour's or headline's source. */
    unnamed: string[];
  };
  /** Abbreviations after which a period does not end a sentence. */
  abbreviations: string[];
  /** Prepositions that put what follows in a place ("in", "nach", "dans"). */
  locative: string[];
  /** "of", "de": between a figure and a determiner, a partitive ("4,000 of the soldiers"). */
  partitive: string[];
  determiners: string[];
  /** A date after these is when something began, not when the figure stood ("since October"). */
  since: string[];
  /** Words joining two figures that share a verb ("500 officers and three generals"). */
  coordination: string[];
  /** Pronouns standing for a source named before ("she told reporters"). */
  pronouns: string[];
  /** Words opening a relative clause: what it says is about another thing than the figure. */
  relative: string[];
  /** Endings of past participles that open a clause after a noun without a comma. */
  participleEndings: string[];
  /** Irregular past participles that open a clause after a noun ("sent", "held"). */
  participles: string[];
  /** "that", "dass": a reported clause starts after them. */
  complementizers: string[];
  /** Definite determiners: "the troops" refers to a group already named. */
  definite: string[];
  /** Words that open a clause before its subject: "while Russia has massed ...". */
  clauseOpeners: string[];
  /** Words after a counted noun that add others to it: "60,000 troops alongside North Korean soldiers". */
  comitative: string[];
  /** Prepositions that put losses on someone: "inflicted losses of 110 servicemen on Ukrainian units". */
  lossesOn: string[];
  /** Words after a person figure that say they are missing or captured: a count of them is no count of the force. */
  missingOrCaptured: string[];
  /** Person nouns: "300 people", "30 civilians" are person figures (see the pack's `persons`). */
  persons: string[];
}

const fromPacks = new Map<string, Lexicon>();

/** The lexicon of a language, or null when it has no pack (its articles stay untagged). */
export function lexiconOf(lang: string): Lexicon | null {
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
  return {
    changeFrom: g.changeFrom,
    stop: g.stop,
    nonCountUnits: n.nonCountAfter,
    possessives: g.possessives,
    numberOf: g.numberOf,
    // A counter after a figure ("1만 명의 병력", "1.1万名士兵") sits between it and its noun.
    filler: [...g.filler, ...n.counters],
    currencies: { words: pack.money.currencies, symbols: pack.money.symbols },
    per: pack.money.per,
    perPerson: pack.money.perPerson,
    massUnits: pack.massUnits,
    attribution: {
      intro: a.intro, verbs: a.verbs, via: a.via, anaphors: a.anaphors,
      // Without their own agents, the anaphors ("agency", "ministry") are who can be a source in lower case.
      agents: a.agents.length ? a.agents : a.anaphors,
      notSources: a.notSources, nameJoiners: a.nameJoiners, unnamed: a.unnamed,
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
    participles: g.participles,
    complementizers: g.complementizers,
    definite: g.definite,
    clauseOpeners: g.clauseOpeners,
    comitative: g.comitative,
    lossesOn: g.lossesOn,
    missingOrCaptured: [...pack.cues.losses.missing, ...pack.cues.losses.captured],
    persons: pack.persons,
  };
}
