// bench/memory: where the resident memory of `claimwatch start` goes, one part
// at a time, each in a fresh process (so no part inherits another's heap):
// Node itself, tsx, the service's modules, PGlite (a new store and an existing
// one, with PostgreSQL's default settings and with the embedded store's). Not
// yet the reader threads (see BENCHMARKS.md). The whole service, idle and under work, is
// bench/soak.ts's to measure.
//
//   npx tsx bench/memory.ts            (run `npm run build` first for the built-JS rows)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/paths.js';

const { values: args } = parseArgs({ options: { probe: { type: 'string' }, dir: { type: 'string' }, settings: { type: 'string' } } });
const MB = 1024 * 1024;

function rssNow(): number { return process.memoryUsage.rss(); }
function highWater(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
}
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- probes: each prints one JSON line ----

async function probe(name: string): Promise<Record<string, number>> {
  const before = rssNow();
  if (name === 'empty') { await settle(); return { rss: rssNow() }; }
  if (name === 'modules') {
    // What `claimwatch start` loads in its main thread, run from source or built.
    const built = existsSync(join(packageRoot, 'dist', 'src', 'service.js')) && !import.meta.url.endsWith('.ts') ? 'dist/src' : 'src';
    const ext = built === 'src' ? 'ts' : 'js';
    const at = (p: string) => new URL(`file://${join(packageRoot, built, `${p}.${ext}`)}`).href;
    await import(at('service'));
    await import(at('web/index'));
    const claims = await import(at('claims/index')) as typeof import('../src/claims/index.js');
    claims.loadWatches();
    await settle();
    return { before, rss: rssNow(), heapUsed: process.memoryUsage().heapUsed };
  }
  if (name === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { openPglite, startParams } = await import('../src/store/pglite.js');
    const pgdata = join(args.dir!, 'pgdata');
    await settle();
    const start = rssNow();
    const db = args.settings === 'ours' ? await openPglite(pgdata) : await PGlite.create(pgdata, args.settings === 'defaults' ? {} : { startParams: startParams() });
    await db.query('select count(*) from pg_class');
    await settle();
    const open = rssNow();
    await db.close();
    return { before: start, rss: open, hwm: highWater() };
  }
  throw new Error(`no probe ${name}`);
}

if (args.probe) {
  process.stdout.write(`${JSON.stringify(await probe(args.probe))}\n`);
  process.exit(0);
}

// ---- the bench ----

const self = join(packageRoot, 'bench', 'memory.ts');
function run(node: string[], probeArgs: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ['--expose-gc', ...node, self, '--probe', ...probeArgs], { cwd: packageRoot, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}
const tsx = ['--import', 'tsx'];
const mb = (b: number) => `${Math.round(b / MB)} MB`;
const rows: [string, string][] = [];
const row = (what: string, figure: string) => { rows.push([what, figure]); console.log(`${what.padEnd(64)} ${figure}`); };

console.log(`memory bench (node ${process.version}); resident set sizes from /proc, each part in a fresh process`);
const plain = Number(execFileSync(process.execPath, ['-e', 'setTimeout(() => console.log(process.memoryUsage.rss()), 300)'], { encoding: 'utf8' }).trim());
row('node alone (an empty script)', mb(plain));
row('node --import tsx (an empty script, how npm start runs)', mb(run(tsx, ['empty']).rss));
const fromSource = run(tsx, ['modules']);
row('the service\'s modules and watches, from source (tsx)', `${mb(fromSource.rss)} (heap used ${mb(fromSource.heapUsed)})`);
if (existsSync(join(packageRoot, 'dist', 'bench', 'memory.js'))) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(packageRoot, 'dist', 'bench', 'memory.js'), '--probe', 'modules'], { cwd: packageRoot, encoding: 'utf8' });
  const built = JSON.parse(out.trim()) as Record<string, number>;
  row('the service\'s modules and watches, built (node dist/...)', `${mb(built.rss)} (heap used ${mb(built.heapUsed)})`);
} else {
  row('the service\'s modules and watches, built', 'not measured: run `npm run build` first');
}
for (const [what, settings] of [['PostgreSQL defaults (shared_buffers 128 MB)', 'defaults'], ['the embedded store\'s settings', 'small']] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-mem-'));
  try {
    const made = run(tsx, ['pglite', '--dir', dir, '--settings', settings]);
    row(`PGlite, a new store made by initdb, ${what}: high-water`, `${mb(made.hwm)} (process; +${mb(made.hwm - made.before)})`);
    const again = run(tsx, ['pglite', '--dir', dir, '--settings', settings]);
    row(`PGlite, the store opened again, ${what}`, `+${mb(again.rss - again.before)}`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
{
  const dir = mkdtempSync(join(tmpdir(), 'cw-mem-'));
  try {
    const made = run(tsx, ['pglite', '--dir', dir, '--settings', 'ours']);
    row('PGlite, a new store from the shipped template (what start does): high-water', `${mb(made.hwm)} (process; +${mb(made.hwm - made.before)})`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
