// Small shared helpers over a sentence's tokens: the punctuation the rules
// stop at, a character span as a token span, and the one word-order fact
// several rules need (whether adjectives follow their noun).
import type { CompiledLang } from '../compile.js';
import type { Token } from '../text.js';

export const QUOTES = new Set(['"', '“', '”', '«', '»', '„', '\'', '‘', '’']);
export const HYPHENS = new Set(['-', '–', '‐']);
export const HARD_PUNCT = new Set([',', '.', ';', ':', '(', ')', '?', '!', '—', '[', ']', '|', '•', '/']);

export function tokenSpan(tokens: readonly Token[], start: number, end: number): [number, number] {
  let a = tokens.findIndex((t) => t.end > start);
  if (a < 0) a = tokens.length;
  let b = a;
  while (b < tokens.length && tokens[b].start < end) b++;
  return [a, b];
}

export function skip(tokens: readonly Token[], j: number, pred: (t: Token) => boolean): number {
  while (j < tokens.length && pred(tokens[j])) j++;
  return j;
}

/** Whether the language puts adjectives after the noun ("soldats russes"): other parties and clauses may follow a head. */
export function adjectiveAfterNoun(c: CompiledLang): boolean {
  return c.pack.grammar.adjectiveAfterNoun;
}

/** Punctuation that ends a clause on either side of a figure; a comma only after it ("In July alone, 300 were killed"). */
const CLAUSE_BREAK = new Set([';', ':', '(', ')', '—', '[', ']', '|', '•', '?', '!', '.', '。', '；', '：', '（', '）', '！', '？']);
const COMMAS = new Set([',', '，', '、']);

/**
 * The clause a figure is in, as a token span [start, end): back from its phrase to an opener, a
 * "that", a relative pronoun after a comma, an attribution verb or another figure; on from its noun
 * to the next punctuation, "that" or figure. A relative clause on the figure's own noun is the figure's
 * ("300 people who died in the strike"). Cues that say what the figure is are read here, not
 * anywhere in the sentence ("officials said last week that 11,000 ..." is no count of one week).
 */
export function clauseOf(c: CompiledLang, tokens: readonly Token[], phraseStart: number, headEnd: number, prevFigureEnd: number, nextFigureStart: number): [number, number] {
  let start = phraseStart;
  while (start > prevFigureEnd) {
    const t = tokens[start - 1];
    // A relative pronoun opens a clause after a comma; without one it may be an article (German "der").
    const relative = c.relative.has(t.norm) && COMMAS.has(tokens[start - 2]?.text ?? '');
    if (CLAUSE_BREAK.has(t.text) || relative || c.complementizers.has(t.norm)) break;
    // "and" joins two clauses or two phrases of one: it ends neither ("Pionyang envió entre enero y febrero unos 3.000").
    const opener = c.clauseOpeners.matchEndingAt(tokens, start, 1) && !c.coordination.matchEndingAt(tokens, start, 1);
    if (c.attrVerbs.matchEndingAt(tokens, start, 3) || opener) break;
    start--;
  }
  let end = headEnd;
  // "300 civilians, who died in the strike": the noun's own relative clause.
  const k = COMMAS.has(tokens[end]?.text ?? '') ? end + 1 : end;
  if (k < nextFigureStart && tokens[k] && c.relative.has(tokens[k].norm)) end = k + 1;
  const limit = Math.min(tokens.length, nextFigureStart);
  for (; end < limit; end++) {
    const t = tokens[end];
    // "... were killed when a Russian strike hit a market": what follows the verb without a comma is its clause.
    if (HARD_PUNCT.has(t.text) || CLAUSE_BREAK.has(t.text) || COMMAS.has(t.text) || c.complementizers.has(t.norm)) break;
  }
  return [start, Math.max(start, end)];
}
