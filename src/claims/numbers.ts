// Numbers as people write them, found in a sentence with their offsets.
// English, French and Spanish go through @microsoft/recognizers-text-number
// ("10,000", "12k", "three", "270 million", "10 000", "doce mil"). Its German
// model reads "10.000" as ten and knows no German number words, so German
// digits and words are read here.
import { NumberRecognizer } from '@microsoft/recognizers-text-number';
import type { Lexicon } from './lang/lexicon.js';

export interface NumberMention {
  /** Offsets into the article text; `end` exclusive. */
  start: number;
  end: number;
  value: number;
  text: string;
  /** Written with a magnitude word ("30 thousand", "1.5 million"): the scale a range's bare first end shares. */
  scale: number;
  hasDigits: boolean;
  /**
   * Why the figure's written form is unusual, when it is: a hyphen before a
   * magnitude ("25-thousand"), a thousands separator that is the text's
   * decimal mark ("11,000" in Spanish), a "k" suffix. The value is still read,
   * but a figure read this way is held for review before it alerts.
   */
  unusual: NumberForm | null;
}

export type NumberForm = 'hyphenated_magnitude' | 'separator_against_language' | 'k_suffix';

type Model = ReturnType<NumberRecognizer['getNumberModel']>;
const models = new Map<string, Model>();

function model(culture: string): Model {
  let m = models.get(culture);
  if (!m) {
    m = new NumberRecognizer(culture).getNumberModel();
    models.set(culture, m);
  }
  return m;
}

// The recognizer splits "10 000" at a no-break space; the same-length copy keeps offsets.
const spaced = (s: string) => s.replace(/[\u00a0\u202f\u2009\u2007]/g, ' ');

// "25-thousand", "11-thousand", "three-thousand", "6-mil": a hyphen between a number and a
// magnitude word, which the recognizers read as two numbers ("25" and "thousand"). Built from
// the language's own number words, so a new language brings its own; "multi-million" is no figure.
const hyphenRes = new WeakMap<Lexicon, RegExp>();

function hyphenMagnitudeRe(lex: Lexicon): RegExp {
  let re = hyphenRes.get(lex);
  if (!re) {
    const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const magnitudes = lex.numberWords.filter((w) => SCALE_WORDS.some(([r]) => r.test(w)) || /^(?:hundred|cent|cien|hundert)$/i.test(w));
    const units = lex.numberWords.filter((w) => !magnitudes.includes(w));
    re = new RegExp(`(?<=\\d|\\b(?:${units.map(esc).join('|')}))[-‐–](?=(?:${magnitudes.map(esc).join('|')})\\b)`, 'giu');
    hyphenRes.set(lex, re);
  }
  return re;
}

/** The same-length text with hyphenated magnitudes unhyphenated; the hyphens' positions. */
export function unhyphenateMagnitudes(s: string, lex: Lexicon): { text: string; at: number[] } {
  const at: number[] = [];
  const text = s.replace(hyphenMagnitudeRe(lex), (_m, offset: number) => {
    at.push(offset);
    return ' ';
  });
  return { text, at };
}

const MAGNITUDE_AFTER = /^\s*(?:thousand|million|billion|trillion|bn|mn|m|k|mille|millions?|milliards?|mil|millones|millón|billones|tausend|millionen|milliarden?|mio|mrd)\b/iu;

/**
 * The same-length text with digit groups written with the decimal mark
 * ("11,000" in Spanish, "2.700" or "1.200.000" in English) rewritten with the
 * other mark, which the language's recognizer reads as thousands; and where.
 * A group followed by a magnitude word is a decimal after all ("1,5 millones").
 */
export function regroupThousands(s: string, decimal: '.' | ','): { text: string; at: number[] } {
  const at: number[] = [];
  const other = decimal === ',' ? '.' : ',';
  const re = decimal === ',' ? /(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,]*\d)/g : /(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]*\d)/g;
  const text = s.replace(re, (m: string, offset: number) => {
    if (MAGNITUDE_AFTER.test(s.slice(offset + m.length))) return m;
    at.push(offset);
    return m.split(decimal).join(other);
  });
  return { text, at };
}

/**
 * "11,000" in a Spanish text, "2.700" in an English one: digits grouped in
 * threes by the mark the text's language uses for decimals. A count of people
 * or things has no decimals, and a decimal figure without a magnitude word is
 * no count anyway (see isNonCount), so the groups are read as thousands.
 * Returns the value read as thousands, or null when the form is not this one.
 */
export function thousandsAgainstLanguage(digits: string, decimal: '.' | ','): number | null {
  const t = digits.trim();
  const re = decimal === ',' ? /^\d{1,3}(?:,\d{3})+$/ : /^\d{1,3}(?:\.\d{3})+$/;
  return re.test(t) ? Number(t.replace(/[.,]/g, '')) : null;
}

const SCALE_WORDS: [RegExp, number][] = [
  [/\b(?:trillions?|billionen|billones)\b/i, 1e12],
  [/\b(?:billions?|milliards?|milliarden?|mrd\.?|bn|mil millones)\b/i, 1e9],
  [/\b(?:millions?|millones|millón|millionen|mio\.?|mn|m)\b/i, 1e6],
  [/\b(?:thousands?|mille|mil|tausend|tsd\.?|k)\b/i, 1e3],
];

function scaleOf(text: string): number {
  if (!/\p{L}/u.test(text.replace(/^\d[\d.,\s]*/, ''))) return 1;
  const words = text.replace(/^[\d.,\s]+/, '');
  for (const [re, s] of SCALE_WORDS) if (re.test(words) || (s === 1e3 && /^\d+k$/i.test(text.trim()))) return s;
  return 1;
}

const ONE_WORDS = new Set(['one', 'a', 'an', 'un', 'une', 'uno', 'una', 'ein', 'eine', 'eins']);

function fromRecognizer(sentence: string, offset: number, culture: string, lex: Lexicon): NumberMention[] {
  const out: NumberMention[] = [];
  const unhyphenated = unhyphenateMagnitudes(spaced(sentence), lex);
  const hyphens = unhyphenated.at;
  const regrouped = regroupThousands(unhyphenated.text, lex.decimal);
  const input = regrouped.text;
  for (const r of model(culture).parse(input)) {
    let value = Number(r.resolution?.value);
    let start = r.start;
    // "25-30 thousand": the hyphen joins a range, it is no minus sign.
    if (value < 0 && sentence[start] === '-' && start > 0 && /[\d\s]/.test(sentence[start - 1])) {
      value = -value;
      start++;
    }
    const text = sentence.slice(start, r.end + 1);
    if (!Number.isFinite(value) || value <= 0) continue;
    const hasDigits = /\d/.test(text);
    if (!hasDigits && ONE_WORDS.has(text.trim().toLowerCase())) continue;
    const scale = scaleOf(input.slice(start, r.end + 1));
    let unusual: NumberForm | null = null;
    if (hyphens.some((h) => h >= start && h <= r.end)) unusual = 'hyphenated_magnitude';
    else if (/^\d+k$/i.test(text.trim())) unusual = 'k_suffix';
    else if (regrouped.at.some((g) => g >= start && g <= r.end)) unusual = 'separator_against_language';
    out.push({ start: offset + start, end: offset + r.end + 1, value, text, scale, hasDigits, unusual });
  }
  return out;
}

// ─── German ────────────────────────────────────────────────────────────────

const DE_UNITS: Record<string, number> = { ein: 1, eins: 1, eine: 1, zwei: 2, zwo: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9 };
const DE_TEENS: Record<string, number> = { zehn: 10, elf: 11, zwölf: 12, dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19 };
const DE_TENS: Record<string, number> = { zwanzig: 20, dreißig: 30, dreissig: 30, vierzig: 40, fünfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90 };

function deBelow100(w: string): number | null {
  if (w in DE_UNITS) return DE_UNITS[w];
  if (w in DE_TEENS) return DE_TEENS[w];
  if (w in DE_TENS) return DE_TENS[w];
  const m = /^(.+?)und(.+)$/.exec(w);
  if (m && m[1] in DE_UNITS && m[2] in DE_TENS) return DE_UNITS[m[1]] + DE_TENS[m[2]];
  return null;
}

function deBelow1000(w: string): number | null {
  if (w === '') return 0;
  const i = w.indexOf('hundert');
  if (i < 0) return deBelow100(w);
  const left = w.slice(0, i);
  const mult = left === '' ? 1 : DE_UNITS[left];
  if (!mult) return null;
  const rest = w.slice(i + 'hundert'.length);
  const r = rest === '' ? 0 : deBelow100(rest);
  return r === null ? null : mult * 100 + r;
}

/** "drei" → 3, "zwölftausend" → 12000, "einundzwanzig" → 21; null when the word is not a numeral. */
export function parseGermanNumberWord(word: string): number | null {
  const w = word.toLowerCase();
  const i = w.indexOf('tausend');
  if (i < 0) return deBelow1000(w);
  const left = w.slice(0, i);
  const mult = left === '' ? 1 : deBelow1000(left);
  if (!mult) return null;
  const rest = deBelow1000(w.slice(i + 'tausend'.length));
  return rest === null ? null : mult * 1000 + rest;
}

const DE_SCALE_AFTER = /^(?:\s*|[-‐–])(Billionen|Billion|Milliarden|Milliarde|Mrd\.?|Millionen|Million|Mio\.?|Tausend|Tsd\.?)(?![\p{L}])/iu;
const DE_SCALES: Record<string, number> = { billionen: 1e12, billion: 1e12, milliarden: 1e9, milliarde: 1e9, mrd: 1e9, millionen: 1e6, million: 1e6, mio: 1e6, tausend: 1e3, tsd: 1e3 };

function fromGerman(sentence: string, offset: number): NumberMention[] {
  const out: NumberMention[] = [];
  const s = spaced(sentence);
  const push = (start: number, end: number, value: number, hasDigits: boolean, unusual: NumberForm | null = null) => {
    let scale = 1;
    const m = DE_SCALE_AFTER.exec(s.slice(end));
    if (m) {
      scale = DE_SCALES[m[1].toLowerCase().replace(/\.$/, '')] ?? 1;
      if (/^[-‐–]/.test(m[0])) unusual = 'hyphenated_magnitude';
      else if (unusual === 'separator_against_language') {
        // "1,500 Millionen" is one and a half thousand million: the comma is a decimal mark after all.
        value = Number(sentence.slice(start, end).replace(',', '.'));
        unusual = null;
      }
      end += m[0].length;
    }
    if (value * scale > 0) out.push({ start: offset + start, end: offset + end, value: value * scale, text: sentence.slice(start, end), scale, hasDigits, unusual });
  };
  // "10.000", "10 000", "1,5", "3000": a period or space groups thousands, a comma marks decimals.
  const digits = /(?<![\d.,])(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?(?![\d])/g;
  for (const m of s.matchAll(digits)) {
    const whole = Number(m[1].replace(/[. ]/g, ''));
    const grouped = thousandsAgainstLanguage(m[0], ',');
    if (grouped !== null) push(m.index!, m.index! + m[0].length, grouped, true, 'separator_against_language');
    else push(m.index!, m.index! + m[0].length, m[2] ? Number(`${whole}.${m[2]}`) : whole, true);
  }
  for (const m of s.matchAll(/\p{L}+/gu)) {
    const v = parseGermanNumberWord(m[0]);
    if (v === null || v <= 1) continue;
    // "30 Tausend", "30-Tausend": the magnitude already belongs to the digits before it.
    if (out.some((o) => o.start - offset <= m.index! && o.end - offset >= m.index! + m[0].length)) continue;
    push(m.index!, m.index! + m[0].length, v, false);
  }
  return out.sort((a, b) => a.start - b.start);
}

// "$270m", "US$2bn": a suffix only money takes, which the recognizers miss.
const MONEY_SUFFIX = /(?:US\$|C\$|\$|€|£)\s?(\d+(?:[.,]\d+)?)\s?(bn|mn|m|b|k)\b/g;
const MONEY_SCALE: Record<string, number> = { bn: 1e9, b: 1e9, mn: 1e6, m: 1e6, k: 1e3 };

/** Every number in the sentence, in order. `offset` is where the sentence starts in the article. */
export function findNumbers(sentence: string, offset: number, lex: Lexicon): NumberMention[] {
  const found = lex.recognizerCulture ? fromRecognizer(sentence, offset, lex.recognizerCulture, lex) : fromGerman(sentence, offset);
  for (const m of sentence.matchAll(MONEY_SUFFIX)) {
    const numStart = m.index! + m[0].indexOf(m[1]);
    const start = offset + numStart;
    const end = offset + m.index! + m[0].length;
    const scale = MONEY_SCALE[m[2].toLowerCase()];
    const value = Number(m[1].replace(',', '.')) * scale;
    const kept = found.filter((f) => f.end <= start || f.start >= end);
    kept.push({ start, end, value, text: sentence.slice(numStart, m.index! + m[0].length), scale, hasDigits: true, unusual: null });
    found.length = 0;
    found.push(...kept.sort((a, b) => a.start - b.start));
  }
  return found;
}
