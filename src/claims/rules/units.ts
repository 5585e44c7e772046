// Figures with a unit of their own, which the count rules leave out: a share
// ("20.8 percent", "20,8 Prozent", "20,8 %") when the watch has a share
// measure, and a sum with decimals ("$82.50", "82,50 Dollar"), which no count
// has. Which measure a share or a sum belongs to is the watch's: the measure
// whose context words stand nearest the figure; whose share it is, the party
// named nearest it (the watch's subject, or another party's).
import type { CompiledLang } from '../compile.js';
import type { CueSet, Sentence, Token } from '../text.js';
import { currencySymbol } from './counted.js';
import { HARD_PUNCT, tokenSpan } from './tokens.js';
import type { Figure, Reading } from './types.js';

/** Digit group and decimal marks of the text's language: the pack's (CLDR's through Intl, and what writers type besides). */
function numberMarks(c: CompiledLang): { group: string[]; decimal: string[] } {
  return { group: c.pack.group, decimal: c.pack.decimal };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Numbers written with digits, with their value: "20.8", "20,8", "1,234.5", "82.50". */
function digitNumbers(c: CompiledLang, text: string): { start: number; end: number; value: number; decimals: boolean }[] {
  const { group, decimal } = numberMarks(c);
  const g = group.map(esc).join('|');
  const d = decimal.map(esc).join('|');
  const re = new RegExp(`(?<![\\d.,])(\\d{1,3}(?:(?:${g})\\d{3})+|\\d+)(?:(${d})(\\d+))?(?!\\d)`, 'gu');
  const out: { start: number; end: number; value: number; decimals: boolean }[] = [];
  for (const m of text.matchAll(re)) {
    const whole = m[1].replace(new RegExp(g, 'g'), '');
    out.push({ start: m.index!, end: m.index! + m[0].length, value: Number(m[3] ? `${whole}.${m[3]}` : whole), decimals: m[3] !== undefined });
  }
  return out;
}

/**
 * Shares and sums with decimals in a sentence, not overlapping the figures
 * already found. A number before a magnitude ("$1.5 billion") is the count
 * rules' figure, not one of these.
 */
export function findUnitFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][], found: readonly Figure[]): Figure[] {
  if (c.shareWords.size === 0 && c.moneyContext.size === 0) return [];
  const out: Figure[] = [];
  for (const n of digitNumbers(c, sentence.text)) {
    const start = sentence.start + n.start;
    const end = sentence.start + n.end;
    if (dateSpans.some(([a, b]) => start >= a && end <= b + 1) || found.some((f) => start < f.end && end > f.start)) continue;
    const [a, b] = tokenSpan(tokens, start, end);
    if (c.numberWords.has(tokens[b]?.norm ?? '')) continue;
    const share = c.shareWords.matchAt(tokens, b);
    const sum = n.decimals && (currencySymbol(c, tokens, a) !== null || c.currencyWords.matchAt(tokens, b) !== null);
    if (!share && !sum) continue;
    out.push({
      low: n.value, high: n.value, vague: false, tokStart: a, tokEnd: b, start, end, text: sentence.text.slice(n.start, n.end),
      hasDigits: true, unusual: false, ...(share ? { share: share.length } : {}),
    });
  }
  return out;
}

/** The measure of `cues` whose word stands nearest the figure in its sentence; null when none is there. */
export function nearestMeasure(cues: CueSet, tokens: readonly Token[], fig: Figure): string | null {
  let best: { tag: string; d: number } | null = null;
  for (const m of cues.findAll(tokens)) {
    const d = m.end <= fig.tokStart ? fig.tokStart - m.end : Math.max(0, m.start - fig.tokEnd);
    if (!best || d < best.d) best = { tag: m.tag, d };
  }
  return best?.tag ?? null;
}

/**
 * Whose share or sum a figure is: the party named nearest it between the figures
 * before and after it ("the CDU won 28.5 percent and the AfD 20.8 percent"),
 * the one before it on a tie; when none is named there, the sentence's, if it
 * names the subject and no other party.
 */
export function ownedBySubject(c: CompiledLang, tokens: readonly Token[], fig: Figure, from: number, to: number): boolean {
  const parties = [...c.subject.findAll(tokens, from, to).map((m) => ({ ...m, subject: true })), ...c.otherParties.findAll(tokens, from, to).map((m) => ({ ...m, subject: false }))];
  let best: { subject: boolean; d: number } | null = null;
  for (const p of parties) {
    if (p.start < fig.tokEnd && p.end > fig.tokStart) continue;
    // A party after the figure is the share's only within its clause ("20.8 percent for the AfD").
    if (p.start >= fig.tokEnd && tokens.slice(fig.tokEnd, p.start).some((t) => HARD_PUNCT.has(t.text))) continue;
    const d = p.end <= fig.tokStart ? fig.tokStart - p.end : p.start - fig.tokEnd + 0.5;
    if (!best || d < best.d) best = { subject: p.subject, d };
  }
  if (best) return best.subject;
  return c.subject.findAll(tokens).length > 0 && c.otherParties.findAll(tokens).length === 0;
}

/** A share figure ("20.8 percent") of the watch's share measure named nearest it, when the share is the subject's. */
export function readShare(c: CompiledLang, tokens: readonly Token[], fig: Figure, prevFigureTok: number, nextFigureTok: number): Reading | null {
  const measure = nearestMeasure(c.shareContext, tokens, fig);
  if (!measure) return null;
  if (!c.measures[measure].anyParty && !ownedBySubject(c, tokens, fig, prevFigureTok, nextFigureTok)) return null;
  return { measure, headEnd: fig.tokEnd + (fig.share ?? 0), via: 'share', partitive: false, parts: new Set(), distance: 0 };
}
