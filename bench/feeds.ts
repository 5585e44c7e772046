// bench/feeds: many feeds. Subscribes --feeds feeds (100,000) through an OPML
// import, all on a local site (127.0.0.1, in a process of its own) that
// answers most polls with 304 and some with a new item, then runs the service
// (every stage and the dashboard, as `claimwatch start` does) for --minutes
// and prints:
//   - polls per second run against polls due, minute by minute;
//   - how late polls ran after they were due (the latest, p50, p99), and the
//     polls due but not run at the end;
//   - Redis memory per feed (after the import and at the end), on a Redis of
//     the bench's own (started by the service on a free port, as a newcomer's
//     is), so nobody else's keys count;
//   - the store's size, the OPML import's time, the service's start at that
//     size, and the dashboard's /feeds page times at that size.
//
// The window starts at the import. A feed's first poll cannot be answered
// 304 (it has no ETag yet), and at an hourly interval each feed is polled once
// in 15 minutes; so the bench starts the feeds as after their first round of
// polls (each feed's ETag known, as the site gave it), the steady state of a
// service that has run a while. --cold leaves them as imported.
//
//   npx tsx bench/feeds.ts [--feeds 100000] [--minutes 15] [--new-share 0.02] [--store postgres|embedded] [--poll-concurrency 16] [--cold]
//
// The machine is shared: the CPU each part used is printed beside the rates.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { makeConfig, type Config } from '../src/config.js';
import { buildOpml } from '../src/feed/opml.js';
import { createLogger } from '../src/log.js';
import { packageRoot } from '../src/paths.js';
import { connection } from '../src/queues.js';
import { openRuntime } from '../src/runtime.js';
import { startService } from '../src/service.js';
import { createScratchDatabase } from '../src/store/scratch.js';
import { syncSchedulers } from '../src/subscriptions.js';
import { QUEUE_NAMES } from '../src/queues.js';

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '100000' },
    minutes: { type: 'string', default: '15' },
    'new-share': { type: 'string', default: '0.02' },
    store: { type: 'string', default: 'postgres' },
    'poll-concurrency': { type: 'string', default: '16' },
    cold: { type: 'boolean', default: false },
    // Set by the bench for the site's process.
    site: { type: 'boolean', default: false },
  },
});
const N = Number(args.feeds);
const MINUTES = Number(args.minutes);
const NEW_SHARE = Number(args['new-share']);

// ---- the site: /f/<k>.xml and the articles they list ----

function runSite(): void {
  // A feed's version moves when it publishes; its ETag names the version.
  const version = new Map<number, number>();
  const published = new Map<number, number[]>();
  const article = (k: number, j: number) => `<!doctype html><html><head><title>Feed ${k} story ${j}</title></head><body>
<article><h1>Feed ${k} story ${j}</h1>${Array.from({ length: 6 }, (_, p) => `<p>Paragraph ${p} of story ${j} from feed ${k}: the council met on
Tuesday and ${k * 7 + j * 13 + p} residents came to hear about the new bus lanes, the library hours and the budget for the
coming year, which the mayor said would hold steady despite rising costs of ${p + 2} percent.</p>`).join('\n')}</article></body></html>`;
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const feed = /^\/f\/(\d+)\.xml$/.exec(url);
    if (feed) {
      const k = Number(feed[1]);
      let v = version.get(k) ?? 0;
      if (req.headers['if-none-match'] === `"${k}-${v}"`) {
        if (Math.random() >= NEW_SHARE) {
          res.writeHead(304, { etag: `"${k}-${v}"` }).end();
          return;
        }
        v++;
        version.set(k, v);
        published.set(k, [...(published.get(k) ?? []), Date.now()].slice(-3));
      }
      const times = published.get(k) ?? [];
      const items = times.map((t, i) => {
        const j = v - times.length + 1 + i;
        return `<item><title>Story ${j}</title><link>http://${req.headers.host}/a/${k}-${j}</link><guid>${k}-${j}</guid><pubDate>${new Date(t).toUTCString()}</pubDate></item>`;
      });
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: `"${k}-${v}"` });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${k}</title><link>http://${req.headers.host}/</link><description>bench</description>${items.join('')}</channel></rss>`);
      return;
    }
    const page = /^\/a\/(\d+)-(\d+)$/.exec(url);
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(Number(page[1]), Number(page[2])));
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// ---- the bench ----

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as import('node:net').AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function cpuOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch { return 0; }
}
function postgresCpu(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres') sum += cpuOf(Number(pid));
    } catch { /* gone */ }
  }
  return sum;
}
function duBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    sum += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return sum;
}
async function redisMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const pct = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `claimwatch feeds import-opml`, in a process of its own as an operator runs it beside the service. */
async function importOpml(config: Config, file: string): Promise<{ added: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'src', 'cli.ts'), 'feeds', 'import-opml', file], {
    cwd: packageRoot,
    env: {
      ...process.env, CLAIMWATCH_CONFIG: '/dev/null', DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl ?? '',
      REDIS_URL: config.redisUrl, QUEUE_PREFIX: config.queuePrefix, LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const added = /^(\d+) feeds added/m.exec(out);
  if (code !== 0 || !added) throw new Error(`claimwatch feeds import-opml exited with ${code}: ${out.trim()}`);
  return { added: Number(added[1]) };
}

async function bench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-feeds-'));
  const database = args.store === 'postgres'
    ? await createScratchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', `cw_feeds_${Date.now()}`)
    : null;
  const site = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'bench', 'feeds.ts'), '--site', '--new-share', String(NEW_SHARE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Whatever happens, the site and the bench's Redis and database go with the bench.
  let cleanup = async () => { site.kill('SIGTERM'); await database?.drop().catch(() => {}); rmSync(dataDir, { recursive: true, force: true }); };
  process.on('exit', () => site.kill('SIGTERM'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanup().finally(() => process.exit(1)); });
  try {
    await measure(site, dataDir, database, (more) => { const before = cleanup; cleanup = async () => { await more(); await before(); }; });
  } finally {
    await cleanup();
  }
  process.exit(0);
}

async function measure(
  site: import('node:child_process').ChildProcess, dataDir: string, database: { url: string } | null,
  onCleanup: (fn: () => Promise<void>) => void,
): Promise<void> {
  const base = await new Promise<string>((resolve) => site.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const config: Config = makeConfig({
    dataDir, databaseUrl: database?.url, redisUrl: `redis://127.0.0.1:${await freePort()}`, redisAutostart: true,
    logLevel: 'warn', logFormat: 'json',
    // One local host stands for a hundred thousand publishers: it gets the lanes they would have between them.
    fetch: { allowPrivate: ['127.0.0.1'], respectRobots: false, perHostConcurrency: 16 },
    workers: { pollConcurrency: Number(args['poll-concurrency']) },
    dashboard: { port: await freePort() },
  });
  const log = createLogger(config);
  const rt = await openRuntime(config, log, { redis: 'start' });
  onCleanup(() => rt.close());
  const redis = new Redis(config.redisUrl);
  onCleanup(async () => redis.disconnect());
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))![1]);
  const redisBefore = await redisMemory(redis);

  // Every poll's lateness: its job id ends with the time it was due; the event stream says when it started.
  const events = new QueueEvents('poll', { connection: connection(config), prefix: config.queuePrefix });
  await events.waitUntilReady();
  onCleanup(() => events.close());
  const runs: { due: number; at: number }[] = [];
  events.on('active', ({ jobId }, id) => {
    const due = Number(jobId.split(':').pop());
    if (jobId.startsWith('repeat:') && Number.isFinite(due)) runs.push({ due, at: Number(id.split('-')[0]) });
  });

  // The service runs, then the operator imports the OPML file as `claimwatch feeds import-opml` does.
  await startService(rt, { dashboard: true, seed: false, queues: QUEUE_NAMES });
  const opmlPath = join(dataDir, 'feeds.opml');
  writeFileSync(opmlPath, buildOpml(Array.from({ length: N }, (_, k) => ({ url: `${base}/f/${k}.xml`, title: `Feed ${k}` }))));
  const cpu0 = { main: process.cpuUsage(), redis: cpuOf(redisPid), postgres: postgresCpu(), site: cpuOf(site.pid) };
  const runStart = Date.now();
  const importStart = performance.now();
  const imported = await importOpml(config, opmlPath);
  const importMs = performance.now() - importStart;
  if (!args.cold) {
    await rt.ctx.db.execute(sql`update feeds set etag = '"' || substring(url from '/f/([0-9]+)[.]xml$') || '-0"'`);
  }
  const redisAfterImport = await redisMemory(redis);
  console.error(`imported ${imported.added} feeds in ${s1(importMs)}; running ${MINUTES} minutes from the import's start`);

  const endAt = runStart + MINUTES * 60_000;
  while (Date.now() < endAt) {
    await new Promise((r) => setTimeout(r, Math.min(60_000, endAt - Date.now())));
    const minute = Math.round((Date.now() - runStart) / 60_000);
    const recent = runs.filter((r) => r.at > Date.now() - 60_000);
    const worst = recent.reduce((m, r) => Math.max(m, r.at - r.due), 0);
    console.error(`minute ${minute}: ${recent.length} polls, latest ${s1(worst)} after due, ${runs.length} in all`);
  }
  const end = Date.now();
  const cpu = {
    main: (process.cpuUsage(cpu0.main).user + process.cpuUsage(cpu0.main).system) / 1e6,
    redis: cpuOf(redisPid) - cpu0.redis, postgres: postgresCpu() - cpu0.postgres, site: cpuOf(site.pid) - cpu0.site,
  };

  // Polls due by now that have not started: the overdue ones still waiting or delayed.
  const poll = rt.ctx.queues.poll;
  const pending = [...await poll.getJobs(['waiting', 'prioritized'], 0, -1), ...await poll.getDelayed(0, 5000)];
  const overdue = pending.map((j) => end - Number(String(j.id).split(':').pop())).filter((late) => late > 0);

  // What a restart does at that size: every feed's scheduler checked against the store.
  const syncStart = performance.now();
  await syncSchedulers(rt.ctx);
  const startMs = performance.now() - syncStart;

  // The dashboard at that size: the first page, one deep in, the last; five times each, the median.
  const dash = `http://${config.dashboard.host}:${config.dashboard.port}`;
  const timeGet = async (path: string) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(`${dash}${path}`);
      bytes = (await res.arrayBuffer()).byteLength;
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
    return `${(times.sort((a, b) => a - b)[2]).toFixed(0)} ms (${Math.round(bytes / 1024)} kB)`;
  };
  const pages = {
    first: await timeGet('/feeds'),
    deep: await timeGet(`/feeds?after=${Math.floor(N * 0.9)}`),
    api: await timeGet('/api/feeds?limit=500'),
    broken: await timeGet('/feeds?status=broken'),
  };

  const redisEnd = await redisMemory(redis);
  const storeBytes = database
    ? Number((await rt.ctx.db.execute<{ n: string }>(sql`select pg_database_size(current_database()) as n`)).rows[0].n)
    : duBytes(join(dataDir, 'pgdata'));
  const outcomes = (await rt.ctx.db.execute<{ outcome: string; n: string }>(sql`select outcome, count(*) as n from feed_fetches group by outcome order by 2 desc`)).rows;
  const articles = (await rt.ctx.db.execute<{ n: string }>(sql`select count(*) as n from articles`)).rows[0].n;

  const inWindow = runs.filter((r) => r.at <= end);
  const late = inWindow.map((r) => r.at - r.due).sort((a, b) => a - b);
  const minutes = Math.max(1, Math.round((end - runStart) / 60_000));
  console.log(`feeds bench: ${N} feeds, ${MINUTES} min, store=${args.store}, poll concurrency ${config.workers.pollConcurrency}, new item on ${(NEW_SHARE * 100).toFixed(0)}% of polls, ${args.cold ? 'cold (as imported)' : 'warm (ETags known)'}`);
  console.log(`OPML import       : ${s1(importMs)} for ${imported.added} feeds (${Math.round(imported.added / (importMs / 1000))} feeds/s), \`claimwatch feeds import-opml\` from its start to its exit`);
  console.log(`scheduler sync    : ${s1(startMs)} (what a restart does: every feed's scheduler checked against the store)`);
  console.log('minute  due  run  polls/s run  latest after due');
  for (let m = 0; m < minutes; m++) {
    const from = runStart + m * 60_000;
    const to = Math.min(end, from + 60_000);
    const ran = inWindow.filter((r) => r.at >= from && r.at < to);
    const due = inWindow.filter((r) => r.due >= from && r.due < to).length + overdue.filter((l) => end - l >= from && end - l < to).length;
    const worst = ran.reduce((x, r) => Math.max(x, r.at - r.due), 0);
    console.log(`${String(m + 1).padStart(6)} ${String(due).padStart(5)} ${String(ran.length).padStart(5)}  ${(ran.length / ((to - from) / 1000)).toFixed(1).padStart(6)}  ${s1(worst).padStart(9)}`);
  }
  const dueAll = inWindow.filter((r) => r.due >= runStart).length + overdue.length;
  console.log(`polls             : ${inWindow.length} run, ${(inWindow.length / ((end - runStart) / 1000)).toFixed(1)}/s; ${dueAll} due in the window, ${(dueAll / ((end - runStart) / 1000)).toFixed(1)}/s`);
  console.log(`after due         : p50 ${s1(pct(late, 0.5))}, p99 ${s1(pct(late, 0.99))}, latest ${s1(late[late.length - 1] ?? 0)}; ${late.filter((l) => l > 60_000).length} polls ran more than 1 min late`);
  console.log(`not run at the end: ${overdue.length} overdue${overdue.length ? `, the oldest ${s1(Math.max(...overdue))}` : ''}`);
  console.log(`outcomes          : ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')}; articles stored ${articles}`);
  console.log(`Redis memory      : ${mb(redisBefore)} empty, ${mb(redisAfterImport)} after import (${Math.round((redisAfterImport - redisBefore) / N)} B/feed), ${mb(redisEnd)} at the end (${Math.round((redisEnd - redisBefore) / N)} B/feed)`);
  console.log(`store size        : ${mb(storeBytes)} (${Math.round(storeBytes / N)} B/feed)`);
  console.log(`/feeds            : first page ${pages.first}; page at feed ${Math.floor(N * 0.9)} ${pages.deep}; /api/feeds?limit=500 ${pages.api}; ?status=broken ${pages.broken}`);
  const secs = (end - runStart) / 1000;
  console.log(`CPU over the run  : service ${cpu.main.toFixed(0)} s (${((cpu.main / secs) * 100).toFixed(0)}% of a core), PostgreSQL ${cpu.postgres.toFixed(0)} s (all backends on the machine), Redis ${cpu.redis.toFixed(0)} s, site ${cpu.site.toFixed(0)} s; ${((cpu.main + cpu.redis) / Math.max(1, inWindow.length) * 1000).toFixed(1)} ms service+Redis per poll`);
}

if (args.site) {
  runSite();
} else {
  await bench();
}
