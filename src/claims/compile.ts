// A watch's word lists turned into matchers, once per watch and language.
import { lexiconOf, type Lexicon } from './lang/lexicon.js';
import { LangCueSet, tokenizeLang } from './lang/morph.js';
import { languagePack, type LanguagePack } from './lang/pack.js';
import { resolveSettings } from '../consensus/settings.js';
import { CueSet, fold } from './text.js';
import type { Watch, WatchMeasure } from './watch.js';

export interface CompiledLang {
  lang: string;
  lex: Lexicon;
  /** The language's pack: its number reader, tokenizer, sentence rules and grammar flags. */
  pack: LanguagePack;
  /** Words that end a source's name. */
  nameEnd: Set<string>;
  /** Articles dropped from the ends of a source's name. */
  leading: Set<string>;
  /** Headline labels that name no source ("Exclusive:"). */
  headlineLabels: Set<string>;
  /** "or" and "and" between two loss words ("killed or wounded"). */
  orAnd: Set<string>;
  measures: Record<string, WatchMeasure>;
  /**
   * Per measure, the consensus's plausible maximum (the measure's, else the watch's): a figure above
   * it counts something larger than the measure (a whole army) and is not read.
   */
  ceilings: Record<string, number | undefined>;
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
  missingOrCaptured: CueSet;
  /** The pack's person nouns ("people", "Menschen"): what makes a person figure, unless the watch's bystanders name them. */
  persons: CueSet;
  /** Per measure, the words that make a figure bound to them not that measure (the injured are not the dead). */
  excludes: Map<string, CueSet>;
  /** Every article of the language (the pack's `articles`, `grammar.leading`, `definite`): what opens a noun phrase. */
  articles: Set<string>;
  /** Commodity nouns of mass measures. */
  massNouns: CueSet;
  /** Loss predicates, tagged with the measure they turn a person figure into. */
  predicates: CueSet;
  /** Words before a figure that say what it counts ("losses exceed 3,000"). */
  before: CueSet;
  /** Part words of measures, tagged `measure:part`. */
  parts: CueSet;
  moneyContext: CueSet;
  /** Context words of share measures, tagged with the measure. */
  shareContext: CueSet;
  /** Words after a number that make it a share ("%", "percent", "Prozent"): only when the watch has a share measure. */
  shareWords: CueSet;
  /** Per money measure, its units after a sum ("a barrel", "pro Barrel"), tagged with the unit: the claim's `per`. */
  perUnits: Map<string, CueSet>;
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
  nonCount: CueSet;
  numberOf: CueSet;
  filler: CueSet;
  currencyWords: CueSet;
  per: CueSet;
  perPerson: CueSet;
  /** Words that make a sum of a money measure paid to each one counted ("salary"), tagged with the measure. */
  perHead: CueSet;
  /** People the story does not count ("civilians"): losses among them are no measure's. */
  bystanders: CueSet;
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
  participleEndings: readonly string[];
  participles: Set<string>;
  complementizers: Set<string>;
  definite: Set<string>;
  otherActors: CueSet;
  changeFrom: Set<string>;
  /** The pack's numerals and magnitude words ("billion", "Millionen"): a number before one is the number reader's figure. */
  numberWords: Set<string>;
  /** Totality cues of a figure's clause ("in total", "the war has killed"). */
  whole: CueSet;
  /** Denials of more touching a figure: before it ("only", "no more than"), after it ("에 불과"). */
  denialBefore: CueSet;
  denialAfter: CueSet;
  /** Cues that make a figure one part of the count, tagged with their kind (period, cause, place, event, batch). */
  partCues: CueSet;
  /** Arrival verbs, and deadlines: with one of each in its clause a figure is the arrivals expected by a date. */
  arrivalVerbs: CueSet;
  deadline: CueSet;
  /** Deadline words that need a date after them ("by" December). */
  deadlineBeforeDate: CueSet;
  /** Words that lead to one event or one town a few words on ("in a Russian strike", "in the city of"). */
  partLeads: CueSet;
  eventHeads: CueSet;
  placeHeads: CueSet;
  /** Measures whose count only grows (`kind: cumulative`): a month, a year or a town in a figure's clause makes it a part. */
  cumulative: Set<string>;
  /** The level of each watch place, by its index (the tag of `places`). */
  placeLevels: string[];
}

/** Month and weekday names of a language, long and short, folded: from Intl, so every language has them. */
function calendarWords(lang: string): Set<string> {
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

/** How a language writes "percent" after a number, every plural form, from Intl (CLDR), with the signs. */
function percentWords(locale: string): string[] {
  const out = new Set(['%', '％']);
  // The region's variant too: British English writes "per cent".
  const base = locale.split('-')[0];
  for (const l of Intl.NumberFormat.supportedLocalesOf([locale, base, `${base}-GB`])) {
    const f = new Intl.NumberFormat(l, { style: 'unit', unit: 'percent', unitDisplay: 'long' });
    for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 1.5, 20.8]) {
      const word = f.format(n).replace(/[\d.,\s\u00a0\u202f]+/gu, ' ').trim();
      if (word) out.add(word);
    }
  }
  return [...out];
}

/**
 * Per measure, what a figure bound to makes it no figure of the measure: the watch's `excludes`, and
 * for a loss measure the pack's words for other losses (wounded, missing, captured) that are not
 * among its own: a deaths measure is no count of the wounded, whoever wrote the watch.
 */
function excludesOf(watch: Watch, lang: string, pack: LanguagePack): Map<string, CueSet> {
  const out = new Map<string, CueSet>();
  const losses = pack.cues.losses;
  for (const [k, m] of Object.entries(watch.measures)) {
    const own = [...(m.nouns[lang] ?? []), ...(m.predicates?.[lang] ?? []), ...(m.before?.[lang] ?? [])];
    const isLoss = (m.predicates?.[lang]?.length ?? 0) > 0;
    const ownSet = new LangCueSet([['', own]], pack);
    const ownFolded = new Set(own.map(fold));
    const covered = (w: string) => {
      if (ownFolded.has(fold(w))) return true;
      const t = tokenizeLang(w.replace(/^\*|\*$/g, ''), pack);
      return t.length > 0 && ownSet.matchAt(t, 0)?.length === t.length;
    };
    const implicit = isLoss ? [...losses.wounded, ...losses.missing, ...losses.captured].filter((w) => !covered(w)) : [];
    const words = [...(m.excludes?.[lang] ?? []), ...implicit];
    if (words.length) out.set(k, new LangCueSet([[k, words]], pack));
  }
  return out;
}

const cache = new WeakMap<Watch, Map<string, CompiledLang>>();

const set = (words: readonly string[]) => new Set(words.map(fold));

export function compileWatch(watch: Watch, lang: string): CompiledLang {
  let perLang = cache.get(watch);
  if (!perLang) {
    perLang = new Map();
    cache.set(watch, perLang);
  }
  const hit = perLang.get(lang);
  if (hit) return hit;

  const lex = lexiconOf(lang);
  if (!lex) throw new Error(`no language pack for "${lang}"`);
  const pack = languagePack(lang)!;
  // A pack's words inflect or glue: they are matched by their forms (lang/morph.ts).
  const CS = (entries: [string, readonly string[]][]): CueSet => new LangCueSet(entries, pack);
  const one = (words: readonly string[] | undefined, tag = ''): CueSet => CS([[tag, words ?? []]]);
  // The pack's cues for qualifiers, status and scope, with the watch's own for the language: a watch
  // holds only its story's own cues.
  const cue = pack.cues;
  const measures = Object.entries(watch.measures);
  const of = (m: WatchMeasure, k: 'nouns' | 'predicates' | 'before' | 'context' | 'subsetNouns' | 'perHead') => m[k]?.[lang] ?? [];
  const tagged = (pairs: [string, readonly string[]][]) => CS(pairs);
  const counts = measures.filter(([, m]) => m.dimension === 'count');

  const countNouns = tagged(counts.map(([k, m]) => [k, [...of(m, 'nouns'), ...of(m, 'subsetNouns')]]));
  const subsetNouns = tagged(counts.map(([k, m]) => [k, of(m, 'subsetNouns')]));
  const massNouns = tagged(measures.filter(([, m]) => m.dimension === 'mass').map(([k, m]) => [k, of(m, 'nouns')]));
  const predicates = tagged(measures.map(([k, m]) => [k, of(m, 'predicates')]));
  const before = tagged(measures.map(([k, m]) => [k, of(m, 'before')]));
  const parts = tagged(measures.flatMap(([k, m]) => Object.entries(m.parts ?? {}).map(([part, words]) => [`${k}:${part}`, words[lang] ?? []] as [string, string[]])));
  const moneyContext = tagged(measures.filter(([, m]) => m.dimension === 'money').map(([k, m]) => [k, of(m, 'context')]));
  const shares = measures.filter(([, m]) => m.dimension === 'share');
  const shareContext = tagged(shares.map(([k, m]) => [k, of(m, 'context')]));
  const shareWords = one(shares.length ? percentWords(pack?.locale ?? lang) : []);
  const perUnits = new Map(measures.filter(([, m]) => m.per).map(([k, m]) => [k, tagged(Object.entries(m.per!).map(([unit, words]) => [unit, words[lang] ?? []]))]));
  const currencyWords = CS(Object.entries(lex.currencies.words).map(([w, code]) => [code, [w]]));
  const massUnits = CS(Object.entries(lex.massUnits).map(([w, f]) => [String(f), [w]]));
  const relevant = CS([
    ...measures.flatMap(([k, m]) => [[k, of(m, 'nouns')], [k, of(m, 'subsetNouns')], [k, of(m, 'predicates')], [k, of(m, 'before')], [k, of(m, 'context')]] as [string, string[]][]),
    ['currency', Object.keys(lex.currencies.words)],
    ['mass', Object.keys(lex.massUnits)],
  ]);
  const w = (l: Record<string, string[]> | undefined, extra: readonly string[] = []) => [...(l?.[lang] ?? []), ...extra];
  const q = watch.qualifiers;
  const compiled: CompiledLang = {
    lang, lex, pack,
    nameEnd: set(pack.grammar.nameEnd),
    leading: set(pack.grammar.leading),
    headlineLabels: set(pack.grammar.headlineLabels),
    orAnd: set([...pack.grammar.coordination, ...pack.grammar.disjunction, ...pack.numbers.range.joins.filter((j) => /\p{L}/u.test(j))]),
    measures: watch.measures,
    ceilings: Object.fromEntries(measures.map(([k, m]) => [k, resolveSettings(watch.consensus, m.consensus).plausible?.max])),
    countNouns, subsetNouns, massNouns, predicates, before, parts, moneyContext, shareContext, shareWords, perUnits, relevant,
    subsetFollowing: one(w(watch.scope.subset.following)),
    clauseOpeners: one(lex.clauseOpeners),
    comitative: one(lex.comitative),
    lossesOn: set(lex.lossesOn),
    missingOrCaptured: one(lex.missingOrCaptured),
    persons: one(lex.persons),
    articles: set([...pack.articles, ...pack.grammar.leading, ...pack.grammar.definite]),
    excludes: excludesOf(watch, lang, pack),
    subject: one(w(watch.subject)),
    otherParties: one(w(watch.otherParties)),
    qualBefore: tagged([['approx', w(q.approx, cue.qualifiers.approx)], ['up_to', w(q.up_to, cue.qualifiers.up_to)], ['at_least', w(q.at_least, cue.qualifiers.at_least)]]),
    qualAfter: tagged([['approx', w(q.after.approx, cue.qualifiers.after.approx)], ['up_to', w(q.after.up_to, cue.qualifiers.after.up_to)], ['at_least', w(q.after.at_least, cue.qualifiers.after.at_least)]]),
    addBefore: one(w(watch.status.additional.before, cue.status.additional.before)),
    addAfter: one(w(watch.status.additional.after, cue.status.additional.after)),
    planned: one(w(watch.status.planned, cue.status.planned), 'planned'),
    present: one(w(watch.status.present, cue.status.present), 'present'),
    strongPresent: one(w(watch.status.strongPresent, cue.status.strongPresent)),
    subsetBefore: one(w(watch.scope.subset.before, cue.scope.subset.before)),
    subsetTouching: one(w(watch.scope.subset.touching, cue.scope.subset.touching)),
    subsetAfter: one(w(watch.scope.subset.after, cue.scope.subset.after)),
    total: one(w(watch.scope.total, cue.scope.total)),
    nonCount: one(lex.nonCountUnits),
    numberOf: one(lex.numberOf),
    filler: one(lex.filler),
    currencyWords,
    per: CS(Object.entries(lex.per)),
    perPerson: one(lex.perPerson),
    perHead: tagged(measures.filter(([, m]) => m.dimension === 'money').map(([k, m]) => [k, of(m, 'perHead')])),
    bystanders: one(w(watch.bystanders)),
    massUnits,
    attrIntro: one(lex.attribution.intro),
    attrVerbs: one(lex.attribution.verbs),
    attrVia: one(lex.attribution.via),
    anaphors: one(lex.attribution.anaphors),
    agents: one(lex.attribution.agents),
    notSources: one(lex.attribution.notSources),
    nameJoiners: set(lex.attribution.nameJoiners),
    unnamedAttribution: one(lex.attribution.unnamed),
    calendar: calendarWords(lang),
    since: one(lex.since),
    coordination: one(lex.coordination),
    places: CS(watch.places.map((p, i) => [String(i), p.aliases])),
    sources: CS(watch.sources.map((s) => [s.key, s.aliases])),
    stop: set(lex.stop),
    possessives: set(lex.possessives),
    locative: set(lex.locative),
    partitive: set(lex.partitive),
    determiners: set(lex.determiners),
    pronouns: set(lex.pronouns),
    relative: set(lex.relative),
    participleEndings: lex.participleEndings,
    participles: set(lex.participles),
    complementizers: set(lex.complementizers),
    definite: set(lex.definite),
    otherActors: one(w(watch.otherActors)),
    changeFrom: set(lex.changeFrom),
    numberWords: set([...Object.keys(pack.numbers.words), ...Object.keys(pack.numbers.scales)].map((w) => w.replace(/\*$/, ''))),
    whole: one(pack.extent.whole),
    denialBefore: one(pack.extent.denial.before),
    denialAfter: one(pack.extent.denial.after),
    partCues: tagged(Object.entries(pack.extent.part)),
    arrivalVerbs: one(pack.extent.arrival.verbs),
    deadline: one(pack.extent.arrival.by),
    deadlineBeforeDate: one(pack.extent.arrival.byDate),
    partLeads: one(pack.extent.leads),
    eventHeads: one(pack.extent.eventHeads),
    placeHeads: one(pack.extent.placeHeads),
    cumulative: new Set(measures.filter(([, m]) => resolveSettings(watch.consensus, m.consensus).kind === 'cumulative').map(([k]) => k)),
    placeLevels: watch.places.map((p) => p.level),
  };
  perLang.set(lang, compiled);
  return compiled;
}
