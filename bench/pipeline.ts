// bench/pipeline: the 181 benchmark pages, repeated to N, served with their
// feeds from a local server and run through the real workers (real Redis, a
// real store). Prints pages per second end to end, the same figure for
// extraction alone over the same pages in the same run, their ratio, peak
// memory, and how the time splits between the stages.
//
//   npx tsx bench/pipeline.ts [--n 2000] [--store postgres|embedded] [--feeds 20]
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createArticleReader } from '../src/article/index.js';
import { makeConfig } from '../src/config.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { packageRoot } from '../src/paths.js';
import { createQueues, QUEUE_NAMES } from '../src/queues.js';
import { openStore } from '../src/store/db.js';
import { addFeed } from '../src/subscriptions.js';
import { createTools } from '../src/tools.js';
import { startWorkers } from '../src/workers/index.js';
import { count } from 'drizzle-orm';
import { articles } from '../src/store/schema.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    store: { type: 'string', default: 'postgres' },
    feeds: { type: 'string', default: '20' },
    pages: { type: 'string', default: join(packageRoot, '..', 'shared', 'bench', 'article-extraction', 'html') },
  },
});
const N = Number(args.n);
const FEEDS = Number(args.feeds);

const files = readdirSync(args.pages!).filter((f) => f.endsWith('.html.gz')).sort();
if (files.length === 0) throw new Error(`no benchmark pages in ${args.pages}`);
const pages = files.map((f) => gunzipSync(readFileSync(join(args.pages!, f))).toString('utf8'));
const pageFor = (i: number) => pages[i % pages.length];

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

// The site runs in a process of its own, as the outside world would.
const site = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench', 'site.ts'), args.pages!, String(N), String(FEEDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve) => site.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));

const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
let dropDb: (() => Promise<void>) | null = null;
let databaseUrl: string | undefined;
if (args.store === 'postgres') {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cw_bench_${Date.now()}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  databaseUrl = u.toString();
  dropDb = async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  };
}
const config = makeConfig({
  dataDir, databaseUrl, queuePrefix: `cwbench${Date.now()}`,
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  fetch: { allowPrivate: ['127.0.0.1'], perHostConcurrency: 16, respectRobots: false },
  workers: { fetchConcurrency: 16, processConcurrency: 4, analyzeConcurrency: 4 },
});

// 1. Extraction alone, over the same pages, in this process.
const reader = createArticleReader(config.article);
for (let i = 0; i < Math.min(40, N); i++) await reader.read(pageFor(i), `${base}/p/${i}`).catch(() => {});
const extractStart = performance.now();
let inFlight = 0;
let next = 0;
await new Promise<void>((resolve) => {
  const width = 4;
  const pump = () => {
    if (next >= N && inFlight === 0) return resolve();
    while (inFlight < width && next < N) {
      const i = next++;
      inFlight++;
      reader.read(pageFor(i), `${base}/p/${i}`).catch(() => {}).finally(() => { inFlight--; pump(); });
    }
  };
  pump();
});
const extractSeconds = (performance.now() - extractStart) / 1000;
await reader.close();
const extractRss = peakRss;

// 2. End to end: feeds → items → pages → articles → claims, through the queues.
const store = await openStore(config);
const queues = createQueues(config);
const ctx: Context = { config, store, db: store.db, log: silentLogger, queues };
const tools = createTools(config);
const stageSeconds: Record<string, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0]));
const workers = startWorkers(ctx, tools, QUEUE_NAMES);
for (const w of workers.workers) {
  w.on('completed', (job) => { stageSeconds[w.name] += ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000; });
}
const e2eStart = performance.now();
for (let k = 0; k < FEEDS; k++) await addFeed(ctx, { url: `${base}/feed/${k}.xml`, intervalSeconds: 86_400 });
for (;;) {
  const counts = await Promise.all((['fetch', 'process', 'analyze'] as const).map((q) => queues[q].getJobCounts('waiting', 'active', 'delayed')));
  const busy = counts.reduce((a, c) => a + c.waiting + c.active + c.delayed, 0);
  const [{ n }] = await ctx.db.select({ n: count() }).from(articles);
  if (n >= N && busy === 0) break;
  if (performance.now() - e2eStart > 30 * 60_000) throw new Error(`stuck at ${n} of ${N} articles`);
  await new Promise((r) => setTimeout(r, 100));
}
const e2eSeconds = (performance.now() - e2eStart) / 1000;
const byStatus = await ctx.db.select({ status: articles.status, n: count() }).from(articles).groupBy(articles.status);

clearInterval(sampler);
const failed = await Promise.all(QUEUE_NAMES.map(async (q) => [q, await queues[q].getFailedCount()] as const));
await workers.close();
await tools.close();
await queues.close();
await store.close();
const redis = new Redis(config.redisUrl);
const keys = await redis.keys(`${config.queuePrefix}:*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();
await dropDb?.();
rmSync(dataDir, { recursive: true, force: true });
site.kill('SIGTERM');

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const rate = (s: number) => (N / s).toFixed(1);
const work = Object.values(stageSeconds).reduce((a, b) => a + b, 0);
console.log(`pipeline bench: N=${N} pages (${pages.length} distinct, repeated), ${FEEDS} feeds, store=${args.store}, dom=${config.article.dom}`);
console.log(`extraction alone : ${rate(extractSeconds)} pages/s (${extractSeconds.toFixed(1)} s)`);
console.log(`end to end       : ${rate(e2eSeconds)} pages/s (${e2eSeconds.toFixed(1)} s)`);
console.log(`ratio            : ${((extractSeconds / e2eSeconds) * 100).toFixed(0)}% of extraction alone`);
console.log(`peak RSS         : ${mb(extractRss)} during extraction, ${mb(peakRss)} overall`);
console.log(`articles         : ${byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}`);
console.log('job time by stage (summed over concurrent jobs):');
for (const q of QUEUE_NAMES) {
  if (stageSeconds[q] > 0) console.log(`  ${q.padEnd(8)} ${stageSeconds[q].toFixed(1).padStart(7)} s  ${((stageSeconds[q] / work) * 100).toFixed(0).padStart(3)}%`);
}
console.log(`failed jobs      : ${failed.map(([q, n]) => `${q} ${n}`).join(', ')}`);
process.exit(0);
