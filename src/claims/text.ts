// Sentences, tokens and word-list matching. Offsets always point into the
// article text as stored, so evidence can be shown in place.

export interface Sentence {
  start: number;
  end: number;
  text: string;
  /** Index of the paragraph (line) the sentence is in. */
  paragraph: number;
  index: number;
}

export type TokenKind = 'word' | 'digits' | 'punct';

export interface Token {
  text: string;
  /** Lower case, accents and typographic apostrophes folded: what word lists match against. */
  norm: string;
  /** `norm` without a possessive "'s", so "Russia's" also matches "russia". */
  base: string;
  start: number;
  end: number;
  kind: TokenKind;
}

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, '\'').toLowerCase();
}

// Acronyms with periods ("U.S.", "a.m."), initials ("N. Korea"), French elisions
// ("d'officiers" is two words), words with inner hyphens and apostrophes, digit
// runs, and any other single character.
const TOKEN_RE = /(?:\p{L}\.){2,}|\p{Lu}\.(?=\s+\p{Lu})|(?:[cdjlmnst]|qu)['’](?=\p{L})|\p{L}[\p{L}\p{M}]*(?:['’\-‐][\p{L}\p{M}]+)*|\d+|\S/giu;

export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const t = m[0];
    const norm = fold(t);
    const kind: TokenKind = /^\d/.test(t) ? 'digits' : /^\p{L}/u.test(t) ? 'word' : 'punct';
    out.push({ text: t, norm, base: norm.replace(/'s$/, ''), start: offset + m.index!, end: offset + m.index! + t.length, kind });
  }
  return out;
}

// ─── word lists ─────────────────────────────────────────────────────────────

interface Pattern { exact?: string; prefix?: string; suffix?: string }
export interface Cue { phrase: string; patterns: Pattern[]; tag: string }

function compilePhrase(phrase: string, tag: string): Cue | null {
  const patterns: Pattern[] = [];
  for (const part of phrase.trim().split(/\s+/)) {
    const lead = part.startsWith('*') && part.length > 1;
    const trail = part.endsWith('*') && part.length > 1;
    const core = part.slice(lead ? 1 : 0, trail ? -1 : undefined);
    const toks = tokenize(core).map((t) => t.norm);
    if (toks.length === 0) {
      patterns.push({ exact: fold(core) });
      continue;
    }
    toks.forEach((norm, i) => {
      if (lead && i === 0) patterns.push({ suffix: norm });
      else if (trail && i === toks.length - 1) patterns.push({ prefix: norm });
      else patterns.push({ exact: norm });
    });
  }
  return patterns.length ? { phrase, patterns, tag } : null;
}

function patternMatches(p: Pattern, t: Token): boolean {
  if (p.exact !== undefined) return t.norm === p.exact || t.base === p.exact;
  if (p.prefix !== undefined) return t.norm.startsWith(p.prefix);
  return t.norm.endsWith(p.suffix!) && t.kind === 'word';
}

/** A set of phrases, each with a tag, matched on tokens; the longest match at a position wins. */
export class CueSet {
  private byFirst = new Map<string, Cue[]>();
  private globFirst: Cue[] = [];
  readonly size: number;

  constructor(entries: Iterable<[tag: string, phrases: readonly string[]]>) {
    let n = 0;
    for (const [tag, phrases] of entries) {
      for (const phrase of phrases) {
        const cue = compilePhrase(phrase, tag);
        if (!cue) continue;
        n++;
        const first = cue.patterns[0];
        if (first.exact !== undefined) {
          const list = this.byFirst.get(first.exact) ?? [];
          list.push(cue);
          this.byFirst.set(first.exact, list);
        } else this.globFirst.push(cue);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.patterns.length - a.patterns.length);
    this.globFirst.sort((a, b) => b.patterns.length - a.patterns.length);
    this.size = n;
  }

  static of(phrases: readonly string[] | undefined, tag = ''): CueSet {
    return new CueSet([[tag, phrases ?? []]]);
  }

  /** The longest cue starting at token i: its tag and length in tokens. */
  matchAt(tokens: readonly Token[], i: number, limit = tokens.length): { tag: string; length: number; phrase: string } | null {
    const t = tokens[i];
    if (!t) return null;
    let best: Cue | null = null;
    const candidates = [...(this.byFirst.get(t.norm) ?? []), ...(t.base !== t.norm ? this.byFirst.get(t.base) ?? [] : []), ...this.globFirst];
    for (const cue of candidates) {
      if (best && cue.patterns.length <= best.patterns.length) continue;
      if (i + cue.patterns.length > limit) continue;
      if (cue.patterns.every((p, k) => patternMatches(p, tokens[i + k]))) best = cue;
    }
    return best ? { tag: best.tag, length: best.patterns.length, phrase: best.phrase } : null;
  }

  /** A cue ending exactly at token `end - 1`, if any: the longest. */
  matchEndingAt(tokens: readonly Token[], end: number, maxLen = 6): { tag: string; start: number; phrase: string } | null {
    for (let len = Math.min(maxLen, end); len >= 1; len--) {
      const m = this.matchAt(tokens, end - len, end);
      if (m && m.length === len) return { tag: m.tag, start: end - len, phrase: m.phrase };
    }
    return null;
  }

  /** Every match in tokens[from, to), left to right, not overlapping. */
  findAll(tokens: readonly Token[], from = 0, to = tokens.length): { tag: string; start: number; end: number; phrase: string }[] {
    const out: { tag: string; start: number; end: number; phrase: string }[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, tokens.length);) {
      const m = this.matchAt(tokens, i, to);
      if (m) {
        out.push({ tag: m.tag, start: i, end: i + m.length, phrase: m.phrase });
        i += m.length;
      } else i++;
    }
    return out;
  }
}

// ─── sentences ──────────────────────────────────────────────────────────────

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Sentences with offsets into `text`. Every line is a paragraph (articles
 * stored as text keep one paragraph per line; headlines and live-blog
 * timestamps stand on their own lines), and a period after a known
 * abbreviation ("U.S.", "Oct.") does not end a sentence.
 */
export function splitSentences(text: string, lang: string, abbreviations: readonly string[]): Sentence[] {
  let seg = segmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, seg);
  }
  const abbrev = new Set(abbreviations.map(fold));
  const out: Sentence[] = [];
  let paragraph = -1;
  const lineRe = /[^\n]+/g;
  for (const line of text.matchAll(lineRe)) {
    if (!line[0].trim()) continue;
    paragraph++;
    const base = line.index!;
    const pieces: { start: number; end: number }[] = [];
    for (const s of seg.segment(line[0])) {
      const lead = s.segment.length - s.segment.trimStart().length;
      const body = s.segment.trim();
      if (!body) continue;
      const start = base + s.index + lead;
      const piece = { start, end: start + body.length };
      const prev = pieces[pieces.length - 1];
      if (prev && endsWithAbbreviation(text.slice(prev.start, prev.end), abbrev)) prev.end = piece.end;
      else pieces.push(piece);
    }
    for (const p of pieces) {
      // ICU keeps "... Eastern Time. 8,000 troops were sent" together: a sentence may start with a figure.
      let from = p.start;
      for (const m of text.slice(p.start, p.end).matchAll(/[.!?]["”’)]?\s+(?=["“‘(]?\d)/g)) {
        const cut = p.start + m.index! + m[0].length;
        if (endsWithAbbreviation(text.slice(from, p.start + m.index! + 1), abbrev)) continue;
        const end = p.start + m.index! + m[0].trimEnd().length;
        out.push({ start: from, end, text: text.slice(from, end), paragraph, index: out.length });
        from = cut;
      }
      out.push({ start: from, end: p.end, text: text.slice(from, p.end), paragraph, index: out.length });
    }
  }
  return out;
}

function endsWithAbbreviation(sentence: string, abbrev: Set<string>): boolean {
  const m = /(?:^|[^\p{L}'’])([\p{L}.]+)\.\s*$/u.exec(sentence);
  if (!m) return false;
  const w = fold(m[1]).replace(/^\.+/, '');
  return abbrev.has(w) || /^\p{L}$/u.test(m[1]);
}
