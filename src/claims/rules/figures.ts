// Which numbers in a sentence are figures. A figure is a number, a range
// ("25-30 thousand") or a vague amount ("tens of thousands") that is not a
// date, an identifier, an ordinal, a year, a time, a duration or a share:
// those are numbers, but nobody reports them as a count of anything.
import type { CompiledLang } from '../compile.js';
import { readNumbers } from '../lang/numbers.js';
import type { Sentence, Token } from '../text.js';
import { tokenSpan } from './tokens.js';
import type { Figure } from './types.js';

/**
 * The sentence's figures. The pack's number reader (lang/numbers.ts) has
 * merged ranges and vague amounts and rejected dates, times, ordinals,
 * identifiers and units; what is left here is what needs the sentence: the
 * date spans, a change ("from 3,000 to 10,000"), a year that counts nothing,
 * a decimal without a magnitude.
 */
export function findFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][]): Figure[] {
  const figures: Figure[] = [];
  const decimal = c.pack.decimal.map((d) => `\\${d}`).join('');
  for (const n of readNumbers(sentence.text, c.pack, sentence.start)) {
    if (dateSpans.some(([a, b]) => n.start >= a && n.end <= b + 1)) continue;
    if (n.high < 1 || (n.kind !== 'vague' && !Number.isInteger(n.low) && n.low < 100)) continue;
    // "Version 9.0", "1,5 Prozent": counts have no decimals, unless with a magnitude ("1.5 million"); digits grouped in threes
    // by the decimal mark were read as thousands ("2.700" in English) and are flagged so.
    if (n.kind === 'number' && n.scale === 1 && n.hasDigits && n.unusual !== 'separator_against_language' && new RegExp(`\\d[${decimal}]\\d+$`).test(n.text.trim())) continue;
    let [a, b] = tokenSpan(tokens, n.start, n.end);
    // "ещё от 25 до 30 тысяч": the range's opener is part of the figure, so the words before it are read as before any figure.
    if (n.kind === 'range' && a > 0 && tokens[a - 1].norm in c.pack.numbers.range.openers) a--;
    // A year, unless a count noun or a counter follows it ("2000 солдат", "2000명").
    if (n.maybeYear && !c.countNouns.matchAt(tokens, b) && !c.filler.matchAt(tokens, b)) continue;
    // "up from 3,000 to 10,000": a change, its two ends are figures of their own.
    if (n.kind === 'range' && a > 0 && c.changeFrom.has(tokens[a - 1].norm)) {
      for (const end of readNumbers(n.text, c.pack, n.start, { ranges: false })) {
        const [ea, eb] = tokenSpan(tokens, end.start, end.end);
        figures.push({ low: end.low, high: end.high, vague: false, tokStart: ea, tokEnd: eb, start: end.start, end: end.end, text: end.text, hasDigits: end.hasDigits, unusual: end.unusual !== null, ownQualifier: end.qualifier });
      }
      continue;
    }
    const start = tokens[a]?.start ?? n.start;
    // "Су-34", "KN-23": letters glued before the digits name a thing.
    if (c.pack.morphology.segmentation === 'spaces' && !c.pack.numbers.eastAsian && /\p{L}[-‐]?$/u.test(sentence.text.slice(Math.max(0, n.start - sentence.start - 2), n.start - sentence.start))) continue;
    figures.push({
      low: n.low, high: n.high, vague: n.kind === 'vague', tokStart: a, tokEnd: b, start, end: n.end, text: sentence.text.slice(start - sentence.start, n.end - sentence.start),
      hasDigits: n.hasDigits, unusual: n.unusual !== null, ownQualifier: n.qualifier,
    });
  }
  return figures;
}

/** Whether a sentence holds any number at all: most do not, and reading them is skipped. */
export function hasNumberWord(c: CompiledLang, tokens: readonly Token[], sentence: Sentence): boolean {
  return tokens.some((t) => t.kind === 'digits') || readNumbers(sentence.text, c.pack).length > 0;
}
