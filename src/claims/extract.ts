// Article text in, claims out: every figure the article reports for one of
// the watch's measures, in the claim schema, with the sentence that states it.
//
// A figure is a number (or range, or "tens of thousands") that is not a date,
// an identifier, an ordinal or a duration. What it counts is the noun that
// follows it ("10,000 North Korean troops"), or for a bare figure the noun the
// clause is about ("the 11,000 sent in November"); loss words after it turn a
// count of soldiers into casualties ("4,000 of them were killed"). Qualifier,
// status and scope come from the words in the figure's own phrase; source,
// place and date from its sentence, else its neighbours.
import * as chrono from 'chrono-node';
import { compileWatch, type CompiledLang } from './compile.js';
import { confidenceOf, sortFlags, type ClaimFlag } from './confidence.js';
import { detectLanguage } from './language.js';
import { readDates } from './lang/dates.js';
import { lexiconOf } from './lang/lexicon.js';
import { tokenizeLang } from './lang/morph.js';
import { readNumbers, type NumberQualifier } from './lang/numbers.js';
import { splitSentencesLang } from './lang/sentences.js';
import { findNumbers, parseGermanNumberWord, type NumberMention } from './numbers.js';
import { Attributor, type SourceRef } from './sources.js';
import { splitSentences, tokenize as tokenizeShared, type CueSet, type Sentence, type Token } from './text.js';
import { languagePack } from './lang/pack.js';
import type { Watch } from './watch.js';

export type Qualifier = 'exact' | 'approx' | 'up_to' | 'at_least' | 'vague';
export type Status = 'present' | 'planned' | 'additional';
export type Scope = 'total' | 'subset';

export interface ExtractedClaim {
  measure: string;
  low: number;
  high: number;
  unit: string;
  per: string | null;
  qualifier: Qualifier;
  status: Status;
  scope: Scope;
  source: string[];
  /** Canonical originator id from the watch's aliases, e.g. 'hur': what makes sources independent. */
  sourceKey: string | null;
  location: string | null;
  asOf: string | null;
  evidence: { sentence: string; start: number; end: number };
  confidence: number;
  /** Why the confidence is below a clean reading's: codes of CLAIM_FLAGS (src/claims/confidence.ts). */
  flags: ClaimFlag[];
}

export interface ExtractOptions {
  title?: string | null;
  /** The article's language when known (a page's lang attribute); detected otherwise. */
  lang?: string | null;
  /** When the article was published: dates without a year ("on Oct. 24") are read against it. */
  published?: string | Date | null;
}

export interface ExtractResult { lang: string; tagged: boolean; claims: ExtractedClaim[] }

// ─── figures ────────────────────────────────────────────────────────────────

interface Figure {
  low: number;
  high: number;
  vague: boolean;
  /** Token span [tokStart, tokEnd) and character span. */
  tokStart: number;
  tokEnd: number;
  start: number;
  end: number;
  text: string;
  hasDigits: boolean;
  /** Read from an unusual written form (see NumberMention.unusual). */
  unusual: boolean;
  /** What the number's own form says ("一万多", "1만여"), read by a pack's number reader. */
  ownQualifier?: NumberQualifier | null;
}

const QUOTES = new Set(['"', '“', '”', '«', '»', '„', '\'', '‘', '’']);
const HYPHENS = new Set(['-', '–', '‐']);
const HARD_PUNCT = new Set([',', '.', ';', ':', '(', ')', '?', '!', '—', '[', ']', '|', '•', '/']);

function tokenSpan(tokens: readonly Token[], start: number, end: number): [number, number] {
  let a = tokens.findIndex((t) => t.end > start);
  if (a < 0) a = tokens.length;
  let b = a;
  while (b < tokens.length && tokens[b].start < end) b++;
  return [a, b];
}

/** Numbers that are not counts: identifiers, ordinals, years, times, durations, shares, list markers. */
function isNonCount(n: NumberMention, sentence: Sentence, tokens: readonly Token[], c: CompiledLang): boolean {
  const text = sentence.text;
  const s = n.start - sentence.start;
  const e = n.end - sentence.start;
  const before = text.slice(Math.max(0, s - 2), s);
  const after = text.slice(e, e + 12);
  if (n.value < 1 || (!Number.isInteger(n.value) && n.value < 100)) return true;
  // "Version 9.0", "1,5 Prozent": counts of people or bases have no decimals, unless with a magnitude ("1.5 million").
  // (Digits grouped in threes by the decimal mark were already read as thousands: see thousandsAgainstLanguage.)
  if (n.scale === 1 && n.hasDigits && !n.unusual) {
    if (new RegExp(`\\d\\${c.lex.decimal}\\d+$`).test(n.text.trim())) return true;
  }
  // "Su-34", "KN-23", "F16", "Q3": letters before the number name a thing.
  if (/\p{L}[-‐]$/u.test(before) || /\p{L}$/u.test(before.slice(-1))) return true;
  // "Hwasong-11B", "170mm", "35A", "76th": letters glued after it too, unless a magnitude ("$2bn").
  if (/^[-‐]\p{Lu}/u.test(after) || (n.hasDigits && /^\p{L}/u.test(after) && !/^(?:k|bn|mn|m)\b/i.test(after))) return true;
  if (n.hasDigits && c.lex.ordinalSuffix.test(after)) return true;
  // Times ("10:00") and numbered markers ("No. 5", "#5").
  if (/^[:h]\d/.test(after) || /[#№]\s*$/.test(before) || /\b(?:No|Nr|n°)\.?\s*$/i.test(text.slice(Math.max(0, s - 4), s))) return true;
  // A list item's number: "1. Zelensky: ...".
  if (s === 0 && /^[.)]\s/.test(after) && n.value < 100) return true;
  // Years, unless they count something ("2000 soldiers").
  const [a, b] = tokenSpan(tokens, n.start, n.end);
  if (/^(?:19|20)\d\d$/.test(n.text.trim()) && !(c.countNouns.matchAt(tokens, b))) return true;
  // "1950-53": the second half of a span of years.
  if (a >= 2 && HYPHENS.has(tokens[a - 1].text) && /^(?:19|20)\d\d$/.test(tokens[a - 2].text)) return true;
  // Durations, distances, shares, page furniture: "24 hours", "over 70 years", "Visited 2 times", "32-year-old".
  let k = b;
  while (k < tokens.length && HYPHENS.has(tokens[k].text)) k++;
  if (c.nonCount.matchAt(tokens, k)) return true;
  if (a > 0 && c.nonCount.matchAt(tokens, a - 1)?.length === 1 && /^(?:day|page|tag|jour|día|no|nr)$/.test(tokens[a - 1].norm)) return true;
  return false;
}

/**
 * A pack's figures: its reader has merged ranges and vague amounts and
 * rejected dates, times, ordinals, identifiers and units; what is left here
 * is what needs the sentence: the date spans, a change ("from 3,000 to
 * 10,000"), a year that counts nothing, a decimal without a magnitude.
 */
function findPackFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][]): Figure[] {
  const figures: Figure[] = [];
  const decimal = c.pack!.decimal.map((d) => `\\${d}`).join('');
  for (const n of readNumbers(sentence.text, c.pack!, sentence.start)) {
    if (dateSpans.some(([a, b]) => n.start >= a && n.end <= b + 1)) continue;
    if (n.high < 1 || (n.kind !== 'vague' && !Number.isInteger(n.low) && n.low < 100)) continue;
    if (n.kind === 'number' && n.scale === 1 && n.hasDigits && new RegExp(`\\d[${decimal}]\\d+$`).test(n.text.trim()) && !Number.isInteger(n.value)) continue;
    let [a, b] = tokenSpan(tokens, n.start, n.end);
    // "ещё от 25 до 30 тысяч": the range's opener is part of the figure, so the words before it are read as before any figure.
    if (n.kind === 'range' && a > 0 && tokens[a - 1].norm in c.pack!.numbers.range.openers) a--;
    // A year, unless a count noun or a counter follows it ("2000 солдат", "2000명").
    if (n.maybeYear && !c.countNouns.matchAt(tokens, b) && !c.filler.matchAt(tokens, b)) continue;
    if (n.kind === 'range' && a > 0 && c.changeFrom.has(tokens[a - 1].norm)) continue;
    const start = tokens[a]?.start ?? n.start;
    // "Су-34", "KN-23": letters glued before the digits name a thing.
    if (c.pack!.morphology.segmentation === 'spaces' && !c.pack!.numbers.eastAsian && /\p{L}[-‐]?$/u.test(sentence.text.slice(Math.max(0, n.start - sentence.start - 2), n.start - sentence.start))) continue;
    figures.push({
      low: n.low, high: n.high, vague: n.kind === 'vague', tokStart: a, tokEnd: b, start, end: n.end, text: sentence.text.slice(start - sentence.start, n.end - sentence.start),
      hasDigits: n.hasDigits, unusual: false, ownQualifier: n.qualifier,
    });
  }
  return figures;
}

function findFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][]): Figure[] {
  if (c.pack) return findPackFigures(sentence, tokens, c, dateSpans);
  const numbers = findNumbers(sentence.text, sentence.start, c.lex)
    .filter((n) => !dateSpans.some(([a, b]) => n.start >= a && n.end <= b + 1))
    .filter((n) => !isNonCount(n, sentence, tokens, c));
  const vague = c.vague.findAll(tokens).map((m) => ({ ...m, pattern: c.lex.vague[Number(m.tag)] }));
  const figures: Figure[] = [];
  for (const v of vague) {
    const start = tokens[v.start].start;
    const end = tokens[v.end - 1].end;
    figures.push({ low: v.pattern.low, high: v.pattern.high, vague: true, tokStart: v.start, tokEnd: v.end, start, end, text: sentence.text.slice(start - sentence.start, end - sentence.start), hasDigits: false, unusual: false });
  }
  const plain = numbers.filter((n) => !figures.some((f) => n.start < f.end && n.end > f.start));
  for (let i = 0; i < plain.length; i++) {
    const n = plain[i];
    const [a, b] = tokenSpan(tokens, n.start, n.end);
    const fig: Figure = { low: n.value, high: n.value, vague: false, tokStart: a, tokEnd: b, start: n.start, end: n.end, text: n.text, hasDigits: n.hasDigits, unusual: n.unusual !== null };
    const next = plain[i + 1];
    if (next) {
      const [na, nb] = tokenSpan(tokens, next.start, next.end);
      const between = tokens.slice(b, na);
      const opensBetween = a > 0 && (c.betweenOpen.has(tokens[a - 1].norm) || (a > 1 && c.betweenOpen.has(tokens[a - 2].norm) && c.qualBefore.matchAt(tokens, a - 1)));
      const joined = between.length === 1 && (opensBetween ? c.betweenJoin.has(between[0].norm) || c.rangeJoin.has(between[0].norm) : c.rangeJoin.has(between[0].norm));
      const change = a > 0 && c.changeFrom.has(tokens[a - 1].norm);
      if (joined && !change) {
        let low = n.value;
        const high = next.value;
        // "25-30 thousand": the first end shares the second's magnitude.
        if (next.scale > 1 && n.scale === 1 && low * next.scale <= high * 1.0001) low *= next.scale;
        if (low < high && high <= low * 10) {
          fig.low = low;
          fig.high = high;
          fig.tokEnd = nb;
          fig.end = next.end;
          fig.text = sentence.text.slice(n.start - sentence.start, next.end - sentence.start);
          fig.unusual ||= next.unusual !== null;
          i++;
        }
      }
    }
    figures.push(fig);
  }
  return figures.sort((x, y) => x.start - y.start);
}

// ─── what a figure counts ──────────────────────────────────────────────────

interface Reading {
  measure: string;
  /** The token after the counted noun (or the figure, for bare ones). */
  headEnd: number;
  via: 'noun' | 'left' | 'predicate' | 'money' | 'mass';
  /** The figure is a part of a group named after it ("4,000 of those soldiers"). */
  partitive: boolean;
  /** Words of the measure's parts found with it (casualties: killed, wounded). */
  parts: Set<string>;
  currency?: string;
  distance: number;
  /** The loss word that made it a loss count is past a clause ("300 soldiers, who ..., have died"). */
  farLoss?: boolean;
  /** Counted by a noun of a kind of the measure ("5,000 military builders"): a part. */
  subsetNoun?: boolean;
}

function skip(tokens: readonly Token[], j: number, pred: (t: Token) => boolean): number {
  while (j < tokens.length && pred(tokens[j])) j++;
  return j;
}

function partsIn(c: CompiledLang, measure: string, tokens: readonly Token[], from: number, to: number): Set<string> {
  const parts = new Set<string>();
  for (const m of c.parts.findAll(tokens, from, to)) {
    const [mk, part] = m.tag.split(':');
    if (mk === measure) parts.add(part);
  }
  return parts;
}

function isOtherParty(c: CompiledLang, tokens: readonly Token[], from: number, to: number): boolean {
  let other = false;
  for (let i = from; i < to;) {
    const subj = c.subject.matchAt(tokens, i, to);
    // "60,000 Russian and North Korean troops": a joint force is no count of the subject's people.
    if (subj) return other && jointWith(c, tokens, from, to);
    const o = c.otherParties.matchAt(tokens, i, to);
    if (o) {
      other = true;
      i += o.length;
    } else i++;
  }
  return other;
}

/** The words between a figure and its noun join two parties ("Russian and North Korean", "nordkoreanische und russische"). */
function jointWith(c: CompiledLang, tokens: readonly Token[], from: number, to: number): boolean {
  const subj = c.subject.findAll(tokens, from, to);
  const other = c.otherParties.findAll(tokens, from, to);
  return subj.some((s) => other.some((o) => {
    const [a, b] = o.end <= s.start ? [o.end, s.start] : [s.end, o.start];
    return b >= a && b - a <= 2 && c.coordination.findAll(tokens, a, b).length > 0;
  }));
}

/**
 * "around 60,000 troops, including North Korean units", "60,000 troops alongside North Korean
 * soldiers": a force the subject's people are only part of, or next to.
 */
function mixedForce(c: CompiledLang, tokens: readonly Token[], figStart: number, headAt: number, headEnd: number): boolean {
  if (c.subject.findAll(tokens, Math.max(0, figStart - 2), headAt).length > 0) return false;
  let k = headEnd;
  if (tokens[k]?.text === ',' || tokens[k]?.text === '(') k++;
  const join = c.comitative.matchAt(tokens, k);
  if (!join) return false;
  return c.subject.findAll(tokens, k + join.length, Math.min(tokens.length, k + join.length + 3)).length > 0;
}

/** "inflicted losses of 110 servicemen on Ukrainian units": losses put on another party. */
function lossesOnOthers(c: CompiledLang, tokens: readonly Token[], headEnd: number): boolean {
  for (let i = headEnd; i < Math.min(tokens.length, headEnd + 3); i++) {
    if (HARD_PUNCT.has(tokens[i].text)) return false;
    if (!c.lossesOn.has(tokens[i].norm)) continue;
    let k = i + 1;
    if (k < tokens.length && (c.definite.has(tokens[k].norm) || c.determiners.has(tokens[k].norm))) k++;
    // "on Ukrainian territory" is a place, not a party's people.
    return c.otherParties.matchAt(tokens, k) !== null && c.places.findAll(tokens, k, Math.min(tokens.length, k + 3)).length === 0;
  }
  return false;
}

/** Loss words after a person figure, up to the end of its clause or the next figure. */
function lossPredicate(c: CompiledLang, tokens: readonly Token[], from: number, stopAt: number, of?: string, words: CueSet = c.predicates): { measure: string; from: number; to: number; far: boolean } | null {
  let limit = Math.min(stopAt, from + 9);
  let far = false;
  // "16 nationals deployed by the army to the Kursk region are missing", "300 soldiers who were sent
  // to Kursk in November have been killed": a clause without commas may carry the verb further away.
  // French and Spanish put the adjective first: "soldats nord-coréens déployés par Moscou".
  const opener = opensBareClause(c, tokens, from) ? from
    : adjectiveAfterNoun(c) && /^\p{Ll}/u.test(tokens[from]?.text ?? '') && opensBareClause(c, tokens, from + 1) ? from + 1 : null;
  const near = limit;
  if (opener !== null) limit = Math.min(stopAt, from + 16);
  for (let i = from; i < limit; i++) {
    // Inside such a clause, another one ("where drones killed dozens", "that") holds its own verb, not the figure's.
    if (opener !== null && i > opener && (c.relative.has(tokens[i].norm) || c.complementizers.has(tokens[i].norm))) return null;
    // "300 North Korean soldiers, who were sent in November, have died": past a relative clause to the verb.
    if (tokens[i].text === ',' && !far && i + 1 < limit && c.relative.has(tokens[i + 1].norm)) {
      const close = relativeClauseEnd(tokens, i + 1, stopAt);
      if (close !== null) {
        far = true;
        i = close;
        limit = Math.min(stopAt, close + 5);
        continue;
      }
    }
    if (HARD_PUNCT.has(tokens[i].text) && tokens[i].text !== '—') return null;
    const m = words.matchAt(tokens, i, limit);
    if (m && words !== c.predicates) return { measure: m.tag, from: i, to: i + m.length, far };
    if (m && countsLossesOf(c, m.tag, of)) {
      let to = i + m.length;
      // "killed or wounded", "tués ou blessés": both parts.
      for (;;) {
        if (to >= limit || !c.orAnd.has(tokens[to].norm)) break;
        // "murieron o resultaron heridos": a word may sit between the conjunction and the second loss word.
        const k = [to + 1, to + 2].find((x) => x < limit && c.predicates.matchAt(tokens, x, limit));
        if (k === undefined) break;
        to = k + c.predicates.matchAt(tokens, k, limit)!.length;
      }
      return { measure: m.tag, from: i, to, far: far || i >= near };
    }
  }
  return null;
}

function adjectiveAfterNoun(c: CompiledLang): boolean {
  return c.pack ? c.pack.grammar.adjectiveAfterNoun : c.lang !== 'en' && c.lang !== 'de';
}

/** Whether the words after a head open a clause without a comma: a relative word or a past participle. */
function opensBareClause(c: CompiledLang, tokens: readonly Token[], at: number): boolean {
  const t = tokens[at];
  if (!t || !/^\p{Ll}/u.test(t.text)) return false;
  // German "die", "der" are articles too: only a relative word that is no determiner opens a clause here.
  if (c.relative.has(t.norm)) return !c.definite.has(t.norm) && !c.determiners.has(t.norm);
  // A participle has a stem before its ending ("deployed", "déployés", "desplegados", not "red" or "née");
  // accents matter here: French "-és" is a participle, "-es" any plural.
  const word = t.text.toLowerCase();
  return word.length >= 6 && c.participleEndings.some((e) => word.endsWith(e)) && !c.predicates.matchAt(tokens, at);
}

/** The comma closing a relative clause opened at `from`, when it closes within 15 words and holds no figure. */
function relativeClauseEnd(tokens: readonly Token[], from: number, stopAt: number): number | null {
  for (let k = from; k < Math.min(stopAt, tokens.length, from + 15); k++) {
    if (tokens[k].kind === 'digits') return null;
    if (tokens[k].text === ',') return k;
    if (HARD_PUNCT.has(tokens[k].text)) return null;
  }
  return null;
}

function readFigure(c: CompiledLang, tokens: readonly Token[], fig: Figure, nextFigureTok: number, prevFigureTok: number, figureEnds: ReadonlySet<number>, prev: readonly Token[]): Reading | null {
  const measures = c.measures;
  // Money: a currency symbol before the figure or a currency word after it.
  const symBefore = fig.tokStart > 0 ? currencySymbol(c, tokens, fig.tokStart) : null;
  const wordAfter = c.currencyWords.matchAt(tokens, fig.tokEnd);
  if (symBefore || wordAfter) {
    const measure = Object.keys(measures).find((k) => measures[k].dimension === 'money' && c.moneyContext.findAll(tokens).some((m) => m.tag === k));
    if (!measure) return null;
    // A sum paid for the troops names them, or the party paid: "$250,000 in fines" is not the story's money.
    const aboutTroops = c.subject.findAll(tokens).length > 0 || c.countNouns.findAll(tokens).some((m) => !measures[m.tag].anyParty && !measures[m.tag].lossesOf);
    if (!aboutTroops) return null;
    return { measure, headEnd: wordAfter ? fig.tokEnd + wordAfter.length : fig.tokEnd, via: 'money', partitive: false, parts: new Set(), currency: symBefore ?? wordAfter!.tag, distance: 0 };
  }
  // Mass: "670,000 tonnes of rice", "1,5 millones de toneladas de arroz".
  const unitAt = c.partitive.has(tokens[fig.tokEnd]?.norm ?? '') && c.massUnits.matchAt(tokens, fig.tokEnd + 1) ? fig.tokEnd + 1 : fig.tokEnd;
  const unit = c.massUnits.matchAt(tokens, unitAt);
  if (unit) {
    for (let j = unitAt + unit.length; j < Math.min(tokens.length, unitAt + unit.length + 5); j++) {
      const m = c.massNouns.matchAt(tokens, j);
      if (m) return { measure: m.tag, headEnd: j + m.length, via: 'mass', partitive: false, parts: new Set(), distance: 1 };
      if (HARD_PUNCT.has(tokens[j].text)) break;
    }
    return null;
  }

  // The noun after the figure, past the words that describe it.
  let j = skip(tokens, fig.tokEnd, (t) => QUOTES.has(t.text));
  // "tens of thousands of troops" (but "varios cientos de ellos" is a partitive).
  if (fig.vague && j + 1 < tokens.length && c.partitive.has(tokens[j].norm) && !c.subsetAfter.matchAt(tokens, j)) j++;
  let partitive = false;
  const modsFrom = j;
  let head: { measure: string; at: number; len: number } | null = null;
  // Where a counter follows the figure, the noun before it is what it counts ("장교 500명과 장성 3명": 500 officers, not generals).
  const counted = c.pack && c.pack.numbers.counters.length ? nounBefore(c, tokens, fig) : null;
  if (counted) j = nextFigureTok;
  let bare = true;
  // Words between the figure and its noun that are neither the subject, nor fillers: "84 people injured".
  let content = false;
  for (let steps = 0; j < tokens.length && steps < 8 && j < nextFigureTok; steps++) {
    const t = tokens[j];
    // "11,000 or more North Korean soldiers".
    const qa = j === modsFrom || HYPHENS.has(tokens[j - 1].text) ? c.qualAfter.matchAt(tokens, j) : null;
    if (qa) {
      j += qa.length;
      continue;
    }
    const sub = c.subsetAfter.matchAt(tokens, j);
    if (sub) {
      partitive = true;
      j += sub.length;
      continue;
    }
    const noun = c.countNouns.matchAt(tokens, j);
    if (noun && measures[noun.tag].lossesOf && (content || civilianLosses(c, tokens, fig.tokStart))) return null;
    if (noun) {
      const after = tokens[j + noun.length];
      // English compounds: "fighter jets", "troop numbers" name something else.
      const compound = c.lang === 'en' && after && after.kind === 'word' && !/s$/.test(tokens[j + noun.length - 1].norm)
        && !c.stop.has(after.norm) && !c.countNouns.matchAt(tokens, j + noun.length) && !c.predicates.matchAt(tokens, j + noun.length)
        && !c.addAfter.matchAt(tokens, j + noun.length) && !/ed$/.test(after.norm);
      if (!compound) {
        head = { measure: noun.tag, at: j, len: noun.length };
        break;
      }
    }
    if (HYPHENS.has(t.text) || QUOTES.has(t.text)) {
      j++;
      continue;
    }
    if (t.kind === 'punct') break;
    const fill = c.filler.matchAt(tokens, j);
    if (fill) {
      j += fill.length;
      continue;
    }
    const nof = c.numberOf.matchAt(tokens, j);
    if (nof) {
      j += nof.length;
      continue;
    }
    const add = c.addAfter.matchAt(tokens, j);
    if (add) {
      j += add.length;
      continue;
    }
    if (c.partitive.has(t.norm) && j + 1 < tokens.length && (c.determiners.has(tokens[j + 1].norm) || c.possessives.has(tokens[j + 1].norm))) {
      partitive = true;
      j += 2;
      continue;
    }
    if (c.stop.has(t.norm)) break;
    const subj = c.subject.matchAt(tokens, j);
    // Loss words right after the figure ("300 killed", German "4.000 von ihnen getötet").
    const pred = c.predicates.matchAt(tokens, j);
    if (pred && !content) {
      if (!partitive && j > modsFrom && !subj) return null;
      if (!partitive && !subj && !namesLosers(c, tokens, fig.tokStart, pred.tag, j + pred.length, prev)) return null;
      if (civilianLosses(c, tokens, fig.tokStart)) return null;
      const full = lossPredicate(c, tokens, j, nextFigureTok) ?? { from: j, to: j + pred.length };
      return { measure: pred.tag, headEnd: full.to, via: j === modsFrom ? 'noun' : 'predicate', partitive, parts: partsIn(c, pred.tag, tokens, full.from, full.to), distance: 1 };
    }
    bare = false;
    if (subj) {
      j += subj.length;
      continue;
    }
    content = true;
    j++;
  }

  // "북한군 1만1000명", "北朝鮮兵1万人": where a counter follows the figure, the noun may come before it.
  if (!head && counted) head = counted;

  // "a contingent of about 11,000", "casualties of 4,000": the noun the figure is "of".
  if (!head) {
    const left = nounOf(c, tokens, fig);
    if (left) return left;
  }

  if (head) {
    const m = measures[head.measure];
    const headEnd = head.at + head.len;
    // "three Russian soldiers", "two Western intelligence officers": someone else's people.
    if (!m.anyParty) {
      if (isOtherParty(c, tokens, modsFrom, head.at)) return null;
      if (otherActorClause(c, tokens, fig.tokStart, headEnd)) return null;
      // Adjectives after the noun (French, Spanish): "soldats russes".
      if (adjectiveAfterNoun(c) && isOtherParty(c, tokens, headEnd, Math.min(tokens.length, headEnd + 2))) return null;
      if (possessedBy(c, tokens, fig.tokStart)) return null;
    }
    if (!m.anyParty && mixedForce(c, tokens, fig.tokStart, head.at, headEnd)) return null;
    let measure = head.measure;
    let via: Reading['via'] = 'noun';
    let parts = partsIn(c, measure, tokens, head.at, headEnd);
    const subsetNoun = c.subsetNouns.findAll(tokens, modsFrom, headEnd).length > 0;
    // A count of soldiers that were killed or wounded is a count of casualties.
    const pred = lossPredicate(c, tokens, headEnd, nextFigureTok, head.measure);
    const beforeLoss = pred ? null : lossBefore(c, tokens, fig.tokStart, prevFigureTok, head.measure);
    // "16 North Korean soldiers are missing": a count of the missing or captured is neither the force nor its losses.
    if (!pred && !beforeLoss && lossPredicate(c, tokens, headEnd, nextFigureTok, head.measure, c.missingOrCaptured)) return null;
    if (pred) {
      measure = pred.measure;
      via = 'predicate';
      parts = partsIn(c, measure, tokens, pred.from, pred.to);
    } else if (beforeLoss) {
      measure = beforeLoss.measure;
      via = 'predicate';
      parts = partsIn(c, measure, tokens, beforeLoss.from, beforeLoss.to);
    }
    if (measure !== head.measure && lossesOnOthers(c, tokens, headEnd)) return null;
    return { measure, headEnd, via, partitive, parts, distance: head.at - fig.tokEnd, farLoss: pred?.far === true, subsetNoun: subsetNoun && measure === head.measure };
  }

  if (!bare) return null;
  // A bare figure: "4,000 of them were killed", "the 11,000 sent in November", "losses exceed 3,000".
  const pred = lossPredicate(c, tokens, fig.tokEnd, nextFigureTok);
  if (pred) {
    if (possessedBy(c, tokens, fig.tokStart)) return null;
    if (!partitive && !namesLosers(c, tokens, fig.tokStart, pred.measure, pred.to, prev)) return null;
    if (civilianLosses(c, tokens, fig.tokStart)) return null;
    if (otherActorClause(c, tokens, fig.tokStart, fig.tokEnd)) return null;
    return { measure: pred.measure, headEnd: fig.tokEnd, via: 'predicate', partitive, parts: partsIn(c, pred.measure, tokens, pred.from, pred.to), distance: 2, farLoss: pred.far };
  }
  // "estime à 4 000 le nombre de militaires": the noun after "the number of".
  const nof = c.numberOf.matchAt(tokens, fig.tokEnd);
  if (nof) {
    let k = fig.tokEnd + nof.length;
    const limit = Math.min(tokens.length, k + 5);
    for (; k < limit; k++) {
      const noun = c.countNouns.matchAt(tokens, k);
      if (noun) {
        const p = lossPredicate(c, tokens, k + noun.length, nextFigureTok);
        if (p) return { measure: p.measure, headEnd: k + noun.length, via: 'predicate', partitive, parts: partsIn(c, p.measure, tokens, p.from, p.to), distance: 3 };
        return { measure: noun.tag, headEnd: k + noun.length, via: 'noun', partitive, parts: new Set(), distance: 3 };
      }
    }
  }
  return readLeft(c, tokens, fig, partitive, figureEnds, prev);
}

/** Whose losses a bare loss figure counts: the story's subject or its soldiers, named earlier in the sentence. */
function namesLosers(c: CompiledLang, tokens: readonly Token[], figStart: number, lossMeasure: string, after = figStart, prev: readonly Token[] = []): boolean {
  const target = c.measures[lossMeasure]?.lossesOf;
  const named = (toks: readonly Token[], from: number, to: number) => c.subject.findAll(toks, from, to).length > 0
    || c.countNouns.findAll(toks, from, to).some((m) => !target || m.tag === target);
  // "Hunderten getöteten Nordkoreanern": the losers may follow the loss word.
  return named(tokens, 0, figStart) || named(tokens, after, Math.min(tokens.length, after + 3)) || named(prev, 0, prev.length);
}

/** Losses of people who are not the story's ("Three people were killed and 20 injured"). */
function civilianLosses(c: CompiledLang, tokens: readonly Token[], figStart: number): boolean {
  if (c.subject.findAll(tokens).length > 0) return false;
  return c.civilians.findAll(tokens, 0, figStart).length > 0;
}

/** The count noun right before a figure (past its qualifier): "북한군 약 1만 명", "北朝鮮兵1万人", "士兵1.1万名". */
function nounBefore(c: CompiledLang, tokens: readonly Token[], fig: Figure): { measure: string; at: number; len: number } | null {
  let p = fig.tokStart;
  // Past the figure's qualifier, "total", "among them" and "the number of": "북한군 가운데 최소 100명", "북한군은 총 1만4천여 명", "북한군 규모를 3천 명".
  for (let steps = 0; steps < 4 && p > 0; steps++) {
    const m = c.qualBefore.matchEndingAt(tokens, p) ?? c.total.matchEndingAt(tokens, p) ?? c.subsetBefore.matchEndingAt(tokens, p) ?? c.numberOf.matchEndingAt(tokens, p);
    if (!m) break;
    p = m.start;
  }
  for (let len = 1; len <= 4 && p - len >= 0; len++) {
    const noun = c.countNouns.matchAt(tokens, p - len, p);
    if (noun && noun.length === len) return { measure: noun.tag, at: p - len, len };
  }
  return null;
}

/** "a contingent of about 11,000": a count noun, then "of", then the figure (its qualifier between). */
function nounOf(c: CompiledLang, tokens: readonly Token[], fig: Figure): Reading | null {
  let p = fig.tokStart;
  while (p > 0 && (QUOTES.has(tokens[p - 1].text))) p--;
  const q = c.qualBefore.matchEndingAt(tokens, p);
  if (q) p = q.start;
  if (p < 2 || !c.partitive.has(tokens[p - 1].norm)) return null;
  for (let len = 1; len <= 3 && p - 1 - len >= 0; len++) {
    const at = p - 1 - len;
    const noun = c.countNouns.matchAt(tokens, at, p - 1);
    const before = c.before.matchAt(tokens, at, p - 1);
    const hit = noun ?? before;
    if (hit && at + hit.length === p - 1) {
      const m = c.measures[hit.tag];
      if (!m.anyParty && (isOtherParty(c, tokens, Math.max(0, at - 2), at) || otherActorClause(c, tokens, at, fig.tokEnd))) return null;
      return { measure: hit.tag, headEnd: fig.tokEnd, via: 'noun', partitive: false, parts: partsIn(c, hit.tag, tokens, at, at + hit.length), distance: 1 };
    }
  }
  return null;
}

/**
 * "Russia has massed 50,000 troops", "Russland hat 900.000 Soldaten verloren": a clause whose
 * subject is another party counts that party's people, unless the story's subject is named in it.
 */
function otherActorClause(c: CompiledLang, tokens: readonly Token[], figStart: number, headEnd: number): boolean {
  let start = figStart;
  const q = c.qualBefore.matchEndingAt(tokens, start);
  if (q) start = q.start;
  while (start > 0) {
    const t = tokens[start - 1];
    if (HARD_PUNCT.has(t.text) || QUOTES.has(t.text) || c.complementizers.has(t.norm) || c.attrVerbs.matchAt(tokens, start - 1)) break;
    start--;
  }
  for (;;) {
    // "..., while Russia has massed 50,000 troops": the clause's subject comes after its opener.
    const opener = c.clauseOpeners.matchAt(tokens, start, figStart) ?? c.coordination.matchAt(tokens, start, figStart);
    if (opener) start += opener.length;
    else if (start < figStart && c.determiners.has(tokens[start].norm)) start++;
    else break;
  }
  if (!c.otherActors.matchAt(tokens, start, figStart)) return false;
  // "from North Korea" after the noun names the owner; "alongside North Korean soldiers" names others.
  const owners = c.subject.findAll(tokens, start, Math.min(tokens.length, headEnd + 4))
    .filter((m) => m.start < headEnd || c.comitative.matchEndingAt(tokens, m.start, 3) === null);
  return owners.length === 0;
}

/** Whether `lossMeasure` counts the losses of `of` (a measure's `lossesOf`; unset: of any person measure). */
function countsLossesOf(c: CompiledLang, lossMeasure: string, of: string | undefined): boolean {
  if (of === undefined) return true;
  const target = c.measures[lossMeasure]?.lossesOf;
  return target ? target === of : !c.measures[of]?.anyParty;
}

/** "Ukraine's 6,000 troops", "its 500,000-strong armed forces": a figure owned by someone else or a whole army. */
function possessedBy(c: CompiledLang, tokens: readonly Token[], figStart: number): boolean {
  let i = figStart - 1;
  while (i >= 0 && (QUOTES.has(tokens[i].text) || c.qualBefore.matchEndingAt(tokens, i + 1, 1))) i--;
  // "whose own 500,000 troops", "its own army".
  if (i > 0 && tokens[i].norm === 'own') i--;
  if (i < 0) return false;
  const t = tokens[i];
  if (c.possessives.has(t.norm)) return true;
  return c.otherParties.matchEndingAt(tokens, i + 1, 2) !== null && /'s$|s'$/.test(t.norm);
}

/** Loss words just before a figure: "killed 3,000", "losses exceed 3,000", "casualties at about 4,000". */
function lossBefore(c: CompiledLang, tokens: readonly Token[], figStart: number, prevFigureTok: number, of: string): { measure: string; from: number; to: number } | null {
  for (let i = figStart - 1; i >= Math.max(0, figStart - 7, prevFigureTok); i--) {
    if (HARD_PUNCT.has(tokens[i].text)) return null;
    const m = c.before.matchAt(tokens, i, figStart);
    if (m && countsLossesOf(c, m.tag, of)) return { measure: m.tag, from: i, to: i + m.length };
  }
  return null;
}

function readLeft(c: CompiledLang, tokens: readonly Token[], fig: Figure, partitive: boolean, figureEnds: ReadonlySet<number>, prev: readonly Token[]): Reading | null {
  const here = leftIn(c, tokens, fig.tokStart, fig.tokEnd, partitive, (i) => [i, i - 1, i - 2].some((k) => figureEnds.has(k)));
  if (here !== undefined) return here;
  // "Seoul says it will send around 12,000 troops. It says 1,500 have already been moved": the previous sentence's noun.
  // Only a figure written out in digits: "in the low hundreds" is too loose to carry across a sentence.
  if (!prev.length || fig.vague || !fig.hasDigits) return null;
  const counted = (i: number) => prev.slice(Math.max(0, i - 3), i).some((t) => t.kind === 'digits');
  const there = leftIn(c, prev, prev.length, fig.tokEnd, partitive, counted);
  return there ? { ...there, via: 'left', distance: 30 } : null;
}

/** A bare figure's noun, searched back from `from` in `tokens`; undefined when none is found there. */
function leftIn(c: CompiledLang, tokens: readonly Token[], from: number, headEnd: number, partitive: boolean, counted: (i: number) => boolean): Reading | null | undefined {
  const lower = Math.max(0, from - 30);
  for (let i = from - 1; i >= lower; i--) {
    const before = c.before.matchAt(tokens, i, from);
    if (before) {
      return { measure: before.tag, headEnd, via: 'left', partitive, parts: partsIn(c, before.tag, tokens, i, i + before.length), distance: from - i };
    }
    const noun = c.countNouns.matchAt(tokens, i, from);
    if (noun) {
      const m = c.measures[noun.tag];
      if (!m.anyParty && isOtherParty(c, tokens, Math.max(0, i - 2), i)) return null;
      // A bare figure refers back to a definite group ("the troops", "North Korean soldiers"), not to "20-year-old men".
      // Or to a noun another figure just counted ("3,000 more soldiers ..., adding to the 11,000 who arrived").
      const definite = counted(i) || tokens.slice(Math.max(0, i - 3), i).some((t) => c.definite.has(t.norm)) || c.subject.findAll(tokens, Math.max(0, i - 3), i + noun.length + 3).length > 0;
      if (!definite) continue;
      if (!m.anyParty && otherActorClause(c, tokens, i, Math.min(tokens.length, i + noun.length))) return null;
      // "the number of killed and wounded North Korean soldiers ... exceeds 3,000".
      const loss = c.predicates.findAll(tokens, Math.max(0, i - 6), i).concat(c.before.findAll(tokens, Math.max(0, i - 6), i));
      const lossFor = loss.filter((l) => countsLossesOf(c, l.tag, noun.tag));
      if (lossFor.length) {
        const measure = lossFor[0].tag;
        const parts = new Set<string>();
        for (const l of lossFor) for (const p of partsIn(c, measure, tokens, l.start, l.end)) parts.add(p);
        return { measure, headEnd, via: 'left', partitive, parts, distance: from - i };
      }
      return { measure: noun.tag, headEnd, via: 'left', partitive, parts: new Set(), distance: from - i };
    }
  }
  return undefined;
}

function currencySymbol(c: CompiledLang, tokens: readonly Token[], figStart: number): string | null {
  const t1 = tokens[figStart - 1]?.text ?? '';
  const t2 = tokens[figStart - 2]?.text ?? '';
  const syms = c.lex.currencies.symbols;
  if (t2 && `${t2}${t1}` in syms && tokens[figStart - 2].end === tokens[figStart - 1].start) return syms[`${t2}${t1}`];
  return syms[t1] ?? null;
}

// ─── the words around a figure ─────────────────────────────────────────────

interface Around {
  qualifier: Qualifier;
  /** Token where the figure's phrase starts, before its qualifier. */
  phraseStart: number;
  additional: boolean;
  subsetCue: boolean;
  totalCue: boolean;
  /** A task, a group or a stretch of time after the figure's noun makes it a part (for every measure). */
  partFollowing: boolean;
}

function around(c: CompiledLang, tokens: readonly Token[], fig: Figure, r: Reading): Around {
  let p = fig.tokStart;
  // "an estimated $2,000": the qualifier comes before the currency sign.
  const symbols = new Set(Object.keys(c.lex.currencies.symbols).flatMap((k) => [k, ...k.split(/(?=\$)/)]));
  while (p > 0 && (QUOTES.has(tokens[p - 1].text) || (r.via === 'money' && symbols.has(tokens[p - 1].text)))) p--;
  let qualifier: Qualifier = fig.vague ? 'vague' : 'exact';
  let additional = false;
  let totalCue = false;
  const take = () => {
    const q = c.qualBefore.matchEndingAt(tokens, p);
    if (q && !fig.vague) {
      qualifier = q.tag as Qualifier;
      p = q.start;
      return true;
    }
    const add = c.addBefore.matchEndingAt(tokens, p);
    if (add) {
      additional = true;
      p = add.start;
      return true;
    }
    const tot = c.total.matchEndingAt(tokens, p);
    if (tot) {
      totalCue = true;
      p = tot.start;
      return true;
    }
    if (p > 0 && QUOTES.has(tokens[p - 1].text)) {
      p--;
      return true;
    }
    return false;
  };
  for (let i = 0; i < 4 && take(); i++);
  // "10,000 or more", "3,000+", "10,000-plus".
  let k = fig.tokEnd;
  if (k < tokens.length && HYPHENS.has(tokens[k].text)) k++;
  // "3000명을 넘었다": past the counter.
  if (c.pack?.numbers.counters.length) k += c.filler.matchAt(tokens, k)?.length ?? 0;
  const qa = c.qualAfter.matchAt(tokens, k);
  if (qa && !fig.vague) qualifier = qa.tag as Qualifier;
  else if (qualifier === 'exact' && fig.ownQualifier) qualifier = fig.ownQualifier;
  // "3,000 more troops", "3 000 soldats supplémentaires", "3,000 reinforcements".
  for (let i = fig.tokEnd; i < Math.min(tokens.length, r.headEnd + 3); i++) {
    if (HARD_PUNCT.has(tokens[i].text)) break;
    if (c.addAfter.matchAt(tokens, i)) additional = true;
  }
  // "including 500 officers", "of whom at least 1,000", "the first 1,500".
  let subsetCue = c.subsetTouching.matchEndingAt(tokens, p) !== null;
  for (let i = p - 1; !subsetCue && i >= Math.max(0, p - 3); i--) {
    if (HARD_PUNCT.has(tokens[i].text)) break;
    if (c.subsetBefore.matchAt(tokens, i, p)) subsetCue = true;
  }
  if (!totalCue) totalCue = c.total.findAll(tokens, Math.max(0, p - 4), Math.min(tokens.length, r.headEnd + 3)).length > 0;
  // "1,500 special forces to train in eastern Russia", "5,000 for the first group", losses "in one battle".
  const partFollowing = !totalCue && followedByPart(c, tokens, r.headEnd);
  return { qualifier, phraseStart: p, additional, subsetCue, totalCue, partFollowing };
}

/** A task or group word after a figure's noun, in its clause and before any other figure. */
function followedByPart(c: CompiledLang, tokens: readonly Token[], from: number): boolean {
  for (let i = from; i < Math.min(tokens.length, from + 8); i++) {
    if (HARD_PUNCT.has(tokens[i].text) || tokens[i].kind === 'digits') return false;
    if (c.subsetFollowing.matchAt(tokens, i)) return true;
  }
  return false;
}

/** The nearest status word around the figure; "already" and its kind win over a nearer modal verb. */
function statusOf(c: CompiledLang, tokens: readonly Token[], fig: Figure, r: Reading, a: Around): { status: Status; fromCue: boolean; tie?: boolean } {
  if (a.additional) return { status: 'additional', fromCue: true };
  if (c.measures[r.measure].parts) return { status: 'present', fromCue: true };
  const from = Math.max(0, a.phraseStart - 12);
  const to = Math.min(tokens.length, r.headEnd + 10);
  const inFigure = (i: number) => i >= fig.tokStart && i < fig.tokEnd;
  if (c.strongPresent.findAll(tokens, from, to).some((m) => !inFigure(m.start))) return { status: 'present', fromCue: true };
  let best: { status: Status; d: number } | null = null;
  const nearest = new Map<Status, number>();
  for (const set of [c.planned, c.present]) {
    for (const m of set.findAll(tokens, from, to)) {
      if (inFigure(m.start)) continue;
      const d = Math.max(0, m.start < fig.tokStart ? fig.tokStart - m.end : m.start - r.headEnd);
      const status = m.tag as Status;
      nearest.set(status, Math.min(nearest.get(status) ?? Infinity, d));
      if (!best || d < best.d || (d === best.d && status === 'present')) best = { status, d };
    }
  }
  // "were sent ... and will": a planned and a present word equally near say nothing.
  const tie = nearest.get('planned') !== undefined && nearest.get('planned') === nearest.get('present');
  return best ? { status: best.status, fromCue: true, tie } : { status: 'present', fromCue: false };
}

// ─── places and dates ──────────────────────────────────────────────────────

const LEVEL_RANK: Record<string, number> = { country: 1, region: 2, place: 3 };

function locate(c: CompiledLang, watch: Watch, tokens: readonly Token[], fig: Figure, r: Reading, sourceSpans: [number, number][]): string | null {
  // Money and goods change hands; where they are is not part of the figure.
  if (r.via === 'money' || r.via === 'mass') return null;
  const matches = c.places.findAll(tokens)
    .filter((m) => !sourceSpans.some(([a, b]) => m.start < b && m.end > a))
    .filter((m) => {
      for (let i = m.start - 1; i >= Math.max(0, m.start - 5); i--) {
        if (HARD_PUNCT.has(tokens[i].text)) return false;
        if (c.locative.has(tokens[i].norm)) return true;
      }
      // Languages with postpositions ("쿠르스크에", "クルスクに") name a place without a word before it.
      return c.locative.size === 0;
    })
    .map((m) => ({ ...m, place: watch.places[Number(m.tag)] }));
  const after = matches.filter((m) => m.start >= r.headEnd - 1 && m.start >= fig.tokEnd && m.start - r.headEnd <= 25);
  if (after.length) {
    let pick = after[0];
    for (const m of after.slice(1)) {
      if (m.start - pick.end <= 4 && LEVEL_RANK[m.place.level] > LEVEL_RANK[pick.place.level]) pick = m;
    }
    return pick.place.name;
  }
  const before = matches.filter((m) => m.end <= fig.tokStart && fig.tokStart - m.end <= 12);
  return before.length ? before[before.length - 1].place.name : null;
}

interface DateMention { start: number; end: number; tokStart: number; tokEnd: number; iso: string; since: boolean }

// Korean, Polish and Czech dates, which chrono-node does not read, are read by their pack (lang/dates.ts).
const chronoFor: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, de: chrono.de.casual, fr: chrono.fr.casual, es: chrono.es.casual,
  ru: chrono.ru.casual, uk: chrono.uk.casual, ja: chrono.ja.casual, zh: chrono.zh.casual, pt: chrono.pt.casual, it: chrono.it.casual,
};

const monthNames = new Map<string, RegExp>();
function monthRe(lang: string): RegExp {
  let re = monthNames.get(lang);
  if (!re) {
    // A pack's month names include the forms in a date (Russian "октября"); East Asian months are numbers ("10月").
    const names: string[] = [...(languagePack(lang)?.months ?? [])];
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2024, m, 15));
      for (const style of ['long', 'short'] as const) names.push(new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' }).format(d).replace(/\.$/, ''));
    }
    re = new RegExp(`(?:${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\s*[月월]`, 'iu');
    monthNames.set(lang, re);
  }
  return re;
}

function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function findDates(c: CompiledLang, sentence: Sentence, tokens: readonly Token[], reference: Date | null): { spans: [number, number][]; dates: DateMention[] } {
  if (!chronoFor[c.lang] && c.pack) {
    const spans: [number, number][] = [];
    const dates: DateMention[] = [];
    for (const d of readDates(sentence.text, c.pack, reference, sentence.start)) {
      spans.push([d.start, d.end]);
      if (!d.yearStated && !reference) continue;
      const [ta, tb] = tokenSpan(tokens, d.start, d.end);
      const since = [ta, ta - 1, ta - 2].some((k) => k > 0 && c.since.matchEndingAt(tokens, k, 3) !== null) || c.since.matchAt(tokens, tb) !== null;
      dates.push({ start: d.start, end: d.end, tokStart: ta, tokEnd: tb, iso: d.iso, since });
    }
    return { spans, dates };
  }
  const results = chronoFor[c.lang].parse(sentence.text, reference ?? new Date(), { forwardDate: false });
  const spans: [number, number][] = [];
  const dates: DateMention[] = [];
  for (const r of results) {
    const start = sentence.start + r.index;
    let end = start + r.text.length;
    // "on Oct. 27 or 28": the second day belongs to the date.
    const more = /^\s*(?:or|and|to|-|–|bis|oder|und|et|ou|à|y|o|a)\s*\d{1,2}\b(?![.,]?\d)/.exec(sentence.text.slice(end - sentence.start));
    if (more) end += more[0].length;
    spans.push([start, end]);
    if (!monthRe(c.lang).test(r.text) || !r.start.isCertain('month')) continue;
    let y = r.start.get('year')!;
    const m = r.start.get('month')!;
    const yearStated = r.start.isCertain('year');
    if (!yearStated) {
      if (!reference) continue;
      y = reference.getUTCFullYear();
      // A figure reported is about what has happened: a month after the report is last year's.
      if (Date.UTC(y, m - 1, 1) > reference.getTime()) y--;
    }
    const day = r.start.isCertain('day') ? r.start.get('day')! : new Date(Date.UTC(y, m, 0)).getUTCDate();
    const [ta, tb] = tokenSpan(tokens, start, end);
    const since = [ta, ta - 1, ta - 2].some((k) => k > 0 && c.since.matchEndingAt(tokens, k, 3) !== null);
    // A dateline ("SEOUL, Dec. 19 (Yonhap) --") dates the report, not the figure.
    if (ta <= 4 && /^\s*(?:\(|--|—|-\s)/.test(sentence.text.slice(end - sentence.start))) continue;
    dates.push({ start, end, tokStart: ta, tokEnd: tb, iso: isoDay(y, m, day), since });
  }
  return { spans, dates };
}

// ─── the article ───────────────────────────────────────────────────────────

interface Draft extends ExtractedClaim {
  sentenceIndex: number;
  paragraph: number;
  figStart: number;
  subsetFromText: boolean;
  totalFromText: boolean;
  statusFromCue: boolean;
  sourceFrom: 'sentence' | 'neighbour' | 'headline' | 'none';
}

function toDate(v: string | Date | null | undefined): Date | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function hasNumberWord(c: CompiledLang, tokens: readonly Token[], sentence: Sentence): boolean {
  if (c.pack) return tokens.some((t) => t.kind === 'digits') || readNumbers(sentence.text, c.pack).length > 0;
  for (const t of tokens) {
    if (t.kind === 'digits') return true;
    if (c.numberWords.has(t.norm)) return true;
    if (c.lang === 'de' && t.kind === 'word' && ((parseGermanNumberWord(t.norm) ?? 0) > 1 || /tausend|hundert|dutzend/.test(t.norm))) return true;
  }
  return c.vague.findAll(tokens).length > 0;
}

export function extractClaims(text: string, watch: Watch, opts: ExtractOptions = {}): ExtractResult {
  const lang = detectLanguage(text, { title: opts.title, hint: opts.lang });
  // A language without a pack, or one the watch does not list, stays stored and marked not tagged.
  if (!lexiconOf(lang) || !watch.languages.includes(lang)) return { lang, tagged: false, claims: [] };
  const c = compileWatch(watch, lang);
  const attributor = new Attributor(watch, c);
  const pack = c.pack;
  const tokenize = (s: string, offset = 0): Token[] => (pack ? tokenizeLang(s, pack, offset) : tokenizeShared(s, offset));
  const sentences = pack ? splitSentencesLang(text, pack) : splitSentences(text, lang, c.lex.abbreviations);
  const tokensOf: Token[][] = sentences.map((s) => tokenize(s.text, s.start));
  // An article that never names the story's subject is not about the story: its figures are someone else's.
  if (c.subject.size > 0 && !tokensOf.some((t) => c.subject.findAll(t).length > 0) && !(opts.title && c.subject.findAll(tokenize(opts.title)).length > 0)) {
    return { lang, tagged: true, claims: [] };
  }
  let reference = toDate(opts.published);

  // Attribution of every sentence, so figures can borrow a neighbour's.
  // A line without a sentence's closing punctuation is a headline (a title, a bullet, a live-blog entry).
  const isHeadline = (s: Sentence) => !/[.!?。！？]["”’»)」』]?$/.test(s.text) && (sentences[s.index + 1]?.paragraph ?? -1) !== s.paragraph;
  const attributions = sentences.map((s, i) => isHeadline(s)
    ? { ...attributor.attribute(tokensOf[i], text, true), sources: attributor.headline(tokensOf[i], text) }
    : attributor.attribute(tokensOf[i], text));
  const headlineText = opts.title ?? (sentences[0] && sentences[0].paragraph === 0 && !/[.!?。！？]["”」』]?$/.test(sentences[0].text) ? sentences[0].text : null);
  const headlineSources = headlineText ? attributor.headline(tokenize(headlineText), headlineText) : [];

  // Pronouns and "the agency" point back to the last source named.
  let lastNamed: SourceRef[] = [];
  const resolved: SourceRef[][] = attributions.map((a) => {
    const named = a.sources.filter((s) => !s.outlet);
    if (named.length) lastNamed = named;
    if (a.pointsBack && !named.length && lastNamed.length) return [...lastNamed, ...a.sources.filter((s) => s.outlet)];
    return a.sources;
  });

  if (!reference) {
    // Without a publication date, a year-less date is read against the latest dated one in the text.
    // Only dates that write their year: "last week" is certain of its year only relative to today.
    const dated = (chronoFor[lang] ?? chrono.en.casual).parse(text.slice(0, 20_000)).filter((r) => r.start.isCertain('year') && /\b(?:19|20)\d\d\b/.test(r.text)).map((r) => r.start.date().getTime());
    if (dated.length) reference = new Date(Math.max(...dated));
  }

  const drafts: Draft[] = [];
  sentences.forEach((sentence, si) => {
    const tokens = tokensOf[si];
    if (!hasNumberWord(c, tokens, sentence)) return;
    const prevTokens = si > 0 && sentences[si - 1].paragraph === sentence.paragraph ? tokensOf[si - 1] : [];
    // A figure may count what the sentence before named ("... 12,000 troops. It says 1,500 have already been moved").
    if (c.relevant.findAll(tokens).length === 0 && c.relevant.findAll(prevTokens).length === 0) return;
    const { spans, dates } = findDates(c, sentence, tokens, reference);
    const figures = findFigures(sentence, tokens, c, spans);
    const figureEnds = new Set(figures.map((f) => f.tokEnd));
    let prev: Draft | null = null;
    let prevEnd = 0;
    figures.forEach((fig, fi) => {
      const nextTok = figures[fi + 1]?.tokStart ?? tokens.length;
      const r = readFigure(c, tokens, fig, nextTok, prevEnd, figureEnds, prevTokens);
      prevEnd = fig.tokEnd;
      if (!r) return;
      const m = watch.measures[r.measure];
      const a = around(c, tokens, fig, r);
      const st = statusOf(c, tokens, fig, r, a);
      let { status, fromCue } = st;
      // "500 officers and three generals": the second figure shares the first one's verb and setting.
      const coordinated = prev && c.coordination.matchEndingAt(tokens, a.phraseStart, 3) !== null && a.phraseStart - 3 <= prev.figStart + 12;
      if (coordinated && prev && !fromCue) {
        status = prev.status === 'additional' ? 'present' : prev.status;
        fromCue = prev.statusFromCue;
      }
      // "about 300 dead and 2,700 wounded": the qualifier covers both.
      let qualifier = a.qualifier;
      if (coordinated && prev && qualifier === 'exact' && prev.qualifier === 'approx' && prev.measure === r.measure) qualifier = 'approx';
      // Scope: a part by its own words, or by the measure's part words (the killed alone).
      const partCount = Object.keys(m.parts ?? {}).length;
      const partial = partCount > 0 && r.parts.size > 0 && r.parts.size < partCount;
      // A loss figure's scope is in its own words: "of whom 4,000 were killed or wounded" is all the losses.
      let subset = (!m.parts && (a.subsetCue || (r.partitive && r.via === 'noun'))) || a.partFollowing || partial || m.scope === 'subset';
      if (coordinated && prev?.subsetFromText && !partCount) subset = true;
      if (r.subsetNoun) subset = true;
      let per: string | null = null;
      let perPerson = false;
      let unit = m.unit;
      if (r.via === 'money') {
        unit = r.currency ?? m.unit;
        const to = Math.min(tokens.length, r.headEnd + 10);
        for (let i = r.headEnd; i < to; i++) {
          const p = c.per.matchAt(tokens, i);
          if (p && !per) per = p.tag;
          // "per soldier", "for each North Korean soldier", "pro Soldat", "par soldat".
          const pp = c.perPerson.matchAt(tokens, i);
          if (pp && c.countNouns.findAll(tokens, i + pp.length, Math.min(tokens.length, i + pp.length + 4)).some((n) => !watch.measures[n.tag].anyParty)) perPerson = true;
        }
        // A salary is paid to each soldier: a part of what the deployment earns.
        if (c.salary.findAll(tokens).length) perPerson = true;
        if (perPerson) subset = true;
      }
      let low = fig.low;
      let high = fig.high;
      if (r.via === 'mass') {
        const f = Number((c.massUnits.matchAt(tokens, fig.tokEnd) ?? c.massUnits.matchAt(tokens, fig.tokEnd + 1))?.tag ?? 1);
        low *= f;
        high *= f;
      }
      // A count below the measure's minimum is about individuals ("two soldiers captured"), not the deployment.
      if (high < (m.minimum ?? 0)) return;
      // A count above the measure's maximum is of something larger: the whole army, the whole war.
      if (m.maximum !== undefined && low > m.maximum) return;
      const a2 = attributions[si];
      let source = resolved[si];
      let sourceFrom: Draft['sourceFrom'] = 'sentence';
      // "following reports of up to 12,000": attributed to no one, so no neighbour's source either.
      if (!source.length && a2.unnamed) sourceFrom = 'none';
      else if (!source.length) {
        const para = (j: number) => sentences[j] && sentences[j].paragraph === sentence.paragraph;
        if (para(si - 1) && resolved[si - 1].length) [source, sourceFrom] = [resolved[si - 1], 'neighbour'];
        else if (para(si + 1) && resolved[si + 1].length) [source, sourceFrom] = [resolved[si + 1], 'neighbour'];
        else if (headlineSources.length) [source, sourceFrom] = [headlineSources, 'headline'];
        else sourceFrom = 'none';
      }
      const originator = source.find((s) => !s.outlet) ?? source[0];
      let location = locate(c, watch, tokens, fig, r, a2.spans);
      if (!location && coordinated && prev) location = prev.location;
      const figMid = (fig.start + fig.end) / 2;
      // A date in a relative clause ("the Kursk region, which Ukraine attacked in August") is not the figure's.
      const sameClause = (d: DateMention) => {
        const [x, y] = d.tokStart < fig.tokStart ? [d.tokEnd, fig.tokStart] : [fig.tokEnd, d.tokStart];
        // "X reported on Oct. 24 that 12,000 ...": a report's date heads the clause it introduces.
        const after = d.tokStart >= fig.tokEnd;
        return !tokens.slice(x, y).some((t) => c.relative.has(t.norm) || (after && c.complementizers.has(t.norm)));
      };
      const date = dates.filter((d) => !d.since && sameClause(d)).sort((x, y) => Math.abs((x.start + x.end) / 2 - figMid) - Math.abs((y.start + y.end) / 2 - figMid))[0];
      const flags = readingFlags({ fig, r, sourceFrom, statusCue: fromCue, statusTie: st.tie === true });
      const draft: Draft = {
        measure: r.measure, low, high, unit, per,
        qualifier, status, scope: subset ? 'subset' : 'total',
        source: source.map((s) => s.name), sourceKey: originator?.key ?? null,
        location, asOf: date?.iso ?? null,
        evidence: { sentence: sentence.text, start: sentence.start, end: sentence.end },
        confidence: confidenceOf(flags), flags,
        sentenceIndex: si, paragraph: sentence.paragraph, figStart: fig.tokStart,
        subsetFromText: subset, totalFromText: a.totalCue, statusFromCue: fromCue, sourceFrom,
      };
      prev = draft;
      if (!drafts.some((d) => d.sentenceIndex === si && d.measure === draft.measure && d.low === draft.low && d.high === draft.high)) drafts.push(draft);
    });
  });

  // Losses are the story's only in a paragraph about its soldiers ("584 deaths" of plague are not).
  const aboutSoldiers = new Map<number, boolean>();
  for (const [i, s] of sentences.entries()) {
    const t = tokensOf[i];
    const named = c.subject.findAll(t).length > 0 || c.countNouns.findAll(t).some((m) => !watch.measures[m.tag].anyParty && !watch.measures[m.tag].lossesOf);
    aboutSoldiers.set(s.paragraph, (aboutSoldiers.get(s.paragraph) ?? false) || named);
  }
  for (let i = drafts.length - 1; i >= 0; i--) {
    if (watch.measures[drafts[i].measure].lossesOf && !aboutSoldiers.get(drafts[i].paragraph)) drafts.splice(i, 1);
  }
  markParts(drafts, watch);
  return {
    lang,
    tagged: true,
    claims: drafts.map(({ sentenceIndex: _s, paragraph: _p, figStart: _f, subsetFromText: _x, totalFromText: _t, statusFromCue: _c, sourceFrom: _sf, ...claim }) => {
      const flags = sortFlags(claim.flags);
      return { ...claim, flags, confidence: confidenceOf(flags) };
    }),
  };
}

/** What the extractor saw while reading one figure, as flags (see src/claims/confidence.ts). */
function readingFlags(seen: { fig: Figure; r: Reading; sourceFrom: Draft['sourceFrom']; statusCue: boolean; statusTie: boolean }): ClaimFlag[] {
  const { fig, r } = seen;
  const flags: ClaimFlag[] = [];
  if (fig.unusual) flags.push('unusual_number_form');
  if (fig.vague) flags.push('vague_figure');
  else if (!fig.hasDigits) flags.push('number_in_words');
  if (r.via === 'left') flags.push('noun_from_context');
  else if (r.distance > 3 || r.farLoss) flags.push('far_from_noun');
  if (seen.sourceFrom === 'none') flags.push('no_source');
  else if (seen.sourceFrom !== 'sentence') flags.push('source_from_context');
  if (!seen.statusCue || seen.statusTie) flags.push('ambiguous_status');
  return flags;
}

/**
 * A figure much smaller than another of the same measure close by is a part
 * of it: "about 1,500 soldiers for training in the Far East" next to "a total
 * of 12,000", or 8,000 sent to Kursk out of 10,000 announced.
 */
function markParts(drafts: Draft[], watch: Watch): void {
  const comparable = (d: Draft) => d.status !== 'additional' && d.qualifier !== 'vague' && d.scope === 'total';
  // "Up to 100,000" is a ceiling, not a whole that smaller figures are parts of.
  const whole = (d: Draft) => comparable(d) && d.qualifier !== 'up_to';
  const rank = (name: string | null) => watch.places.find((p) => p.name === name)?.level ?? null;
  for (const d of drafts) {
    // A bound ("no more than 500") speaks of the whole; a smaller one beside a larger figure contradicts it.
    if (!comparable(d) || d.totalFromText || d.qualifier === 'up_to' || d.qualifier === 'at_least' || watch.measures[d.measure].dimension !== 'count') continue;
    const near = drafts.filter((o) => o !== d && o.measure === d.measure && whole(o)
      && (o.paragraph === d.paragraph || Math.abs(o.sentenceIndex - d.sentenceIndex) <= 3));
    const muchLarger = near.some((o) => o.low >= 3 * d.high);
    const regional = rank(d.location) === 'region' && near.some((o) => o.high > d.high && o.sentenceIndex < d.sentenceIndex
      && d.sentenceIndex - o.sentenceIndex <= 2 && rank(o.location) !== 'region');
    if (muchLarger || regional) {
      d.scope = 'subset';
      d.flags.push('ambiguous_scope');
    }
  }
}
