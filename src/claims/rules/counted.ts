// What a figure counts. The noun after it ("10,000 North Korean troops"),
// the noun before a counter ("북한군 1만1000명"), the noun it is "of" ("a
// contingent of about 11,000"), loss words for a bare figure ("4,000 of them
// were killed"), else the noun the clause or the sentence before is about
// ("the 11,000 sent in November"). A currency makes it money, a unit of mass
// a mass, a percent word a share (rules/units.ts); the measure comes from the
// watch's words, never from the code.
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';
import { boundAfter, boundBefore } from './binding.js';
import { bystanderLosses, countsLossesOf, lossBefore, lossesOnOthers, lossPredicate, lostByOther, namesLosers, PERSON } from './losses.js';
import { isOtherParty, mixedForce, otherActorClause, otherBeforeCounter, possessedBy } from './parties.js';
import { adjectiveAfterNoun, HARD_PUNCT, HYPHENS, QUOTES, skip } from './tokens.js';
import type { Figure, Reading } from './types.js';
import { nearestMeasure, ownedBySubject, readShare } from './units.js';

/** Words of a measure's parts (casualties: killed, wounded) between `from` and `to`. */
export function partsIn(c: CompiledLang, measure: string, tokens: readonly Token[], from: number, to: number): Set<string> {
  const parts = new Set<string>();
  for (const m of c.parts.findAll(tokens, from, to)) {
    const [mk, part] = m.tag.split(':');
    if (mk === measure) parts.add(part);
  }
  return parts;
}

/** What one figure counts, or null when it counts nothing the watch measures (or what its measure excludes). */
export function readFigure(c: CompiledLang, tokens: readonly Token[], fig: Figure, nextFigureTok: number, prevFigureTok: number, figureEnds: ReadonlySet<number>, prev: readonly Token[]): Reading | null {
  const r = readCounted(c, tokens, fig, nextFigureTok, prevFigureTok, figureEnds, prev);
  return r && !excludedBy(c, tokens, fig, r.measure, nextFigureTok) ? r : null;
}

function readCounted(c: CompiledLang, tokens: readonly Token[], fig: Figure, nextFigureTok: number, prevFigureTok: number, figureEnds: ReadonlySet<number>, prev: readonly Token[]): Reading | null {
  if (fig.share !== undefined) return readShare(c, tokens, fig, prevFigureTok, nextFigureTok);
  const measures = c.measures;
  // Money: a currency symbol before the figure or a currency word after it.
  const symBefore = fig.tokStart > 0 ? currencySymbol(c, tokens, fig.tokStart) : null;
  const wordAfter = c.currencyWords.matchAt(tokens, fig.tokEnd);
  if (symBefore || wordAfter) {
    // The money measure whose context words stand nearest ("Brent at $82.50, above the $60 price cap").
    const measure = nearestMeasure(c.moneyContext, tokens, fig);
    if (!measure) return null;
    // "Brent at $82.50 and WTI at $78.10": a sum named after another party is its own.
    if (!measures[measure].anyParty && !ownedBySubject(c, tokens, fig, prevFigureTok, nextFigureTok)) return null;
    // A sum of the story names its subject or the people it counts: "$250,000 in fines" is not the story's money.
    const aboutSubject = c.subject.findAll(tokens).length > 0 || c.countNouns.findAll(tokens).some((m) => !measures[m.tag].anyParty && !measures[m.tag].lossesOf);
    if (!aboutSubject) return null;
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
  // "tens of thousands of troops", "un millón de desplazados", "un million de personnes" (but "varios
  // cientos de ellos" is a partitive).
  const scaled = fig.vague || c.numberWords.has(tokens[fig.tokEnd - 1]?.norm ?? '');
  if (scaled && j + 1 < tokens.length && c.partitive.has(tokens[j].norm) && !c.subsetAfter.matchAt(tokens, j)) j++;
  let partitive = false;
  const modsFrom = j;
  let head: { measure: string; at: number; len: number } | null = null;
  // Where a counter follows the figure, the noun before it is what it counts ("장교 500명과 장성 3명": 500 officers, not generals).
  const counted = c.pack.numbers.counters.length ? nounBefore(c, tokens, fig) : null;
  if (counted) j = nextFigureTok;
  let bare = true;
  // "300 people", "30 Syrian civilians": a person figure, counted by a measure only through its loss words.
  let person: { at: number; len: number } | null = null;
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
    if (noun && measures[noun.tag].lossesOf && (content || bystanderLosses(c, tokens, fig.tokStart))) return null;
    if (noun) {
      const after = tokens[j + noun.length];
      // Noun compounds ("fighter jets", "troop numbers"): a noun without its plural ending before another names something else.
      const g = c.pack.grammar;
      const compound = g.nounCompounds && after && after.kind === 'word' && !g.pluralEndings.some((e) => tokens[j + noun.length - 1].norm.endsWith(e))
        && !c.stop.has(after.norm) && !c.countNouns.matchAt(tokens, j + noun.length) && !c.predicates.matchAt(tokens, j + noun.length)
        && !c.addAfter.matchAt(tokens, j + noun.length) && !c.participleEndings.some((e) => after.norm.endsWith(e));
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
    // "dont 150 000 à 200 000 de faim": a scope cue after a bare figure says which part, not what it counts.
    const cue = c.subsetFollowing.matchAt(tokens, j);
    if (cue && !head) {
      j += cue.length;
      continue;
    }
    const fill = c.filler.matchAt(tokens, j);
    if (fill) {
      // "300 человек", "300 osób": a person noun the pack also skips as a filler before a noun.
      if (!person && c.persons.matchAt(tokens, j) && !c.bystanders.matchAt(tokens, j)) person = { at: j, len: fill.length };
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
      // "300 человек погибли": the loss word of a person figure.
      if (person) return personLosses(c, tokens, fig, person, modsFrom, partitive, nextFigureTok, prevFigureTok);
      if (!partitive && j > modsFrom && !subj) return null;
      if (!partitive && !subj && !namesLosers(c, tokens, fig.tokStart, pred.tag, j + pred.length, prev)) return null;
      if (bystanderLosses(c, tokens, fig.tokStart)) return null;
      const full = lossPredicate(c, tokens, j, nextFigureTok) ?? { from: j, to: j + pred.length };
      return { measure: pred.tag, headEnd: full.to, via: j === modsFrom ? 'noun' : 'predicate', partitive, parts: partsIn(c, pred.tag, tokens, full.from, full.to), distance: 1 };
    }
    const personNoun = steps < 4 && !c.bystanders.matchAt(tokens, j) ? c.persons.matchAt(tokens, j) : null;
    if (personNoun) {
      person = { at: j, len: personNoun.length };
      bare = false;
      break;
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
  const personal = !head && person ? personLosses(c, tokens, fig, person, modsFrom, partitive, nextFigureTok, prevFigureTok) : null;
  if (personal) return personal;

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
      // "러시아군 3000명이 북한군과 함께": where a counter follows the figure, another party's word before it is whose they are.
      if (!counted && c.pack.numbers.counters.length && otherBeforeCounter(c, tokens, fig, countedEnd(c, tokens, fig))) return null;
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
    // A noun that is itself its measure's loss word ("17 killed and 32 wounded") is counted as it says, not as the loss before it.
    const ownLoss = c.predicates.matchAt(tokens, head.at)?.tag === head.measure;
    const pred = ownLoss ? null : lossPredicate(c, tokens, headEnd, nextFigureTok, head.measure);
    const beforeLoss = pred || ownLoss ? null : lossBefore(c, tokens, fig.tokStart, prevFigureTok, head.measure);
    // "16 North Korean soldiers are missing": a count of the missing or captured is neither the force nor its losses.
    if (!pred && !beforeLoss && lossPredicate(c, tokens, headEnd, nextFigureTok, head.measure, c.missingOrCaptured)) return null;
    if (pred) {
      measure = pred.measure;
      via = 'predicate';
      parts = partsIn(c, measure, tokens, pred.from, pred.to);
    } else if (beforeLoss) {
      if (!measures[beforeLoss.measure].anyParty && lostByOther(c, tokens, beforeLoss.from, fig.tokEnd, headEnd)) return null;
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
    if (bystanderLosses(c, tokens, fig.tokStart)) return null;
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
  // "a crew of 24": people the story does not count are what a bare figure after them counts.
  if (bystandersOf(c, tokens, fig)) return null;
  return readLeft(c, tokens, fig, partitive, figureEnds, prev);
}

/**
 * A person figure's measure: the loss words after it ("300 people were killed") or before it
 * ("killed 30 civilians", "a death toll of 300 people") of a measure that counts anyone's losses
 * (no `lossesOf`); null without them ("300 people gathered").
 */
export function personLosses(c: CompiledLang, tokens: readonly Token[], fig: Figure, person: { at: number; len: number }, modsFrom: number, partitive: boolean, nextFigureTok: number, prevFigureTok: number): Reading | null {
  const headEnd = person.at + person.len;
  let after = lossPredicate(c, tokens, headEnd, nextFigureTok, PERSON);
  const before = lossBefore(c, tokens, fig.tokStart, prevFigureTok, PERSON);
  // "killed 300 people and injured 1,500 others": a loss word in the next clause is that clause's.
  if (after && before && boundAfter(c, tokens, headEnd, nextFigureTok, c.predicates)?.start !== after.from) after = null;
  // "starben 300 Menschen", "murieron al menos 300 personas": the loss word right before the figure's phrase.
  const phraseStart = c.qualBefore.matchEndingAt(tokens, fig.tokStart)?.start ?? fig.tokStart;
  const verbFirst = after || before ? null : c.predicates.matchEndingAt(tokens, phraseStart, 4);
  const first = verbFirst && countsLossesOf(c, verbFirst.tag, PERSON) ? { measure: verbFirst.tag, from: verbFirst.start, to: phraseStart } : null;
  const loss = after ?? before ?? first;
  if (!loss || lossesOnOthers(c, tokens, headEnd)) return null;
  // Whose people: another party's, unless the measure counts anyone's ("1,700 Eritrean soldiers were killed").
  const anyone = c.measures[loss.measure].anyParty;
  if (!anyone && isOtherParty(c, tokens, modsFrom, person.at)) return null;
  if (!anyone && !after && before && lostByOther(c, tokens, before.from, fig.tokEnd, headEnd)) return null;
  return { measure: loss.measure, headEnd, via: 'predicate', partitive, parts: partsIn(c, loss.measure, tokens, loss.from, loss.to), distance: person.at - fig.tokEnd, farLoss: after?.far === true };
}

/**
 * Whether words the figure's measure `excludes` are bound to the figure: right before its phrase
 * ("injuring 40") or in the clause it governs ("40 people were injured", "killed or injured").
 */
export function excludedBy(c: CompiledLang, tokens: readonly Token[], fig: Figure, measure: string, nextFigureTok: number): boolean {
  const words = c.excludes.get(measure);
  if (!words) return false;
  const phraseStart = c.qualBefore.matchEndingAt(tokens, fig.tokStart)?.start ?? fig.tokStart;
  return boundBefore(tokens, phraseStart, words) || boundAfter(c, tokens, fig.tokEnd, nextFigureTok, words) !== null;
}

/** The count noun right before a figure (past its qualifier): "북한군 약 1만 명", "北朝鮮兵1万人", "士兵1.1万名". */
export function nounBefore(c: CompiledLang, tokens: readonly Token[], fig: Figure): { measure: string; at: number; len: number } | null {
  const p = countedEnd(c, tokens, fig);
  for (let len = 1; len <= 4 && p - len >= 0; len++) {
    const noun = c.countNouns.matchAt(tokens, p - len, p);
    if (noun && noun.length === len) return { measure: noun.tag, at: p - len, len };
  }
  return null;
}

/** Where the noun a counter counts ends, before the figure: past its qualifier, "total", "among them" and "the number of". */
export function countedEnd(c: CompiledLang, tokens: readonly Token[], fig: Figure): number {
  let p = fig.tokStart;
  // "북한군 가운데 최소 100명", "북한군은 총 1만4천여 명", "북한군 규모를 3천 명".
  for (let steps = 0; steps < 4 && p > 0; steps++) {
    const m = c.qualBefore.matchEndingAt(tokens, p) ?? c.total.matchEndingAt(tokens, p) ?? c.subsetBefore.matchEndingAt(tokens, p) ?? c.numberOf.matchEndingAt(tokens, p);
    if (!m) break;
    p = m.start;
  }
  return p;
}

/** "a crew of 24", "civilians of whom 300": the watch's bystanders, then "of", then the figure. */
function bystandersOf(c: CompiledLang, tokens: readonly Token[], fig: Figure): boolean {
  let p = fig.tokStart;
  while (p > 0 && QUOTES.has(tokens[p - 1].text)) p--;
  p = c.qualBefore.matchEndingAt(tokens, p)?.start ?? p;
  return p >= 2 && c.partitive.has(tokens[p - 1].norm) && c.bystanders.matchEndingAt(tokens, p - 1, 3) !== null;
}

/** "a contingent of about 11,000": a count noun, then "of", then the figure (its qualifier between). */
export function nounOf(c: CompiledLang, tokens: readonly Token[], fig: Figure): Reading | null {
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
      // "1,900 victims of 150 massacres": a noun another figure counts is not this one's.
      if (tokens[at - 1]?.kind === 'digits' || tokens[at - 2]?.kind === 'digits') return null;
      const m = c.measures[hit.tag];
      if (!m.anyParty && (isOtherParty(c, tokens, Math.max(0, at - 2), at) || otherActorClause(c, tokens, at, fig.tokEnd))) return null;
      return { measure: hit.tag, headEnd: fig.tokEnd, via: 'noun', partitive: false, parts: partsIn(c, hit.tag, tokens, at, at + hit.length), distance: 1 };
    }
  }
  return null;
}

export function readLeft(c: CompiledLang, tokens: readonly Token[], fig: Figure, partitive: boolean, figureEnds: ReadonlySet<number>, prev: readonly Token[]): Reading | null {
  const here = leftIn(c, tokens, fig.tokStart, fig.tokEnd, partitive, (i) => [i, i - 1, i - 2].some((k) => figureEnds.has(k)));
  if (here !== undefined) return here;
  // "Seoul says it will send around 12,000 troops. It says 1,500 have already been moved": the previous sentence's noun.
  // Only a figure, not a band: "in the low hundreds" is too loose to carry across a sentence. Numbers in
  // words carry when they are large enough to be a count ("Some say ten to twenty thousand").
  if (!prev.length || fig.vague || (!fig.hasDigits && fig.low < 100)) return null;
  const counted = (i: number) => prev.slice(Math.max(0, i - 3), i).some((t) => t.kind === 'digits');
  const there = leftIn(c, prev, prev.length, fig.tokEnd, partitive, counted, true);
  return there ? { ...there, via: 'left', distance: 30 } : null;
}

/** A bare figure's noun, searched back from `from` in `tokens`; undefined when none is found there. */
export function leftIn(c: CompiledLang, tokens: readonly Token[], from: number, headEnd: number, partitive: boolean, counted: (i: number) => boolean, lossAfter = false): Reading | null | undefined {
  const lower = Math.max(0, from - 30);
  // "killed tens of thousands and pushed hundreds of thousands into famine": a loss word is its own clause's.
  let crossed = false;
  for (let i = from - 1; i >= lower; i--) {
    const before = crossed ? null : c.before.matchAt(tokens, i, from);
    if (!crossed && i < from - 1 && c.clauseOpeners.matchAt(tokens, i) && !c.before.matchAt(tokens, i + 1)) crossed = true;
    if (before) {
      // "killed or wounded": the loss words joined to it are its parts too.
      let s = i;
      while (s >= 2 && c.orAnd.has(tokens[s - 1].norm) && c.parts.matchAt(tokens, s - 2)) s -= 2;
      return { measure: before.tag, headEnd, via: 'left', partitive, parts: partsIn(c, before.tag, tokens, s, i + before.length), distance: from - i };
    }
    // "the number of people forced from their homes has risen to 1.7 million": people and a loss word.
    const person = c.persons.matchAt(tokens, i, from);
    const personLoss = person && tokens.slice(Math.max(0, i - 3), i).some((t) => c.definite.has(t.norm)) ? c.predicates.matchAt(tokens, i + person.length, from) : null;
    if (person && personLoss && countsLossesOf(c, personLoss.tag, PERSON)) {
      return { measure: personLoss.tag, headEnd, via: 'left', partitive, parts: partsIn(c, personLoss.tag, tokens, i + person.length, i + person.length + personLoss.length), distance: from - i };
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
      // The sentence before asked of the losses: "Nobody knows how many North Korean soldiers have died. Some say ten to twenty thousand."
      const after = lossAfter ? lossPredicate(c, tokens, i + noun.length, from, noun.tag) : null;
      if (after && countsLossesOf(c, after.measure, noun.tag)) {
        return { measure: after.measure, headEnd, via: 'left', partitive, parts: partsIn(c, after.measure, tokens, after.from, after.to), distance: from - i };
      }
      return { measure: noun.tag, headEnd, via: 'left', partitive, parts: new Set(), distance: from - i };
    }
  }
  return undefined;
}

export function currencySymbol(c: CompiledLang, tokens: readonly Token[], figStart: number): string | null {
  const t1 = tokens[figStart - 1]?.text ?? '';
  const t2 = tokens[figStart - 2]?.text ?? '';
  const syms = c.lex.currencies.symbols;
  if (t2 && `${t2}${t1}` in syms && tokens[figStart - 2].end === tokens[figStart - 1].start) return syms[`${t2}${t1}`];
  return syms[t1] ?? null;
}
