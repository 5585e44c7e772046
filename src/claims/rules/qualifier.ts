// The words around a figure: its qualifier ("about", "up to", "at least",
// "or more"), and the cues read in the same pass over its phrase: "more"
// (additional), "including" (a part), "a total of" (the whole). They are the
// figure's own words, so the phrase's start is where the qualifier starts.
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';
import { followedByPart } from './scope.js';
import { HARD_PUNCT, HYPHENS, QUOTES } from './tokens.js';
import type { Figure, Qualifier, Reading } from './types.js';

export interface Around {
  qualifier: Qualifier;
  /** Token where the figure's phrase starts, before its qualifier. */
  phraseStart: number;
  additional: boolean;
  subsetCue: boolean;
  totalCue: boolean;
  /** A task, a group or a stretch of time after the figure's noun makes it a part (for every measure). */
  partFollowing: boolean;
}

export function around(c: CompiledLang, tokens: readonly Token[], fig: Figure, r: Reading): Around {
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
  if (c.pack.numbers.counters.length) k += c.filler.matchAt(tokens, k)?.length ?? 0;
  const qa = c.qualAfter.matchAt(tokens, k);
  if (qa && !fig.vague) qualifier = qa.tag as Qualifier;
  else if (qualifier === 'exact' && fig.ownQualifier) qualifier = fig.ownQualifier;
  // "3,000 more troops", "3 000 soldats supplémentaires", "3,000 reinforcements"; the "more" of
  // "10,000 or more" is the qualifier's, not more on top.
  for (let i = qa ? k + qa.length : fig.tokEnd; i < Math.min(tokens.length, r.headEnd + 3); i++) {
    if (HARD_PUNCT.has(tokens[i].text)) break;
    // "18 getötet und mehr als 60 verletzt": the next figure's "more than" is its qualifier, nothing on top.
    if (c.addAfter.matchAt(tokens, i) && !c.qualBefore.matchAt(tokens, i)) additional = true;
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
