// Article text in, claims out: every figure the article reports for one of
// the watch's measures, in the claim schema, with the sentence that states it.
// The headline is read as the article's first line (withHeadline), by the
// pipeline and by `claimwatch extract` alike.
//
// A figure is a number (or range, or "tens of thousands") that is not a date,
// an identifier, an ordinal or a duration. What it counts is the noun that
// follows it ("10,000 North Korean troops"), or for a bare figure the noun the
// clause is about ("the 11,000 sent in November"); loss words after it turn a
// count of soldiers into casualties ("4,000 of them were killed"). Qualifier,
// status and scope come from the words in the figure's own phrase; source,
// place and date from its sentence, else its neighbours. Whether it is the
// whole or a part, and whether its owner was read or inferred, come from its
// own clause (rules/tokens.ts, clauseOf).
//
// This file tells the story (sentences, figures, readings, claims); each step
// is a rule of its own in ./rules: figures.ts finds the figures, counted.ts
// reads what each counts (with losses.ts and parties.ts), qualifier.ts,
// status.ts, scope.ts, place.ts and dates.ts read the rest, flags.ts says
// how sure the reading is.
import * as chrono from 'chrono-node';
import { normalizeText } from '../article/text.js';
import { compileWatch } from './compile.js';
import { confidenceOf, sortFlags } from './confidence.js';
import { detectLanguage } from './language.js';
import { lexiconOf } from './lang/lexicon.js';
import { tokenizeLang } from './lang/morph.js';
import { splitSentencesLang } from './lang/sentences.js';
import { Attributor, type SourceRef } from './sources.js';
import type { Sentence, Token } from './text.js';
import type { Watch } from './watch.js';
import { readFigure } from './rules/counted.js';
import { chronoFor, findDates, toDate, type DateMention } from './rules/dates.js';
import { findFigures, hasNumberWord } from './rules/figures.js';
import { findUnitFigures } from './rules/units.js';
import { readingFlags } from './rules/flags.js';
import { locate } from './rules/place.js';
import { around } from './rules/qualifier.js';
import { markedWhole, markParts, partByClause, partByOwnWords } from './rules/scope.js';
import { ownerInClause } from './rules/parties.js';
import { clauseOf } from './rules/tokens.js';
import { statusOf } from './rules/status.js';
import type { Draft, ExtractedClaim } from './rules/types.js';

export type { ExtractedClaim, Qualifier, Scope, Status } from './rules/types.js';

export interface ExtractOptions {
  title?: string | null;
  /** The article's language when known (a page's lang attribute); detected otherwise. */
  lang?: string | null;
  /** When the article was published: dates without a year ("on Oct. 24") are read against it. */
  published?: string | Date | null;
}

export interface ExtractResult { lang: string; tagged: boolean; claims: ExtractedClaim[] }

export function extractClaims(body: string, watch: Watch, opts: ExtractOptions = {}): ExtractResult {
  const lang = detectLanguage(body, { title: opts.title, hint: opts.lang });
  // A language without a pack, or one the watch does not list, stays stored and marked not tagged.
  if (!lexiconOf(lang) || !watch.languages.includes(lang)) return { lang, tagged: false, claims: [] };
  const c = compileWatch(watch, lang);
  const attributor = new Attributor(watch, c);
  const pack = c.pack;
  const tokenize = (s: string, offset = 0): Token[] => tokenizeLang(s, pack, offset);
  // The whole article is read: its headline is a line of it, whether or not the stored text repeats it.
  const { text, lead, titled } = withHeadline(body, opts.title);
  const sentences = splitSentencesLang(text, pack);
  const tokensOf: Token[][] = sentences.map((s) => tokenize(s.text, s.start));
  // An article that never names the story's subject is not about the story: its figures are someone else's.
  if (c.subject.size > 0 && !tokensOf.some((t) => c.subject.findAll(t).length > 0) && !(opts.title && c.subject.findAll(tokenize(opts.title)).length > 0)) {
    return { lang, tagged: true, claims: [] };
  }
  let reference = toDate(opts.published);

  // Attribution of every sentence, so figures can borrow a neighbour's.
  // A line without a sentence's closing punctuation is a headline (a title, a bullet, a live-blog entry).
  const isHeadline = (s: Sentence) => !/[.!?。！？]["”’»)」』]?$/.test(s.text) && (sentences[s.index + 1]?.paragraph ?? -1) !== s.paragraph;
  const attributions = sentences.map((s, i) => isHeadline(s)
    ? { ...attributor.attribute(tokensOf[i], text, true), sources: attributor.headline(tokensOf[i], text) }
    : attributor.attribute(tokensOf[i], text));
  const headlineText = opts.title ?? (sentences[0] && sentences[0].paragraph === 0 && !/[.!?。！？]["”」』]?$/.test(sentences[0].text) ? sentences[0].text : null);
  const headlineSources = headlineText ? attributor.headline(tokenize(headlineText), headlineText) : [];

  // Pronouns and "the agency" point back to the last source named.
  let lastNamed: SourceRef[] = [];
  const resolved: SourceRef[][] = attributions.map((a) => {
    const named = a.sources.filter((s) => !s.outlet);
    if (named.length) lastNamed = named;
    if (a.pointsBack && !named.length && lastNamed.length) return [...lastNamed, ...a.sources.filter((s) => s.outlet)];
    return a.sources;
  });

  if (!reference) {
    // Without a publication date, a year-less date is read against the latest dated one in the text.
    // Only dates that write their year: "last week" is certain of its year only relative to today.
    const dated = (chronoFor[lang] ?? chrono.en.casual).parse(text.slice(0, 20_000)).filter((r) => r.start.isCertain('year') && /\b(?:19|20)\d\d\b/.test(r.text)).map((r) => r.start.date().getTime());
    if (dated.length) reference = new Date(Math.max(...dated));
  }

  const drafts: Draft[] = [];
  sentences.forEach((sentence, si) => {
    const tokens = tokensOf[si];
    if (!hasNumberWord(c, tokens, sentence)) return;
    const prevTokens = si > 0 && sentences[si - 1].paragraph === sentence.paragraph ? tokensOf[si - 1] : [];
    // A figure may count what the sentence before named ("... 12,000 troops. It says 1,500 have already been moved").
    if (c.relevant.findAll(tokens).length === 0 && c.relevant.findAll(prevTokens).length === 0) return;
    const { spans, dates } = findDates(c, sentence, tokens, reference);
    const counts = findFigures(sentence, tokens, c, spans);
    const figures = [...counts, ...findUnitFigures(sentence, tokens, c, spans, counts)].sort((x, y) => x.start - y.start);
    const figureEnds = new Set(figures.map((f) => f.tokEnd));
    let prev: Draft | null = null;
    let prevEnd = 0;
    figures.forEach((fig, fi) => {
      const nextTok = figures[fi + 1]?.tokStart ?? tokens.length;
      const r = readFigure(c, tokens, fig, nextTok, prevEnd, figureEnds, prevTokens);
      const prevFigureEnd = prevEnd;
      prevEnd = fig.tokEnd;
      if (!r) return;
      const m = watch.measures[r.measure];
      const a = around(c, tokens, fig, r);
      const st = statusOf(c, tokens, fig, r, a);
      let { status, fromCue } = st;
      // "500 officers and three generals": the second figure shares the first one's verb and setting.
      const coordinated = prev && c.coordination.matchEndingAt(tokens, a.phraseStart, 3) !== null && a.phraseStart - 3 <= prev.figStart + 12;
      if (coordinated && prev && !fromCue) {
        status = prev.status === 'additional' ? 'present' : prev.status;
        fromCue = prev.statusFromCue;
      }
      // "about 300 dead and 2,700 wounded": the qualifier covers both.
      let qualifier = a.qualifier;
      if (coordinated && prev && qualifier === 'exact' && prev.qualifier === 'approx' && prev.measure === r.measure) qualifier = 'approx';
      let subset = partByOwnWords(m, r, a);
      // A figure joined to a part is a part too: "including 1,000 in Kursk and 500 near Kharkiv".
      if (coordinated && prev?.subsetFromText && !Object.keys(m.parts ?? {}).length) subset = true;
      // What the figure's own clause says of it: one period, cause, place, event or batch makes it a part
      // (not more on top: "3,000 more last week" is added to the whole); a totality cue or a denial marks it whole.
      const clause = clauseOf(c, tokens, a.phraseStart, r.headEnd, prevFigureEnd, nextTok);
      const clausePart = status !== 'additional' && partByClause(c, tokens, clause, fig, r.measure) !== null;
      if (clausePart) subset = true;
      // "17 were killed and 32 wounded in a strike on a market": the part named after both is the first one's too.
      if (clausePart && coordinated && prev && prev.measure !== r.measure && prev.scope === 'total' && !prev.totalFromText && prev.status !== 'additional') {
        prev.scope = 'subset';
        prev.subsetFromText = true;
        prev.totalFromText = false;
        prev.flags = prev.flags.filter((f) => f !== 'marked_whole');
      }
      const whole = !subset && markedWhole(c, tokens, clause, fig, a);
      // Whose it is may be said before an earlier figure of the clause ("12,000 North Korean troops, including 500 officers").
      const ownerClause = clauseOf(c, tokens, a.phraseStart, r.headEnd, 0, tokens.length);
      const ownerRead = m.anyParty || c.subject.size === 0 || ownerInClause(c, tokens, ownerClause)
        || (!!coordinated && prev !== null && !prev.flags.includes('owner_inferred'));
      let per: string | null = null;
      let perPerson = false;
      let unit = m.unit;
      if (r.via === 'money') {
        unit = r.currency ?? m.unit;
        const to = Math.min(tokens.length, r.headEnd + 10);
        for (let i = r.headEnd; i < to; i++) {
          // "$82.50 a barrel": the measure's own units first, then rate periods ("a year").
          const unitWord = c.perUnits.get(r.measure)?.matchAt(tokens, i);
          if (unitWord && !per) per = unitWord.tag;
          const p = c.per.matchAt(tokens, i);
          if (p && !per) per = p.tag;
          // "per soldier", "for each North Korean soldier", "pro Soldat", "par soldat".
          const pp = c.perPerson.matchAt(tokens, i);
          if (pp && c.countNouns.findAll(tokens, i + pp.length, Math.min(tokens.length, i + pp.length + 4)).some((n) => !watch.measures[n.tag].anyParty)) perPerson = true;
        }
        // A sum paid to each one counted (the measure's `perHead` words: "salary") is a part of the whole.
        if (c.perHead.findAll(tokens).some((h) => h.tag === r.measure)) perPerson = true;
        if (perPerson) subset = true;
      }
      let low = fig.low;
      let high = fig.high;
      if (r.via === 'mass') {
        const f = Number((c.massUnits.matchAt(tokens, fig.tokEnd) ?? c.massUnits.matchAt(tokens, fig.tokEnd + 1))?.tag ?? 1);
        low *= f;
        high *= f;
      }
      // A count below the measure's minimum is about individuals ("two soldiers captured"), not the deployment.
      if (high < (m.minimum ?? 0)) return;
      // A count above the measure's plausible maximum is of something larger: the whole army, the whole war.
      const ceiling = c.ceilings[r.measure];
      if (ceiling !== undefined && low > ceiling) return;
      const a2 = attributions[si];
      let source = resolved[si];
      let sourceFrom: Draft['sourceFrom'] = 'sentence';
      // "following reports of up to 12,000": attributed to no one, so no neighbour's source either.
      if (!source.length && a2.unnamed) sourceFrom = 'none';
      else if (!source.length) {
        const para = (j: number) => sentences[j] && sentences[j].paragraph === sentence.paragraph;
        if (para(si - 1) && resolved[si - 1].length) [source, sourceFrom] = [resolved[si - 1], 'neighbour'];
        else if (para(si + 1) && resolved[si + 1].length) [source, sourceFrom] = [resolved[si + 1], 'neighbour'];
        else if (headlineSources.length) [source, sourceFrom] = [headlineSources, 'headline'];
        else sourceFrom = 'none';
      }
      const originator = source.find((s) => !s.outlet) ?? source[0];
      let location = locate(c, watch, tokens, fig, r, a2.spans);
      if (!location && coordinated && prev) location = prev.location;
      const figMid = (fig.start + fig.end) / 2;
      // A date in a relative clause ("the Kursk region, which Ukraine attacked in August") is not the figure's.
      const sameClause = (d: DateMention) => {
        const [x, y] = d.tokStart < fig.tokStart ? [d.tokEnd, fig.tokStart] : [fig.tokEnd, d.tokStart];
        // "X reported on Oct. 24 that 12,000 ...": a report's date heads the clause it introduces.
        const after = d.tokStart >= fig.tokEnd;
        return !tokens.slice(x, y).some((t) => c.relative.has(t.norm) || (after && c.complementizers.has(t.norm)));
      };
      const date = dates.filter((d) => !d.since && sameClause(d)).sort((x, y) => Math.abs((x.start + x.end) / 2 - figMid) - Math.abs((y.start + y.end) / 2 - figMid))[0];
      const flags = readingFlags({ fig, r, sourceFrom, statusCue: fromCue, statusTie: st.tie === true, whole, ownerRead });
      const draft: Draft = {
        measure: r.measure, low, high, unit, per,
        qualifier, status, scope: subset ? 'subset' : 'total',
        source: source.map((s) => s.name), sourceKey: originator?.key ?? null,
        location, asOf: date?.iso ?? null,
        evidence: { sentence: sentence.text, start: sentence.start, end: sentence.end },
        confidence: confidenceOf(flags), flags,
        sentenceIndex: si, paragraph: sentence.paragraph, figStart: fig.tokStart,
        subsetFromText: subset, totalFromText: a.totalCue || whole, statusFromCue: fromCue, sourceFrom,
      };
      prev = draft;
      if (!drafts.some((d) => d.sentenceIndex === si && d.measure === draft.measure && d.low === draft.low && d.high === draft.high)) drafts.push(draft);
    });
  });

  // Losses are the story's only in a paragraph about its people ("584 deaths" of plague are not).
  const aboutPeople = new Map<number, boolean>();
  for (const [i, s] of sentences.entries()) {
    const t = tokensOf[i];
    const named = c.subject.findAll(t).length > 0 || c.countNouns.findAll(t).some((m) => !watch.measures[m.tag].anyParty && !watch.measures[m.tag].lossesOf);
    aboutPeople.set(s.paragraph, (aboutPeople.get(s.paragraph) ?? false) || named);
  }
  for (let i = drafts.length - 1; i >= 0; i--) {
    if (watch.measures[drafts[i].measure].lossesOf && !aboutPeople.get(drafts[i].paragraph)) drafts.splice(i, 1);
  }
  markParts(drafts, watch);
  // A figure in the headline and the text is one report of it: the text's, which says more around it.
  const inHeadline = (d: Draft) => titled && d.paragraph === 0;
  const figureKey = (d: Draft) => `${d.measure}|${d.low}|${d.high}`;
  const inBody = new Set(drafts.filter((d) => !inHeadline(d)).map(figureKey));
  const read = drafts.filter((d) => !inHeadline(d) || !inBody.has(figureKey(d)));
  return {
    lang,
    tagged: true,
    claims: read.map((d) => {
      const { sentenceIndex: _s, paragraph: _p, figStart: _f, subsetFromText: _x, totalFromText: _t, statusFromCue: _c, sourceFrom: _sf, ...claim } = d;
      const flags = sortFlags(claim.flags);
      // Offsets point into the text as given; a headline it does not hold has the empty span at its start.
      const evidence = lead === 0 ? claim.evidence
        : inHeadline(d) ? { sentence: claim.evidence.sentence, start: 0, end: 0 }
          : { ...claim.evidence, start: claim.evidence.start - lead, end: claim.evidence.end - lead };
      return { ...claim, evidence, flags, confidence: confidenceOf(flags) };
    }),
  };
}

/**
 * The article as one text, its headline first: the stored text of a page
 * leaves out a headline it repeated (src/article drops it), a file or a gold
 * text may start with it. `lead` is how many characters were put before the
 * given text; `titled` says that the first line is the headline.
 */
export function withHeadline(body: string, title: string | null | undefined): { text: string; lead: number; titled: boolean } {
  const headline = title?.replace(/\s+/g, ' ').trim();
  if (!headline) return { text: body, lead: 0, titled: false };
  const firstLine = body.trimStart().split('\n', 1)[0] ?? '';
  if (normalizeText(firstLine) === normalizeText(headline)) return { text: body, lead: 0, titled: true };
  const prefix = `${headline}\n`;
  return { text: prefix + body, lead: prefix.length, titled: true };
}
