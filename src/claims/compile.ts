// A watch's word lists turned into matchers, once per watch and language.
import { LEXICONS, type Lang, type Lexicon } from './lexicon.js';
import { CueSet, fold } from './text.js';
import type { Watch, WatchMeasure } from './watch.js';

export interface CompiledLang {
  lang: Lang;
  lex: Lexicon;
  measures: Record<string, WatchMeasure>;
  /** Nouns of count measures, tagged with the measure (subset nouns included). */
  countNouns: CueSet;
  /** Nouns of a kind of what a measure counts ("sappers"): a figure of them is a part. */
  subsetNouns: CueSet;
  /** Tasks and groups after a figure's noun that make it a part ("to train", "for the first group"). */
  subsetFollowing: CueSet;
  /** Words opening a clause before its subject ("while Russia has massed ..."). */
  clauseOpeners: CueSet;
  /** Words after a counted noun that add others to it ("alongside", "with"): the story's subject after them is not the figure's owner. */
  comitative: CueSet;
  /** Prepositions that put losses on someone ("inflicted losses of 110 servicemen on Ukrainian units"). */
  lossesOn: Set<string>;
  /** Commodity nouns of mass measures. */
  massNouns: CueSet;
  /** Loss predicates, tagged with the measure they turn a person figure into. */
  predicates: CueSet;
  /** Words before a figure that say what it counts ("losses exceed 3,000"). */
  before: CueSet;
  /** Part words of measures, tagged `measure:part`. */
  parts: CueSet;
  moneyContext: CueSet;
  /** Anything that makes a sentence worth reading for figures. */
  relevant: CueSet;
  subject: CueSet;
  otherParties: CueSet;
  qualBefore: CueSet;
  qualAfter: CueSet;
  addBefore: CueSet;
  addAfter: CueSet;
  planned: CueSet;
  present: CueSet;
  strongPresent: CueSet;
  subsetBefore: CueSet;
  subsetTouching: CueSet;
  subsetAfter: CueSet;
  total: CueSet;
  vague: CueSet;
  nonCount: CueSet;
  numberOf: CueSet;
  filler: CueSet;
  currencyWords: CueSet;
  per: CueSet;
  perPerson: CueSet;
  salary: CueSet;
  civilians: CueSet;
  massUnits: CueSet;
  attrIntro: CueSet;
  attrVerbs: CueSet;
  attrVia: CueSet;
  anaphors: CueSet;
  agents: CueSet;
  notSources: CueSet;
  nameJoiners: Set<string>;
  unnamedAttribution: CueSet;
  /** Month and weekday names: a date is not who said something. */
  calendar: Set<string>;
  since: CueSet;
  coordination: CueSet;
  places: CueSet;
  sources: CueSet;
  stop: Set<string>;
  possessives: Set<string>;
  locative: Set<string>;
  partitive: Set<string>;
  determiners: Set<string>;
  pronouns: Set<string>;
  relative: Set<string>;
  complementizers: Set<string>;
  definite: Set<string>;
  otherActors: CueSet;
  rangeJoin: Set<string>;
  betweenOpen: Set<string>;
  betweenJoin: Set<string>;
  changeFrom: Set<string>;
  numberWords: Set<string>;
}

/** Month and weekday names of a language, long and short, folded: from Intl, so every language has them. */
function calendarWords(lang: Lang): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(2024, i, 15));
    for (const style of ['long', 'short'] as const) {
      out.add(fold(new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' }).format(d).replace(/\.$/, '')));
      out.add(fold(new Intl.DateTimeFormat('en', { month: style, timeZone: 'UTC' }).format(d).replace(/\.$/, '')));
    }
  }
  for (let i = 0; i < 7; i++) {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    for (const l of [lang, 'en']) out.add(fold(new Intl.DateTimeFormat(l, { weekday: 'long', timeZone: 'UTC' }).format(d)));
  }
  // English names too: wire copy in any language dates with them ("Im September", "in May").
  return out;
}

const cache = new WeakMap<Watch, Map<Lang, CompiledLang>>();

const set = (words: readonly string[]) => new Set(words.map(fold));

export function compileWatch(watch: Watch, lang: Lang): CompiledLang {
  let perLang = cache.get(watch);
  if (!perLang) {
    perLang = new Map();
    cache.set(watch, perLang);
  }
  const hit = perLang.get(lang);
  if (hit) return hit;

  const lex = LEXICONS[lang];
  const measures = Object.entries(watch.measures);
  const of = (m: WatchMeasure, k: 'nouns' | 'predicates' | 'before' | 'context' | 'subsetNouns') => m[k]?.[lang] ?? [];
  const tagged = (pairs: [string, readonly string[]][]) => new CueSet(pairs);
  const counts = measures.filter(([, m]) => m.dimension === 'count');

  const countNouns = tagged(counts.map(([k, m]) => [k, [...of(m, 'nouns'), ...of(m, 'subsetNouns')]]));
  const subsetNouns = tagged(counts.map(([k, m]) => [k, of(m, 'subsetNouns')]));
  const massNouns = tagged(measures.filter(([, m]) => m.dimension === 'mass').map(([k, m]) => [k, of(m, 'nouns')]));
  const predicates = tagged(measures.map(([k, m]) => [k, of(m, 'predicates')]));
  const before = tagged(measures.map(([k, m]) => [k, of(m, 'before')]));
  const parts = tagged(measures.flatMap(([k, m]) => Object.entries(m.parts ?? {}).map(([part, words]) => [`${k}:${part}`, words[lang] ?? []] as [string, string[]])));
  const moneyContext = tagged(measures.filter(([, m]) => m.dimension === 'money').map(([k, m]) => [k, of(m, 'context')]));
  const currencyWords = new CueSet(Object.entries(lex.currencies.words).map(([w, code]) => [code, [w]]));
  const massUnits = new CueSet(Object.entries(lex.massUnits).map(([w, f]) => [String(f), [w]]));
  const relevant = new CueSet([
    ...measures.flatMap(([k, m]) => [[k, of(m, 'nouns')], [k, of(m, 'subsetNouns')], [k, of(m, 'predicates')], [k, of(m, 'before')], [k, of(m, 'context')]] as [string, string[]][]),
    ['currency', Object.keys(lex.currencies.words)],
    ['mass', Object.keys(lex.massUnits)],
  ]);
  const w = (l: Record<string, string[]> | undefined) => l?.[lang] ?? [];
  const q = watch.qualifiers;
  const compiled: CompiledLang = {
    lang, lex,
    measures: watch.measures,
    countNouns, subsetNouns, massNouns, predicates, before, parts, moneyContext, relevant,
    subsetFollowing: CueSet.of(w(watch.scope.subset.following)),
    clauseOpeners: CueSet.of(lex.clauseOpeners),
    comitative: CueSet.of(lex.comitative),
    lossesOn: set(lex.lossesOn),
    subject: CueSet.of(w(watch.subject)),
    otherParties: CueSet.of(w(watch.otherParties)),
    qualBefore: tagged([['approx', w(q.approx)], ['up_to', w(q.up_to)], ['at_least', w(q.at_least)]]),
    qualAfter: tagged([['approx', w(q.after.approx)], ['up_to', w(q.after.up_to)], ['at_least', w(q.after.at_least)]]),
    addBefore: CueSet.of(w(watch.status.additional.before)),
    addAfter: CueSet.of(w(watch.status.additional.after)),
    planned: CueSet.of(w(watch.status.planned), 'planned'),
    present: CueSet.of(w(watch.status.present), 'present'),
    strongPresent: CueSet.of(w(watch.status.strongPresent)),
    subsetBefore: CueSet.of(w(watch.scope.subset.before)),
    subsetTouching: CueSet.of(w(watch.scope.subset.touching)),
    subsetAfter: CueSet.of(w(watch.scope.subset.after)),
    total: CueSet.of(w(watch.scope.total)),
    vague: new CueSet(lex.vague.map((v, i) => [String(i), [v.words]])),
    nonCount: CueSet.of(lex.nonCountUnits),
    numberOf: CueSet.of(lex.numberOf),
    filler: CueSet.of(lex.filler),
    currencyWords,
    per: new CueSet(Object.entries(lex.per)),
    perPerson: CueSet.of(lex.perPerson),
    salary: CueSet.of(lex.salary),
    civilians: CueSet.of(lex.civilians),
    massUnits,
    attrIntro: CueSet.of(lex.attribution.intro),
    attrVerbs: CueSet.of(lex.attribution.verbs),
    attrVia: CueSet.of(lex.attribution.via),
    anaphors: CueSet.of(lex.attribution.anaphors),
    agents: CueSet.of(lex.attribution.agents),
    notSources: CueSet.of(lex.attribution.notSources),
    nameJoiners: set(lex.attribution.nameJoiners),
    unnamedAttribution: CueSet.of(lex.attribution.unnamed),
    calendar: calendarWords(lang),
    since: CueSet.of(lex.since),
    coordination: CueSet.of(lex.coordination),
    places: new CueSet(watch.places.map((p, i) => [String(i), p.aliases])),
    sources: new CueSet(watch.sources.map((s) => [s.key, s.aliases])),
    stop: set(lex.stop),
    possessives: set(lex.possessives),
    locative: set(lex.locative),
    partitive: set(lex.partitive),
    determiners: set(lex.determiners),
    pronouns: set(lex.pronouns),
    relative: set(lex.relative),
    complementizers: set(lex.complementizers),
    definite: set(lex.definite),
    otherActors: CueSet.of(w(watch.otherActors)),
    rangeJoin: set(lex.rangeJoin),
    betweenOpen: set(lex.between.open),
    betweenJoin: set(lex.between.join),
    changeFrom: set(lex.changeFrom),
    numberWords: set(lex.numberWords),
  };
  perLang.set(lang, compiled);
  return compiled;
}
