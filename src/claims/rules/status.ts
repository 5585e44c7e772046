// Whether a figure is there already, planned, or more on top: the nearest
// status word around it decides ("have been deployed", "will send"), and a
// word like "already" wins over a nearer modal verb.
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';
import { reaches } from './binding.js';
import type { Around } from './qualifier.js';
import type { Figure, Reading, Status } from './types.js';

/** The nearest status word around the figure; "already" and its kind win over a nearer modal verb. */
export function statusOf(c: CompiledLang, tokens: readonly Token[], fig: Figure, r: Reading, a: Around): { status: Status; fromCue: boolean; tie?: boolean } {
  if (a.additional) return { status: 'additional', fromCue: true };
  if (c.measures[r.measure].parts) return { status: 'present', fromCue: true };
  const from = Math.max(0, a.phraseStart - 12);
  const to = Math.min(tokens.length, r.headEnd + 10);
  // A cue after the figure's noun counts only in the clause the figure governs (rules/binding.ts).
  const inFigure = (i: number) => (i >= fig.tokStart && i < fig.tokEnd) || !reaches(c, tokens, Math.max(r.headEnd, fig.tokEnd), i);
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
