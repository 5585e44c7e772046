// When a count of people is a count of losses, and whose. Loss words after
// a figure ("4,000 of them were killed", past a clause: "300 soldiers, who
// were sent in November, have died") or before it ("losses exceed 3,000")
// turn a count of people into a count of their losses; the losses must be
// those of the story's people, not of bystanders (the watch's `bystanders`)
// nor those inflicted on another party.
import type { CompiledLang } from '../compile.js';
import type { CueSet, Token } from '../text.js';
import { adjectiveAfterNoun, HARD_PUNCT } from './tokens.js';

/** "inflicted losses of 110 servicemen on Ukrainian units": losses put on another party. */
export function lossesOnOthers(c: CompiledLang, tokens: readonly Token[], headEnd: number): boolean {
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
export function lossPredicate(c: CompiledLang, tokens: readonly Token[], from: number, stopAt: number, of?: string, words: CueSet = c.predicates): { measure: string; from: number; to: number; far: boolean } | null {
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
    // "300 North Korean soldiers, who were sent in November, have died": past a relative clause to the verb;
    // "600 civilians, most of them labourers, were killed": past an aside closed by a comma, the loss word right after it.
    if (tokens[i].text === ',' && !far && i + 1 < limit) {
      const close = relativeClauseEnd(tokens, i + 1, stopAt);
      const lossAt = (k: number) => words.matchAt(tokens, k, Math.min(stopAt, close! + 4)) !== null;
      // An aside holds no loss word of its own ("down from 11,000, with the rest killed, wounded ...").
      const aside = close !== null && words.findAll(tokens, i + 1, close).length === 0
        && (lossAt(close + 1) || (c.stop.has(tokens[close + 1]?.norm ?? '') && lossAt(close + 2)));
      if (close !== null && (c.relative.has(tokens[i + 1].norm) || aside)) {
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

/** Whether the words after a head open a clause without a comma: a relative word or a past participle. */
export function opensBareClause(c: CompiledLang, tokens: readonly Token[], at: number): boolean {
  const t = tokens[at];
  if (!t || !/^\p{Ll}/u.test(t.text)) return false;
  // German "die", "der" are articles too: only a relative word that is no determiner opens a clause here.
  if (c.relative.has(t.norm)) return !c.definite.has(t.norm) && !c.determiners.has(t.norm);
  // A participle has a stem before its ending ("deployed", "déployés", "desplegados", not "red" or "née");
  // accents matter here: French "-és" is a participle, "-es" any plural.
  const word = t.text.toLowerCase();
  // Short irregular ones are the pack's list ("sent", "held", "brought").
  if (c.participles.has(t.norm)) return !c.predicates.matchAt(tokens, at);
  return word.length >= 6 && c.participleEndings.some((e) => word.endsWith(e)) && !c.predicates.matchAt(tokens, at);
}

/** The comma closing a relative clause opened at `from`, when it closes within 15 words and holds no figure. */
export function relativeClauseEnd(tokens: readonly Token[], from: number, stopAt: number): number | null {
  for (let k = from; k < Math.min(stopAt, tokens.length, from + 15); k++) {
    if (tokens[k].kind === 'digits') return null;
    if (tokens[k].text === ',') return k;
    if (HARD_PUNCT.has(tokens[k].text)) return null;
  }
  return null;
}

/** Whose losses a bare loss figure counts: the story's subject or its soldiers (or, for anyone's losses, people), named earlier in the sentence. */
export function namesLosers(c: CompiledLang, tokens: readonly Token[], figStart: number, lossMeasure: string, after = figStart, prev: readonly Token[] = []): boolean {
  const target = c.measures[lossMeasure]?.lossesOf;
  // A measure of anyone's losses counts whoever they were: "between 50,000 and 100,000 were killed".
  if (!target && c.measures[lossMeasure]) return true;
  // A measure of anyone's losses (no lossesOf): people named before are who lost them ("12 people were killed and 40 injured").
  const named = (toks: readonly Token[], from: number, to: number) => c.subject.findAll(toks, from, to).length > 0
    || c.countNouns.findAll(toks, from, to).some((m) => !target || m.tag === target)
    || (!target && c.persons.findAll(toks, from, to).length > 0);
  // "Hunderten getöteten Nordkoreanern": the losers may follow the loss word.
  return named(tokens, 0, figStart) || named(tokens, after, Math.min(tokens.length, after + 3)) || named(prev, 0, prev.length);
}

/** Losses of people the story does not count, its bystanders ("Three people were killed and 20 injured"). */
export function bystanderLosses(c: CompiledLang, tokens: readonly Token[], figStart: number): boolean {
  if (c.subject.findAll(tokens).length > 0) return false;
  return c.bystanders.findAll(tokens, 0, figStart).length > 0;
}

/** What a person figure counts ("300 people"): anyone, so only a loss measure without `lossesOf` counts its losses. */
export const PERSON = '*person';

/** Whether `lossMeasure` counts the losses of `of` (a measure's `lossesOf`; unset: of any person measure; PERSON: anyone's). */
export function countsLossesOf(c: CompiledLang, lossMeasure: string, of: string | undefined): boolean {
  if (of === undefined) return true;
  if (of === PERSON) return !c.measures[lossMeasure]?.lossesOf;
  // A loss measure's own noun counts itself: "killed 12 and 40 injured" keeps the injured injured.
  if (of !== lossMeasure && Object.values(c.measures[of]?.predicates ?? {}).some((l) => l.length > 0)) return false;
  const target = c.measures[lossMeasure]?.lossesOf;
  return target ? target === of : !c.measures[of]?.anyParty;
}

/**
 * "ВСУ потеряли 300 военных", "противник потерял 300 военнослужащих": another party right before
 * the loss word is who lost them, unless the figure's own phrase names the story's subject
 * ("противник потерял 200 военных КНДР": the DPRK's soldiers).
 */
export function lostByOther(c: CompiledLang, tokens: readonly Token[], lossFrom: number, figEnd: number, headEnd: number): boolean {
  if (c.subject.findAll(tokens, figEnd, Math.min(tokens.length, headEnd + 2)).length > 0) return false;
  const by = c.otherParties.matchEndingAt(tokens, lossFrom, 3) ?? c.otherActors.matchEndingAt(tokens, lossFrom, 3);
  return by !== null && c.subject.matchEndingAt(tokens, lossFrom, 3) === null;
}

/** Loss words just before a figure: "killed 3,000", "losses exceed 3,000", "casualties at about 4,000". */
export function lossBefore(c: CompiledLang, tokens: readonly Token[], figStart: number, prevFigureTok: number, of: string): { measure: string; from: number; to: number } | null {
  for (let i = figStart - 1; i >= Math.max(0, figStart - 7, prevFigureTok); i--) {
    if (HARD_PUNCT.has(tokens[i].text)) return null;
    const m = c.before.matchAt(tokens, i, figStart);
    if (m && countsLossesOf(c, m.tag, of)) return { measure: m.tag, from: i, to: i + m.length };
  }
  return null;
}
