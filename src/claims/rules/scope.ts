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
