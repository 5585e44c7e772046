// The dates in a sentence: their spans, so the numbers in them are never
// read as figures, and the ones with a month, as an ISO day a figure is "as
// of". chrono-node reads the languages it knows; a pack reads the others.
import * as chrono from 'chrono-node';
import type { CompiledLang } from '../compile.js';
import { readDates } from '../lang/dates.js';
import { languagePack, type LanguagePack } from '../lang/pack.js';
import type { Sentence, Token } from '../text.js';
import { tokenSpan } from './tokens.js';

export interface DateMention { start: number; end: number; tokStart: number; tokEnd: number; iso: string; since: boolean }

// Korean, Polish and Czech dates, which chrono-node does not read, are read by their pack (lang/dates.ts),
// and so are the dates chrono-node misses in the languages it reads.
export const chronoFor: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, de: chrono.de.casual, fr: chrono.fr.casual, es: chrono.es.casual,
  ru: chrono.ru.casual, uk: chrono.uk.casual, ja: chrono.ja.casual, zh: chrono.zh.casual, pt: chrono.pt.casual, it: chrono.it.casual,
};

const monthNames = new Map<string, RegExp>();
function monthRe(lang: string): RegExp {
  let re = monthNames.get(lang);
  if (!re) {
    // A pack's month names include the forms in a date (Russian "октября"); East Asian months are numbers ("10月").
    const names: string[] = [...(languagePack(lang)?.months ?? [])];
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2024, m, 15));
      for (const style of ['long', 'short'] as const) names.push(new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' }).format(d).replace(/\.$/, ''));
    }
    re = new RegExp(`(?:${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\s*[月월]`, 'iu');
    monthNames.set(lang, re);
  }
  return re;
}

function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function findDates(c: CompiledLang, sentence: Sentence, tokens: readonly Token[], reference: Date | null): { spans: [number, number][]; dates: DateMention[] } {
  if (!chronoFor[c.lang] && c.pack) {
    const spans: [number, number][] = [];
    const dates: DateMention[] = [];
    packDates(c, sentence, tokens, reference, spans, dates);
    return { spans, dates };
  }
  const { spans, dates } = chronoDates(c, sentence, tokens, reference);
  // chrono-node misses some of a language's dates (German "im Oktober 2024", "seit Oktober"): the pack reads them.
  if (c.pack) packDates(c, sentence, tokens, reference, spans, dates);
  return { spans, dates };
}

/** The pack's dates that no span in `spans` already covers, added to `spans` and `dates`. */
function packDates(c: CompiledLang, sentence: Sentence, tokens: readonly Token[], reference: Date | null, spans: [number, number][], dates: DateMention[]): void {
  const known = spans.slice();
  for (const d of readDates(sentence.text, c.pack!, reference, sentence.start)) {
    if (known.some(([a, b]) => d.start < b && a < d.end)) continue;
    spans.push([d.start, d.end]);
    if (!d.yearStated && !reference) continue;
    const [ta, tb] = tokenSpan(tokens, d.start, d.end);
    const since = [ta, ta - 1, ta - 2].some((k) => k > 0 && c.since.matchEndingAt(tokens, k, 3) !== null) || c.since.matchAt(tokens, tb) !== null;
    dates.push({ start: d.start, end: d.end, tokStart: ta, tokEnd: tb, iso: d.iso, since });
  }
}

function chronoDates(c: CompiledLang, sentence: Sentence, tokens: readonly Token[], reference: Date | null): { spans: [number, number][]; dates: DateMention[] } {
  const results = chronoFor[c.lang].parse(sentence.text, reference ?? new Date(), { forwardDate: false });
  const spans: [number, number][] = [];
  const dates: DateMention[] = [];
  for (const r of results) {
    const start = sentence.start + r.index;
    let end = start + r.text.length;
    // "on Oct. 27 or 28": the second day belongs to the date.
    const more = secondDayRe(c.pack).exec(sentence.text.slice(end - sentence.start));
    if (more) end += more[0].length;
    // "600 pétroliers", "del 21 por ciento": chrono takes a bare number before a letter for a time of
    // day ("6:00 p"); a time is written with its separator or its word ("10:30", "10 h", "10 pm", "Uhr").
    const bareTime = !r.start.isCertain('day') && !r.start.isCertain('month') && !r.start.isCertain('weekday')
      && !/\d\s*[:h.]\s*\d|\d\s*(?:[ap]\.?m\b|uhr\b|h\b|heures?\b|horas?\b|hours?\b)|\b(?:noon|midnight|mittag|midi|mediod[ií]a)\b/iu.test(r.text);
    if (!bareTime) spans.push([start, end]);
    if (!monthRe(c.lang).test(r.text) || !r.start.isCertain('month')) continue;
    let y = r.start.get('year')!;
    const m = r.start.get('month')!;
    const yearStated = r.start.isCertain('year');
    if (!yearStated) {
      if (!reference) continue;
      y = reference.getUTCFullYear();
      // A figure reported is about what has happened: a month after the report is last year's.
      if (Date.UTC(y, m - 1, 1) > reference.getTime()) y--;
    }
    const day = r.start.isCertain('day') ? r.start.get('day')! : new Date(Date.UTC(y, m, 0)).getUTCDate();
    const [ta, tb] = tokenSpan(tokens, start, end);
    const since = [ta, ta - 1, ta - 2].some((k) => k > 0 && c.since.matchEndingAt(tokens, k, 3) !== null);
    // A dateline ("SEOUL, Dec. 19 (Yonhap) --") dates the report, not the figure.
    if (ta <= 4 && /^\s*(?:\(|--|—|-\s)/.test(sentence.text.slice(end - sentence.start))) continue;
    dates.push({ start, end, tokStart: ta, tokEnd: tb, iso: isoDay(y, m, day), since });
  }
  return { spans, dates };
}

const secondDay = new WeakMap<LanguagePack, RegExp>();

/** "or 28", "bis 28", "ou 28": a range's, coordination's or disjunction's word, then a day. */
function secondDayRe(pack: LanguagePack): RegExp {
  let re = secondDay.get(pack);
  if (!re) {
    const g = pack.grammar;
    const joins = [...new Set([...pack.numbers.range.joins, ...g.coordination, ...g.disjunction])].filter((w) => !/\s/.test(w))
      .sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = joins.length ? new RegExp(`^\\s*(?:${joins.join('|')})\\s*\\d{1,2}\\b(?![.,]?\\d)`, 'iu') : /(?!)/;
    secondDay.set(pack, re);
  }
  return re;
}

/** A publication date as a Date, or null when absent or unreadable. */
export function toDate(v: string | Date | null | undefined): Date | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
