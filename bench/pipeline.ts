// bench/pipeline: the 181 benchmark pages, repeated to N, served with their
// feeds from a local server and run through the real workers (real Redis, a
// real store). Prints pages per second end to end, the same figure for
// extraction alone over the same pages in the same run, their ratio, peak
// memory, and where the CPU goes.
//
// The machines it runs on share their host, so a figure drifts by a tenth from
// one minute to the next. Each round therefore measures extraction alone and
// end to end back to back, and the ratio reported is the median round's. Each
// phase runs in a fresh process of its own, so neither inherits the other's
// heap, and the order alternates from round to round, so neither always goes
// first.
//
// With --workers K (PostgreSQL only), K `claimwatch worker` processes run every
// stage beside the end-to-end phase's own workers (the service process),
// against the same Redis and PostgreSQL, and the jobs each process ran and
// the CPU it spent are printed per process.
//
//   npx tsx bench/pipeline.ts [--n 2000] [--rounds 3] [--store postgres|embedded] [--feeds 20] [--workers 0|1|2] [--profile DIR]
import { readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { count } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { createArticleReader } from '../src/article/index.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { benchPagesDir, packageRoot } from '../src/paths.js';
import { createQueues, QUEUE_NAMES } from '../src/queues.js';
import { openStore } from '../src/store/db.js';
import { createScratchDatabase } from '../src/store/scratch.js';
import { articles } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { createTools } from '../src/tools.js';
import { startWorkers } from '../src/workers/index.js';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    store: { type: 'string', default: 'postgres' },
    feeds: { type: 'string', default: '20' },
    workers: { type: 'string', default: '0' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'string' },
    pages: { type: 'string', default: join(benchPagesDir, 'html') },
    // Set by the bench for the processes it starts.
    phase: { type: 'string' },
    site: { type: 'string' },
    'site-pid': { type: 'string' },
    round: { type: 'string' },
  },
});
const N = Number(args.n);
const FEEDS = Number(args.feeds);
const ROUNDS = Number(args.rounds);
const WORKERS = Number(args.workers);
if (WORKERS > 0 && args.store !== 'postgres') throw new Error('--workers needs --store postgres: worker processes on other machines share a PostgreSQL server');

interface Extraction { seconds: number; cpu: number; faults: number; peakRss: number; dom: string }
interface EndToEnd {
  seconds: number;
  /** CPU seconds by where they were spent: this process's main thread, its reader threads, and the processes beside it. */
  cpu: { main: number; readers: number; postgres: number; redis: number; site: number };
  faults: number;
  peakRss: number;
  byStatus: { status: string; n: number }[];
  stageSeconds: Record<string, number>;
  jobsDone: Record<string, number>;
  failed: [string, number][];
  reads: number;
  stalled: number;
  /** Per process (the phase's own first, then the `claimwatch worker` ones): jobs run by stage and CPU seconds. */
  processes: { name: string; cpu: number; jobs: Record<string, number> }[];
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

// The bench's settings, as environment variables: the worker processes read them the way an operator's would.
const BENCH_ENV = {
  FETCH_ALLOW_PRIVATE: '127.0.0.1', FETCH_PER_HOST_CONCURRENCY: '16', FETCH_RESPECT_ROBOTS: 'false',
  FETCH_CONCURRENCY: '16', PROCESS_CONCURRENCY: '4', ANALYZE_CONCURRENCY: '4',
};

function settings(dataDir: string, databaseUrl: string | undefined): Config {
  return loadConfig({
    ...BENCH_ENV, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, QUEUE_PREFIX: `cwbench${Date.now()}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
}

/** `claimwatch worker` processes on every stage, started from the source as `npm run claimwatch` does. */
async function startWorkerProcesses(config: Config, queues: ReturnType<typeof createQueues>): Promise<ChildProcess[]> {
  const children = Array.from({ length: WORKERS }, () => spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'src', 'cli.ts'), 'worker', '--queues', QUEUE_NAMES.join(',')], {
    cwd: packageRoot,
    env: {
      ...process.env, ...BENCH_ENV, DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, REDIS_AUTOSTART: 'false',
      QUEUE_PREFIX: config.queuePrefix, WORKER_METRICS_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', CLAIMWATCH_CONFIG: '/dev/null',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  }));
  // Ready when every process has a worker on the last stage it starts.
  for (let i = 0; (await queues.deliver.getWorkers()).length < WORKERS + 1; i++) {
    if (i > 1200 || children.some((c) => c.exitCode !== null)) throw new Error('the worker processes did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return children;
}

function loadPages(): string[] {
  const files = readdirSync(args.pages!).filter((f) => f.endsWith('.html.gz')).sort();
  if (files.length === 0) throw new Error(`no benchmark pages in ${args.pages}`);
  return files.map((f) => gunzipSync(readFileSync(join(args.pages!, f))).toString('utf8'));
}

function rssSampler(): { peak(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

// Linux /proc: this process's main thread apart from its reader threads, and the
// PostgreSQL backends, Redis and the site, which share the cores with the pipeline.
function statSeconds(path: string): number {
  const f = readFileSync(path, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function otherProcesses(sitePid: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = pid === sitePid ? 'site' : comm === 'postgres' ? 'postgres' : comm.startsWith('redis-server') ? 'redis' : null;
      if (name) out.set(`${name}:${pid}`, statSeconds(`/proc/${pid}/stat`));
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/** With --profile DIR, the main thread's CPU profile of each end-to-end phase (open it in Chrome's DevTools). */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(args.profile!, { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// ---- the two phases, each run in a process of its own ----

async function extractionAlone(base: string): Promise<Extraction> {
  const pages = loadPages();
  const config = settings(mkdtempSync(join(tmpdir(), 'cw-bench-')), undefined);
  const reader = createArticleReader(config.article);
  // Warm: threads started, code compiled.
  for (let i = 0; i < Math.min(40, N); i++) await reader.read(pages[i % pages.length], `${base}/p/${i}`).catch(() => {});
  const rss = rssSampler();
  const faults = process.resourceUsage().minorPageFault;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let inFlight = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (next >= N && inFlight === 0) return resolve();
      while (inFlight < 4 && next < N) {
        const i = next++;
        inFlight++;
        reader.read(pages[i % pages.length], `${base}/p/${i}`).catch(() => {}).finally(() => { inFlight--; pump(); });
      }
    };
    pump();
  });
  const result = {
    seconds: (performance.now() - start) / 1000,
    cpu: cpuSeconds(process.cpuUsage(cpu)),
    faults: process.resourceUsage().minorPageFault - faults,
    peakRss: rss.peak(),
    dom: config.article.dom,
  };
  rss.stop();
  await reader.close();
  return result;
}

async function freshDatabase(round: number): Promise<{ url?: string; drop: () => Promise<void> }> {
  if (args.store !== 'postgres') return { drop: async () => {} };
  return createScratchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', `cw_bench_${Date.now()}_${round}`);
}

async function endToEnd(base: string, sitePid: string, round: number): Promise<EndToEnd> {
  const pages = loadPages();
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
  const db = await freshDatabase(round);
  const config = settings(dataDir, db.url);
  const store = await openStore(config);
  const queues = createQueues(config);
  const ctx: Context = { config, store, db: store.db, log: silentLogger, queues };
  const tools = createTools(config);
  // Its reader threads start warm, as extraction alone's did.
  for (let i = 0; i < Math.min(40, N); i++) await tools.reader.read(pages[i % pages.length], `${base}/p/${i}`).catch(() => {});
  const stageSeconds: Record<string, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0]));
  const jobsDone: Record<string, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0]));
  let stalled = 0;
  let reads = 0;
  const read = tools.reader.read;
  tools.reader.read = (html, url) => { reads++; return read(html, url); };
  const workers = startWorkers(ctx, tools, QUEUE_NAMES);
  const children = WORKERS > 0 ? await startWorkerProcesses(config, queues) : [];
  const childCpu = children.map((c) => statSeconds(`/proc/${c.pid}/stat`));
  for (const w of workers.workers) {
    w.on('completed', (job) => {
      jobsDone[w.name]++;
      stageSeconds[w.name] += ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000;
    });
    w.on('stalled', () => { stalled++; });
  }
  const profiler = args.profile ? await startProfile() : null;
  const rss = rssSampler();
  const faults = process.resourceUsage().minorPageFault;
  const cpu = process.cpuUsage();
  const main = statSeconds(`/proc/self/task/${process.pid}/stat`);
  const others = otherProcesses(sitePid);
  const start = performance.now();
  for (let k = 0; k < FEEDS; k++) await addFeed(ctx, { url: `${base}/feed/${k}.xml`, intervalSeconds: 86_400 });
  for (;;) {
    const counts = await Promise.all((['fetch', 'process', 'analyze'] as const).map((q) => queues[q].getJobCounts('waiting', 'active', 'delayed')));
    const busy = counts.reduce((a, c) => a + c.waiting + c.active + c.delayed, 0);
    const [{ n }] = await ctx.db.select({ n: count() }).from(articles);
    if (n >= N && busy === 0) break;
    if (performance.now() - start > 30 * 60_000) throw new Error(`stuck at ${n} of ${N} articles`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - start) / 1000;
  const total = cpuSeconds(process.cpuUsage(cpu));
  const mainSeconds = statSeconds(`/proc/self/task/${process.pid}/stat`) - main;
  const childSeconds = children.map((c, i) => statSeconds(`/proc/${c.pid}/stat`) - childCpu[i]);
  const sums = { postgres: 0, redis: 0, site: 0 };
  for (const [key, secs] of otherProcesses(sitePid)) sums[key.split(':')[0] as keyof typeof sums] += secs - (others.get(key) ?? 0);
  const faultCount = process.resourceUsage().minorPageFault - faults;
  const peakRss = rss.peak();
  rss.stop();
  if (profiler) await profiler.stop(join(args.profile!, `pipeline-round${round}.cpuprofile`));
  const byStatus = await ctx.db.select({ status: articles.status, n: count() }).from(articles).groupBy(articles.status);
  const failed = await Promise.all(QUEUE_NAMES.map(async (q) => [q, await queues[q].getFailedCount()] as [string, number]));
  // Which process ran each job: workers are named host:pid.
  const names = new Map([[process.pid, 'service'], ...children.map((c, i) => [c.pid!, `worker ${i + 1}`] as [number, string])]);
  const processes = [process.pid, ...children.map((c) => c.pid!)].map((pid, i) => ({
    name: names.get(pid)!, cpu: i === 0 ? total : childSeconds[i - 1], jobs: Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0])) as Record<string, number>,
  }));
  for (const q of QUEUE_NAMES) {
    for (const job of await queues[q].getCompleted(0, -1)) {
      const pid = Number(String(job.processedBy ?? '').split(':').pop());
      const entry = processes.find((p) => p.name === names.get(pid));
      if (entry) entry.jobs[q]++;
    }
  }
  await Promise.all(children.map((c) => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve(null);
    c.once('exit', resolve);
    c.kill('SIGTERM');
  })));

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
  return {
    seconds, cpu: { main: mainSeconds, readers: total - mainSeconds, ...sums }, faults: faultCount, peakRss,
    byStatus, stageSeconds, jobsDone, failed, reads, stalled, processes,
  };
}

if (args.phase) {
  const result = args.phase === 'extract'
    ? await extractionAlone(args.site!)
    : await endToEnd(args.site!, args['site-pid']!, Number(args.round));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---- the bench: a site, then rounds of both phases ----

// The site runs in a process of its own, as the outside world would.
const site = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench', 'site.ts'), args.pages!, String(N), String(FEEDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve) => site.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));

function runPhase<T>(phase: 'extract' | 'e2e', round: number): Promise<T> {
  const argv = [
    '--import', 'tsx', join(packageRoot, 'bench', 'pipeline.ts'), '--phase', phase, '--site', base, '--site-pid', String(site.pid),
    '--round', String(round), '--n', String(N), '--feeds', String(FEEDS), '--store', args.store!, '--pages', args.pages!, '--workers', String(WORKERS),
    ...(args.profile ? ['--profile', args.profile] : []),
  ];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as T);
      else reject(new Error(`the ${phase} phase of round ${round} exited with code ${code}`));
    });
  });
}

interface Round { extract: Extraction; e2e: EndToEnd }
const rounds: Round[] = [];
const rate = (s: number) => (N / s).toFixed(1);
const ms = (secs: number) => ((secs / N) * 1000).toFixed(1);
for (let r = 1; r <= ROUNDS; r++) {
  let extract: Extraction;
  let e2e: EndToEnd;
  if (r % 2 === 1) {
    extract = await runPhase<Extraction>('extract', r);
    e2e = await runPhase<EndToEnd>('e2e', r);
  } else {
    e2e = await runPhase<EndToEnd>('e2e', r);
    extract = await runPhase<Extraction>('extract', r);
  }
  rounds.push({ extract, e2e });
  console.error(`round ${r}/${ROUNDS}: extraction alone ${rate(extract.seconds)} pages/s, end to end ${rate(e2e.seconds)} pages/s, ${((extract.seconds / e2e.seconds) * 100).toFixed(0)}%`);
}
site.kill('SIGTERM');

// The median round by ratio speaks for the run; every round is listed.
const ratioOf = (r: Round) => r.extract.seconds / r.e2e.seconds;
const median = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(rounds.length / 2)];
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const e2eCpu = (c: EndToEnd['cpu']) => c.main + c.readers + c.postgres + c.redis + c.site;
console.log(`pipeline bench: N=${N} pages (${loadPages().length} distinct, repeated), ${FEEDS} feeds, store=${args.store}, dom=${median.extract.dom}, ${ROUNDS} round(s), each phase in a fresh process${WORKERS ? `, end to end split over the service process and ${WORKERS} claimwatch worker process(es)` : ''}`);
console.log('round  first  extraction alone   end to end        ratio   CPU ms/page: extraction | end to end = readers + main + postgres + redis + site');
rounds.forEach((r, i) => {
  const c = r.e2e.cpu;
  console.log(`${String(i + 1).padStart(5)}  ${(i % 2 === 0 ? 'extr' : 'e2e').padEnd(5)}  ${rate(r.extract.seconds).padStart(6)} pages/s    ${rate(r.e2e.seconds).padStart(6)} pages/s   ${pct(ratioOf(r)).padStart(4)}    ${ms(r.extract.cpu)} | ${ms(e2eCpu(c))} = ${ms(c.readers)} + ${ms(c.main)} + ${ms(c.postgres)} + ${ms(c.redis)} + ${ms(c.site)}`);
});
console.log(`median round (${rounds.indexOf(median) + 1}):`);
console.log(`extraction alone : ${rate(median.extract.seconds)} pages/s (${median.extract.seconds.toFixed(1)} s)`);
console.log(`end to end       : ${rate(median.e2e.seconds)} pages/s (${median.e2e.seconds.toFixed(1)} s)`);
console.log(`ratio            : ${pct(ratioOf(median))} of extraction alone`);
console.log(`peak RSS         : ${mb(Math.max(...rounds.map((r) => r.extract.peakRss)))} extracting alone, ${mb(Math.max(...rounds.map((r) => r.e2e.peakRss)))} end to end (most over the rounds)`);
console.log(`page faults/page : ${(median.extract.faults / N).toFixed(0)} extracting alone, ${(median.e2e.faults / N).toFixed(0)} end to end`);
console.log(`articles         : ${median.e2e.byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}`);
const work = Object.values(median.e2e.stageSeconds).reduce((a, b) => a + b, 0);
console.log('job time by stage (summed over concurrent jobs):');
for (const q of QUEUE_NAMES) {
  const secs = median.e2e.stageSeconds[q];
  if (secs > 0) console.log(`  ${q.padEnd(8)} ${secs.toFixed(1).padStart(7)} s  ${((secs / work) * 100).toFixed(0).padStart(3)}%`);
}
console.log(`jobs done        : ${QUEUE_NAMES.map((q) => `${q} ${median.e2e.jobsDone[q]}`).join(', ')}; pages read ${median.e2e.reads}; stalled ${median.e2e.stalled}`);
console.log(`failed jobs      : ${median.e2e.failed.map(([q, n]) => `${q} ${n}`).join(', ')}`);
if (WORKERS > 0) {
  console.log('per process (median round): jobs run by stage, pages/s it processed, CPU (main and reader threads together)');
  for (const proc of median.e2e.processes) {
    console.log(`  ${proc.name.padEnd(9)} ${QUEUE_NAMES.map((q) => `${q} ${proc.jobs[q]}`).join(', ')}; ${(proc.jobs.process / median.e2e.seconds).toFixed(1)} pages/s; CPU ${proc.cpu.toFixed(1)} s (${((proc.cpu / proc.jobs.process) * 1000 || 0).toFixed(1)} ms/page)`);
  }
}
process.exit(0);
