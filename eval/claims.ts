// Scores the extractor against claims tagged by hand, as the claim schema
// says: a claim is matched on article, measure, low and high; optional gold
// claims count for neither side. Precision is over the distinct figures the
// extractor reports per article (the same figure repeated in a headline and a
// paragraph is one report), recall over the gold claims.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { extractClaims } from '../src/claims/extract.js';
import { sourceKeyOf } from '../src/claims/sources.js';
import type { Watch } from '../src/claims/watch.js';

const goldClaimSchema = z.object({
  measure: z.string(), low: z.number(), high: z.number(), unit: z.string(), per: z.string().nullable(),
  qualifier: z.string(), status: z.string(), scope: z.string(), source: z.array(z.string()),
  location: z.string().nullable(), asOf: z.string().nullable(), optional: z.boolean().default(false),
  evidence: z.object({ quote: z.string(), start: z.number(), end: z.number() }),
});
export const goldSetSchema = z.object({
  watch: z.string(),
  articles: z.array(z.object({
    file: z.string(), title: z.string().nullable().optional(), published: z.string().nullable().optional(),
    claims: z.array(goldClaimSchema),
  })),
});
export type GoldSet = z.infer<typeof goldSetSchema>;
export type GoldClaim = z.infer<typeof goldClaimSchema>;

export interface Miss { file: string; measure: string; low: number; high: number; quote: string }
export interface FalseClaim { file: string; measure: string; low: number; high: number; sentence: string }
/** found/gold: gold claims the extractor found; right/reported: distinct figures it reported that a gold claim has. */
export interface Score { found: number; gold: number; right: number; reported: number; precision: number; recall: number; f1: number }
export interface FieldAgreement { field: string; agree: number; of: number }

export interface EvalReport {
  gold: string;
  articles: number;
  overall: Score;
  perMeasure: Record<string, Score>;
  misses: Miss[];
  falseClaims: FalseClaim[];
  /** On matched claims: how often the other fields agree with the gold (informative; not part of the match). */
  fields: FieldAgreement[];
  untagged: string[];
  sentences: number;
}

/** What a claim is matched on, besides its article. */
export interface Figure { measure: string; low: number; high: number }

const key = (c: Figure) => `${c.measure}|${c.low}|${c.high}`;

/** Per measure: gold claims found of those tagged; distinct figures reported that are right, of those reported. */
export interface Counts { found: number; gold: number; right: number; reported: number }

function score(c: Counts): Score {
  const precision = c.reported === 0 ? 1 : c.right / c.reported;
  const recall = c.gold === 0 ? 1 : c.found / c.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/**
 * Matches one article's reported claims against its gold ones, adding to
 * `counts` (per measure). Every gold claim not marked optional counts toward
 * recall; each distinct reported figure counts once toward precision, right
 * when a required gold claim has it, and for neither when only an optional
 * one does. Shared by every claims score, so they all count alike.
 */
export function tallyArticle<G extends Figure & { optional?: boolean }, R extends Figure>(
  gold: readonly G[], reported: readonly R[], counts: Map<string, Counts>,
): { matched: { gold: G; found: R[] }[]; missed: G[]; wrong: R[] } {
  const bump = (measure: string, k: keyof Counts) => {
    const c = counts.get(measure) ?? { found: 0, gold: 0, right: 0, reported: 0 };
    c[k]++;
    counts.set(measure, c);
  };
  const extracted = new Map<string, R[]>();
  for (const c of reported) extracted.set(key(c), [...(extracted.get(key(c)) ?? []), c]);
  const required = gold.filter((c) => !c.optional);
  const requiredKeys = new Set(required.map(key));
  const goldKeys = new Set(gold.map(key));
  const matched: { gold: G; found: R[] }[] = [];
  const missed: G[] = [];
  for (const g of required) {
    bump(g.measure, 'gold');
    const found = extracted.get(key(g));
    if (!found) {
      missed.push(g);
      continue;
    }
    bump(g.measure, 'found');
    matched.push({ gold: g, found });
  }
  const wrong: R[] = [];
  for (const [k, list] of extracted) {
    const c = list[0];
    if (requiredKeys.has(k)) {
      bump(c.measure, 'reported');
      bump(c.measure, 'right');
    } else if (!goldKeys.has(k)) {
      bump(c.measure, 'reported');
      wrong.push(c);
    }
  }
  return { matched, missed, wrong };
}

/** The scores of the counts: overall, and per measure in name order. */
export function scoreCounts(counts: Map<string, Counts>): { overall: Score; perMeasure: Record<string, Score> } {
  const perMeasure: Record<string, Score> = {};
  const total: Counts = { found: 0, gold: 0, right: 0, reported: 0 };
  for (const [m, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    perMeasure[m] = score(c);
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return { overall: score(total), perMeasure };
}

export function readGoldSet(file: string): GoldSet {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read gold file ${file}: ${(err as Error).message}`);
  }
  const parsed = goldSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid gold file ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Where an article's text is: the texts folder, else the gold file's folder, else its `seeds` folder. */
export function resolveText(goldFile: string, file: string, textsDir?: string): string {
  const base = dirname(goldFile);
  const candidates = textsDir ? [join(textsDir, file)] : [join(base, file), join(base, 'seeds', file)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`article text ${file} not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** `langs`: score only the articles in these languages (to compare a language's figures before and after others are covered). */
export function evaluate(goldFile: string, watch: Watch, opts: { textsDir?: string; langs?: string[] } = {}): EvalReport {
  const gold = readGoldSet(goldFile);
  if (gold.watch !== watch.id) throw new Error(`gold file ${goldFile} is for watch ${gold.watch}, not ${watch.id}`);
  const counts = new Map<string, Counts>();
  const misses: Miss[] = [];
  const falseClaims: FalseClaim[] = [];
  const untagged: string[] = [];
  const fieldNames = ['qualifier', 'status', 'scope', 'location', 'sourceKey', 'asOf', 'unit', 'per'] as const;
  const agree = Object.fromEntries(fieldNames.map((f) => [f, { agree: 0, of: 0 }]));
  let sentences = 0;

  for (const article of gold.articles) {
    const text = readFileSync(resolveText(goldFile, article.file, opts.textsDir), 'utf8');
    const out = extractClaims(text, watch, { title: article.title ?? null, published: article.published ?? null });
    if (opts.langs && !opts.langs.includes(out.lang)) continue;
    sentences += text.split(/[.!?\n]+/).filter((s) => s.trim()).length;
    if (!out.tagged) untagged.push(`${article.file} (${out.lang})`);
    const { matched, missed, wrong } = tallyArticle(article.claims, out.claims, counts);
    for (const g of missed) misses.push({ file: article.file, measure: g.measure, low: g.low, high: g.high, quote: g.evidence.quote });
    for (const { gold: g, found } of matched) {
      const best = found.find((c) => c.evidence.start <= g.evidence.start && c.evidence.end >= g.evidence.end) ?? found[0];
      const expected: Record<(typeof fieldNames)[number], unknown> = {
        qualifier: g.qualifier, status: g.status, scope: g.scope, location: g.location,
        sourceKey: sourceKeyOf(watch, g.source), asOf: g.asOf, unit: g.unit, per: g.per,
      };
      for (const f of fieldNames) {
        agree[f].of++;
        if ((best[f] ?? null) === (expected[f] ?? null)) agree[f].agree++;
      }
    }
    for (const c of wrong) falseClaims.push({ file: article.file, measure: c.measure, low: c.low, high: c.high, sentence: c.evidence.sentence });
  }
  const { overall, perMeasure } = scoreCounts(counts);
  return {
    gold: goldFile, articles: gold.articles.length, overall, perMeasure, misses, falseClaims,
    fields: fieldNames.map((f) => ({ field: f, ...agree[f] })), untagged, sentences,
  };
}

const pct = (x: number) => x.toFixed(3);

export function formatReport(r: EvalReport): string {
  const lines: string[] = [];
  const row = (name: string, s: Score) => `${name.padEnd(18)} ${pct(s.precision)}     ${pct(s.recall)}  ${pct(s.f1)}   right ${s.right}/${s.reported}  found ${s.found}/${s.gold}`;
  lines.push(`gold: ${r.gold} (${r.articles} articles)`);
  lines.push(`${'measure'.padEnd(18)} precision recall F1`);
  lines.push(row('overall', r.overall));
  for (const [m, s] of Object.entries(r.perMeasure)) lines.push(row(m, s));
  lines.push('');
  lines.push(`fields on matched claims: ${r.fields.map((f) => `${f.field} ${f.of ? Math.round((100 * f.agree) / f.of) : 0}%`).join(', ')}`);
  if (r.untagged.length) lines.push(`not tagged (language not covered): ${r.untagged.join(', ')}`);
  lines.push('');
  lines.push(`misses (${r.misses.length}):`);
  for (const m of r.misses) lines.push(`  ${m.file}  ${m.measure} ${fmtRange(m.low, m.high)}  "${m.quote}"`);
  lines.push(`false claims (${r.falseClaims.length}):`);
  for (const f of r.falseClaims) lines.push(`  ${f.file}  ${f.measure} ${fmtRange(f.low, f.high)}  "${f.sentence.length > 160 ? `${f.sentence.slice(0, 157)}...` : f.sentence}"`);
  return lines.join('\n');
}

function fmtRange(low: number, high: number): string {
  const f = (n: number) => n.toLocaleString('en-US');
  return low === high ? f(low) : `${f(low)}–${f(high)}`;
}
