// Dates as a pack's locale writes them, for the languages chrono-node does
// not read (Korean, Polish, Czech): "2024년 10월 22일", "22 października
// 2024 r.", "22. října 2024", "10月22日". Month names come from Intl, in
// their standalone and in-a-date forms, so no table is written by hand.
// chrono-node reads en, de, fr, es, ru, uk, ja, zh, pt, it; the extractor
// keeps it for those (phase 2), and this reader is the fallback.
import { lower } from './numbers.js';
import type { LanguagePack } from './pack.js';

export interface DateMention {
  start: number;
  end: number;
  /** ISO date; a missing day is the month's last, a missing year the reference's (or the year before, for a later month). */
  iso: string;
  yearStated: boolean;
  dayStated: boolean;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled { re: RegExp; monthOf: Map<string, number>; eastAsian: boolean }
const compiled = new WeakMap<LanguagePack, Compiled>();

function compile(pack: LanguagePack): Compiled {
  const hit = compiled.get(pack);
  if (hit) return hit;
  const monthOf = new Map<string, number>();
  const longNames = new Set<string>();
  for (let m = 0; m < 12; m++) {
    const d = new Date(Date.UTC(2024, m, 22));
    for (const opts of [{ month: 'long' }, { day: 'numeric', month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'short' }] as const) {
      const name = new Intl.DateTimeFormat(pack.locale, { ...opts, timeZone: 'UTC' }).formatToParts(d).find((p) => p.type === 'month')?.value;
      if (!name || /\d/.test(name)) continue;
      monthOf.set(lower(name).replace(/\.$/, ''), m + 1);
      if (opts.month === 'long') longNames.add(lower(name));
    }
  }
  const eastAsian = pack.numbers.eastAsian;
  let re: RegExp;
  if (eastAsian) {
    // "2024년 10월 22일", "2024年10月22日", "10月22日", "2024年10月".
    re = /(?:(\d{4})\s*[년年]\s*)?(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日号])?/gu;
  } else {
    const names = [...monthOf.keys()].sort((a, b) => b.length - a.length).map(esc).join('|');
    const long = [...longNames].sort((a, b) => b.length - a.length).map(esc).join('|');
    // A month alone is a date only after a word that makes it one ("im Oktober", "seit Oktober"):
    // short names and some long ones are words too (Czech "pro", English "may").
    const preps = [...new Set([...pack.grammar.locative, ...pack.grammar.since])].sort((a, b) => b.length - a.length).map(esc).join('|');
    const bare = preps ? `|(?<=(?:^|[^\\p{L}])(?:${preps})[\\s\\u00a0]+)(${long})` : '';
    // "22 października 2024", "22. října 2024", "22 de outubro de 2024", "października 2024", "22.10.2024", "im Oktober".
    re = new RegExp(`(?<![\\d\\p{L}])(?:(\\d{1,2})\\.?[\\s\\u00a0]+(?:\\p{L}{1,2}[\\s\\u00a0]+)?(${names})\\.?(?:[\\s\\u00a0]+(?:\\p{L}{1,2}[\\s\\u00a0]+)?(\\d{4}))?|(${names})\\.?[\\s\\u00a0]+(?:\\p{L}{1,2}[\\s\\u00a0]+)?(\\d{4})|(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${bare})(?![\\d\\p{L}])`, 'giu');
  }
  const c = { re, monthOf, eastAsian };
  compiled.set(pack, c);
  return c;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The dates in `text`, read against `reference` (the publication date) when the year is not written. */
export function readDates(text: string, pack: LanguagePack, reference: Date | null = null, offset = 0): DateMention[] {
  const c = compile(pack);
  const out: DateMention[] = [];
  for (const m of text.matchAll(c.re)) {
    let y: number | null;
    let mo: number;
    let d: number | null;
    if (c.eastAsian) {
      [y, mo, d] = [m[1] ? Number(m[1]) : null, Number(m[2]), m[3] ? Number(m[3]) : null];
    } else if (m[2]) {
      [d, mo, y] = [Number(m[1]), c.monthOf.get(lower(m[2]).replace(/\.$/, ''))!, m[3] ? Number(m[3]) : null];
    } else if (m[4]) {
      [d, mo, y] = [null, c.monthOf.get(lower(m[4]).replace(/\.$/, ''))!, Number(m[5])];
    } else if (m[6]) {
      [d, mo, y] = [Number(m[6]), Number(m[7]), Number(m[8])];
    } else {
      [d, mo, y] = [null, c.monthOf.get(lower(m[9]))!, null];
    }
    if (!mo || mo > 12 || (d !== null && (d < 1 || d > 31))) continue;
    const yearStated = y !== null;
    if (y === null) {
      if (!reference) continue;
      y = reference.getUTCFullYear();
      // A figure reported is about what has happened: a month after the report is last year's.
      if (Date.UTC(y, mo - 1, 1) > reference.getTime()) y--;
    }
    const day = d ?? new Date(Date.UTC(y, mo, 0)).getUTCDate();
    out.push({ start: offset + m.index!, end: offset + m.index! + m[0].length, iso: `${pad(y, 4)}-${pad(mo)}-${pad(day)}`, yearStated, dayStated: d !== null });
  }
  return out;
}
