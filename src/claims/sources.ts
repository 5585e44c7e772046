// Who a figure comes from: the originator first, then each outlet it came
// through. Known sources are found by their aliases (HUR, GUR and Budanov are
// one agency); anyone else by the way attribution is written ("according to
// Western officials", "South Korean lawmakers told reporters").
import type { CompiledLang } from './compile.js';
import { fold, type Token } from './text.js';
import type { Watch, WatchSource } from './watch.js';

export interface SourceRef { name: string; key: string | null; outlet: boolean }

export interface Attribution {
  sources: SourceRef[];
  /** Token spans of source names: places inside them ("Ukraine's Defence Intelligence") are not locations. */
  spans: [number, number][];
  /** The sentence attributes to a pronoun or a definite description ("she said", "the agency said"): the source named before. */
  pointsBack: boolean;
  /** The sentence attributes to no one in particular ("reports of", "reportedly", "statements"): it borrows no other source. */
  unnamed: boolean;
}

const CLAUSE_END = new Set([',', '.', ';', ':', '(', ')', '—', '–', '"', '“', '”', '«', '»', '?', '!']);
// Words that end a captured source name (the pack's grammar.nameEnd: "said", "dass", "que", auxiliaries of
// impersonal reports such as "wurde", "se"), the articles dropped from its ends (grammar.leading), and the
// labels a headline may start with that name no source (grammar.headlineLabels) are the language pack's.

function clean(tokens: readonly Token[], from: number, to: number, text: string, c: CompiledLang): string {
  while (from < to && c.leading.has(tokens[from].norm)) from++;
  while (to > from && (c.leading.has(tokens[to - 1].norm) || c.nameEnd.has(tokens[to - 1].norm))) to--;
  if (from >= to) return '';
  return text.slice(tokens[from].start, tokens[to - 1].end).replace(/\s+/g, ' ').trim();
}

function capitalised(t: Token): boolean {
  return /^\p{Lu}/u.test(t.text);
}

export class Attributor {
  private byKey = new Map<string, WatchSource>();

  constructor(watch: Watch, private c: CompiledLang) {
    for (const s of watch.sources) this.byKey.set(s.key, s);
  }

  known(key: string): SourceRef {
    const s = this.byKey.get(key)!;
    return { name: s.name, key: s.key, outlet: s.outlet };
  }

  /**
   * The sources a sentence names in attribution, and whether it points back to an earlier one.
   * A known name counts only when the sentence attributes something ("X said", "according to
   * X", "cited by X"): "the Kremlin denies the reports" names no source of a figure.
   */
  attribute(tokens: readonly Token[], text: string, anyMention = false): Attribution {
    const c = this.c;
    const spans: [number, number][] = [];
    const originators: SourceRef[] = [];
    const outlets: SourceRef[] = [];
    const add = (ref: SourceRef) => {
      const list = ref.outlet ? outlets : originators;
      if (!list.some((r) => (r.key && r.key === ref.key) || fold(r.name) === fold(ref.name))) list.push(ref);
    };
    const attributes = anyMention || tokens.some((_t, i) => c.attrIntro.matchAt(tokens, i) || c.attrVerbs.matchAt(tokens, i) || c.attrVia.matchAt(tokens, i))
      || /\(\s*\p{Lu}[\p{L}.\- ]*\)/u.test(text.slice(tokens[0]?.start ?? 0, tokens[tokens.length - 1]?.end ?? 0));
    for (const m of c.sources.findAll(tokens)) {
      spans.push([m.start, m.end]);
      if (attributes) add(this.known(m.tag));
    }
    const insideKnown = (i: number) => spans.some(([a, b]) => i >= a && i < b);
    let pointsBack = false;
    let unnamed = c.unnamedAttribution.findAll(tokens).length > 0;
    const raw: string[] = [];
    // After "according to" the words are a source whatever their case ("según funcionarios occidentales").
    const consider = (from: number, to: number, introduced = false) => {
      if (from >= to) return;
      for (let i = from; i < to; i++) if (insideKnown(i)) return;
      const words = tokens.slice(from, to);
      if (words.length === 1 && c.pronouns.has(words[0].norm)) {
        pointsBack = true;
        return;
      }
      const name = clean(tokens, from, to, text, c);
      if (!name) return;
      const toks = tokens.slice(from, to).filter((t) => !c.leading.has(t.norm));
      const head = toks[toks.length - 1];
      // "the agency", "the spy agency": the source named before, not a new one.
      if (head && c.anaphors.matchAt(tokens, tokens.indexOf(head)) && toks.length <= 3 && !toks.some(capitalised)) {
        pointsBack = true;
        return;
      }
      if (!this.isSourceName(toks)) {
        // "according to statements", "a person familiar said": someone unnamed (a time, "per month", is no one at all).
        if (toks.some((_t, k) => c.notSources.matchAt(toks, k) && !c.nonCount.matchAt(toks, k) && !c.calendar.has(toks[k].norm))) unnamed = true;
        return;
      }
      // "Singh" after "Sabrina Singh": a known source by part of its name.
      const known = this.byPartOfName(name);
      if (known) add(known);
      else raw.push(name);
    };

    for (let i = 0; i < tokens.length; i++) {
      const intro = c.attrIntro.matchAt(tokens, i);
      if (intro) {
        const from = i + intro.length;
        let to = from;
        // A figure or its qualifier ends the name: "nach Angaben aus Seoul gut 11.000 Soldaten".
        const ends = (k: number) => CLAUSE_END.has(tokens[k].text) || tokens[k].kind === 'digits' || (k > from && (c.nameEnd.has(tokens[k].norm) || c.attrVerbs.matchAt(tokens, k) !== null || c.qualBefore.matchAt(tokens, k) !== null));
        while (to < tokens.length && to - from < 8 && !ends(to)) to++;
        consider(from, to, true);
        continue;
      }
      const verb = c.attrVerbs.matchAt(tokens, i);
      // "reports of up to 12,000", "an estimated $2,000": a noun or an adjective, not a verb.
      const notVerb = c.partitive.has(tokens[i + (verb?.length ?? 0)]?.norm ?? '') || (i > 0 && c.leading.has(tokens[i - 1].norm));
      if (verb && !notVerb) {
        // "X said": the words back to the start of the clause.
        let from = i;
        while (from > 0 && i - from < 7 && !CLAUSE_END.has(tokens[from - 1].text) && !c.nameEnd.has(tokens[from - 1].norm)) from--;
        if (from < i) consider(from, i);
        // ", said X" at a clause's start: the words after it.
        else if (i > 0 && CLAUSE_END.has(tokens[i - 1].text)) {
          let to = i + verb.length;
          while (to < tokens.length && to - i < 8 && !CLAUSE_END.has(tokens[to].text) && !c.nameEnd.has(tokens[to].norm)) to++;
          consider(i + verb.length, to);
        }
        i += verb.length - 1;
      }
    }
    for (const name of raw) add({ name, key: null, outlet: false });
    return { sources: [...originators, ...outlets], spans, pointsBack, unnamed: unnamed && originators.length === 0 };
  }

  /**
   * Whether words found where an attribution's source goes name one: a name
   * ("Seoul", "Sabrina Singh", "Korea Institute for Defense Analyses") or who
   * someone is ("Western officials", "funcionarios occidentales"); never what
   * was said ("statements", "available information"), a time ("per month",
   * "September wurde"), a figure, a verb, or a nationality alone.
   */
  isSourceName(toks: readonly Token[]): boolean {
    const c = this.c;
    if (!toks.length || toks.length > 8 || !/^\p{L}/u.test(toks[0].text)) return false;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.kind === 'digits' || c.calendar.has(t.norm) || c.notSources.matchAt(toks, i) || c.attrVerbs.matchAt(toks, i)) return false;
    }
    if (c.agents.findAll(toks).length > 0) return true;
    // "South Korean", "U.S.": a nationality is no one in particular.
    const party = [...c.otherParties.findAll(toks), ...c.subject.findAll(toks)];
    if (toks.every((_t, i) => party.some((m) => i >= m.start && i < m.end) || toks[i].kind === 'punct')) return false;
    // A name: capitalised words, with the small words names have between them.
    return toks.some(capitalised) && toks.every((t) => capitalised(t) || t.kind === 'punct' || c.nameJoiners.has(t.norm) || c.leading.has(t.norm));
  }

  private byPartOfName(name: string): SourceRef | null {
    const words = fold(name).split(/\s+/);
    if (words.length > 2) return null;
    for (const s of this.byKey.values()) {
      for (const alias of s.aliases) {
        const a = fold(alias).split(/\s+/);
        // Only a person's name ("Sabrina Singh" → "Singh"): every word capitalised, two or three of them.
        const personName = a.length <= 3 && alias.split(/\s+/).every((x) => /^\p{Lu}/u.test(x));
        if (personName && a.length > words.length && a.slice(a.length - words.length).join(' ') === words.join(' ')) {
          return { name: s.name, key: s.key, outlet: s.outlet };
        }
      }
    }
    return null;
  }

  /** A headline's own attribution: "Budanov: First troops ...", "... in Kursk: lawmaker", "..., Seoul says". */
  headline(tokens: readonly Token[], text: string): SourceRef[] {
    const c = this.c;
    const colon = tokens.findIndex((t) => t.text === ':');
    const refs: SourceRef[] = [];
    const fromSpan = (a: number, b: number) => {
      if (b <= a || b - a > 6) return;
      const known = c.sources.findAll(tokens, a, b);
      if (known.length) for (const k of known) refs.push(this.known(k.tag));
      else {
        const name = clean(tokens, a, b, text, c);
        const words = tokens.slice(a, b).filter((t) => !c.leading.has(t.norm));
        if (name && this.isSourceName(words)) refs.push({ name, key: null, outlet: false });
      }
    };
    if (colon > 0 && colon <= 5 && !c.headlineLabels.has(fold(text.slice(tokens[0].start, tokens[colon - 1].end)))) fromSpan(0, colon);
    const lastColon = tokens.map((t) => t.text).lastIndexOf(':');
    if (lastColon > 5) fromSpan(lastColon + 1, tokens.length);
    const a = this.attribute(tokens, text);
    for (const s of a.sources) if (!refs.some((r) => r.name === s.name)) refs.push(s);
    return refs;
  }
}

/** The originator's id, through the watch's aliases: what makes two figures' sources independent. */
export function sourceKeyOf(watch: Watch, source: readonly string[]): string | null {
  const first = source.find((s) => s.trim() !== '');
  if (!first) return null;
  const f = ` ${fold(first).replace(/[^\p{L}\p{N}'.\-\s]/gu, ' ').replace(/\s+/g, ' ')} `;
  let best: { key: string; at: number; len: number } | null = null;
  for (const s of watch.sources) {
    for (const alias of [s.name, ...s.aliases]) {
      const a = ` ${fold(alias).replace(/[^\p{L}\p{N}'.\-\s]/gu, ' ').replace(/\s+/g, ' ').trim()} `;
      const at = f.indexOf(a);
      if (at >= 0 && (!best || at < best.at || (at === best.at && a.length > best.len))) best = { key: s.key, at, len: a.length };
    }
  }
  return best?.key ?? null;
}
