// Numbers as a language pack says they are written: digits with the locale's
// group and decimal marks (from Intl), magnitude words and abbreviations
// ("11 тыс.", "1,5 млн", "11 mil"), East Asian sections ("1만 1천", "1.1万",
// "一万多"), spelled-out numerals ("двенадцать тысяч", "dodicimila"), ranges
// ("от 10 до 12 тысяч", "1万～1万2千") and vague amounts ("несколько тысяч",
// "수천"). What is not a count (dates, years, ordinals, unit names, times,
// durations, shares) is recognised here, because it is known by the same
// language data, and reported with its reason by `scanNumbers`.
import { languagePack, type LanguagePack } from './pack.js';

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
   * decimal mark ("11,000" in Spanish), a scale the pack calls unusual ("12k").
   * The value is still read, but a figure read this way is held for review before it alerts.
   */
  unusual: NumberForm | null;
}

export type NumberForm = 'hyphenated_magnitude' | 'separator_against_language' | 'k_suffix';

export type NumberQualifier = 'approx' | 'up_to' | 'at_least';
export type RejectReason = 'date' | 'time' | 'ordinal' | 'identifier' | 'unit';

export interface LangNumber extends NumberMention {
  /** A point figure has low = high = value; a range or a vague amount its two ends (value = low). */
  low: number;
  high: number;
  kind: 'number' | 'range' | 'vague';
  /** What the number's own form says ("一万多", "1만여": more than). */
  qualifier: NumberQualifier | null;
  /** Four digits that may be a year ("2000"): the extractor keeps it only when a count noun follows. */
  maybeYear: boolean;
}

export interface ScannedNumber extends LangNumber {
  /** Why the number is no count, or null. */
  rejected: RejectReason | null;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
// Case, "ё" and the apostrophes Ukrainian writes three ways ("п'ять", "п’ять", "пʼять") folded.
export const lower = (s: string) => s.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/[’ʼ`´]/g, '\'');

/** A word list entry: exact, or a prefix with `word*`. */
interface WordTable<T> { exact: Map<string, T>; prefix: [string, T][] }

function table<T>(entries: [string, T][]): WordTable<T> {
  const exact = new Map<string, T>();
  const prefix: [string, T][] = [];
  for (const [k, v] of entries) {
    const w = lower(k);
    if (w.length > 1 && w.endsWith('*')) prefix.push([w.slice(0, -1), v]);
    else exact.set(w, v);
  }
  prefix.sort((a, b) => b[0].length - a[0].length);
  return { exact, prefix };
}

function lookup<T>(t: WordTable<T>, w: string): T | undefined {
  const hit = t.exact.get(w);
  if (hit !== undefined) return hit;
  for (const [p, v] of t.prefix) if (w.startsWith(p)) return v;
  return undefined;
}

interface Compiled {
  pack: LanguagePack;
  scan: RegExp;
  words: WordTable<number>;
  scales: WordTable<number>;
  bare: Set<string>;
  fractions: WordTable<number>;
  connectors: Set<string>;
  compoundParts: [string, number][];
  /** East Asian: one run of digits, numeral characters and scale characters. */
  runRe: RegExp | null;
  digitChars: Map<string, number>;
  charScales: Map<string, number>;
  suffixQualifiers: [string, NumberQualifier][];
  vague: { parts: string[]; low: number; high: number; raw: string }[];
  joins: Set<string>;
  openers: Map<string, Set<string>>;
  ordinalAfter: RegExp[];
  ordinalBefore: RegExp[];
  dateAfter: WordTable<true>;
  nonCount: WordTable<true>;
  nonCountPhrases: string[];
  counters: string[];
  monthAfter: RegExp;
  monthBefore: RegExp;
  nonCountBefore: Set<string>;
  unusualScales: Set<string>;
  /** Currency signs, longest first, and the scales glued to a sum after one ("$270m"). */
  symbols: string[];
  suffixes: Map<string, number>;
  /** Decimal marks that are no group mark: digits grouped in threes by one of them are thousands written against the language. */
  againstMarks: string[];
}

const compiledPacks = new WeakMap<LanguagePack, Compiled>();

function compile(pack: LanguagePack): Compiled {
  const hit = compiledPacks.get(pack);
  if (hit) return hit;
  const n = pack.numbers;
  const G = pack.group.map(esc).join('');
  const D = pack.decimal.map(esc).join('');
  // "1.200.000" in English, "11.000.000" anywhere: two or more groups by the decimal mark are thousands all the same.
  const against = pack.decimal.filter((d) => !pack.group.includes(d));
  const A = against.map(esc).join('');
  const digits = `\\d{1,3}(?:[${G}]\\d{3})+(?!\\d)(?:[${D}]\\d+)?${A ? `|\\d{1,3}(?:[${A}]\\d{3}){2,}(?!\\d|[${A}]\\d)` : ''}|\\d+(?:[${D}]\\d+)?`;
  // Numeric dates and clock times first: "22.10.2024" and "10:30" are never counts.
  const scan = new RegExp(`(?<date>\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}(?!\\d)|\\d{4}-\\d{2}-\\d{2})|(?<time>\\d{1,2}:\\d{2}(?!\\d))|(?<num>${digits})|(?<word>\\p{L}[\\p{L}\\p{M}'’]*)`, 'gu');
  const digitChars = new Map(Object.entries(n.digitChars));
  const charScales = new Map(Object.entries(n.scales).filter(([k]) => [...k].length === 1));
  let runRe: RegExp | null = null;
  if (n.eastAsian) {
    const chars = [...digitChars.keys(), ...charScales.keys()].map(esc).join('');
    // A run may carry group commas and a decimal point ("1,000万", "1.1万"); Korean puts a space between sections ("1만 1천").
    runRe = new RegExp(`[\\d${chars}](?:[\\d${chars}]|[${G}${D}](?=\\d))*`, 'gu');
  }
  const months = [...pack.months.map(esc), ...pack.monthsShort.map((m) => `${esc(m)}\\.`)].sort((a, b) => b.length - a.length).join('|');
  const compiled: Compiled = {
    pack,
    scan,
    words: table(Object.entries(n.words)),
    scales: table(Object.entries(n.scales)),
    bare: new Set(n.bareScales.map(lower)),
    fractions: table(Object.entries(n.fractions)),
    connectors: new Set(n.connectors.map(lower)),
    compoundParts: Object.entries({ ...n.words, ...n.scales, ...Object.fromEntries(n.compoundJoiners.map((j) => [j, 0])) }).filter(([k]) => !k.includes('*')).map(([k, v]) => [lower(k), v] as [string, number]).sort((a, b) => b[0].length - a[0].length),
    runRe,
    digitChars,
    charScales,
    suffixQualifiers: Object.entries(n.suffixQualifiers).sort((a, b) => b[0].length - a[0].length),
    vague: n.vague.map((v) => ({ parts: lower(v.words).split(/\s+/), low: v.low, high: v.high, raw: v.words })).sort((a, b) => b.parts.join(' ').length - a.parts.join(' ').length),
    joins: new Set(n.range.joins.map(lower)),
    openers: new Map(Object.entries(n.range.openers).map(([k, v]) => [lower(k), new Set(v.map(lower))])),
    ordinalAfter: n.ordinalAfter.map((r) => new RegExp(`^(?:${r})`, 'iu')),
    ordinalBefore: n.ordinalBefore.map((r) => new RegExp(`(?:${r})$`, 'iu')),
    dateAfter: table(n.dateAfter.map((w) => [w, true as const])),
    nonCount: table(n.nonCountAfter.filter((w) => !/\s/.test(w.trim())).map((w) => [w, true as const])),
    nonCountPhrases: n.nonCountAfter.filter((w) => /\s/.test(w.trim())).map(lower),
    counters: n.counters.map(lower).sort((a, b) => b.length - a.length),
    // "22 октября", "22. října", "22 de outubro": a day before a month name. "octobre 2024", "outubro de 2024": a year after one.
    monthAfter: months ? new RegExp(`^[\\s\\u00a0]*\\.?[\\s\\u00a0]*(?:\\p{L}{1,3}[\\s\\u00a0]+)?(?:${months})(?![\\p{L}])`, 'iu') : /(?!)/,
    monthBefore: months ? new RegExp(`(?<![\\p{L}])(?:${months})[\\s\\u00a0]*(?:\\p{L}{1,3}[\\s\\u00a0]+)?$`, 'iu') : /(?!)/,
    nonCountBefore: new Set(n.nonCountBefore.map(lower)),
    unusualScales: new Set(n.unusualScales.map(lower)),
    symbols: Object.keys(pack.money.symbols).sort((a, b) => b.length - a.length),
    suffixes: new Map(Object.entries(pack.money.suffixes).map(([k, v]) => [lower(k), v])),
    againstMarks: against,
  };
  compiledPacks.set(pack, compiled);
  return compiled;
}

// ─── reading ────────────────────────────────────────────────────────────────

interface Atom {
  start: number;
  end: number;
  value: number;
  scale: number;
  hasDigits: boolean;
  qualifier: NumberQualifier | null;
  /** Digits only, no group mark, decimal or scale: may be a year or a part of an identifier. */
  plain: boolean;
  rejected: RejectReason | null;
  unusual?: NumberForm | null;
}

function parseDigits(s: string, pack: LanguagePack, against: string[]): { value: number; decimal: boolean; against: boolean } {
  // "11,000" in Spanish, "2.700" or "1.200.000" in English: digits grouped in threes by the decimal mark.
  // A count has no decimals, so they are read as thousands (and the form is flagged); a scale after them
  // makes the mark a decimal after all ("1,5 millones", "1,500 Millionen"): the caller checks that.
  for (const d of against) {
    if (new RegExp(`^\\d{1,3}(?:${esc(d)}\\d{3})+$`).test(s)) return { value: Number(s.split(d).join('')), decimal: false, against: true };
  }
  let str = s;
  for (const g of pack.group) str = str.split(g).join(g === '.' || g === ',' ? '\u0000' : '');
  // A group mark that is also punctuation stays out of the way only between thousands groups.
  str = str.replace(/\u0000(?=\d{3}(?:\D|$))/g, '');
  let decimal = false;
  for (const d of pack.decimal) {
    if (str.includes(d)) {
      str = str.replace(d, '.');
      decimal = true;
    }
  }
  return { value: Number(str.replace(/\u0000/g, '')), decimal, against: false };
}

/** "dodicimila" → [12, 1000]: split a word into known numerals, longest first. */
function splitCompound(c: Compiled, w: string): number[] | null {
  if (w === '') return [];
  for (const [part, v] of c.compoundParts) {
    if (w.startsWith(part)) {
      const rest = splitCompound(c, w.slice(part.length));
      if (rest) return [v, ...rest];
    }
  }
  return null;
}

/** Adds up numerals and scales: [20, 5, 1000] → 25,000; [2, 100, 1000] → 200,000. */
function compose(values: number[], scaleOf: (v: number, i: number) => boolean): { value: number; scale: number } {
  let total = 0;
  let current = 0;
  let scale = 1;
  let lastScale = 0;
  values.forEach((v, i) => {
    if (scaleOf(v, i)) {
      // "mil milhões": a scale right after a smaller one multiplies it.
      if (current === 0 && lastScale > 0 && v > lastScale) total *= v;
      else total += (current || 1) * v;
      lastScale = v;
      current = 0;
      scale = Math.max(scale, v);
    } else if (v < 1 && current === 0 && lastScale > 0) {
      // "dos millones y medio", "deux millions et demi": half of the scale before.
      total += v * lastScale;
      lastScale = 0;
    } else {
      lastScale = 0;
      if (v === 100 && current > 0 && current < 10) current *= 100;
      else current += v;
    }
  });
  return { value: total + current, scale };
}

interface Word { kind: 'word'; start: number; end: number; w: string; dot: boolean }

/** Languages that space their words. */
function readSpaced(c: Compiled, text: string): Atom[] {
  const items: ({ kind: 'num'; start: number; end: number; value: number; decimal: boolean; grouped: boolean; raw: string; against: boolean } | Word | { kind: 'date' | 'time'; start: number; end: number })[] = [];
  for (const m of text.matchAll(c.scan)) {
    const g = m.groups!;
    const start = m.index!;
    const end = start + m[0].length;
    if (g.date) items.push({ kind: 'date', start, end });
    else if (g.time) items.push({ kind: 'time', start, end });
    else if (g.num) {
      const { value, decimal, against } = parseDigits(g.num, c.pack, c.againstMarks);
      items.push({ kind: 'num', start, end, value, decimal, grouped: /\D/.test(g.num) && !decimal, raw: g.num, against });
    } else items.push({ kind: 'word', start, end, w: lower(g.word), dot: text[end] === '.' });
  }
  const atoms: Atom[] = [];
  const gapOk = (a: { end: number }, b: { start: number }) => /^[\s\u00a0\u202f]*$/.test(text.slice(a.end, b.start));
  const scaleAt = (k: number): { value: number; end: number } | null => {
    const it = items[k];
    if (!it || it.kind !== 'word') return null;
    // "тыс.", "tys.", "mln.": the abbreviation's period belongs to it.
    if (it.dot) {
      const v = c.scales.exact.get(`${it.w}.`);
      if (v !== undefined) return { value: v, end: it.end + 1 };
    }
    const v = lookup(c.scales, it.w);
    return v === undefined ? null : { value: v, end: it.end };
  };
  const numeralOf = (k: number): number[] | null => {
    const it = items[k] as Word;
    const v = lookup(c.words, it.w) ?? lookup(c.fractions, it.w);
    if (v !== undefined) return [v];
    const s = scaleAt(k);
    if (s) return [s.value];
    if (c.pack.numbers.compound) {
      const parts = splitCompound(c, it.w);
      // A compound is a number only if it splits into two or more numerals ("tremila"); "mila" alone is a scale.
      if (parts && parts.length >= 2) return parts;
    }
    return null;
  };
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it.kind === 'date' || it.kind === 'time') {
      atoms.push({ start: it.start, end: it.end, value: 0, scale: 1, hasDigits: true, qualifier: null, plain: false, rejected: it.kind });
      continue;
    }
    if (it.kind === 'num') {
      // "1,2 million" in English, "1.2 Millionen" typed so in German: a decimal against the language before a magnitude.
      const frac = items[k + 1];
      const fracScale = frac?.kind === 'num' && /^\d{1,2}$/.test(frac.raw) && /^\d{1,3}$/.test(it.raw) && /^[,.]$/.test(text.slice(it.end, frac.start))
        && items[k + 2] && gapOk(frac, items[k + 2]) ? scaleAt(k + 2) : null;
      if (frac?.kind === 'num' && fracScale) {
        atoms.push({ start: it.start, end: fracScale.end, value: Number(`${it.raw}.${frac.raw}`) * fracScale.value, scale: fracScale.value, hasDigits: true, qualifier: null, plain: false, rejected: null, unusual: 'separator_against_language' });
        k += 2;
        continue;
      }
      let value = it.value;
      let end = it.end;
      let scale = 1;
      let unusual: NumberForm | null = it.against ? 'separator_against_language' : null;
      const next = items[k + 1];
      const gap = next ? text.slice(it.end, next.start) : '';
      // "11 тыс.", "1,5 млн", "11 mila", "11тыс.", "11-thousand": a magnitude right after the digits.
      if (next && (gapOk(it, next) || /^[-‐]$/.test(gap))) {
        const s = scaleAt(k + 1);
        if (s) {
          if (it.against) {
            // "1,5 millones", "1,500 Millionen": before a magnitude the mark is a decimal after all.
            value = Number(it.raw.replace(c.againstMarks.find((d) => it.raw.includes(d))!, '.'));
            unusual = null;
          }
          value *= s.value;
          scale = s.value;
          end = s.end;
          if (/^[-‐]$/.test(gap)) unusual = 'hyphenated_magnitude';
          else if (gap === '' && c.unusualScales.has((next as Word).w)) unusual = 'k_suffix';
          k++;
        }
      }
      // "$270m", "US$2bn": a scale only a sum takes, glued to it after a currency sign.
      if (scale === 1 && next && next.kind === 'word' && gap === '' && c.suffixes.has(next.w) && c.symbols.some((sym) => text.slice(0, it.start).trimEnd().endsWith(sym))) {
        scale = c.suffixes.get(next.w)!;
        value *= scale;
        end = next.end;
        k++;
      }
      atoms.push({ start: it.start, end, value, scale, hasDigits: true, qualifier: null, plain: scale === 1 && !it.decimal && !it.grouped && !it.against, rejected: null, unusual });
      continue;
    }
    // Spelled-out: a run of numerals, scales and connectors ("двадцать пять тысяч", "vinte e cinco mil").
    const first = numeralOf(k);
    if (!first) continue;
    const values: number[] = [...first];
    const scaleFlags: boolean[] = first.map((v) => v >= 1000);
    let last = k;
    let end = scaleAt(k)?.end ?? it.end;
    let onlyScales = scaleAt(k) !== null;
    let hyphenScale = false;
    let joined = false;
    for (let q = k + 1; q < items.length; q++) {
      const nx = items[q];
      // "twenty-five": a hyphen joins spelled numerals.
      const hyphen = text.slice(items[q - 1].end, nx.start) === '-';
      if (nx.kind !== 'word' || !(gapOk(items[q - 1], nx) || hyphen)) break;
      if (c.connectors.has(nx.w)) {
        // "two and a half million": connectors may follow one another.
        let z = q + 1;
        while (items[z]?.kind === 'word' && c.connectors.has((items[z] as Word).w) && gapOk(items[z - 1], items[z])) z++;
        const after = items[z];
        if (!after || after.kind !== 'word' || !gapOk(items[z - 1], after) || !numeralOf(z)) break;
        // "entre medio millón y un millón": a number as large as the one before is the next one, not a part.
        const nextScale = scaleAt(z + 1)?.value ?? scaleAt(z)?.value ?? 0;
        const soFar = Math.max(0, ...values.filter((_v, i) => scaleFlags[i]));
        if (soFar > 0 && nextScale >= soFar) break;
        joined = true;
        continue;
      }
      const vals = numeralOf(q);
      if (!vals) break;
      // "un demi-million", "eine halbe Million": "one" right before a fraction is its article.
      if (!joined && values.length === 1 && values[0] === 1 && vals.length === 1 && vals[0] < 1) values.pop(), scaleFlags.pop();
      joined = false;
      const s = scaleAt(q);
      if (!s) onlyScales = false;
      // "three-thousand": a hyphen before a magnitude is an unusual form.
      else if (hyphen) hyphenScale = true;
      values.push(...vals);
      scaleFlags.push(...vals.map((v) => v >= 1000));
      last = q;
      end = s?.end ?? nx.end;
    }
    // A lone scale word ("тысяч") counts only if the pack says it stands alone ("тысяча", "mil").
    if (onlyScales && last === k && !c.bare.has((it as Word).w) && !c.bare.has(`${(it as Word).w}.`)) continue;
    const { value, scale } = compose(values, (_v, i) => scaleFlags[i]);
    k = last;
    // "один", "uma", "jeden": the word for one is an article or a pronoun more often than a figure.
    if (value <= 1 && scale === 1) continue;
    atoms.push({ start: it.start, end, value, scale, hasDigits: false, qualifier: null, plain: false, rejected: null, unusual: hyphenScale ? 'hyphenated_magnitude' : null });
  }
  return joinMixed(text, atoms);
}

/**
 * One number written in parts, words and digits mixed: "dos millones 400 mil" (2,400,000),
 * "2 Millionen 300.000", "2 million 300,000", "3 mil 500". A whole number of a magnitude, then
 * with only a space between a smaller number that is at least a thousandth of it, add up; a
 * year ("1 million 2024") does not.
 */
function joinMixed(text: string, atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (const a of atoms) {
    const prev = out[out.length - 1];
    const joins = prev && !prev.rejected && !a.rejected && prev.scale >= 1000 && prev.value % prev.scale === 0
      && a.value < prev.scale && a.value >= prev.scale / 1000 && a.scale < prev.scale
      && !(a.plain && a.value >= 1000 && a.value <= 2100)
      && /^[ \u00a0\u202f]+$/.test(text.slice(prev.end, a.start));
    if (!joins) {
      out.push(a);
      continue;
    }
    out[out.length - 1] = {
      ...prev, end: a.end, value: prev.value + a.value, hasDigits: prev.hasDigits || a.hasDigits, plain: false,
      unusual: prev.unusual ?? a.unusual ?? null,
    };
  }
  return out;
}

const FULL_WIDTH = /[\uff10-\uff19\uff0c\uff0e\uff5e]/g;
/** Full-width digits and marks ("１万", "，") as ASCII, one character for one, so offsets hold. */
const halfWidth = (s: string) => s.replace(FULL_WIDTH, (ch) => ch === '\uff0c' ? ',' : ch === '\uff0e' ? '.' : ch === '\uff5e' ? '~' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/** Korean, Japanese, Chinese: digits and scale characters glue, sections add up under 万/만. */
function readEastAsian(c: Compiled, text: string): Atom[] {
  const atoms: Atom[] = [];
  for (const m of text.matchAll(/\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?!\d)/g)) {
    atoms.push({ start: m.index!, end: m.index! + m[0].length, value: 0, scale: 1, hasDigits: true, qualifier: null, plain: false, rejected: m[0].includes(':') ? 'time' : 'date' });
  }
  const inside = (i: number) => atoms.some((a) => i >= a.start && i < a.end);
  const runs: { start: number; end: number; value: number; scale: number; hasDigits: boolean; lastBig: number; plain: boolean }[] = [];
  for (const m of text.matchAll(c.runRe!)) {
    if (inside(m.index!)) continue;
    const parsed = parseRun(c, m[0]);
    if (!parsed) continue;
    const start = m.index!;
    const end = start + m[0].length;
    const onlyScale = [...m[0]].every((ch) => c.charScales.has(ch));
    if (onlyScale) {
      // "만 명": a bare scale alone before a counter; "만나다", "千葉" are words.
      if (m[0].length !== 1 || !c.bare.has(m[0])) continue;
      if (/\p{L}$/u.test(text.slice(0, start)) || !/^[\s\u00a0]*/.test(text.slice(end))) continue;
      const rest = text.slice(end).trimStart();
      if (!c.counters.some((k) => rest.startsWith(k))) continue;
    }
    // A run glued inside a word of letters ("만나", "一部"): only numerals that stand as numbers.
    if (!parsed.hasDigits && parsed.value <= 1) continue;
    const prev = runs[runs.length - 1];
    // "1만 1천", "1만 1000명": Korean spaces sections that still add up.
    if (prev && prev.lastBig > 1 && /^ $/.test(text.slice(prev.end, start)) && parsed.value < prev.lastBig) {
      prev.value += parsed.value;
      prev.end = end;
      prev.lastBig = parsed.lastBig > 1 ? parsed.lastBig : 0;
      continue;
    }
    runs.push({ start, end, ...parsed });
  }
  for (const r of runs) {
    let end = r.end;
    let qualifier: NumberQualifier | null = null;
    for (const [mark, q] of c.suffixQualifiers) {
      if (text.startsWith(mark, end)) {
        qualifier = q;
        end += mark.length;
        break;
      }
    }
    atoms.push({ start: r.start, end, value: r.value, scale: r.scale, hasDigits: r.hasDigits, qualifier, plain: r.plain, rejected: null });
  }
  return atoms.sort((a, b) => a.start - b.start);
}

function parseRun(c: Compiled, run: string): { value: number; scale: number; hasDigits: boolean; lastBig: number; plain: boolean } | null {
  let total = 0;
  let section = 0;
  let cur: number | null = null;
  let scale = 1;
  let lastBig = 0;
  let hasDigits = false;
  let charDigits = 0;
  const re = /(\d[\d,]*(?:\.\d+)?)|(.)/gsu;
  for (const m of run.matchAll(re)) {
    if (m[1]) {
      hasDigits = true;
      cur = Number(m[1].replace(/,/g, ''));
      continue;
    }
    const ch = m[2];
    const d = c.digitChars.get(ch);
    if (d !== undefined) {
      // "二〇二四": numeral characters in a row are positional digits (a year), not a sum.
      cur = cur !== null && charDigits > 0 ? cur * 10 + d : d;
      charDigits++;
      continue;
    }
    charDigits = 0;
    const s = c.charScales.get(ch);
    if (s === undefined) return null;
    if (s >= 10_000) {
      const v = section + (cur ?? 0);
      total += (v || 1) * s;
      section = 0;
      lastBig = s;
    } else section += (cur ?? 1) * s;
    cur = null;
    scale = Math.max(scale, s);
  }
  const plain = scale === 1 && hasDigits && /^\d+$/.test(run);
  // Only a run ending on 万/만 may take a spaced next section ("1만 1천").
  return { value: total + section + (cur ?? 0), scale, hasDigits, lastBig: section === 0 && cur === null ? lastBig : 0, plain };
}

// ─── vague amounts ─────────────────────────────────────────────────────────

function readVague(c: Compiled, text: string): (Atom & { high: number })[] {
  const out: (Atom & { high: number })[] = [];
  if (!c.vague.length) return out;
  const low = lower(text);
  if (c.pack.numbers.eastAsian) {
    // Text without spaces: the phrase anywhere, longest first, not inside a longer one.
    const taken: [number, number][] = [];
    for (const v of c.vague) {
      const phrase = v.parts.join(' ');
      for (let at = low.indexOf(phrase); at >= 0; at = low.indexOf(phrase, at + 1)) {
        const end = at + phrase.length;
        if (taken.some(([a, b]) => at < b && end > a)) continue;
        taken.push([at, end]);
        out.push({ start: at, end, value: v.low, high: v.high, scale: 1, hasDigits: false, qualifier: null, plain: false, rejected: null });
      }
    }
    return out;
  }
  const words = [...low.matchAll(/\p{L}[\p{L}\p{M}'’]*/gu)].map((m) => ({ w: m[0], start: m.index!, end: m.index! + m[0].length }));
  const fits = (pattern: string, w: string) => pattern.endsWith('*') && pattern.length > 1 ? w.startsWith(pattern.slice(0, -1)) : w === pattern;
  for (let i = 0; i < words.length; i++) {
    for (const v of c.vague) {
      if (i + v.parts.length > words.length) continue;
      let ok = true;
      for (let k = 0; k < v.parts.length && ok; k++) {
        ok = fits(v.parts[k], words[i + k].w) && (k === 0 || /^[\s\u00a0]+$/.test(text.slice(words[i + k - 1].end, words[i + k].start)));
      }
      if (!ok) continue;
      const end = words[i + v.parts.length - 1].end;
      out.push({ start: words[i].start, end, value: v.low, high: v.high, scale: 1, hasDigits: false, qualifier: null, plain: false, rejected: null });
      i += v.parts.length - 1;
      break;
    }
  }
  return out;
}

// ─── what is no count ──────────────────────────────────────────────────────

function judge(c: Compiled, text: string, a: { start: number; end: number; value: number; hasDigits: boolean; plain: boolean; scale: number }): RejectReason | null {
  const before = text.slice(Math.max(0, a.start - 24), a.start);
  const after = text.slice(a.end, a.end + 40);
  const afterWord = /^[\s\u00a0\u202f]*[-‐–]?[\s\u00a0\u202f]*([\p{L}%％][\p{L}\p{M}.]*|[%％])/u.exec(after);
  const glued = /^[\p{L}%％]/u.test(after);
  const eastAsian = c.pack.numbers.eastAsian;
  // A day before a month name ("22 октября", "22 de outubro"); after one, a day or a year ("October 22",
  // "octobre 2024"). Only what can be a day or a year: "10,000 in October" and "septembre que 11 000" stay counts.
  const dayOrYear = !a.hasDigits || (a.plain && (a.value <= 31 || (a.value >= 1900 && a.value <= 2099)));
  if (a.scale === 1 && dayOrYear && (c.monthAfter.test(after) || c.monthBefore.test(before))) return 'date';
  // "los días 28 y 29 de noviembre", "between 3 and 9 March", "am 3. und 9. März": the first of two days.
  const nextDay = /^[\s\u00a0]*\.?[\s\u00a0]*(?:\p{L}{1,3}|[-–])[\s\u00a0]*\d{1,2}(?!\d)/u.exec(after);
  if (a.scale === 1 && a.plain && a.value <= 31 && nextDay && c.monthAfter.test(after.slice(nextDay[0].length))) return 'date';
  if (c.ordinalAfter.some((r) => r.test(after))) return 'ordinal';
  if (c.ordinalBefore.some((r) => r.test(before))) return 'ordinal';
  // "day 300", "Tag 5", "page 2": a label's number.
  const wordBefore = /(\p{L}+)[\s\u00a0]+$/u.exec(before);
  if (wordBefore && c.nonCountBefore.has(lower(wordBefore[1]))) return 'identifier';
  // "Су-34", "KN-23", "F16": letters before the number name a thing.
  if (/\p{L}[-‐]?$/u.test(before) && !(eastAsian && /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(before))) return 'identifier';
  const word = afterWord ? lower(afterWord[1]).replace(/\.$/, '') : null;
  if (eastAsian) {
    const rest = lower(after.trimStart());
    const gluedRest = lower(after);
    if (c.counters.some((k) => gluedRest.startsWith(k))) return null;
    for (const src of [gluedRest, rest]) {
      for (const [w] of [...c.dateAfter.exact]) if (src.startsWith(w)) return 'date';
      for (const [w] of [...c.nonCount.exact]) if (src.startsWith(w)) return 'unit';
    }
    // "11군단", "35A": letters glued to digits make a name, unless a counter.
    if (glued && a.hasDigits && a.scale === 1 && !c.counters.some((k) => gluedRest.startsWith(k))) return 'identifier';
    return null;
  }
  if (word !== null) {
    const unit = lookup(c.nonCount, word) || (afterWord![1].endsWith('.') && lookup(c.nonCount, `${word}.`));
    // "2024 года" is a date, "3 года" a duration: the word is both, the number tells.
    if (lookup(c.dateAfter, word) || lookup(c.dateAfter, `${word}.`)) return unit && a.value < 1000 ? 'unit' : 'date';
    if (unit) return 'unit';
    if (unitPhraseEnd(c, text, a.end) !== null) return 'unit';
  }
  // "35A", "170mm": letters glued after digits.
  if (glued && a.hasDigits && a.scale === 1) return 'identifier';
  return null;
}

/** "15 per cento", "por cento": where a unit of more than one word after `end` ends, or null. */
function unitPhraseEnd(c: Compiled, text: string, end: number): number | null {
  const after = text.slice(end, end + 40);
  const lead = /^[\s\u00a0\u202f]*/.exec(after)![0].length;
  const rest = lower(after.slice(lead));
  const p = c.nonCountPhrases.find((x) => rest.startsWith(x) && !/^\p{L}/u.test(rest.slice(x.length)));
  return p === undefined ? null : end + lead + p.length;
}

// ─── the reader ────────────────────────────────────────────────────────────

function packOf(lang: string | LanguagePack): LanguagePack {
  if (typeof lang !== 'string') return lang;
  const p = languagePack(lang);
  if (!p) throw new Error(`no language pack for "${lang}"`);
  return p;
}

export interface ReadOptions {
  /** false: two numbers joined as a range are read apart ("from 3,000 to 10,000" is a change, not a range). */
  ranges?: boolean;
}

/** Every number in `text`, counts and non-counts, in order; offsets are shifted by `offset`. */
export function scanNumbers(text: string, lang: string | LanguagePack, offset = 0, opts: ReadOptions = {}): ScannedNumber[] {
  const c = compile(packOf(lang));
  const src = c.pack.numbers.eastAsian ? halfWidth(text) : text;
  const atoms = c.pack.numbers.eastAsian ? readEastAsian(c, src) : readSpaced(c, src);
  const vague = readVague(c, src);
  // Overlaps: the earlier start wins ("две тысячи" over the vague "тысячи"; "수천" over "천"), then the longer.
  type Cand = Atom & { high: number; kind: LangNumber['kind'] };
  const all: Cand[] = [...atoms.map((a) => ({ ...a, high: a.value, kind: 'number' as const })), ...vague.map((v) => ({ ...v, kind: 'vague' as const }))]
    .sort((x, y) => x.start - y.start || (y.end - y.start) - (x.end - x.start));
  const kept: Cand[] = [];
  for (const cand of all) {
    if (kept.some((k) => cand.start < k.end && cand.end > k.start)) continue;
    kept.push(cand);
  }
  for (const k of kept) if (k.kind === 'number' && !k.rejected) k.rejected = judge(c, src, k);
  // The words of a unit ("per cento") are not numbers of their own.
  for (let i = 0; i < kept.length; i++) {
    const unitEnd = kept[i].rejected === 'unit' ? unitPhraseEnd(c, src, kept[i].end) : null;
    if (unitEnd !== null) while (kept[i + 1] && kept[i + 1].start < unitEnd) kept.splice(i + 1, 1);
  }

  const out: ScannedNumber[] = [];
  for (let i = 0; i < kept.length; i++) {
    const a = kept[i];
    const b = kept[i + 1];
    let merged: ScannedNumber | null = null;
    if (opts.ranges !== false && b && a.kind === 'number' && b.kind === 'number' && !(a.rejected === 'date' || a.rejected === 'time') && b.rejected !== 'time') {
      const between = lower(src.slice(a.end, b.start).trim());
      const opener = openerBefore(c, src, a.start);
      const joined = c.joins.has(between) || (opener !== null && c.openers.get(opener)!.has(between));
      if (joined) {
        let low = a.value;
        const high = b.value;
        // "10–12 тысяч", "от 10 до 12 тыс.": the first end shares the second's magnitude.
        if (b.scale > 1 && a.scale === 1 && low * b.scale <= high * 1.0001) low *= b.scale;
        if (low < high && high <= low * 10) {
          merged = {
            start: a.start, end: b.end, value: low, low, high, text: text.slice(a.start, b.end), scale: b.scale,
            hasDigits: a.hasDigits || b.hasDigits, kind: 'range', qualifier: b.qualifier, maybeYear: false, unusual: b.unusual ?? a.unusual ?? null,
            // "22–23 октября": a range of days is a date.
            rejected: b.rejected ?? a.rejected,
          };
        }
      }
    }
    if (merged) {
      out.push(merged);
      i++;
      continue;
    }
    // "1950-53", "2022–2024": a span of years.
    if (b && isYear(a) && /^[-‐–—]$/.test(src.slice(a.end, b.start).trim()) && b.kind === 'number' && b.hasDigits && !b.rejected && (isYear(b) || /^\d\d$/.test(src.slice(b.start, b.end)))) {
      a.rejected = 'date';
      b.rejected = 'date';
    }
    const maybeYear = isYear(a);
    out.push({ start: a.start, end: a.end, value: a.value, low: a.value, high: a.high, text: text.slice(a.start, a.end), scale: a.scale, hasDigits: a.hasDigits, kind: a.kind, qualifier: a.qualifier, maybeYear, rejected: a.rejected, unusual: a.unusual ?? null });
  }
  return out.map((m) => ({ ...m, start: m.start + offset, end: m.end + offset }));
}

function isYear(a: { kind: string; plain: boolean; hasDigits: boolean; value: number }): boolean {
  return a.kind === 'number' && a.plain && a.hasDigits && Number.isInteger(a.value) && a.value >= 1900 && a.value <= 2099;
}

function openerBefore(c: Compiled, text: string, at: number): string | null {
  const m = /(\p{L}+)[\s\u00a0]+$/u.exec(text.slice(Math.max(0, at - 20), at));
  if (!m) return null;
  const w = lower(m[1]);
  return c.openers.has(w) ? w : null;
}

/** The counts in `text` (no dates, ordinals, identifiers, units), in order; offsets are shifted by `offset`. */
export function readNumbers(text: string, lang: string | LanguagePack, offset = 0, opts: ReadOptions = {}): LangNumber[] {
  return scanNumbers(text, lang, offset, opts).filter((n) => !n.rejected).map(({ rejected: _r, ...n }) => n);
}
