// Sentences by a language pack's rules: its abbreviations end no sentence
// ("тыс.", "gen."), and a day number's period before a month name is an
// ordinal, not a sentence end ("22. října", "am 22. Oktober"); ICU cuts there.
import { splitSentences, type Sentence } from '../text.js';
import { lower } from './numbers.js';
import type { LanguagePack } from './pack.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const monthStart = new WeakMap<LanguagePack, RegExp>();

function monthAtStart(pack: LanguagePack): RegExp {
  let re = monthStart.get(pack);
  if (!re) {
    const names = [...pack.months, ...pack.monthsShort].sort((a, b) => b.length - a.length).map(esc).join('|');
    re = names ? new RegExp(`^(?:${names})(?![\\p{L}])`, 'iu') : /(?!)/;
    monthStart.set(pack, re);
  }
  return re;
}

/** Sentences with offsets into `text`, split by the pack's rules. */
export function splitSentencesLang(text: string, pack: LanguagePack): Sentence[] {
  const pieces = splitSentences(text, pack.locale, pack.sentences.abbreviations);
  if (!pack.sentences.ordinalDates) return pieces;
  const months = monthAtStart(pack);
  const out: Sentence[] = [];
  for (const s of pieces) {
    const prev = out[out.length - 1];
    // "… am 22." + "Oktober …": the day's period, then the month, in one paragraph.
    if (prev && prev.paragraph === s.paragraph && /(?:^|[^\d])\d{1,2}\.$/.test(prev.text) && months.test(lower(s.text))) {
      prev.end = s.end;
      prev.text = text.slice(prev.start, prev.end);
      continue;
    }
    out.push({ ...s, index: out.length });
  }
  return out;
}
