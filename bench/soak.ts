// bench/soak: `claimwatch start` as an operator runs it, for N minutes, with
// its resident memory read every few seconds. A fresh store (a temporary data
// folder, or a scratch PostgreSQL database), then three phases:
//   1. start and idle: migrations, the seed corpus, then nothing to do
//      (the first start's high-water mark, and the idle figure after seeding);
//   2. work: a local site (bench/site.ts) whose feeds keep publishing the
//      benchmark pages of corpus/article-extraction, polled every minute;
//   3. quiet: the site stops publishing; the queues drain, then the service
//      idles (growth after the work is done).
// Prints a line a minute, then the figures. Memory is the whole process tree's
// (npm, tsx and the service: what `ps` shows an operator) and the service
// process's own, read from /proc.
//
//   npx tsx bench/soak.ts [--minutes 30] [--store embedded|postgres] [--run npm|tsx|built]
//                         [--idle-minutes 3] [--quiet-minutes 10] [--feeds 10] [--per-minute 100]
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { benchPagesDir, packageRoot } from '../src/paths.js';
import { createScratchDatabase } from '../src/store/scratch.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    store: { type: 'string', default: 'embedded' },
    run: { type: 'string', default: 'npm' },
    'idle-minutes': { type: 'string', default: '3' },
    'quiet-minutes': { type: 'string', default: '10' },
    feeds: { type: 'string', default: '10' },
    'per-minute': { type: 'string', default: '100' },
    pages: { type: 'string', default: join(benchPagesDir, 'html') },
  },
});
const MINUTES = Number(args.minutes);
const IDLE = Number(args['idle-minutes']);
const QUIET = Number(args['quiet-minutes']);
const WORK = MINUTES - IDLE - QUIET;
const FEEDS = Number(args.feeds);
const PER_MINUTE = Number(args['per-minute']);
if (!['embedded', 'postgres'].includes(args.store!)) throw new Error('--store is embedded or postgres');
if (!['npm', 'tsx', 'built'].includes(args.run!)) throw new Error('--run is npm, tsx or built');
if (!(WORK > 0)) throw new Error(`--minutes ${MINUTES} leaves no time to work after ${IDLE} idle and before ${QUIET} quiet minutes`);
if (args.run === 'built' && !existsSync(join(packageRoot, 'dist', 'src', 'cli.js'))) throw new Error('--run built needs `npm run build` first');

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

// ---- memory from /proc ----

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return []; }
}
function tree(pid: number): number[] {
  return [pid, ...children(pid).flatMap(tree)];
}
function status(pid: number): { rss: number; hwm: number; cmd: string } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0) * 1024;
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), cmd };
  } catch { return { rss: 0, hwm: 0, cmd: '' }; }
}
interface Sample { t: number; total: number; service: number; serviceHwm: number }
/** The tree's RSS, and the service process's (the one running cli.js/cli.ts start, not npm or tsx's launcher). */
function sample(root: number, t: number): Sample {
  let total = 0;
  let service = { rss: 0, hwm: 0 };
  for (const pid of tree(root)) {
    const s = status(pid);
    total += s.rss;
    if (/cli\.[tj]s start/.test(s.cmd) && /--import|--require|\.js start|loader/.test(s.cmd) && s.rss >= service.rss) service = s;
  }
  return { t, total, service: service.rss, serviceHwm: service.hwm };
}

// ---- the service's own figures, from its /metrics ----

async function metrics(port: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) {
      const m = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
      if (!m) continue;
      const key = m[1] + (m[2] ?? '');
      out.set(key, Number(m[3]));
    }
  } catch { /* not up yet, or going down */ }
  return out;
}
const sum = (m: Map<string, number>, prefix: string, filter: (key: string) => boolean = () => true) =>
  [...m].filter(([k]) => k.startsWith(prefix) && filter(k)).reduce((a, [, v]) => a + v, 0);
const busyJobs = (m: Map<string, number>) => sum(m, 'claimwatch_queue_jobs', (k) => /state="(waiting|active|delayed|prioritized)"/.test(k) && !/queue="poll"/.test(k));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as import('node:net').AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---- the run ----

const stamp = Date.now();
const dataDir = mkdtempSync(join(tmpdir(), 'cw-soak-'));
const prefix = `cwsoak${stamp}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const db = args.store === 'postgres'
  ? await createScratchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', `cw_soak_${stamp}`)
  : null;
const port = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  QUEUE_PREFIX: prefix,
  REDIS_URL: redisUrl,
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  DASHBOARD_PORT: String(port),
  FETCH_ALLOW_PRIVATE: '127.0.0.1',
  FETCH_RESPECT_ROBOTS: 'false',
  FEED_MIN_INTERVAL_SECONDS: '60',
  FEED_DEFAULT_INTERVAL_SECONDS: '60',
  WORKER_METRICS_PORT: '0',
};
if (db) env.DATABASE_URL = db.url; else delete env.DATABASE_URL;

const command: [string, string[]] = args.run === 'npm' ? ['npm', ['start', '--silent']]
  : args.run === 'tsx' ? [process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start']]
    : [process.execPath, ['dist/src/cli.js', 'start']];
const service = spawn(command[0], command[1], { cwd: packageRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
let serviceErr = '';
service.stderr!.on('data', (d: Buffer) => { serviceErr = (serviceErr + d.toString()).slice(-4000); });
let exited = false;
service.on('exit', () => { exited = true; });

const start = performance.now();
const minutesNow = () => (performance.now() - start) / 60_000;
const samples: Sample[] = [];
let peak: Sample = { t: 0, total: 0, service: 0, serviceHwm: 0 };
const sampler = setInterval(() => {
  if (exited) return;
  const s = sample(service.pid!, minutesNow());
  samples.push(s);
  if (s.total > peak.total) peak = s;
}, 1000);

let site: ChildProcess | null = null;
async function cleanUp(): Promise<void> {
  clearInterval(sampler);
  if (!exited) {
    // npm passes the signal on; SIGTERM the whole tree to be sure, and wait for all of it
    // (the service still writes to Redis while it drains).
    const pids = tree(service.pid!);
    for (const pid of [...pids].reverse()) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
    const alive = () => pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
    for (let i = 0; i < 60 && alive().length; i++) await new Promise((r) => setTimeout(r, 500));
  }
  site?.kill('SIGTERM');
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
// Stopped early (Ctrl-C): the service, the site and the scratch store go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { void cleanUp().finally(() => process.exit(130)); });
const fail = async (message: string) => {
  await cleanUp();
  process.stderr.write(`soak: ${message}\n${serviceErr}\n`);
  process.exit(1);
};

// Ready when the dashboard answers /readyz (after migrations and seeding).
for (;;) {
  if (exited) await fail('the service exited while starting');
  try {
    if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
  } catch { /* not listening yet */ }
  if (minutesNow() > 10) await fail('not ready after 10 minutes');
  await new Promise((r) => setTimeout(r, 250));
}
const readyAt = minutesNow();
console.log(`soak: store=${args.store}, run=${args.run} (${command[0] === 'npm' ? 'npm start' : command[1].join(' ')}), ${MINUTES} min: ${IDLE} idle, ${WORK} publishing ${PER_MINUTE} pages/min on ${FEEDS} feeds, ${QUIET} quiet; node ${process.version}`);
console.log(`ready (migrated, seeded, dashboard up) after ${(readyAt * 60).toFixed(1)} s`);
console.log(' min  phase      RSS tree  service  heap used  external  articles  jobs queued');

let phase = 'idle';
const lines: { minute: number; phase: string; rss: number }[] = [];
let workDoneAt: number | null = null;
let idleRss = 0;
let startHighWater = 0;

async function startWork(): Promise<void> {
  site = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench', 'site.ts'), args.pages!, '181', String(FEEDS), String(PER_MINUTE), String(WORK)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve) => site!.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const opml = join(dataDir, 'soak.opml');
  const outlines = Array.from({ length: FEEDS }, (_, k) => `<outline type="rss" text="soak ${k}" xmlUrl="${base}/feed/${k}.xml"/>`).join('');
  writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>soak</title></head><body>${outlines}</body></opml>`);
  const cli = args.run === 'built' ? ['dist/src/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
  execFileSync(process.execPath, [...cli, 'feeds', 'import-opml', opml], { cwd: packageRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

for (let minute = 1; minute <= MINUTES; minute++) {
  while (minutesNow() < minute) {
    if (exited) await fail(`the service exited in minute ${minute}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const m = await metrics(port);
  const last = samples[samples.length - 1];
  const articles = sum(m, 'claimwatch_articles_total');
  const queued = busyJobs(m);
  if (minute === IDLE) {
    idleRss = last.total;
    startHighWater = Math.max(...samples.map((s) => s.total));
  }
  if (phase === 'quiet' && workDoneAt === null && queued === 0) workDoneAt = minute;
  lines.push({ minute, phase, rss: last.total });
  console.log(`${String(minute).padStart(4)}  ${phase.padEnd(9)} ${mb(last.total).padStart(8)}  ${mb(last.service).padStart(7)}  ${mb(m.get('nodejs_heap_size_used_bytes') ?? 0).padStart(9)}  ${mb(m.get('nodejs_external_memory_bytes') ?? 0).padStart(8)}  ${String(articles).padStart(8)}  ${String(queued).padStart(11)}`);
  if (minute === IDLE) { await startWork(); phase = 'work'; }
  if (minute === IDLE + WORK) phase = 'quiet';
}

const lastSample = samples[samples.length - 1];
const m = await metrics(port);
await cleanUp();
const quiet = lines.filter((l) => l.phase === 'quiet' && workDoneAt !== null && l.minute >= workDoneAt);
const lastTen = lines.slice(-10);
console.log('');
console.log(`first start high-water : ${mb(startHighWater)} (process tree, the first ${IDLE} minutes: migrations, seeding, idle)`);
console.log(`idle after seeding     : ${mb(idleRss)} at minute ${IDLE}`);
console.log(`peak                   : ${mb(peak.total)} at minute ${peak.t.toFixed(1)} (service process high-water ${mb(lastSample.serviceHwm)})`);
console.log(`work done (queues empty): ${workDoneAt === null ? 'never: still queued at the end' : `minute ${workDoneAt}`}`);
if (quiet.length >= 2) console.log(`growth after the work  : ${mb(quiet[quiet.length - 1].rss - quiet[0].rss)} (minute ${quiet[0].minute} ${mb(quiet[0].rss)} → minute ${quiet[quiet.length - 1].minute} ${mb(quiet[quiet.length - 1].rss)})`);
console.log(`last ${lastTen.length} minutes          : ${mb(Math.min(...lastTen.map((l) => l.rss)))} to ${mb(Math.max(...lastTen.map((l) => l.rss)))}, ${mb(lastTen[lastTen.length - 1].rss - lastTen[0].rss)} from first to last`);
console.log(`articles               : ${[...m].filter(([k]) => k.startsWith('claimwatch_articles_total')).map(([k, v]) => `${/status="(\w+)"/.exec(k)?.[1]} ${v}`).join(', ')}`);
console.log(`failed jobs            : ${sum(m, 'claimwatch_queue_jobs', (k) => k.includes('state="failed"'))}`);
process.exit(0);
