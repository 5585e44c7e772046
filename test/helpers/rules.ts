// The inputs of one extractor rule (src/claims/rules), built the way
// extractClaims builds them: the shipped watch compiled for a language, the
// text split into sentences and tokens, the last sentence's dates and
// figures, each figure's reading. A table test gives a sentence and checks
// one rule's decision on it. Text of two sentences gives the first as the
// sentence before (what a bare figure may refer back to).
import { fileURLToPath } from 'node:url';
import { Attributor } from '../../src/claims/sources.js';
import { compileWatch, type CompiledLang } from '../../src/claims/compile.js';
import { loadWatches, type Watch } from '../../src/claims/index.js';
import { tokenizeLang } from '../../src/claims/lang/morph.js';
import { splitSentencesLang } from '../../src/claims/lang/sentences.js';
import { readFigure } from '../../src/claims/rules/counted.js';
import { findDates, type DateMention } from '../../src/claims/rules/dates.js';
import { findFigures } from '../../src/claims/rules/figures.js';
import { around, type Around } from '../../src/claims/rules/qualifier.js';
import { clauseOf } from '../../src/claims/rules/tokens.js';
import type { Figure, Reading } from '../../src/claims/rules/types.js';
import type { Sentence, Token } from '../../src/claims/text.js';

export const watch: Watch = loadWatches()[0];

/** A watch of another shape, for rules a growing toll needs: civilians killed in a war (en, de, fr, es). */
export const tollWatch: Watch = loadWatches([fileURLToPath(new URL('../fixtures/watches/civilian-toll.yaml', import.meta.url))])[0];

/** The date a test's text is read against, as a publication date. */
export const PUBLISHED = new Date('2024-12-10T00:00:00Z');

export interface Parsed {
  c: CompiledLang;
  sentence: Sentence;
  tokens: Token[];
  /** The sentence before, in the same paragraph (or none). */
  prev: Token[];
  dates: DateMention[];
  dateSpans: [number, number][];
  figures: Figure[];
}

export function tokenizeFor(c: CompiledLang, text: string, offset = 0): Token[] {
  return tokenizeLang(text, c.pack, offset);
}

/** The last sentence of `text`, tokenized, with its dates and figures (with the shipped watch, or `w`). */
export function parse(lang: string, text: string, reference: Date | null = PUBLISHED, w: Watch = watch): Parsed {
  const c = compileWatch(w, lang);
  const sentences = splitSentencesLang(text, c.pack);
  const sentence = sentences[sentences.length - 1];
  const before = sentences[sentences.length - 2];
  const tokens = tokenizeFor(c, sentence.text, sentence.start);
  const prev = before && before.paragraph === sentence.paragraph ? tokenizeFor(c, before.text, before.start) : [];
  const { spans, dates } = findDates(c, sentence, tokens, reference);
  const figures = findFigures(sentence, tokens, c, spans);
  return { c, sentence, tokens, prev, dates, dateSpans: spans, figures };
}

export interface Read {
  fig: Figure;
  /** What the figure counts, or null. */
  r: Reading | null;
  /** The words around it, for a figure that counts something. */
  a: Around | null;
}

/** Every figure of the last sentence with its reading, as extractClaims reads them. */
export function readAll(p: Parsed): Read[] {
  const figureEnds = new Set(p.figures.map((f) => f.tokEnd));
  let prevEnd = 0;
  return p.figures.map((fig, i) => {
    const next = p.figures[i + 1]?.tokStart ?? p.tokens.length;
    const r = readFigure(p.c, p.tokens, fig, next, prevEnd, figureEnds, p.prev);
    prevEnd = fig.tokEnd;
    return { fig, r, a: r ? around(p.c, p.tokens, fig, r) : null };
  });
}

/** The first figure of the sentence that counts something the watch measures. */
export function firstReading(lang: string, text: string): Read & { p: Parsed; r: Reading; a: Around } {
  const p = parse(lang, text);
  const hit = readAll(p).find((x) => x.r !== null);
  if (!hit || !hit.r || !hit.a) throw new Error(`no figure counts anything in: ${text}`);
  return { ...hit, p, r: hit.r, a: hit.a };
}

/** The character spans of the sentence's attribution ("according to Seoul's spy agency"). */
export function sourceSpans(p: Parsed): [number, number][] {
  return new Attributor(watch, p.c).attribute(p.tokens, p.sentence.text).spans;
}

/** The count noun right after a figure (past its describing words), as a token span. */
export function headAfter(p: Parsed, fig: Figure): { at: number; end: number; measure: string } | null {
  for (let i = fig.tokEnd; i < Math.min(p.tokens.length, fig.tokEnd + 6); i++) {
    const m = p.c.countNouns.matchAt(p.tokens, i);
    if (m) return { at: i, end: i + m.length, measure: m.tag };
  }
  return null;
}

/**
 * The clause of the i-th figure, as extractClaims reads it: bounded by the figures beside it for
 * its scope's cues, or (`wide`) by the sentence's clauses alone, for its owner.
 */
export function clauseAt(p: Parsed, i: number, r: Reading, a: Around, wide = false): [number, number] {
  const prevEnd = wide || i === 0 ? 0 : p.figures[i - 1].tokEnd;
  const nextStart = wide ? p.tokens.length : p.figures[i + 1]?.tokStart ?? p.tokens.length;
  return clauseOf(p.c, p.tokens, a.phraseStart, r.headEnd, prevEnd, nextStart);
}
