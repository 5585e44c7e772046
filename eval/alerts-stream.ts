// The alert-stream evaluations (issues 12 and 19): streams of articles, each
// with the alert an operator should get, replayed through the pipeline's own
// steps (read and duplicate check as the process job does it, then the
// analyze job) on a fresh store, and scored. The seed story's set is replayed
// after the seeds, as the service stores them; a set with a watch of its own
// (another story) is replayed with that watch alone and no seeds. Scoring is a
// plain function of what was expected and what the store ended up holding, so
// it is tested without a store.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { asc, inArray } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { packHtml } from '../src/article/index.js';
import { loadWatchFile } from '../src/claims/watch.js';
import { makeConfig } from '../src/config.js';
import { latestConsensus } from '../src/consensus/store.js';
import type { Context } from '../src/context.js';
import { analyzeArticle } from '../src/jobs/analyze-article.js';
import { readArticle } from '../src/jobs/read-article.js';
import { createLogger } from '../src/log.js';
import { shippedDataDir } from '../src/paths.js';
import { createQueues, type ProcessJob } from '../src/queues.js';
import { seedCorpus } from '../src/seed/index.js';
import { openStore, type Db } from '../src/store/db.js';
import { createScratchDatabase } from '../src/store/scratch.js';
import { alerts, claims } from '../src/store/schema.js';
import { createTools, type Tools } from '../src/tools.js';
import { scoreCounts, tallyArticle, type Counts, type Score as ClaimsScore } from './claims.js';

export const STREAM_DIR = join(shippedDataDir, 'alerts-eval', 'stream');
/** The sets `npm run eval:alerts` replays by default: the seed story's, and the civilian toll's (issue 19) with its own watch. */
export const DEFAULT_SETS = [join(shippedDataDir, 'alerts-eval'), join(shippedDataDir, 'alerts-eval2')];

// ─── the set ────────────────────────────────────────────────────────────────

const expectedEventSchema = z.strictObject({
  event: z.enum(['raise', 'corroborate', 'repeat']),
  measure: z.string().min(1),
  low: z.number().positive(),
  high: z.number().positive(),
  status: z.enum(['present', 'planned', 'additional']).optional(),
  qualifier: z.enum(['exact', 'approx', 'up_to', 'at_least', 'vague']).optional(),
  held_ok: z.boolean().optional(),
}).refine((e) => e.low <= e.high, 'low must not exceed high');

/** A claim a careful reader tags in the article, to score the extractor on the stream too. */
const taggedClaimSchema = z.strictObject({
  measure: z.string().min(1),
  low: z.number().positive(),
  high: z.number().positive(),
  qualifier: z.enum(['exact', 'approx', 'up_to', 'at_least', 'vague']),
  status: z.enum(['present', 'planned', 'additional']),
  scope: z.enum(['total', 'subset']),
  optional: z.boolean().optional(),
}).refine((c) => c.low <= c.high, 'low must not exceed high');

const articleSchema = z.strictObject({
  id: z.string().regex(/^[a-z]\d+$/),
  published: z.union([z.string(), z.date()]).transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) ctx.addIssue({ code: 'custom', message: `not a date-time: ${String(v)}` });
    return d;
  }),
  url: z.url({ protocol: /^https?$/ }),
  lang: z.enum(['en', 'de', 'fr', 'es']),
  kinds: z.array(z.string().min(1)).min(1),
  title: z.string().min(1),
  text: z.string().min(1),
  expect: z.array(expectedEventSchema),
  /** Optional: a set that tags its articles' claims is scored on them as well. */
  claims: z.array(taggedClaimSchema).optional(),
  why: z.string().min(1),
});

export type ExpectedEvent = z.infer<typeof expectedEventSchema>;
export type StreamArticle = z.infer<typeof articleSchema>;
export type TaggedClaim = z.infer<typeof taggedClaimSchema>;

/** The articles of every `*.yaml` file in `dir`, in file-name order; a bad entry names its file and article. */
export function readStream(dir = STREAM_DIR): StreamArticle[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no .yaml files in ${dir}`);
  const out: StreamArticle[] = [];
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const file of files) {
    const raw: unknown = parseYaml(readFileSync(join(dir, file), 'utf8'));
    if (!Array.isArray(raw)) throw new Error(`${file}: expected a list of articles`);
    raw.forEach((entry, i) => {
      const parsed = articleSchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const id = (entry as { id?: unknown })?.id ?? `#${i + 1}`;
        throw new Error(`${file}: article ${String(id)}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      }
      const a = parsed.data;
      if (ids.has(a.id)) throw new Error(`${file}: article id ${a.id} appears twice`);
      if (urls.has(a.url)) throw new Error(`${file}: article ${a.id}: URL ${a.url} appears twice`);
      ids.add(a.id);
      urls.add(a.url);
      out.push(a);
    });
  }
  return out;
}

export interface StreamSet {
  /** The folder as given. */
  dir: string;
  articles: StreamArticle[];
  /** The set's own watch (`watch.yaml` beside its `stream/`): replayed with it alone, without the seed corpus. Null: the shipped watch after the seeds. */
  watchFile: string | null;
}

/**
 * A set folder: `stream/*.yaml`, with a `watch.yaml` beside it when the set is
 * about a story of its own; or a folder of stream files itself (its parent's
 * `watch.yaml` then applies when the folder is a set's `stream/`). Every
 * expectation and tagged claim must name a measure of the set's watch.
 */
export function readSet(dir: string): StreamSet {
  const nested = join(dir, 'stream');
  const isSet = existsSync(nested) && statSync(nested).isDirectory();
  const streamDir = isSet ? nested : dir;
  const candidate = isSet ? join(dir, 'watch.yaml') : basename(dir) === 'stream' ? join(dirname(dir), 'watch.yaml') : null;
  const watchFile = candidate && existsSync(candidate) ? candidate : null;
  const articles = readStream(streamDir);
  const watch = watchFile ? loadWatchFile(watchFile) : null;
  if (watch) {
    const measures = Object.keys(watch.measures);
    for (const a of articles) {
      for (const m of [...a.expect, ...(a.claims ?? [])].map((x) => x.measure)) {
        if (!measures.includes(m)) throw new Error(`${streamDir}: article ${a.id}: measure ${m} is not in the set's watch ${watchFile} (${measures.join(', ')})`);
      }
    }
  }
  return { dir, articles, watchFile };
}

// ─── arrival orders ─────────────────────────────────────────────────────────

export function publicationOrder(articles: readonly StreamArticle[]): StreamArticle[] {
  return [...articles].sort((a, b) => a.published.getTime() - b.published.getTime() || a.id.localeCompare(b.id));
}

/**
 * mulberry32: a small PRNG with a 32-bit seed. Math.random cannot be seeded,
 * and a run must be repeatable from its seed alone, so it is written here.
 */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled arrival order (Fisher–Yates on the publication order), the same for the same seed. */
export function shuffledOrder(articles: readonly StreamArticle[], seed: number): StreamArticle[] {
  const out = publicationOrder(articles);
  const random = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ─── what the store holds after a replay ────────────────────────────────────

export interface ObservedClaim {
  measure: string; low: number; high: number; qualifier: string; status: string; scope: string;
  source: string[]; evidence: string; confidence: number;
}

export interface ObservedAlert {
  id: number;
  measure: string; low: number; high: number; status: string; qualifier: string;
  /** The stream article that raised it; null for an alert that existed before the stream (the seeds'). */
  article: string | null;
  source: string[];
  evidence: string;
  /** Held for review instead of posted. */
  held: boolean;
  /** Corroborations, by stream article (null: not a stream article). */
  corroborations: { article: string | null; source: string }[];
}

export interface Observation {
  alerts: ObservedAlert[];
  /** Each stream article's claims, by article id (none for a copy, which is not analysed). */
  claims: Map<string, ObservedClaim[]>;
  /** How each stream article was stored: `new`, `duplicate` (with the article it copies) or `unreadable`. */
  stored: Map<string, { status: string; duplicateOf: string | null }>;
  /** Each measure's consensus at the end of the stream. */
  consensus?: { measure: string; centre: number; bandLow: number; bandHigh: number; figures: number; sources: number; sourceList: string[] }[];
}

type AlertRow = typeof alerts.$inferSelect;

/**
 * The alerts as an operator sees them: those posted (raised, or confirmed by
 * an operator), and those held for review. Dismissed ones are neither.
 */
export async function alertOutcomes(db: Db): Promise<{ posted: AlertRow[]; held: AlertRow[] }> {
  const rows = await db.select().from(alerts).orderBy(asc(alerts.id));
  return {
    posted: rows.filter((r) => r.state === 'raised' || r.state === 'confirmed'),
    held: rows.filter((r) => r.state === 'held'),
  };
}

// ─── the replay ─────────────────────────────────────────────────────────────

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The article as its outlet's page: headline, date and paragraphs in an <article>, with site furniture around. */
export function articlePage(a: StreamArticle): string {
  const host = new URL(a.url).host;
  const paragraphs = a.text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return `<!doctype html>
<html lang="${a.lang}"><head><meta charset="utf-8"><title>${escapeHtml(a.title)} | ${escapeHtml(host)}</title>
<meta property="og:title" content="${escapeHtml(a.title)}">
<meta property="article:published_time" content="${a.published.toISOString()}">
<link rel="canonical" href="${escapeHtml(a.url)}"></head>
<body><header><a href="/">${escapeHtml(host)}</a> <nav><a href="/world">World</a> <a href="/asia">Asia</a></nav></header>
<main><article><h1>${escapeHtml(a.title)}</h1><time datetime="${a.published.toISOString()}">${a.published.toUTCString()}</time>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</article></main><footer>© ${escapeHtml(host)}</footer></body></html>`;
}

export interface ReplayResult {
  observation: Observation;
  /** Alerts already in the store after seeding, before the stream. */
  seedAlerts: number;
}

/**
 * Seeds the (fresh) store as the service does (unless `seed` is false: a set
 * with a watch of its own), then feeds it the articles in the given order,
 * each through the steps the workers run: the process job's read and
 * duplicate check, then, for a new article, the analyze job.
 */
export async function replay(ctx: Context, tools: Tools, order: readonly StreamArticle[], seed = true): Promise<ReplayResult> {
  if (seed) await seedCorpus(ctx, tools.watches);
  const before = new Set((await ctx.db.select({ id: alerts.id }).from(alerts)).map((r) => r.id));
  const byDbId = new Map<number, string>();
  const stored = new Map<string, { status: string; duplicateOf: number | null; articleId: number }>();
  for (const a of order) {
    const html = Buffer.from(articlePage(a), 'utf8');
    const page: ProcessJob = {
      url: a.url, fetchedUrl: a.url, title: a.title, publishedAt: a.published.toISOString(),
      html: packHtml(html), contentHash: createHash('sha256').update(html).digest('hex'),
      fetchedAt: a.published.toISOString(),
    };
    const read = await readArticle(ctx, tools.reader, page);
    byDbId.set(read.articleId, a.id);
    stored.set(a.id, { status: read.status, duplicateOf: 'duplicateOf' in read ? read.duplicateOf : null, articleId: read.articleId });
    // The process worker queues the analysis of exactly these.
    if (read.status === 'new' && !read.existed) await analyzeArticle(ctx, tools.watches, read.articleId);
  }

  const ids = [...stored.values()].map((s) => s.articleId);
  const rows = ids.length ? await ctx.db.select().from(claims).where(inArray(claims.articleId, ids)).orderBy(asc(claims.id)) : [];
  const claimsOf = new Map<string, ObservedClaim[]>();
  for (const c of rows) {
    const id = byDbId.get(c.articleId)!;
    claimsOf.set(id, [...(claimsOf.get(id) ?? []), {
      measure: c.measure, low: c.low, high: c.high, qualifier: c.qualifier, status: c.status, scope: c.scope,
      source: c.source, evidence: c.evidenceSentence, confidence: c.confidence,
    }]);
  }
  const { posted, held } = await alertOutcomes(ctx.db);
  const observe = (row: AlertRow, isHeld: boolean): ObservedAlert => ({
    id: row.id, measure: row.measure, low: row.low, high: row.high, status: row.status, qualifier: row.qualifier,
    article: before.has(row.id) ? null : byDbId.get(row.articleId) ?? null,
    source: row.source, evidence: row.evidence, held: isHeld,
    corroborations: row.corroborations.map((c) => ({ article: byDbId.get(c.articleId) ?? null, source: c.source })),
  });
  const watches = [...new Set(tools.watches.map((w) => w.id))];
  const consensus = (await Promise.all(watches.map((w) => latestConsensus(ctx.db, w)))).flat().map((c) => ({
    measure: c.measure, centre: c.centre, bandLow: c.bandLow, bandHigh: c.bandHigh, figures: c.figures, sources: c.sources, sourceList: c.sourceList,
  }));
  const observation: Observation = {
    alerts: [...posted.map((r) => observe(r, false)), ...held.map((r) => observe(r, true))].sort((a, b) => a.id - b.id),
    claims: claimsOf,
    consensus,
    stored: new Map([...stored].map(([id, s]) => [id, {
      status: s.status, duplicateOf: s.duplicateOf === null ? null : byDbId.get(s.duplicateOf) ?? `article ${s.duplicateOf}`,
    }])),
  };
  return { observation, seedAlerts: before.size };
}

// ─── scoring ────────────────────────────────────────────────────────────────

export interface Member { article: string; event: ExpectedEvent['event']; heldOk: boolean }

/** The articles that report one departure: they should raise one alert between them. */
export interface Group {
  key: string;
  measure: string; low: number; high: number; status?: string; qualifier?: string;
  members: Member[];
  /** False when the group's alert should exist before the stream (a seed's). */
  expectsRaise: boolean;
}

export function groupsOf(articles: readonly StreamArticle[]): Group[] {
  const groups = new Map<string, Group>();
  for (const a of articles) {
    for (const e of a.expect) {
      const key = `${e.measure}:${e.status ?? '*'}:${e.low}-${e.high}`;
      const g = groups.get(key) ?? { key, measure: e.measure, low: e.low, high: e.high, status: e.status, qualifier: e.qualifier, members: [], expectsRaise: false };
      g.qualifier ??= e.qualifier;
      g.members.push({ article: a.id, event: e.event, heldOk: e.held_ok === true });
      if (e.event === 'raise') g.expectsRaise = true;
      groups.set(key, g);
    }
  }
  return [...groups.values()];
}

const sameFigure = (a: { measure: string; low: number; high: number }, b: { measure: string; low: number; high: number }) =>
  a.measure === b.measure && a.low === b.low && a.high === b.high;

/** Whether an alert says what the group expects: the figure, and the status and qualifier where they are given. */
export function alertMatches(alert: ObservedAlert, g: Group): boolean {
  return sameFigure(alert, g) && (g.status === undefined || alert.status === g.status) &&
    (g.qualifier === undefined || alert.qualifier === g.qualifier);
}

export interface FalseAlert {
  alert: ObservedAlert;
  /** Why it is wrong, in a few words. */
  reason: string;
  /** What the article was expected to do instead. */
  expected: ExpectedEvent[];
}
export interface MissedAlert {
  group: Group;
  /** A held alert, or an alert with the right figure but another status or qualifier, if one came. */
  near: ObservedAlert[];
}
export interface CorroborationScore {
  expected: number;
  found: { group: string; article: string }[];
  missing: { group: string; article: string }[];
  unexpected: { alert: number; article: string | null; source: string }[];
}

export interface Score {
  /** Alerts posted by stream articles. */
  posted: number;
  truePositives: number;
  /** The expected departures found, with the alert that says each. */
  right: { group: string; alert: ObservedAlert }[];
  /** Departures the stream should raise (groups with a `raise`). */
  expected: number;
  /** Expected departures found: posted, or held where the expectation allows it. */
  found: number;
  precision: number;
  recall: number;
  falseAlerts: FalseAlert[];
  missed: MissedAlert[];
  held: { matched: { alert: ObservedAlert; group: string }[]; unexpected: ObservedAlert[] };
  corroborations: CorroborationScore;
  /** Groups that should attach to an alert existing before the stream, and found none. */
  missingBaseline: string[];
}

/**
 * Scores what a replay left in the store against the expectations. An
 * expected departure is found when one of its group's articles raised an
 * alert saying it (whichever arrived first, so that the score does not depend
 * on the order); a second alert for it, or any alert no group expects, is
 * false. Precision is over posted alerts (1 when none was posted).
 */
export function score(articles: readonly StreamArticle[], obs: Observation): Score {
  const groups = groupsOf(articles);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const alertOf = new Map<string, ObservedAlert>();
  const falseAlerts: FalseAlert[] = [];
  const heldMatched: { alert: ObservedAlert; group: string }[] = [];
  const heldUnexpected: ObservedAlert[] = [];
  const wrongHeld = new Map<string, ObservedAlert[]>();
  let truePositives = 0;
  let found = 0;
  const right: { group: string; alert: ObservedAlert }[] = [];

  for (const alert of obs.alerts.filter((x) => x.article === null)) {
    const g = groups.find((x) => !x.expectsRaise && !alertOf.has(x.key) && alertMatches(alert, x));
    if (g) alertOf.set(g.key, alert);
  }
  const streamAlerts = obs.alerts.filter((x) => x.article !== null).sort((a, b) => a.id - b.id);
  for (const alert of streamAlerts) {
    const g = groups.find((x) => !alertOf.has(x.key) && alertMatches(alert, x) && x.members.some((m) => m.article === alert.article));
    const expected = byId.get(alert.article!)?.expect ?? [];
    if (alert.held) {
      if (g?.expectsRaise && g.members.some((m) => m.heldOk)) {
        alertOf.set(g.key, alert);
        heldMatched.push({ alert, group: g.key });
        found++;
      } else if (g?.expectsRaise) {
        wrongHeld.set(g.key, [...(wrongHeld.get(g.key) ?? []), alert]);
      } else {
        heldUnexpected.push(alert);
      }
      continue;
    }
    if (g?.expectsRaise) {
      alertOf.set(g.key, alert);
      right.push({ group: g.key, alert });
      truePositives++;
      found++;
      continue;
    }
    let reason: string;
    if (g) reason = 'this departure was expected to exist before the stream (a seed alert) and only be corroborated';
    else if (groups.some((x) => alertOf.get(x.key) && alertMatches(alert, x) && x.members.some((m) => m.article === alert.article))) reason = 'a second alert for a departure already raised';
    else if (expected.some((e) => sameFigure(alert, e))) reason = 'right figure, but the status or qualifier differs from what the article says';
    else if (expected.length) reason = 'not the figure expected from this article';
    else reason = 'the article should raise nothing';
    falseAlerts.push({ alert, reason, expected });
  }

  const missed: MissedAlert[] = [];
  for (const g of groups.filter((x) => x.expectsRaise && !alertOf.has(x.key))) {
    const near = [...(wrongHeld.get(g.key) ?? []), ...streamAlerts.filter((a) => !a.held && sameFigure(a, g) && !alertMatches(a, g) &&
      g.members.some((m) => m.article === a.article))];
    missed.push({ group: g, near });
  }

  const corroborations: CorroborationScore = { expected: 0, found: [], missing: [], unexpected: [] };
  const missingBaseline: string[] = [];
  const counted = new Set<number>();
  for (const g of groups) {
    const alert = alertOf.get(g.key);
    const raiser = alert?.article ?? null;
    const independent = g.members.filter((m) => m.event === 'raise' || m.event === 'corroborate');
    if (!alert && !g.expectsRaise) missingBaseline.push(g.key);
    // Every independent source but the one that raised the alert should corroborate it; with no
    // alert raised at all, one of them was due to raise it (that is the missed alert).
    const due = alert || !g.expectsRaise ? independent.filter((m) => m.article !== raiser) : independent.slice(1);
    corroborations.expected += due.length;
    const by = new Set(alert?.corroborations.map((c) => c.article) ?? []);
    for (const m of due) (by.has(m.article) ? corroborations.found : corroborations.missing).push({ group: g.key, article: m.article });
    if (!alert) continue;
    counted.add(alert.id);
    for (const c of alert.corroborations) {
      if (!c.article || !due.some((m) => m.article === c.article)) corroborations.unexpected.push({ alert: alert.id, article: c.article, source: c.source });
    }
  }
  for (const alert of obs.alerts.filter((a) => !counted.has(a.id))) {
    for (const c of alert.corroborations) corroborations.unexpected.push({ alert: alert.id, article: c.article, source: c.source });
  }

  const posted = streamAlerts.filter((a) => !a.held).length;
  const expected = groups.filter((g) => g.expectsRaise).length;
  return {
    posted, truePositives, right, expected, found,
    precision: posted === 0 ? 1 : truePositives / posted,
    recall: expected === 0 ? 1 : found / expected,
    falseAlerts, missed,
    held: { matched: heldMatched, unexpected: heldUnexpected },
    corroborations,
    missingBaseline,
  };
}

/** The pipeline's claims scored against the set's tagged ones (articles it analysed, with a `claims` field). */
export interface StreamClaimsScore {
  /** Articles scored: tagged, and analysed in this run (a copy stored as a duplicate is never analysed). */
  articles: number;
  overall: ClaimsScore;
  perMeasure: Record<string, ClaimsScore>;
  misses: { article: string; claim: TaggedClaim }[];
  falseClaims: { article: string; claim: ObservedClaim }[];
}

/** Null when the set tags no claims. Matched as every claims score is: article, measure, low and high. */
export function scoreClaims(articles: readonly StreamArticle[], obs: Observation): StreamClaimsScore | null {
  if (!articles.some((a) => a.claims !== undefined)) return null;
  const tagged = articles.filter((a) => a.claims !== undefined && obs.stored.get(a.id)?.status === 'new');
  const counts = new Map<string, Counts>();
  const misses: StreamClaimsScore['misses'] = [];
  const falseClaims: StreamClaimsScore['falseClaims'] = [];
  for (const a of tagged) {
    const { missed, wrong } = tallyArticle(a.claims!, obs.claims.get(a.id) ?? [], counts);
    for (const claim of missed) misses.push({ article: a.id, claim });
    for (const claim of wrong) falseClaims.push({ article: a.id, claim });
  }
  return { articles: tagged.length, ...scoreCounts(counts), misses, falseClaims };
}

// ─── one order on a fresh store ─────────────────────────────────────────────

export interface StoreChoice {
  kind: 'postgres' | 'embedded';
  /** For `postgres`: a database to connect to while creating and dropping the scratch one. */
  adminUrl?: string;
  /** The Redis the (unused) queues connect to; the default setting when absent. */
  redisUrl?: string;
}

export interface OrderRun {
  name: string;
  /** The PRNG seed of a shuffled order; null for publication order. */
  seed: number | null;
  order: string[];
  seedAlerts: number;
  observation: Observation;
  score: Score;
  /** The extractor's claims against the set's tagged ones; null when the set tags none. */
  claimsScore: StreamClaimsScore | null;
  /** Wall-clock seconds of the replay, seeding included. */
  seconds: number;
}

let runs = 0;

/**
 * Replays one order on a store of its own (a scratch database, or embedded
 * PGlite in a temporary folder), dropped after. With `watchFile`, the store
 * tags with that watch alone and holds no seeds.
 */
export async function runOrder(
  articles: readonly StreamArticle[],
  order: readonly StreamArticle[],
  meta: { name: string; seed: number | null },
  choice: StoreChoice,
  watchFile: string | null = null,
): Promise<OrderRun> {
  const name = `cw_eval_alerts_${process.pid}_${++runs}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-eval-alerts-'));
  const database = choice.kind === 'postgres'
    ? await createScratchDatabase(choice.adminUrl ?? 'postgres://postgres@127.0.0.1:5432/test', name)
    : null;
  const config = makeConfig({
    dataDir, databaseUrl: database?.url, redisUrl: choice.redisUrl, queuePrefix: name, logLevel: 'warn',
    ...(watchFile ? { claims: { watchFiles: [watchFile] } } : {}),
  });
  const store = await openStore(config);
  const log = createLogger(config, 'eval-alerts');
  // Deliveries are queued only for webhooks, and a fresh store has none: nothing is ever added to these.
  const queues = createQueues(config, log);
  const tools = createTools(config);
  try {
    const ctx: Context = { config, store, db: store.db, log, queues };
    const started = performance.now();
    const { observation, seedAlerts } = await replay(ctx, tools, order, watchFile === null);
    const seconds = (performance.now() - started) / 1000;
    return {
      ...meta, order: order.map((a) => a.id), seedAlerts, observation, score: score(articles, observation),
      claimsScore: scoreClaims(articles, observation), seconds,
    };
  } finally {
    await tools.close();
    await queues.close();
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ─── the report ─────────────────────────────────────────────────────────────

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const figure = (x: { low: number; high: number }) => (x.low === x.high ? fmt.format(x.low) : `${fmt.format(x.low)}–${fmt.format(x.high)}`);
const describeExpected = (e: ExpectedEvent) =>
  `${e.event} ${e.measure} ${[e.status, e.qualifier].filter(Boolean).join(' ')}${e.status || e.qualifier ? ' ' : ''}${figure(e)}${e.held_ok ? ' (held for review is fine)' : ''}`;
const describeAlert = (a: ObservedAlert) =>
  `#${a.id} ${a.measure} ${a.status} ${a.qualifier} ${figure(a)}${a.source.length ? ` (source: ${a.source.join(' / ')})` : ''}${a.held ? ' [held]' : ''}`;
const describeClaim = (c: ObservedClaim) =>
  `${c.measure} ${c.status} ${c.qualifier} ${c.scope} ${figure(c)}${c.source.length ? ` [${c.source.join(' / ')}]` : ''} conf ${c.confidence.toFixed(2)}: “${oneLine(c.evidence)}”`;
const oneLine = (s: string, max = 220) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const pct = (x: number) => x.toFixed(3);

function articleLine(a: StreamArticle): string {
  return `${a.id} ${a.published.toISOString().slice(0, 10)} ${new URL(a.url).host} [${a.kinds.join(', ')}] “${oneLine(a.title, 100)}”`;
}

/** False and missed alerts counted by the kinds of their articles. */
export function byKind(run: OrderRun, articles: readonly StreamArticle[]): { kind: string; false: number; missed: number }[] {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const counts = new Map<string, { false: number; missed: number }>();
  const add = (kinds: string[], field: 'false' | 'missed') => {
    for (const k of kinds) {
      const c = counts.get(k) ?? { false: 0, missed: 0 };
      c[field]++;
      counts.set(k, c);
    }
  };
  for (const f of run.score.falseAlerts) add(byId.get(f.alert.article!)?.kinds ?? [], 'false');
  for (const m of run.score.missed) {
    const first = m.group.members.find((x) => x.event === 'raise') ?? m.group.members[0];
    add(byId.get(first.article)?.kinds ?? [], 'missed');
  }
  return [...counts].map(([kind, c]) => ({ kind, ...c })).sort((a, b) => b.false + b.missed - (a.false + a.missed) || a.kind.localeCompare(b.kind));
}

/** One article as the run saw it: how it was stored, its claims, and the alerts it raised or corroborated. */
export function formatArticle(run: OrderRun, a: StreamArticle): string {
  const stored = run.observation.stored.get(a.id);
  const out = [`  ${articleLine(a)} (arrived ${run.order.indexOf(a.id) + 1} of ${run.order.length})`];
  out.push(`    expected: ${a.expect.length ? a.expect.map(describeExpected).join('; ') : 'nothing'} — ${oneLine(a.why, 300)}`);
  out.push(`    stored ${stored?.status ?? '?'}${stored?.duplicateOf ? ` (copy of ${stored.duplicateOf})` : ''}`);
  for (const c of run.observation.claims.get(a.id) ?? []) out.push(`    claim ${describeClaim(c)}`);
  if (a.claims) out.push(`    tagged by hand: ${a.claims.map((c) => `${c.measure} ${c.qualifier} ${c.scope} ${figure(c)}`).join('; ') || 'none'}`);
  for (const al of run.observation.alerts) {
    if (al.article === a.id) out.push(`    raised ${describeAlert(al)}`);
    if (al.corroborations.some((c) => c.article === a.id)) out.push(`    corroborated ${describeAlert(al)} (raised by ${al.article ?? 'a seed'})`);
  }
  return out.join('\n');
}

export function formatRun(run: OrderRun, articles: readonly StreamArticle[], show: readonly string[] = []): string {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const s = run.score;
  const out: string[] = [];
  out.push(`── ${run.name}${run.seed !== null ? ` (seed ${run.seed})` : ''}: ${run.order.length} articles after ${run.seedAlerts} seed alert${run.seedAlerts === 1 ? '' : 's'}, ${run.seconds.toFixed(0)} s`);
  out.push(`precision ${pct(s.precision)}  recall ${pct(s.recall)}  (posted ${s.posted}, right ${s.truePositives}; expected ${s.expected}, found ${s.found}` +
    `${s.held.matched.length ? `, ${s.held.matched.length} of them held for review` : ''})`);
  const c = s.corroborations;
  out.push(`corroborations: expected ${c.expected}, found ${c.found.length}, missing ${c.missing.length}, unexpected ${c.unexpected.length}`);
  out.push(`held for review: ${s.held.matched.length + s.held.unexpected.length} (${s.held.matched.length} expected departures, ${s.held.unexpected.length} not expected)`);
  const statuses = new Map<string, number>();
  for (const st of run.observation.stored.values()) statuses.set(st.status, (statuses.get(st.status) ?? 0) + 1);
  const claimCount = [...run.observation.claims.values()].reduce((n, cs) => n + cs.length, 0);
  out.push(`stored: ${[...statuses].map(([k, n]) => `${n} ${k}`).join(', ')}; ${claimCount} claims tagged`);
  if (s.missingBaseline.length) out.push(`seed alerts the stream should corroborate, not found: ${s.missingBaseline.join(', ')}`);
  const cs = run.claimsScore;
  if (cs) {
    const line = (name: string, x: ClaimsScore) =>
      `  ${name.padEnd(20)} precision ${pct(x.precision)}  recall ${pct(x.recall)}  F1 ${pct(x.f1)}  (right ${x.right}/${x.reported}, found ${x.found}/${x.gold})`;
    out.push(`claims, on the ${cs.articles} tagged articles analysed:`, line('overall', cs.overall));
    for (const [m, x] of Object.entries(cs.perMeasure)) out.push(line(m, x));
  }

  for (const c of run.observation.consensus ?? []) {
    out.push(`consensus of ${c.measure} at the end: about ${fmt.format(Math.round(c.centre))} (band ${figure({ low: Math.round(c.bandLow), high: Math.round(c.bandHigh) })}; ` +
      `${c.figures} figure${c.figures === 1 ? '' : 's'} from ${c.sources} source${c.sources === 1 ? '' : 's'}: ${c.sourceList.join(', ')})`);
  }
  out.push('', `right alerts (${s.right.length}):`);
  for (const r of s.right) out.push(`  ${r.alert.article} ${describeAlert(r.alert)}`);
  for (const h of s.held.matched) out.push(`  ${h.alert.article} ${describeAlert(h.alert)} (held for review, allowed)`);
  out.push('', `false alerts (${s.falseAlerts.length}):`);
  for (const f of s.falseAlerts) {
    const a = byId.get(f.alert.article!)!;
    out.push(`  ${articleLine(a)}`);
    out.push(`    raised ${describeAlert(f.alert)}: ${f.reason}`);
    out.push(`    evidence: “${oneLine(f.alert.evidence)}”`);
    out.push(`    expected: ${f.expected.length ? f.expected.map(describeExpected).join('; ') : 'nothing'} — ${oneLine(a.why, 300)}`);
  }
  out.push('', `missed alerts (${s.missed.length}):`);
  for (const m of s.missed) {
    out.push(`  ${m.group.measure} ${[m.group.status, m.group.qualifier].filter(Boolean).join(' ')} ${figure(m.group)}: ` +
      m.group.members.map((x) => `${x.article} ${x.event}`).join(', '));
    for (const member of m.group.members) {
      const a = byId.get(member.article)!;
      const stored = run.observation.stored.get(a.id);
      const claimsOfMeasure = (run.observation.claims.get(a.id) ?? []).filter((x) => x.measure === m.group.measure);
      out.push(`    ${articleLine(a)}`);
      out.push(`      why expected: ${oneLine(a.why, 300)}`);
      out.push(`      stored ${stored?.status ?? '?'}${stored?.duplicateOf ? ` (copy of ${stored.duplicateOf})` : ''}; ` +
        `${claimsOfMeasure.length ? `${m.group.measure} claims:` : `no ${m.group.measure} claim`}`);
      for (const cl of claimsOfMeasure) out.push(`        ${describeClaim(cl)}`);
    }
    for (const n of m.near) out.push(`    came instead: ${describeAlert(n)} from ${n.article}`);
  }
  if (c.missing.length || c.unexpected.length || c.found.length) {
    out.push('', 'corroborations:');
    for (const f of c.found) out.push(`  found     ${f.article} → ${f.group}`);
    for (const f of c.missing) out.push(`  missing   ${f.article} → ${f.group}`);
    for (const u of c.unexpected) out.push(`  unexpected ${u.article ?? '(not a stream article)'} → alert #${u.alert} (source ${u.source})`);
  }
  if (s.held.unexpected.length) {
    out.push('', 'held for review, not expected:');
    for (const h of s.held.unexpected) out.push(`  ${h.article}: ${describeAlert(h)} “${oneLine(h.evidence)}”`);
  }
  if (show.length) {
    out.push('', 'articles asked for:');
    for (const id of show) {
      const a = byId.get(id);
      if (a) out.push(formatArticle(run, a));
    }
  }
  const kinds = byKind(run, articles);
  if (kinds.length) {
    out.push('', 'false / missed alerts by article kind:');
    for (const k of kinds) out.push(`  ${k.kind.padEnd(20)} ${String(k.false).padStart(3)} false  ${String(k.missed).padStart(3)} missed`);
  }
  return out.join('\n');
}

/** A run as plain JSON (the observation's maps as objects). */
export function runJson(run: OrderRun): unknown {
  return {
    name: run.name, seed: run.seed, seconds: run.seconds, order: run.order, seedAlerts: run.seedAlerts,
    consensus: run.observation.consensus,
    precision: run.score.precision, recall: run.score.recall, score: run.score, claimsScore: run.claimsScore,
    stored: Object.fromEntries(run.observation.stored),
    claims: Object.fromEntries(run.observation.claims),
    alerts: run.observation.alerts,
  };
}
