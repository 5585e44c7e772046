// bench/dedupe: the duplicate check with 10,000, 100,000 and 1,000,000
// articles stored. Synthetic articles (random prose over a 20,000-word
// vocabulary, ~250 words each) are bulk-loaded as originals with their real
// LSH bands into a fresh PostgreSQL database; at each size, `checks` new
// articles (half near copies of stored ones, half unseen) go through
// storeArticle one after another, and the time of each is recorded. Prints
// median and p99 per check, whether the copies were found, and the index size.
// The database is dropped at the end.
//
//   npm run bench:dedupe [-- --sizes 10000,100000,1000000] [--checks 200]
//   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeConfig } from '../src/config.js';
import { findDuplicate, fingerprint, storeArticle, words, type StoreResult } from '../src/duplicates/index.js';
import { openStore, type Store } from '../src/store/db.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/store/scratch.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    checks: { type: 'string', default: '200' },
    batch: { type: 'string', default: '2000' },
  },
});
const SIZES = args.sizes!.split(',').map((s) => Number(s.trim())).sort((a, b) => a - b);
const CHECKS = Number(args.checks);
const BATCH = Number(args.batch);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1) || !(CHECKS > 0)) {
  console.error('--sizes takes positive integers separated by commas, --checks a positive integer');
  process.exit(2);
}

// ─── synthetic articles ─────────────────────────────────────────────────────

/**
 * sfc32 with its 128-bit state filled from the seed by splitmix32. (A 32-bit
 * state generator such as mulberry32 gives texts whose sequences are shifted
 * copies of each other: near duplicates the check rightly finds.)
 */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sa', 'lu', 'vor', 'en', 'di', 'pa', 'gre', 'os', 'tul', 'ne', 'ba', 'shi', 'am', 'cor', 've', 'lin', 'tra', 'po', 'if', 'mun'];
const VOCABULARY = (() => {
  const r = rng(7);
  const out = new Set<string>();
  while (out.size < 20_000) {
    const n = 1 + Math.floor(r() * 4);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w);
  }
  return [...out];
})();

/** Zipf-like: a few words very common, most rare, as in prose. */
function word(r: () => number): string {
  return VOCABULARY[Math.floor(VOCABULARY.length * r() ** 3)];
}

/** Article i, the same every time it is asked for. */
function articleText(i: number): string {
  const r = rng(i);
  const paragraphs: string[] = [];
  const n = 4 + Math.floor(r() * 5);
  for (let p = 0; p < n; p++) {
    const sentences: string[] = [];
    const m = 2 + Math.floor(r() * 3);
    for (let s = 0; s < m; s++) {
      const len = 8 + Math.floor(r() * 14);
      const ws: string[] = [];
      for (let w = 0; w < len; w++) ws.push(word(r));
      ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
      sentences.push(`${ws.join(' ')}.`);
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

/** Another site's copy: some words changed, a paragraph of its own added. */
function nearCopy(text: string, seed: number): string {
  const r = rng(0x40000000 + seed);
  const ws = text.split(' ');
  for (let k = 0; k < Math.ceil(ws.length / 40); k++) ws[Math.floor(r() * ws.length)] = word(r);
  const extra: string[] = [];
  for (let w = 0; w < 30; w++) extra.push(word(r));
  return `Breaking news headline\n\n${ws.join(' ')}\n\n${extra.join(' ')}.`;
}

const hashOf = (text: string) => createHash('sha256').update(words(text).join(' ')).digest('hex');

// ─── the run ────────────────────────────────────────────────────────────────

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-dedupe-'));
let database: ScratchDatabase | undefined;

const settings = makeConfig().duplicates;
let store: Store | undefined;

/**
 * Stores articles [from, to) as originals with their bands, in multi-row
 * inserts; the GIN indexes are rebuilt afterwards rather than updated row by
 * row, as a bulk load would.
 */
async function load(pool: pg.Pool, from: number, to: number): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows: indexes } = await client.query<{ indexdef: string; indexname: string }>(
      `select indexname, indexdef from pg_indexes where tablename in ('articles', 'article_bands') and indexdef ilike '%using gin%'`);
    for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
    const started = Date.now();
    for (let start = from; start < to; start += BATCH) {
      const end = Math.min(to, start + BATCH);
      const urls: string[] = [];
      const texts: string[] = [];
      const hashes: string[] = [];
      const keys = new Map<string, string>();
      for (let i = start; i < end; i++) {
        const text = articleText(i);
        const url = `https://synthetic.example/${i}`;
        urls.push(url);
        texts.push(text);
        hashes.push(hashOf(text));
        keys.set(url, `{${fingerprint(text, settings).keys.join(',')}}`);
      }
      await client.query('begin');
      const { rows } = await client.query<{ id: number; url: string }>(
        `insert into articles (url, status, outlet, text, text_hash, tagging, extractor)
         select u, 'new', 'synthetic.example', t, h, 'skipped', 'text' from unnest($1::text[], $2::text[], $3::text[]) as x(u, t, h)
         returning id, url`, [urls, texts, hashes]);
      await client.query(
        `insert into article_bands (article_id, keys) select a, k::bigint[] from unnest($1::int[], $2::text[]) as x(a, k)`,
        [rows.map((r) => r.id), rows.map((r) => keys.get(r.url)!)]);
      await client.query('commit');
      if ((end - from) % 100_000 === 0 || end === to) {
        const rate = Math.round((end - from) / ((Date.now() - started) / 1000));
        process.stderr.write(`  loaded ${end.toLocaleString('en')} (${rate}/s)\n`);
      }
    }
    for (const ix of indexes) {
      const t = Date.now();
      await client.query(ix.indexdef);
      process.stderr.write(`  built ${ix.indexname} in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
    }
    await client.query('vacuum analyze articles');
    await client.query('vacuum analyze article_bands');
    // The load's writes are flushed now, not during the timed checks.
    await client.query('checkpoint');
  } finally {
    client.release();
  }
}

interface Level {
  n: number;
  check: { median: number; p99: number; medianCopy: number; medianNew: number };
  store: { median: number; p99: number };
  copiesFound: number;
  copies: number;
  newStored: number;
  fresh: number;
  bandsBytes: number;
  ginBytes: number;
  articlesBytes: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Per new article: the check alone (findDuplicate: the hash and index
 * lookups and the verification, read-only), then storeArticle (the check
 * again under its locks, the insert, the bands, the commit).
 */
async function measure(pool: pg.Pool, n: number, round: number): Promise<Level> {
  const r = rng(0x7f000000 + round);
  const run = async (k: number) => {
    const isCopy = k % 2 === 0;
    const text = isCopy ? nearCopy(articleText(Math.floor(r() * n)), k) : articleText(10_000_000 + round * 100_000 + k);
    const input = { text, textHash: hashOf(text) };
    const t0 = performance.now();
    await findDuplicate(store!.db, input, settings);
    const t1 = performance.now();
    const result: StoreResult = await storeArticle(store!.db, {
      url: `https://check-${round}.example/${k}`, ...input, outlet: `check-${round}.example`, tagging: 'skipped',
    }, settings);
    return { isCopy, check: t1 - t0, store: performance.now() - t1, result };
  };
  for (let k = 0; k < 20; k++) await run(CHECKS + k); // warm the pool and the code paths
  const runs: Awaited<ReturnType<typeof run>>[] = [];
  for (let k = 0; k < CHECKS; k++) runs.push(await run(k));
  const copies = runs.filter((x) => x.isCopy);
  const fresh = runs.filter((x) => !x.isCopy);
  for (const x of runs.filter((y) => y.isCopy !== (y.result.status === 'duplicate'))) {
    process.stderr.write(`  unexpected: a ${x.isCopy ? 'copy' : 'new article'} stored as ${x.result.status} (${JSON.stringify(x.result)})\n`);
  }
  const size = async (q: string) => Number((await pool.query<{ b: string }>(q)).rows[0].b);
  return {
    n,
    check: {
      median: quantile(runs.map((x) => x.check), 0.5),
      p99: quantile(runs.map((x) => x.check), 0.99),
      medianCopy: quantile(copies.map((x) => x.check), 0.5),
      medianNew: quantile(fresh.map((x) => x.check), 0.5),
    },
    store: { median: quantile(runs.map((x) => x.store), 0.5), p99: quantile(runs.map((x) => x.store), 0.99) },
    copiesFound: copies.filter((x) => x.result.status === 'duplicate' && x.result.reason === 'near').length,
    copies: copies.length,
    newStored: fresh.filter((x) => x.result.status === 'new').length,
    fresh: fresh.length,
    bandsBytes: await size(`select pg_total_relation_size('article_bands') as b`),
    ginBytes: await size(`select pg_relation_size('article_bands_keys_idx') as b`),
    articlesBytes: await size(`select pg_total_relation_size('articles') as b`),
  };
}

let dropped = false;
async function dropDatabase(): Promise<void> {
  if (dropped) return;
  dropped = true;
  await store?.close().catch(() => {});
  await database?.drop().catch((e) => console.error(`could not drop ${database?.name}: ${e.message}`));
  rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGINT', () => { void dropDatabase().then(() => process.exit(130)); });

try {
  database = await createScratchDatabase(adminUrl, `cw_bench_dedupe_${process.pid}`);
  store = await openStore(makeConfig({ dataDir, databaseUrl: database.url }), { poolSize: 4 });
  const levels: Level[] = [];
  let stored = 0;
  for (const [round, n] of SIZES.entries()) {
    process.stderr.write(`loading to ${n.toLocaleString('en')} articles\n`);
    await load(store.pool, stored, n);
    stored = n;
    const level = await measure(store.pool, n, round);
    levels.push(level);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`${n.toLocaleString('en').padStart(10)} stored: check median ${ms(level.check.median)}, p99 ${ms(level.check.p99)}; ` +
      `check and store median ${ms(level.store.median)}, p99 ${ms(level.store.p99)}; copies found ${level.copiesFound}/${level.copies}, ` +
      `new stored as new ${level.newStored}/${level.fresh}; article_bands ${mb(level.bandsBytes)} (GIN ${mb(level.ginBytes)}), articles ${mb(level.articlesBytes)}`);
  }
  console.log('');
  console.log(`settings: ${settings.numHashes} hashes in ${settings.bands} bands, shingles of ${settings.shingleSize} words; ` +
    `${CHECKS} new articles per size, half near copies of stored ones`);
  console.log('| stored | check, median | check, p99 | median, copies / new | storeArticle, median | storeArticle, p99 | copies found | new kept new | article_bands (table + indexes) | its GIN index |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of levels) {
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`| ${l.n.toLocaleString('en')} | ${ms(l.check.median)} | ${ms(l.check.p99)} | ${ms(l.check.medianCopy)} / ${ms(l.check.medianNew)} | ` +
      `${ms(l.store.median)} | ${ms(l.store.p99)} | ${l.copiesFound}/${l.copies} | ${l.newStored}/${l.fresh} | ${mb(l.bandsBytes)} | ${mb(l.ginBytes)} |`);
  }
  if (levels.length > 1) {
    const first = levels[0];
    const last = levels[levels.length - 1];
    console.log(`\nmedian at ${last.n.toLocaleString('en')} / median at ${first.n.toLocaleString('en')}: check ${(last.check.median / first.check.median).toFixed(2)}, ` +
      `storeArticle ${(last.store.median / first.store.median).toFixed(2)}`);
  }
} finally {
  await dropDatabase();
}
