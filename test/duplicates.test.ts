// The duplicate check against the real store, both kinds: exact copies by URL
// and text hash, near copies of every seed found through the LSH index and
// verified, distinct reports of the same event kept apart, copies pointing at
// originals only, one original when two workers store one story at once, and
// an index that is still there after the store is reopened.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { makeConfig } from '../src/config.js';
import {
  duplicatesOf, rebuildIndex, storeArticle, words, type NewArticle, type StoreResult,
} from '../src/duplicates/index.js';
import { evaluateDedupe, loadPairs } from '../eval/dedupe.js';
import { openStore, type Db } from '../src/store/db.js';
import { articleBands, articles } from '../src/store/schema.js';
import { createTestDatabase, freshStore, STORE_KINDS, type TestStore } from './helpers/store.js';

const hash = (text: string) => createHash('sha256').update(words(text).join(' ')).digest('hex');
const article = (url: string, text: string, extra: Partial<NewArticle> = {}): NewArticle =>
  ({ url, text, textHash: hash(text), outlet: new URL(url).host, tagging: 'pending', ...extra });

const pairs = loadPairs();
// Read here rather than through the seed module, which brings the whole pipeline with it.
const seeds = new Map(['000', '001', '002', '003', '004'].map((p) => [p, pairs.text(`seed:${p}`)]));
/** The labelled corpus's copies and same-event reports of a seed. */
const variant = (prefix: string, name: string) => pairs.text(`${prefix}-${name}`);
const SAME_EVENT: Record<string, string> = {
  '000': 'r1-nhk-report', '001': 'r1-cnn-summary', '002': 'r1-austin-rome', '003': 'r1-twz-interview', '004': 'r2-triple-rewrite',
};

async function storeSeeds(db: Db, settings: TestStore['config']['duplicates']): Promise<Map<string, StoreResult>> {
  const out = new Map<string, StoreResult>();
  for (const [prefix, text] of seeds) {
    out.set(prefix, await storeArticle(db, article(`https://seeds.example/${prefix}`, text), settings));
  }
  return out;
}

describe.each(STORE_KINDS)('duplicate check on the %s store', (kind) => {
  let t: TestStore;
  let db: Db;
  let settings: TestStore['config']['duplicates'];
  let stored: Map<string, StoreResult>;

  beforeAll(async () => {
    t = await freshStore(kind);
    db = t.store.db;
    settings = t.config.duplicates;
    stored = await storeSeeds(db, settings);
  });
  afterAll(async () => { await t?.cleanup(); });

  it('stores the five seeds as five originals, each indexed', async () => {
    for (const [prefix, r] of stored) {
      expect(r, prefix).toMatchObject({ status: 'new', duplicateOf: null, existed: false });
      expect(await db.select().from(articleBands).where(eq(articleBands.articleId, r.articleId)), prefix).toHaveLength(1);
    }
  });

  it('returns the stored article for a URL it already has, writing nothing', async () => {
    const again = await storeArticle(db, article('https://seeds.example/000', seeds.get('000')!), settings);
    expect(again).toMatchObject({ articleId: stored.get('000')!.articleId, status: 'new', reason: 'url', existed: true });
    expect(await db.select().from(articles).where(eq(articles.url, 'https://seeds.example/000'))).toHaveLength(1);
  });

  it('marks the same text under another URL a duplicate by its hash', async () => {
    const r = await storeArticle(db, article('https://mirror.example/story-000', seeds.get('000')!), settings);
    expect(r).toMatchObject({ status: 'duplicate', duplicateOf: stored.get('000')!.articleId, similarity: 1, reason: 'text_hash', existed: false });
  });

  it('finds near copies of every seed and stores each as a pointer with its own URL and outlet', async () => {
    for (const prefix of seeds.keys()) {
      for (const name of ['c-combined', 'c-edited', 'c-cut']) {
        const url = `https://copies-${name}.example/${prefix}`;
        const r = await storeArticle(db, article(url, variant(prefix, name), { publishedAt: new Date('2024-11-01T08:00:00Z') }), settings);
        expect(r, `${prefix} ${name}`).toMatchObject({ status: 'duplicate', duplicateOf: stored.get(prefix)!.articleId, reason: 'near', existed: false });
        expect(r.similarity).toBeGreaterThanOrEqual(settings.threshold);
        const [row] = await db.select().from(articles).where(eq(articles.id, r.articleId));
        expect(row).toMatchObject({ url, outlet: `copies-${name}.example`, status: 'duplicate', tagging: 'skipped' });
        expect(await db.select().from(articleBands).where(eq(articleBands.articleId, r.articleId))).toHaveLength(0);
      }
    }
    const ran = await duplicatesOf(db, stored.get('003')!.articleId);
    expect(ran.map((c) => c.outlet).sort()).toEqual(['copies-c-combined.example', 'copies-c-cut.example', 'copies-c-edited.example']);
  });

  it('keeps another outlet\'s report of the same event, with the same figures, apart', async () => {
    for (const [prefix, name] of Object.entries(SAME_EVENT)) {
      const text = variant(prefix, name);
      const r = await storeArticle(db, article(`https://other-outlet.example/${prefix}`, text), settings);
      expect(r, `${prefix} ${name}`).toMatchObject({ status: 'new', duplicateOf: null });
    }
    // The same figures as seed 004, reported in other words.
    expect(variant('004', 'r2-triple-rewrite')).toMatch(/25,000 and 30,000[\s\S]*11,000[\s\S]*4,000/);
  });

  it('points a copy of a copy at the original, by hash and by likeness', async () => {
    const original = stored.get('001')!.articleId;
    const first = await storeArticle(db, article('https://first.example/a', variant('001', 'c-byline')), settings);
    expect(first).toMatchObject({ status: 'duplicate', duplicateOf: original });
    // The first copy's exact text, found through the copy's own row.
    const exact = await storeArticle(db, article('https://second.example/a', variant('001', 'c-byline')), settings);
    expect(exact).toMatchObject({ status: 'duplicate', duplicateOf: original, reason: 'text_hash' });
    const edited = variant('001', 'c-byline').replace('Published 31 October 2024', 'Updated 1 November 2024')
      .replace('A small number of', 'A few');
    const near = await storeArticle(db, article('https://third.example/a', edited), settings);
    expect(near).toMatchObject({ status: 'duplicate', duplicateOf: original, reason: 'near' });
    // Asking about a copy lists the original's copies.
    const ran = await duplicatesOf(db, first.articleId);
    expect(ran.map((c) => c.url)).toEqual(expect.arrayContaining(['https://first.example/a', 'https://second.example/a', 'https://third.example/a']));
  });

  it('stores a text without words as an original that only its exact copy matches', async () => {
    const r = await storeArticle(db, article('https://empty.example/1', '— · —'), settings);
    expect(r.status).toBe('new');
    expect(await db.select().from(articleBands).where(eq(articleBands.articleId, r.articleId))).toHaveLength(0);
    const again = await storeArticle(db, article('https://empty.example/2', '— · —'), settings);
    expect(again).toMatchObject({ status: 'duplicate', duplicateOf: r.articleId, reason: 'text_hash' });
  });

  it('stores one original when several workers store copies of one story at once', async () => {
    const story = ['c-headline', 'c-wire', 'c-reordered', 'c-added', 'c-boilerplate', 'c-byline'].map((n) => variant('002', n));
    // A story not stored yet: the seed 002 copies among themselves, in a store without seed 002.
    await db.delete(articles).where(eq(articles.id, stored.get('002')!.articleId));
    await db.delete(articles).where(eq(articles.duplicateOf, stored.get('002')!.articleId));
    const results = await Promise.all(story.map((text, i) =>
      storeArticle(db, article(`https://race-${i}.example/story`, text), settings)));
    const originals = results.filter((r) => r.status === 'new');
    expect(originals).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'duplicate')) expect(r.duplicateOf).toBe(originals[0].articleId);
    // Identical texts at once: one original too.
    const same = await Promise.all([0, 1, 2, 3].map((i) =>
      storeArticle(db, article(`https://same-${i}.example/story`, variant('000', 'r3-rice-payment')), settings)));
    expect(same.filter((r) => r.status === 'new')).toHaveLength(1);
  });
});

describe.each(STORE_KINDS)('the index on the %s store', (kind) => {
  let dataDir: string;
  let drop = async () => {};
  let config: ReturnType<typeof makeConfig>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cw-dup-reopen-'));
    if (kind === 'postgres') {
      const database = await createTestDatabase();
      drop = database.drop;
      config = makeConfig({ dataDir, databaseUrl: database.url });
    } else {
      config = makeConfig({ dataDir });
    }
  });
  afterAll(async () => {
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives closing and reopening the store', async () => {
    const first = await openStore(config);
    const originals = await storeSeeds(first.db, config.duplicates);
    await first.close();
    const second = await openStore(config);
    try {
      for (const prefix of seeds.keys()) {
        const r = await storeArticle(second.db, article(`https://after-restart.example/${prefix}`, variant(prefix, 'c-combined')), config.duplicates);
        expect(r, prefix).toMatchObject({ status: 'duplicate', duplicateOf: originals.get(prefix)!.articleId, reason: 'near' });
      }
    } finally {
      await second.close();
    }
  });

  it('finds copies again under new settings once rebuilt', async () => {
    const store = await openStore(config);
    try {
      const other = { ...config.duplicates, shingleSize: 4, numHashes: 96, bands: 48 };
      const copy = variant('003', 'c-wire');
      const before = await storeArticle(store.db, article('https://new-settings.example/1', copy), other);
      expect(before.status).toBe('new');
      await store.db.delete(articles).where(eq(articles.id, before.articleId));
      expect(await rebuildIndex(store.db, other)).toBeGreaterThanOrEqual(5);
      const after = await storeArticle(store.db, article('https://new-settings.example/2', copy), other);
      const [seed] = await store.db.select({ id: articles.id }).from(articles).where(eq(articles.url, 'https://seeds.example/003'));
      expect(after).toMatchObject({ status: 'duplicate', duplicateOf: seed.id, reason: 'near' });
    } finally {
      await store.close();
    }
  });
});

describe('the labelled pairs', () => {
  it('are told apart with precision and recall of 0.95 or better at the default settings', async () => {
    const t = await freshStore('postgres');
    try {
      const result = await evaluateDedupe(t.store.db, t.config.duplicates);
      expect(result.outcomes.length).toBeGreaterThanOrEqual(60);
      expect(result.outcomes.filter((o) => o.pair.label === 'distinct' && o.pair.kind !== 'unrelated').length).toBeGreaterThanOrEqual(25);
      const errors = result.errors.map((e) => `${e.pair.id} ${e.pair.label} ${e.pair.kind} ${e.pair.a} -> ${e.pair.b}`).join('; ');
      expect(result.precision, errors).toBeGreaterThanOrEqual(0.95);
      expect(result.recall, errors).toBeGreaterThanOrEqual(0.95);
    } finally {
      await t.cleanup();
    }
  });
});
