// Whose people a figure counts. The watch's measures count the story's
// subject's people ("North Korean troops"); a figure of another party's
// soldiers ("three Russian soldiers"), of a joint or mixed force, of a clause
// whose subject is someone else ("Russia has massed 50,000 troops") or owned
// by someone ("Ukraine's 6,000 troops") is not the story's.
import type { CompiledLang } from '../compile.js';
import { lower } from '../lang/numbers.js';
import type { Token } from '../text.js';
import { HARD_PUNCT, QUOTES } from './tokens.js';

export function isOtherParty(c: CompiledLang, tokens: readonly Token[], from: number, to: number): boolean {
  let other = false;
  for (let i = from; i < to;) {
    const subj = c.subject.matchAt(tokens, i, to);
    // "60,000 Russian and North Korean troops": a joint force is no count of the subject's people.
    if (subj) return other && jointWith(c, tokens, from, to);
    const o = c.otherParties.matchAt(tokens, i, to);
    if (o) {
      // "11.000 soldati in Russia", "в Россию": a place after a locative word is where they are, not whose.
      if (!(i > 0 && c.locative.has(tokens[i - 1].norm))) other = true;
      i += o.length;
    } else i++;
  }
  return other;
}

/** The words between a figure and its noun join two parties ("Russian and North Korean", "nordkoreanische und russische"). */
export function jointWith(c: CompiledLang, tokens: readonly Token[], from: number, to: number): boolean {
  const subj = c.subject.findAll(tokens, from, to);
  const other = c.otherParties.findAll(tokens, from, to);
  return subj.some((s) => other.some((o) => {
    const [a, b] = o.end <= s.start ? [o.end, s.start] : [s.end, o.start];
    return b >= a && b - a <= 2 && c.coordination.findAll(tokens, a, b).length > 0;
  }));
}

/**
 * "around 60,000 troops, including North Korean units", "60,000 troops alongside North Korean
 * soldiers": a force the subject's people are only part of, or next to.
 */
export function mixedForce(c: CompiledLang, tokens: readonly Token[], figStart: number, headAt: number, headEnd: number): boolean {
  if (c.subject.findAll(tokens, Math.max(0, figStart - 2), headAt).length > 0) return false;
  let k = headEnd;
  if (tokens[k]?.text === ',' || tokens[k]?.text === '(') k++;
  const join = c.comitative.matchAt(tokens, k);
  if (!join) return false;
  return c.subject.findAll(tokens, k + join.length, Math.min(tokens.length, k + join.length + 3)).length > 0;
}

/**
 * "Russia has massed 50,000 troops", "Russland hat 900.000 Soldaten verloren": a clause whose
 * subject is another party counts that party's people, unless the story's subject is named in it.
 */
export function otherActorClause(c: CompiledLang, tokens: readonly Token[], figStart: number, headEnd: number): boolean {
  let start = figStart;
  const q = c.qualBefore.matchEndingAt(tokens, start);
  if (q) start = q.start;
  while (start > 0) {
    const t = tokens[start - 1];
    if (HARD_PUNCT.has(t.text) || QUOTES.has(t.text) || c.complementizers.has(t.norm) || c.attrVerbs.matchAt(tokens, start - 1)) break;
    start--;
  }
  for (;;) {
    // "..., while Russia has massed 50,000 troops": the clause's subject comes after its opener.
    const opener = c.clauseOpeners.matchAt(tokens, start, figStart) ?? c.coordination.matchAt(tokens, start, figStart);
    if (opener) start += opener.length;
    // "La Russia ha ammassato ...", "A Rússia concentrou ...": an article before the actor's name.
    else if (start < figStart && (c.determiners.has(tokens[start].norm) || c.leading.has(tokens[start].norm))) start++;
    else break;
  }
  if (!c.otherActors.matchAt(tokens, start, figStart)) return false;
  // "from North Korea" after the noun names the owner; "alongside North Korean soldiers" names others.
  const owners = c.subject.findAll(tokens, start, Math.min(tokens.length, headEnd + 4))
    .filter((m) => m.start < headEnd || c.comitative.matchEndingAt(tokens, m.start, 3) === null);
  return owners.length === 0;
}

/** "Ukraine's 6,000 troops", "its 500,000-strong armed forces": a figure owned by someone else or a whole army. */
export function possessedBy(c: CompiledLang, tokens: readonly Token[], figStart: number): boolean {
  let i = figStart - 1;
  while (i >= 0 && (QUOTES.has(tokens[i].text) || c.qualBefore.matchEndingAt(tokens, i + 1, 1))) i--;
  // "whose own 500,000 troops", "its own army".
  const g = c.pack.grammar;
  if (i > 0 && g.own.includes(tokens[i].norm)) i--;
  if (i < 0) return false;
  const t = tokens[i];
  if (c.possessives.has(t.norm)) return true;
  return c.otherParties.matchEndingAt(tokens, i + 1, 2) !== null && g.possessiveSuffixes.some((e) => t.norm.endsWith(e));
}

/**
 * "러시아군 3000명이 북한군과 함께", "俄军3000名士兵": where the language writes the counted noun
 * before the figure and a counter after it, another party's word right before the figure says whose
 * people they are, whatever noun follows. `end` is where that noun would end (past the qualifier).
 */
export function otherBeforeCounter(c: CompiledLang, tokens: readonly Token[], fig: { tokEnd: number }, end: number): boolean {
  const next = tokens[fig.tokEnd];
  if (!next || !c.pack.numbers.counters.some((k) => lower(next.text).startsWith(lower(k)))) return false;
  return end > 0 && c.otherParties.matchEndingAt(tokens, end, 3) !== null && c.subject.matchEndingAt(tokens, end, 3) === null;
}

/**
 * Whether the figure's owner was read in its own clause (issue 19): the story's subject as a modifier
 * of its noun ("North Korean troops", "soldiers from the North") or as the clause's subject
 * ("Pyongyang has sent 10,000 troops"). A figure whose owner was not read there was given to the
 * subject only because the article is about it: "owner_inferred".
 */
export function ownerInClause(c: CompiledLang, tokens: readonly Token[], clause: readonly [number, number]): boolean {
  return c.subject.findAll(tokens, clause[0], clause[1]).length > 0;
}
