// Cues bound to the figure. A word after a figure says something about it
// only inside the clause the figure governs: "300 people were killed
// between 3 and 9 March" (the cue follows the figure's noun and its loss
// word), not "300 people were killed in the war between the army and the
// militia" (the cue belongs to another noun phrase, "the war") nor "since
// the war began in April" (another clause). The scan from the figure's noun
// passes function words, the figure's loss words ("killed or injured"), the
// story's own names (its subject, places, counted nouns), and stops at
// punctuation, another figure, a new clause (a relative or complementizer
// word, a clause opener) or another noun phrase (an article before a word
// that is none of the story's).
import type { CompiledLang } from '../compile.js';
import type { CueSet, Token } from '../text.js';
import { HARD_PUNCT } from './tokens.js';

/** How far after the figure's noun a cue may stand, in words. */
const SPAN = 10;

/** Whether a word opens another noun phrase: an article, then a word that names none of the story's. */
function otherNounPhrase(c: CompiledLang, tokens: readonly Token[], i: number, cue: CueSet): boolean {
  if (!c.articles.has(tokens[i].norm)) return false;
  const k = i + 1;
  if (k >= tokens.length || tokens[k].kind !== 'word') return false;
  return !cue.matchAt(tokens, k) && !c.subject.matchAt(tokens, k) && !c.places.matchAt(tokens, k)
    && !c.countNouns.matchAt(tokens, k) && !c.persons.matchAt(tokens, k) && !c.calendar.has(tokens[k].norm);
}

/** Whether a word opens another clause: a relative word that is no article, a complementizer, a clause opener. */
function opensClause(c: CompiledLang, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (c.relative.has(t.norm) && !c.articles.has(t.norm)) return true;
  return c.complementizers.has(t.norm) || c.clauseOpeners.matchAt(tokens, i) !== null;
}

/**
 * The first match of `cue` in the clause the figure governs, scanning from `from` (the end of the
 * figure's noun, or of the figure) up to `limit` (the next figure); null when none is bound to it.
 */
export function boundAfter(c: CompiledLang, tokens: readonly Token[], from: number, limit: number, cue: CueSet): { start: number; length: number; tag: string } | null {
  return scan(c, tokens, from, Math.min(limit, tokens.length, from + SPAN), (i, end) => {
    const m = cue.matchAt(tokens, i, end);
    return m ? { start: i, length: m.length, tag: m.tag } : null;
  }, cue);
}

/** Whether a word at `at` (after the figure's noun, which ends at `from`) stands in the clause the figure governs. */
export function reaches(c: CompiledLang, tokens: readonly Token[], from: number, at: number): boolean {
  if (at < from) return true;
  return scan(c, tokens, from, Math.min(tokens.length, at + SPAN), (i) => (i >= at ? true : null)) === true;
}

const NONE: CueSet = { matchAt: () => null } as unknown as CueSet;

function scan<T>(c: CompiledLang, tokens: readonly Token[], from: number, end: number, hit: (i: number, end: number) => T | null, cue: CueSet = NONE): T | null {
  for (let i = from; i < end;) {
    const found = hit(i, end);
    if (found !== null) return found;
    const t = tokens[i];
    if (HARD_PUNCT.has(t.text) || t.kind === 'digits') return null;
    // The figure's own loss words, and "or"/"and" joining them to the next ("killed or injured").
    const loss = c.predicates.matchAt(tokens, i, end);
    if (loss) {
      i += loss.length;
      if (i + 1 < end && c.orAnd.has(tokens[i].norm) && (cue.matchAt(tokens, i + 1, end) || c.predicates.matchAt(tokens, i + 1, end))) i++;
      continue;
    }
    if (opensClause(c, tokens, i) || otherNounPhrase(c, tokens, i, cue)) return null;
    i++;
  }
  return null;
}

/** Whether a cue ends right before the figure's phrase (up to `maxLen` words): "injuring 40", "the missing: 12". */
export function boundBefore(tokens: readonly Token[], phraseStart: number, cue: CueSet, maxLen = 3): boolean {
  return cue.matchEndingAt(tokens, phraseStart, maxLen) !== null;
}
