// The article's language, from the caller when it knows (a page's lang
// attribute), else from the text. A language the watch does not cover leaves
// the article untagged, so a doubtful guess must not land on a covered one.
import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';

// franc names individual languages (ISO 639-3); packs and watches use the
// macrolanguage's 639-1 code: Mandarin is Chinese.
const MACRO: Record<string, string> = { cmn: 'zh', zho: 'zh', yue: 'zh', wuu: 'zh', pes: 'fa', zlm: 'ms', ekk: 'et', lvs: 'lv', arb: 'ar' };

/** ISO 639-1 code ("en"), or the ISO 639-3 one for languages without one, or "und" when the text says too little. */
export function detectLanguage(text: string, opts: { title?: string | null; hint?: string | null } = {}): string {
  const hint = opts.hint?.trim().toLowerCase().split(/[-_]/)[0];
  if (hint && /^[a-z]{2,3}$/.test(hint) && hint !== 'und') return MACRO[hint] ?? iso6393To1[hint] ?? hint;
  // Letters only: figures and punctuation say nothing about the language, and page furniture is short.
  const sample = `${opts.title ?? ''}\n${text.slice(0, 6000)}`.replace(/[\d\p{P}\p{S}]+/gu, ' ');
  const code = franc(sample, { minLength: 20 });
  if (code === 'und') return 'und';
  return MACRO[code] ?? iso6393To1[code] ?? code;
}
