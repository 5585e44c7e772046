// The duplicate check measured on labelled pairs (corpus/dedupe): for each
// pair, the first text is stored, then the second, through storeArticle on a
// real store, so the LSH lookup, the verification and the thresholds are all
// measured together, as the pipeline runs them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, inArray } from 'drizzle-orm';
import { shippedDataDir } from '../src/paths.js';
import type { Db } from '../src/store/db.js';
import { articles } from '../src/store/schema.js';
import { storeArticle, type StoreResult } from '../src/duplicates/index.js';
import { fingerprint, isCopy, likeness, words, type DuplicateSettings, type Likeness } from '../src/duplicates/shingles.js';

export const DEDUPE_DIR = join(shippedDataDir, 'dedupe');

export interface LabelledPair {
  id: string;
  /** 'copy': b must be stored as a duplicate of a; 'distinct': it must not be. */
  label: 'copy' | 'distinct';
  /** How b was made from a, or how they differ (boilerplate, same-event, ...). */
  kind: string;
  a: string;
  b: string;
  note: string;
}

export interface PairSet {
  pairs: LabelledPair[];
  /** The text a pair names: "seed:NNN" from the seed corpus, else texts/NAME.txt. */
  text(ref: string): string;
}

export function loadPairs(dir = DEDUPE_DIR): PairSet {
  const { pairs } = JSON.parse(readFileSync(join(dir, 'pairs.json'), 'utf8')) as { pairs: LabelledPair[] };
  const seedDir = join(shippedDataDir, 'seeds');
  const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
  const cache = new Map<string, string>();
  const text = (ref: string): string => {
    let t = cache.get(ref);
    if (t !== undefined) return t;
    if (ref.startsWith('seed:')) {
      const file = seeds.find((f) => f.startsWith(`${ref.slice(5)}_`));
      if (!file) throw new Error(`pair text ${ref}: no such seed article in ${seedDir}`);
      t = readFileSync(join(seedDir, file), 'utf8');
    } else {
      t = readFileSync(join(dir, 'texts', `${ref}.txt`), 'utf8');
    }
    cache.set(ref, t);
    return t;
  };
  for (const p of pairs) {
    if (p.label !== 'copy' && p.label !== 'distinct') throw new Error(`pair ${p.id}: label must be copy or distinct, not ${p.label}`);
    text(p.a);
    text(p.b);
  }
  return { pairs, text };
}

export interface PairOutcome {
  pair: LabelledPair;
  /** storeArticle called b a duplicate of a. */
  predicted: boolean;
  /** How b was stored. */
  result: StoreResult;
  /** The exact likeness of the two, whatever the index found. */
  likeness: Likeness;
  /** Band keys the two share: none means the index cannot bring a to b's check. */
  sharedBands: number;
}

export interface Evaluation {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  outcomes: PairOutcome[];
  errors: PairOutcome[];
}

// The caller's exact key in the pipeline is sha256 of the article module's
// normalised text; the evaluation only needs one that equal texts share.
const hashOf = (text: string) => createHash('sha256').update(words(text).join(' ')).digest('hex');

/**
 * Runs every pair through storeArticle on `db`, which must hold no articles
 * (a stored article could be found instead of a), and removes what it stored.
 */
export async function evaluateDedupe(db: Db, settings: DuplicateSettings, set: PairSet = loadPairs()): Promise<Evaluation> {
  const [{ n }] = await db.select({ n: count() }).from(articles);
  if (n > 0) throw new Error(`the evaluation needs an empty store; this one holds ${n} articles`);
  const outcomes: PairOutcome[] = [];
  for (const pair of set.pairs) {
    const a = set.text(pair.a);
    const b = set.text(pair.b);
    const first = await storeArticle(db, { url: `urn:claimwatch:eval:${pair.id}:a`, text: a, textHash: hashOf(a), tagging: 'skipped' }, settings);
    const second = await storeArticle(db, { url: `urn:claimwatch:eval:${pair.id}:b`, text: b, textHash: hashOf(b), tagging: 'skipped' }, settings);
    await db.delete(articles).where(inArray(articles.id, [first.articleId, second.articleId]));
    const fa = fingerprint(a, settings);
    const fb = fingerprint(b, settings);
    const keys = new Set(fa.keys);
    outcomes.push({
      pair,
      predicted: second.status === 'duplicate' && second.duplicateOf === first.articleId,
      result: second,
      likeness: likeness(fa.shingles, fb.shingles),
      sharedBands: fb.keys.filter((k) => keys.has(k)).length,
    });
  }
  return score(outcomes);
}

function score(outcomes: PairOutcome[]): Evaluation {
  const is = (label: string, predicted: boolean) =>
    outcomes.filter((o) => o.pair.label === label && o.predicted === predicted).length;
  const tp = is('copy', true);
  const fp = is('distinct', true);
  const fn = is('copy', false);
  const tn = is('distinct', false);
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn,
    outcomes,
    errors: outcomes.filter((o) => o.predicted !== (o.pair.label === 'copy')),
  };
}

export interface SweepPoint { threshold: number; containment: number; precision: number; recall: number }

/**
 * Precision and recall of the verification alone at other thresholds, from
 * the exact likeness of each pair: what the defaults are chosen from. (It
 * assumes the index brings every candidate; the store run measures that.)
 */
export function sweep(outcomes: PairOutcome[], thresholds: number[], containments: number[], base: DuplicateSettings): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const threshold of thresholds) {
    for (const containment of containments) {
      const settings = { ...base, threshold, containment };
      const predicted = outcomes.map((o) => ({ ...o, predicted: isCopy(o.likeness, settings) }));
      const { precision, recall } = score(predicted);
      points.push({ threshold, containment, precision, recall });
    }
  }
  return points;
}
