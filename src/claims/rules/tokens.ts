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
  return c.pack ? c.pack.grammar.adjectiveAfterNoun : c.lang !== 'en' && c.lang !== 'de';
}
