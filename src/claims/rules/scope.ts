// Whether a figure is the whole or a part. Its own words may say so (the
// cues before it, read in qualifier.ts; a task or group after its noun: "to
// train in eastern Russia", "for the first group"; a noun of one trade:
// "sappers"; the killed alone among the losses), and so does a figure much
// smaller than another of the same measure close by ("1,500" next to "a
// total of 12,000").
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';
import type { Watch, WatchMeasure } from '../watch.js';
import type { Around } from './qualifier.js';
import { boundAfter } from './binding.js';
import { HARD_PUNCT } from './tokens.js';
import type { Draft, Reading } from './types.js';

/**
 * Whether a figure is a part by its own words ("including 500", "the first 1,500", "1,500 to train"),
 * by its noun ("5,000 military builders") or by the measure's part words (the killed alone).
 */
export function partByOwnWords(m: WatchMeasure, r: Reading, a: Around): boolean {
  const partCount = Object.keys(m.parts ?? {}).length;
  const partial = partCount > 0 && r.parts.size > 0 && r.parts.size < partCount;
  // With parts, a figure read through loss words after a group ("of whom 4,000 were killed or
  // wounded") is all of that group's losses: its partitive cue is about the people, not the losses.
  // A figure of the measure's own noun reads the scope cues as any other ("including 300 deaths").
  const cues = !m.parts || r.via !== 'predicate';
  const subset = (cues && (a.subsetCue || (r.partitive && r.via === 'noun'))) || a.partFollowing || partial || m.scope === 'subset';
  return subset || r.subsetNoun === true;
}

/**
 * A task, group or stretch of time after a figure's noun, bound to it (rules/binding.ts): "killed
 * between 3 and 9 March", not "killed in the war between the army and the militia".
 */
export function followedByPart(c: CompiledLang, tokens: readonly Token[], from: number): boolean {
  return boundAfter(c, tokens, from, tokens.length, c.subsetFollowing) !== null;
}

/**
 * A figure much smaller than another of the same measure close by is a part
 * of it: "about 1,500 soldiers for training in the Far East" next to "a total
 * of 12,000", or 8,000 sent to Kursk out of 10,000 announced.
 */
export function markParts(drafts: Draft[], watch: Watch): void {
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

/**
 * The kind of part a figure's clause makes it (issue 19): one period ("over the past month", "in July
 * alone") or time ("300 were killed last week"), one cause ("from landmines"), one place or event ("in the town of", "in the attack on"),
 * one batch ("sent over the winter"), or the arrivals expected by a date ("are expected to arrive in
 * Kursk by the end of the month"); null when the clause says none.
 */
export function partByClause(c: CompiledLang, tokens: readonly Token[], clause: readonly [number, number], fig: { tokStart: number; tokEnd: number }, measure?: string): string | null {
  const [from, to] = clause;
  const outside = (m: { start: number; end: number }) => m.end <= fig.tokStart || m.start >= fig.tokEnd;
  // A time ("last week") before the figure may date the words that report it: only set off by a comma is it the figure's.
  const setOff = (m: { tag: string; start: number; end: number }) => m.tag !== 'time' || m.start >= fig.tokEnd
    || tokens.slice(m.end, fig.tokStart).some((t) => t.text === ',' || t.text === '，');
  const cue = c.partCues.findAll(tokens, from, to).find((m) => outside(m) && setOff(m));
  if (cue) return cue.tag;
  if (c.arrivalVerbs.findAll(tokens, from, to).some(outside) && deadlineIn(c, tokens, from, to)) return 'arrival';
  // "in a Russian strike on a market", "in the eastern Ukrainian city of Kostiantynivka".
  for (const lead of c.partLeads.findAll(tokens, from, to).filter(outside)) {
    for (let i = lead.end; i < Math.min(to, lead.end + 5); i++) {
      if (HARD_PUNCT.has(tokens[i].text) || tokens[i].kind === 'digits') break;
      if (c.eventHeads.matchAt(tokens, i, to)) return 'event';
      if (c.placeHeads.matchAt(tokens, i, to)) return 'place';
    }
  }
  // A count that only grows is counted from the start, everywhere: in one month or year, or in one town
  // of the watch (a place of level `place`), it is a part ("219 killed in July", "in 2024", "in Mariupol").
  if (measure && c.cumulative.has(measure)) {
    // After the figure, where it says when they died ("killed in July"); before it, "as of March" may be a date the count runs to.
    for (let i = fig.tokEnd; i < to - 1; i++) {
      // "since they entered combat in December" starts the count, it does not cut it.
      if (c.since.matchAt(tokens, i)) break;
      if (!c.locative.has(tokens[i].norm)) continue;
      const next = tokens[i + 1];
      if (c.calendar.has(next.norm) || (next.kind === 'digits' && /^(?:19|20)\d\d$/.test(next.text))) return 'period';
    }
    // "in Mariupol", "in the besieged Mariupol": a locative word a few words before the place.
    // Only a town: a region may be where the whole story is ("casualties in the Kursk region").
    const local = c.places.findAll(tokens, from, to).filter(outside).some((m) => c.placeLevels[Number(m.tag)] === 'place'
      && tokens.slice(Math.max(from, m.start - 3), m.start).some((t) => c.locative.has(t.norm)));
    if (local) return 'place';
  }
  return null;
}

/** "by the end of the month", "by December", "bis Ende März": a date something is expected by. */
function deadlineIn(c: CompiledLang, tokens: readonly Token[], from: number, to: number): boolean {
  if (c.deadline.findAll(tokens, from, to).length > 0) return true;
  return c.deadlineBeforeDate.findAll(tokens, from, to).some((m) => {
    const next = tokens[m.end];
    return !!next && (next.kind === 'digits' || c.calendar.has(next.norm));
  });
}

/**
 * Whether the text marks the figure as the whole (issue 19): a totality cue in its clause ("in total",
 * "overall", "the total number", "the war has killed", "a toll of"), or a denial of more touching it
 * ("only 300", "no more than 300", "nur", "seulement", "300명에 불과").
 */
export function markedWhole(c: CompiledLang, tokens: readonly Token[], clause: readonly [number, number], fig: { tokStart: number; tokEnd: number }, a: Around): boolean {
  if (a.totalCue) return true;
  const [from, to] = clause;
  if (c.whole.findAll(tokens, from, to).some((m) => m.end <= fig.tokStart || m.start >= fig.tokEnd)) return true;
  for (let i = Math.max(0, a.phraseStart - 3); i < fig.tokStart; i++) {
    const m = c.denialBefore.matchAt(tokens, i, fig.tokStart);
    // The denial leads the figure's phrase: only its qualifier may stand between ("only about 300").
    if (m && i + m.length >= a.phraseStart) return true;
  }
  return c.denialAfter.findAll(tokens, fig.tokEnd, Math.min(tokens.length, fig.tokEnd + 3)).length > 0;
}
