// Which numbers in a sentence are figures. A figure is a number, a range
// ("25-30 thousand") or a vague amount ("tens of thousands") that is not a
// date, an identifier, an ordinal, a year, a time, a duration or a share:
// those are numbers, but nobody reports them as a count of anything.
import type { CompiledLang } from '../compile.js';
import { readNumbers } from '../lang/numbers.js';
import { findNumbers, parseGermanNumberWord, type NumberMention } from '../numbers.js';
import type { Sentence, Token } from '../text.js';
import { HYPHENS, tokenSpan } from './tokens.js';
import type { Figure } from './types.js';

/** Numbers that are not counts: identifiers, ordinals, years, times, durations, shares, list markers. */
export function isNonCount(n: NumberMention, sentence: Sentence, tokens: readonly Token[], c: CompiledLang): boolean {
  const text = sentence.text;
  const s = n.start - sentence.start;
  const e = n.end - sentence.start;
  const before = text.slice(Math.max(0, s - 2), s);
  const after = text.slice(e, e + 12);
  if (n.value < 1 || (!Number.isInteger(n.value) && n.value < 100)) return true;
  // "Version 9.0", "1,5 Prozent": counts of people or bases have no decimals, unless with a magnitude ("1.5 million").
  // (Digits grouped in threes by the decimal mark were already read as thousands: see thousandsAgainstLanguage.)
  if (n.scale === 1 && n.hasDigits && !n.unusual) {
    if (new RegExp(`\\d\\${c.lex.decimal}\\d+$`).test(n.text.trim())) return true;
  }
  // "Su-34", "KN-23", "F16", "Q3": letters before the number name a thing.
  if (/\p{L}[-‐]$/u.test(before) || /\p{L}$/u.test(before.slice(-1))) return true;
  // "Hwasong-11B", "170mm", "35A", "76th": letters glued after it too, unless a magnitude ("$2bn").
  if (/^[-‐]\p{Lu}/u.test(after) || (n.hasDigits && /^\p{L}/u.test(after) && !/^(?:k|bn|mn|m)\b/i.test(after))) return true;
  if (n.hasDigits && c.lex.ordinalSuffix.test(after)) return true;
  // Times ("10:00") and numbered markers ("No. 5", "#5").
  if (/^[:h]\d/.test(after) || /[#№]\s*$/.test(before) || /\b(?:No|Nr|n°)\.?\s*$/i.test(text.slice(Math.max(0, s - 4), s))) return true;
  // A list item's number: "1. Zelensky: ...".
  if (s === 0 && /^[.)]\s/.test(after) && n.value < 100) return true;
  // Years, unless they count something ("2000 soldiers").
  const [a, b] = tokenSpan(tokens, n.start, n.end);
  if (/^(?:19|20)\d\d$/.test(n.text.trim()) && !(c.countNouns.matchAt(tokens, b))) return true;
  // "1950-53": the second half of a span of years.
  if (a >= 2 && HYPHENS.has(tokens[a - 1].text) && /^(?:19|20)\d\d$/.test(tokens[a - 2].text)) return true;
  // Durations, distances, shares, page furniture: "24 hours", "over 70 years", "Visited 2 times", "32-year-old".
  let k = b;
  while (k < tokens.length && HYPHENS.has(tokens[k].text)) k++;
  if (c.nonCount.matchAt(tokens, k)) return true;
  if (a > 0 && c.nonCount.matchAt(tokens, a - 1)?.length === 1 && /^(?:day|page|tag|jour|día|no|nr)$/.test(tokens[a - 1].norm)) return true;
  return false;
}

/**
 * A pack's figures: its reader has merged ranges and vague amounts and
 * rejected dates, times, ordinals, identifiers and units; what is left here
 * is what needs the sentence: the date spans, a change ("from 3,000 to
 * 10,000"), a year that counts nothing, a decimal without a magnitude.
 */
export function findPackFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][]): Figure[] {
  const figures: Figure[] = [];
  const decimal = c.pack!.decimal.map((d) => `\\${d}`).join('');
  for (const n of readNumbers(sentence.text, c.pack!, sentence.start)) {
    if (dateSpans.some(([a, b]) => n.start >= a && n.end <= b + 1)) continue;
    if (n.high < 1 || (n.kind !== 'vague' && !Number.isInteger(n.low) && n.low < 100)) continue;
    if (n.kind === 'number' && n.scale === 1 && n.hasDigits && new RegExp(`\\d[${decimal}]\\d+$`).test(n.text.trim()) && !Number.isInteger(n.value)) continue;
    let [a, b] = tokenSpan(tokens, n.start, n.end);
    // "ещё от 25 до 30 тысяч": the range's opener is part of the figure, so the words before it are read as before any figure.
    if (n.kind === 'range' && a > 0 && tokens[a - 1].norm in c.pack!.numbers.range.openers) a--;
    // A year, unless a count noun or a counter follows it ("2000 солдат", "2000명").
    if (n.maybeYear && !c.countNouns.matchAt(tokens, b) && !c.filler.matchAt(tokens, b)) continue;
    if (n.kind === 'range' && a > 0 && c.changeFrom.has(tokens[a - 1].norm)) continue;
    const start = tokens[a]?.start ?? n.start;
    // "Су-34", "KN-23": letters glued before the digits name a thing.
    if (c.pack!.morphology.segmentation === 'spaces' && !c.pack!.numbers.eastAsian && /\p{L}[-‐]?$/u.test(sentence.text.slice(Math.max(0, n.start - sentence.start - 2), n.start - sentence.start))) continue;
    figures.push({
      low: n.low, high: n.high, vague: n.kind === 'vague', tokStart: a, tokEnd: b, start, end: n.end, text: sentence.text.slice(start - sentence.start, n.end - sentence.start),
      hasDigits: n.hasDigits, unusual: false, ownQualifier: n.qualifier,
    });
  }
  return figures;
}

export function findFigures(sentence: Sentence, tokens: readonly Token[], c: CompiledLang, dateSpans: [number, number][]): Figure[] {
  if (c.pack) return findPackFigures(sentence, tokens, c, dateSpans);
  const numbers = findNumbers(sentence.text, sentence.start, c.lex)
    .filter((n) => !dateSpans.some(([a, b]) => n.start >= a && n.end <= b + 1))
    .filter((n) => !isNonCount(n, sentence, tokens, c));
  const vague = c.vague.findAll(tokens).map((m) => ({ ...m, pattern: c.lex.vague[Number(m.tag)] }));
  const figures: Figure[] = [];
  for (const v of vague) {
    const start = tokens[v.start].start;
    const end = tokens[v.end - 1].end;
    figures.push({ low: v.pattern.low, high: v.pattern.high, vague: true, tokStart: v.start, tokEnd: v.end, start, end, text: sentence.text.slice(start - sentence.start, end - sentence.start), hasDigits: false, unusual: false });
  }
  const plain = numbers.filter((n) => !figures.some((f) => n.start < f.end && n.end > f.start));
  for (let i = 0; i < plain.length; i++) {
    const n = plain[i];
    const [a, b] = tokenSpan(tokens, n.start, n.end);
    const fig: Figure = { low: n.value, high: n.value, vague: false, tokStart: a, tokEnd: b, start: n.start, end: n.end, text: n.text, hasDigits: n.hasDigits, unusual: n.unusual !== null };
    const next = plain[i + 1];
    if (next) {
      const [na, nb] = tokenSpan(tokens, next.start, next.end);
      const between = tokens.slice(b, na);
      const opensBetween = a > 0 && (c.betweenOpen.has(tokens[a - 1].norm) || (a > 1 && c.betweenOpen.has(tokens[a - 2].norm) && c.qualBefore.matchAt(tokens, a - 1)));
      const joined = between.length === 1 && (opensBetween ? c.betweenJoin.has(between[0].norm) || c.rangeJoin.has(between[0].norm) : c.rangeJoin.has(between[0].norm));
      const change = a > 0 && c.changeFrom.has(tokens[a - 1].norm);
      if (joined && !change) {
        let low = n.value;
        const high = next.value;
        // "25-30 thousand": the first end shares the second's magnitude.
        if (next.scale > 1 && n.scale === 1 && low * next.scale <= high * 1.0001) low *= next.scale;
        if (low < high && high <= low * 10) {
          fig.low = low;
          fig.high = high;
          fig.tokEnd = nb;
          fig.end = next.end;
          fig.text = sentence.text.slice(n.start - sentence.start, next.end - sentence.start);
          fig.unusual ||= next.unusual !== null;
          i++;
        }
      }
    }
    figures.push(fig);
  }
  return figures.sort((x, y) => x.start - y.start);
}

/** Whether a sentence holds any number at all: most do not, and reading them is skipped. */
export function hasNumberWord(c: CompiledLang, tokens: readonly Token[], sentence: Sentence): boolean {
  if (c.pack) return tokens.some((t) => t.kind === 'digits') || readNumbers(sentence.text, c.pack).length > 0;
  for (const t of tokens) {
    if (t.kind === 'digits') return true;
    if (c.numberWords.has(t.norm)) return true;
    if (c.lang === 'de' && t.kind === 'word' && ((parseGermanNumberWord(t.norm) ?? 0) > 1 || /tausend|hundert|dutzend/.test(t.norm))) return true;
  }
  return c.vague.findAll(tokens).length > 0;
}
