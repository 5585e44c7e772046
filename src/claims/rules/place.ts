// Where a figure is: the watch's place named after a locative word in the
// figure's sentence, after its noun first (the most precise one there), else
// before it; never a place inside the source's own words, and none for money
// or goods, which change hands rather than stand somewhere.
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';
import type { Watch } from '../watch.js';
import { HARD_PUNCT } from './tokens.js';
import type { Figure, Reading } from './types.js';

const LEVEL_RANK: Record<string, number> = { country: 1, region: 2, place: 3 };

export function locate(c: CompiledLang, watch: Watch, tokens: readonly Token[], fig: Figure, r: Reading, sourceSpans: [number, number][]): string | null {
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
