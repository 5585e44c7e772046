// The seed corpus ships with the product: five articles on the first watched
// story and their claims tagged by hand. They are stored as any article is
// (so new articles are checked against them for copies), with the hand-tagged
// claims rather than the extractor's, and the consensus is built from them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeClaims } from '../alerts/index.js';
import { textHash } from '../article/index.js';
import { sourceKeyOf, type Watch } from '../claims/index.js';
import { resolveSettings } from '../consensus/settings.js';
import type { Context } from '../context.js';
import { enqueueEvent } from '../delivery/index.js';
import { storeArticle } from '../duplicates/index.js';
import { shippedDataDir } from '../paths.js';
import { claims } from '../store/schema.js';

export interface GoldClaim {
  measure: string; low: number; high: number; unit: string; per: string | null;
  qualifier: string; status: string; scope: string; source: string[];
  location: string | null; asOf: string | null; optional?: boolean;
  evidence: { quote: string; start: number; end: number };
}
export interface GoldArticle { file: string; title: string; published: string; claims: GoldClaim[] }
export interface GoldSet { watch: string; articles: GoldArticle[] }

export const SEED_DIR = join(shippedDataDir, 'seeds');

export function readSeedSet(): GoldSet {
  return JSON.parse(readFileSync(join(shippedDataDir, 'seed-claims.json'), 'utf8')) as GoldSet;
}

export const seedUrl = (file: string) => `urn:claimwatch:seed:${file.replace(/\.txt$/, '')}`;

export interface SeedResult { stored: string[]; skipped: string[]; alerts: number }

/**
 * Stores the seed articles not yet stored, oldest first, so the consensus
 * moves as the story did. `only` limits it to files starting with those
 * prefixes (e.g. ['000', '001']).
 */
export async function seedCorpus(ctx: Context, watches: Watch[], opts: { only?: string[] } = {}): Promise<SeedResult> {
  const set = readSeedSet();
  const watch = watches.find((w) => w.id === set.watch);
  if (!watch) throw new Error(`the seed corpus belongs to watch ${set.watch}, which is not loaded`);
  const chosen = set.articles
    .filter((a) => !opts.only || opts.only.some((p) => a.file.startsWith(p)))
    .sort((a, b) => a.published.localeCompare(b.published));
  const result: SeedResult = { stored: [], skipped: [], alerts: 0 };
  for (const seed of chosen) {
    const text = readFileSync(join(SEED_DIR, seed.file), 'utf8');
    const publishedAt = new Date(`${seed.published}T12:00:00Z`);
    const stored = await storeArticle(ctx.db, {
      url: seedUrl(seed.file), status: 'new', title: seed.title, lang: 'en', publishedAt,
      outlet: 'seed corpus', text, textHash: textHash(text), extractor: 'text', isSeed: true, tagging: 'tagged',
    }, ctx.config.duplicates);
    if (stored.existed || stored.status !== 'new') {
      result.skipped.push(seed.file);
      continue;
    }
    const rows = seed.claims.length === 0 ? [] : await ctx.db.insert(claims).values(seed.claims.map((c) => ({
      articleId: stored.articleId, watch: watch.id, measure: c.measure, low: c.low, high: c.high, unit: c.unit,
      per: c.per, qualifier: c.qualifier, status: c.status, scope: c.scope, source: c.source,
      sourceKey: sourceKeyOf(watch, c.source), location: c.location, asOf: c.asOf,
      evidenceSentence: c.evidence.quote, evidenceStart: c.evidence.start, evidenceEnd: c.evidence.end,
      confidence: 1, reportedAt: publishedAt,
    }))).returning({ id: claims.id });
    const out = await analyzeClaims(ctx.db, {
      watch: watch.id, articleId: stored.articleId, claimIds: rows.map((r) => r.id),
      settingsFor: (measure) => resolveSettings(watch.consensus, watch.measures[measure]?.consensus),
      // The seeds are articles like any other: seed 004 (July 2025) is history on a store seeded later than the window.
      freshnessDays: ctx.config.alerts.freshnessDays,
    }, ctx.log);
    for (const alert of out.alerts) {
      await enqueueEvent(ctx.db, ctx.queues.deliver, { type: alert.event, alertId: alert.id }, ctx.config);
    }
    result.alerts += out.alerts.length;
    result.stored.push(seed.file);
  }
  if (result.stored.length) ctx.log.info({ stored: result.stored.length, alerts: result.alerts }, 'seed corpus loaded');
  return result;
}
