// bench/pipeline: the 181 benchmark pages, repeated to N, served with their
// feeds from a local server and run through the real workers (real Redis, a
// real store). Prints pages per second end to end, the same figure for
// extraction alone over the same pages in the same run, their ratio, peak
// memory, and how the time splits between the stages.
//
// The machines it runs on share their host, so a figure drifts by a tenth from
// one minute to the next. Each round therefore measures extraction alone and
// then end to end, back to back, and the ratio reported is the median round's.
//
//   npx tsx bench/pipeline.ts [--n 2000] [--rounds 3] [--store postgres|embedded] [--feeds 20]
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
    rounds: { type: 'string', default: '3' },
    pages: { type: 'string', default: join(packageRoot, '..', 'shared', 'bench', 'article-extraction', 'html') },
  },
});
const N = Number(args.n);
const FEEDS = Number(args.feeds);
const ROUNDS = Number(args.rounds);

const files = readdirSync(args.pages!).filter((f) => f.endsWith('.html.gz')).sort();
if (files.length === 0) throw new Error(`no benchmark pages in ${args.pages}`);
const pages = files.map((f) => gunzipSync(readFileSync(join(args.pages!, f))).toString('utf8'));
const pageFor = (i: number) => pages[i % pages.length];
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const rate = (s: number) => (N / s).toFixed(1);

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

// The site runs in a process of its own, as the outside world would.
const site = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench', 'site.ts'), args.pages!, String(N), String(FEEDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve) => site.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));


interface Round {
  extractSeconds: number;
  extractCpu: number;
  extractRss: number;
  e2eSeconds: number;
  e2eCpu: number;
  peakRss: number;
  byStatus: { status: string; n: number }[];
  stageSeconds: Record<string, number>;
  jobsDone: Record<string, number>;
  failed: (readonly [string, number])[];
  reads: number;
  stalled: number;
}

async function freshStore(round: number): Promise<{ databaseUrl?: string; drop: () => Promise<void> }> {
  if (args.store !== 'postgres') return { drop: async () => {} };
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cw_bench_${Date.now()}_${round}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    databaseUrl: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

async function runRound(round: number): Promise<Round> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
  const db = await freshStore(round);
  const config = makeConfig({
    dataDir, databaseUrl: db.databaseUrl, queuePrefix: `cwbench${Date.now()}`,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    fetch: { allowPrivate: ['127.0.0.1'], perHostConcurrency: 16, respectRobots: false },
    workers: { fetchConcurrency: 16, processConcurrency: 4, analyzeConcurrency: 4 },
  });
  domName = config.article.dom;

  // 1. Extraction alone, over the same pages, in this process.
  peakRss = 0;
  const reader = createArticleReader(config.article);
  for (let i = 0; i < Math.min(40, N); i++) await reader.read(pageFor(i), `${base}/p/${i}`).catch(() => {});
  const extractCpuStart = process.cpuUsage();
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
  const extractCpu = cpuSeconds(process.cpuUsage(extractCpuStart));
  await reader.close();
  const extractRss = peakRss;

  // 2. End to end: feeds → items → pages → articles → claims, through the queues.
  const store = await openStore(config);
  const queues = createQueues(config);
  const ctx: Context = { config, store, db: store.db, log: silentLogger, queues };
  const tools = createTools(config);
  const stageSeconds: Record<string, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0]));
  const jobsDone: Record<string, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0]));
  let stalled = 0;
  let reads = 0;
  const read = tools.reader.read;
  tools.reader.read = (html, url) => { reads++; return read(html, url); };
  const workers = startWorkers(ctx, tools, QUEUE_NAMES);
  for (const w of workers.workers) {
    w.on('completed', (job) => {
      jobsDone[w.name]++;
      stageSeconds[w.name] += ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000;
    });
    w.on('stalled', () => { stalled++; });
  }
  const e2eCpuStart = process.cpuUsage();
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
  const e2eCpu = cpuSeconds(process.cpuUsage(e2eCpuStart));
  const byStatus = await ctx.db.select({ status: articles.status, n: count() }).from(articles).groupBy(articles.status);
  const failed = await Promise.all(QUEUE_NAMES.map(async (q) => [q, await queues[q].getFailedCount()] as const));

  await workers.close();
  await tools.close();
  await queues.close();
  await store.close();
  const redis = new Redis(config.redisUrl);
  const keys = await redis.keys(`${config.queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
  return { extractSeconds, extractCpu, extractRss, e2eSeconds, e2eCpu, peakRss, byStatus, stageSeconds, jobsDone, failed, reads, stalled };
}

let domName = '';
const rounds: Round[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  const round = await runRound(r);
  rounds.push(round);
  const ratio = (round.extractSeconds / round.e2eSeconds) * 100;
  console.error(`round ${r}/${ROUNDS}: extraction alone ${rate(round.extractSeconds)} pages/s, end to end ${rate(round.e2eSeconds)} pages/s, ${ratio.toFixed(0)}%`);
}
clearInterval(sampler);
site.kill('SIGTERM');

// The median round by ratio speaks for the run; every round is listed.
const ratioOf = (r: Round) => r.extractSeconds / r.e2eSeconds;
const median = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(rounds.length / 2)];
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const work = Object.values(median.stageSeconds).reduce((a, b) => a + b, 0);
console.log(`pipeline bench: N=${N} pages (${pages.length} distinct, repeated), ${FEEDS} feeds, store=${args.store}, dom=${domName}, ${ROUNDS} round(s)`);
console.log('round  extraction alone   end to end         ratio   CPU s (extraction / end to end, this process)');
rounds.forEach((r, i) => {
  console.log(`${String(i + 1).padStart(5)}  ${rate(r.extractSeconds).padStart(6)} pages/s    ${rate(r.e2eSeconds).padStart(6)} pages/s    ${pct(ratioOf(r)).padStart(4)}    ${r.extractCpu.toFixed(1)} / ${r.e2eCpu.toFixed(1)}`);
});
console.log(`median round (${rounds.indexOf(median) + 1}):`);
console.log(`extraction alone : ${rate(median.extractSeconds)} pages/s (${median.extractSeconds.toFixed(1)} s)`);
console.log(`end to end       : ${rate(median.e2eSeconds)} pages/s (${median.e2eSeconds.toFixed(1)} s)`);
console.log(`ratio            : ${pct(ratioOf(median))} of extraction alone`);
// Memory a round does not give back shows in the next one, so the first round's extraction is the clean figure.
console.log(`peak RSS         : ${mb(rounds[0].extractRss)} during extraction alone (round 1), ${mb(Math.max(...rounds.map((r) => r.peakRss)))} over the run`);
console.log(`articles         : ${median.byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}`);
console.log('job time by stage (summed over concurrent jobs):');
for (const q of QUEUE_NAMES) {
  const secs = median.stageSeconds[q];
  if (secs > 0) console.log(`  ${q.padEnd(8)} ${secs.toFixed(1).padStart(7)} s  ${((secs / work) * 100).toFixed(0).padStart(3)}%`);
}
console.log(`jobs done        : ${QUEUE_NAMES.map((q) => `${q} ${median.jobsDone[q]}`).join(', ')}; pages read ${median.reads}; stalled ${median.stalled}`);
console.log(`failed jobs      : ${median.failed.map(([q, n]) => `${q} ${n}`).join(', ')}`);
process.exit(0);
