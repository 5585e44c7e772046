// The dates in a sentence: their spans, so the numbers in them are never
// read as figures, and the ones with a month, as an ISO day a figure is "as
// of". chrono-node reads the languages it knows; a pack reads the others.
import * as chrono from 'chrono-node';
import type { CompiledLang } from '../compile.js';
import { readDates } from '../lang/dates.js';
import { languagePack } from '../lang/pack.js';
import type { Sentence, Token } from '../text.js';
import { tokenSpan } from './tokens.js';

export interface DateMention { start: number; end: number; tokStart: number; tokEnd: number; iso: string; since: boolean }

// Korean, Polish and Czech dates, which chrono-node does not read, are read by their pack (lang/dates.ts).
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
    for (const d of readDates(sentence.text, c.pack, reference, sentence.start)) {
      spans.push([d.start, d.end]);
      if (!d.yearStated && !reference) continue;
      const [ta, tb] = tokenSpan(tokens, d.start, d.end);
      const since = [ta, ta - 1, ta - 2].some((k) => k > 0 && c.since.matchEndingAt(tokens, k, 3) !== null) || c.since.matchAt(tokens, tb) !== null;
      dates.push({ start: d.start, end: d.end, tokStart: ta, tokEnd: tb, iso: d.iso, since });
    }
    return { spans, dates };
  }
  const results = chronoFor[c.lang].parse(sentence.text, reference ?? new Date(), { forwardDate: false });
  const spans: [number, number][] = [];
  const dates: DateMention[] = [];
  for (const r of results) {
    const start = sentence.start + r.index;
    let end = start + r.text.length;
    // "on Oct. 27 or 28": the second day belongs to the date.
    const more = /^\s*(?:or|and|to|-|–|bis|oder|und|et|ou|à|y|o|a)\s*\d{1,2}\b(?![.,]?\d)/.exec(sentence.text.slice(end - sentence.start));
    if (more) end += more[0].length;
    spans.push([start, end]);
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

/** A publication date as a Date, or null when absent or unreadable. */
export function toDate(v: string | Date | null | undefined): Date | null {
  if (!v) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
