#!/usr/bin/env node
// claimwatch's command line. Each command reads the config once, opens what it
// needs, does one thing, and says what went wrong in one line when it fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { count } from 'drizzle-orm';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { maskUrlsIn } from './mask.js';
import { packageVersion } from './paths.js';
import { QUEUE_NAMES, type QueueName } from './queues.js';
import { closeOnSignals, openRuntime, type Runtime } from './runtime.js';
import { openStore } from './store/db.js';
import { alerts, articles, claims, feeds } from './store/schema.js';

class UsageError extends Error {}

// A reader that closes the pipe (`claimwatch deliveries | head`) has all it
// wants: stop quietly, as Unix tools do, instead of dying on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/**
 * Every line this command line prints, to standard output or error, passes
 * the masking rule of pages and logs (src/mask.ts): terminal output ends up in
 * CI logs and shared transcripts. (Only `feeds export-opml` writes its URLs
 * whole, being a copy of the subscriptions to restore them from.)
 */
const out = { write: (s: string) => process.stdout.write(maskUrlsIn(s)) };
const err = { write: (s: string) => process.stderr.write(maskUrlsIn(s)) };

function settings(opts: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (opts.host !== undefined) o['dashboard.host'] = opts.host;
  if (opts.port !== undefined) o['dashboard.port'] = opts.port;
  return o;
}

function config(overrides: Record<string, unknown> = {}, quiet = false): { config: Config; log: Logger } {
  const cfg = loadConfig(process.env, overrides);
  // A one-shot command prints its own result; its log says only what went wrong,
  // unless LOG_LEVEL asks for more.
  const level = quiet && !process.env.LOG_LEVEL ? 'warn' : cfg.logLevel;
  return { config: cfg, log: createLogger({ ...cfg, logLevel: level }) };
}

/** The configured watches, each checked whole: a bad one stops the service before anything is opened. */
async function checkWatches(cfg: Config) {
  const { loadWatches } = await import('./claims/index.js');
  return loadWatches(cfg.claims.watchFiles.length ? cfg.claims.watchFiles : undefined);
}

/** Runs a command against a runtime, closing it whatever happens. */
async function withRuntime(redis: 'start' | 'require', fn: (rt: Runtime) => Promise<unknown>): Promise<void> {
  const { config: cfg, log } = config({}, true);
  const rt = await openRuntime(cfg, log, { redis });
  try {
    await fn(rt);
  } finally {
    await rt.close();
  }
}

const print = (s: string) => out.write(`${s}\n`);
const printJson = (v: unknown) => print(JSON.stringify(v, null, 2));

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function idArgument(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`${JSON.stringify(value)} is not an id (a positive whole number)`);
  return n;
}

/** Reads a file named on the command line; its errors name the file in plain words. */
function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (err as Error).message}`);
  }
}

function queueList(value: string): QueueName[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(QUEUE_NAMES as readonly string[]).includes(n));
  if (bad.length || names.length === 0) throw new InvalidArgumentError(`queues are ${QUEUE_NAMES.join(', ')}`);
  return names as QueueName[];
}

/** Any error as the one line an operator sees: `claimwatch: <what went wrong>`. */
function oneLine(message: string): string {
  return `claimwatch: ${message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}`;
}

// Set before the subcommands are made, which copy it: commander's own errors
// (unknown option, bad argument) come out as one line like every other.
const program = new Command('claimwatch')
  .description('Watch a news story through the figures reported about it.')
  .version(packageVersion)
  .configureOutput({
    writeOut: (str) => out.write(str),
    writeErr: (str) => err.write(str),
    outputError: (str, write) => write(`${oneLine(str)} (see claimwatch --help)\n`),
  });

program.command('start')
  .description('run the service: scheduler, every worker and the dashboard, in one process')
  .option('--no-dashboard', 'run without the dashboard')
  .option('--no-seed', 'do not load the seed corpus on first start')
  .action(async (opts: { dashboard: boolean; seed: boolean }) => {
    const { config: cfg, log } = config();
    await checkWatches(cfg);
    // A dashboard that may not listen stops the start before anything is opened.
    if (opts.dashboard && cfg.dashboard.enabled) (await import('./web/index.js')).checkDashboardBinding(cfg.dashboard);
    const rt = await openRuntime(cfg, log, { redis: 'start' });
    closeOnSignals(rt, log);
    const { startService } = await import('./service.js');
    await startService(rt, { dashboard: opts.dashboard && cfg.dashboard.enabled, seed: opts.seed, queues: QUEUE_NAMES });
  });

program.command('worker')
  .description('run workers for some stages only, to scale them out on more machines')
  .requiredOption('--queues <names>', `comma-separated: ${QUEUE_NAMES.join(', ')}`, queueList)
  .action(async (opts: { queues: QueueName[] }) => {
    const { config: cfg, log } = config();
    await checkWatches(cfg);
    const rt = await openRuntime(cfg, log, { redis: 'require' });
    closeOnSignals(rt, log);
    const { startService } = await import('./service.js');
    await startService(rt, { dashboard: false, seed: false, queues: opts.queues, scheduler: false });
  });

program.command('dashboard')
  .description('run the dashboard alone, as a separate web process')
  .option('--host <host>', 'address to bind (default from DASHBOARD_HOST, 127.0.0.1)')
  .option('--port <port>', 'port (default from DASHBOARD_PORT, 8080)', positiveInt)
  .action(async (opts: Record<string, unknown>) => {
    const { config: cfg, log } = config(settings(opts));
    (await import('./web/index.js')).checkDashboardBinding(cfg.dashboard);
    const rt = await openRuntime(cfg, log, { redis: 'require' });
    closeOnSignals(rt, log);
    const { startDashboard } = await import('./service.js');
    await startDashboard(rt);
  });

const feedsCmd = program.command('feeds').description('the feeds claimwatch polls');
feedsCmd.command('add <url>')
  .description('subscribe to an RSS, Atom or JSON feed')
  .option('--interval <seconds>', 'starting poll interval (it adapts to the feed)', positiveInt)
  .option('--title <title>', 'a name for it')
  .action((url: string, opts: { interval?: number; title?: string }) => withRuntime('require', async ({ ctx }) => {
    const { addFeed } = await import('./subscriptions.js');
    const { feed, created } = await addFeed(ctx, { url, title: opts.title, intervalSeconds: opts.interval });
    print(created ? `added feed ${feed.id}: ${feed.url}` : `feed ${feed.id} already polls ${feed.url}`);
  }));
feedsCmd.command('list')
  .description('the feeds, their status and last error')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => withStore(async (db) => {
    const { maskUrlsDeep } = await import('./mask.js');
    // Shown like everywhere else: a feed's credentials masked.
    const rows = maskUrlsDeep(await db.select().from(feeds).orderBy(feeds.id));
    if (opts.json) return printJson(rows.map(({ etag, lastModified, bodyHash, itemsHash, ...f }) => f));
    if (rows.length === 0) return print('no feeds: add one with `claimwatch feeds add <url>`');
    for (const f of rows) {
      const err = f.lastError ? `  last error: ${f.lastError}` : '';
      print(`${String(f.id).padStart(4)}  ${f.status.padEnd(7)} every ${formatSeconds(f.intervalSeconds).padEnd(6)} ${f.itemsFound} items  ${f.url}${err}`);
    }
  }));
feedsCmd.command('remove <idOrUrl>')
  .description('stop polling a feed and forget it (its articles stay)')
  .action((idOrUrl: string) => withRuntime('require', async ({ ctx }) => {
    const { removeFeed } = await import('./subscriptions.js');
    const feed = await removeFeed(ctx, idOrUrl);
    print(`removed feed ${feed.id}: ${feed.url}`);
  }));
for (const [name, paused] of [['pause', true], ['resume', false]] as const) {
  feedsCmd.command(`${name} <idOrUrl>`)
    .description(paused ? 'stop polling a feed for now' : 'poll a paused feed again')
    .action((idOrUrl: string) => withRuntime('require', async ({ ctx }) => {
      const { setFeedPaused } = await import('./subscriptions.js');
      const feed = await setFeedPaused(ctx, idOrUrl, paused);
      print(`feed ${feed.id} ${paused ? 'paused' : 'resumed'}`);
    }));
}
feedsCmd.command('import-opml <file>')
  .description('subscribe to every feed in an OPML file')
  .action((file: string) => withRuntime('require', async ({ ctx }) => {
    const { parseOpml } = await import('./feed/opml.js');
    const { addFeeds } = await import('./subscriptions.js');
    const entries = parseOpml(readInput(file));
    const { added, existing, skipped } = await addFeeds(ctx, entries);
    for (const s of skipped) err.write(`skipped ${s.url}: ${s.error}\n`);
    print(`${added} feeds added, ${existing + skipped.length} already there or skipped`);
  }));
feedsCmd.command('export-opml [file]')
  .description('write the feeds as OPML (to the file, or standard output)')
  .action((file: string | undefined) => withStore(async (db) => {
    const { buildOpml } = await import('./feed/opml.js');
    const rows = await db.select().from(feeds).orderBy(feeds.id);
    const xml = buildOpml(rows.map((f) => ({ url: f.url, title: f.title ?? f.url })));
    if (file) {
      try {
        writeFileSync(file, xml);
      } catch (err) {
        throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
      }
      print(`${rows.length} feeds written to ${file}`);
    } else {
      process.stdout.write(xml);
    }
  }));

program.command('ingest <inputs...>')
  .description('run pages (URLs or local HTML/text files) through the whole pipeline now')
  .option('--json', 'print a JSON array of {url, status, articleId, duplicateOf, claims, alerts, error}')
  .action((inputs: string[], opts: { json?: boolean }) => withRuntime('start', async (rt) => {
    const { ingestOne, formatResult } = await import('./ingest.js');
    const bar = inputs.length > 1 && process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {value}/{total} {eta_formatted} left' }, cliProgress.Presets.shades_classic)
      : null;
    bar?.start(inputs.length, 0);
    const results = [];
    for (const input of inputs) {
      const r = await ingestOne(rt.ctx, rt.tools, input);
      results.push(r);
      if (!opts.json) print(formatResult(r));
      bar?.increment();
    }
    bar?.stop();
    if (opts.json) printJson(results);
    if (results.some((r) => r.status === 'failed')) process.exitCode = 2;
  }));

program.command('extract <inputs...>')
  .description('tag the claims of text or HTML files (or URLs) without touching the store')
  .option('--watch <file>', 'a watch file (default: the shipped watches)')
  .option('--json', 'print JSON: one {input, lang, claims} per input')
  .action(async (inputs: string[], opts: { watch?: string; json?: boolean }) => {
    const { runExtract } = await import('./claims/cli.js');
    const { notAnHtmlPage } = await import('./article/errors.js');
    const { config: cfg } = config();
    const { createFetcher } = await import('./fetcher/index.js');
    const fetcher = createFetcher(cfg.fetch);
    try {
      process.exitCode = await runExtract(inputs, opts, out, {
        err,
        fetchPage: async (url) => {
          const page = await fetcher.fetch(url, { kind: 'page' });
          const notHtml = notAnHtmlPage(page.contentType);
          if (notHtml) throw new UsageError(notHtml);
          return page.body;
        },
      });
    } finally {
      await fetcher.close();
    }
  });

const watchesCmd = program.command('watches').description('the stories watched: list them, check a watch file, try one on pages');
watchesCmd.command('list')
  .description('the loaded watches (claims.watchFiles, else the shipped ones): measures, languages, files')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const { runWatchesList } = await import('./claims/cli.js');
    const { config: cfg } = config({}, true);
    process.exitCode = runWatchesList(cfg.claims.watchFiles, opts, process.stdout);
  });
watchesCmd.command('check <files...>')
  .description('check watch files as the service loads them: every problem, one line each')
  .action(async (files: string[]) => {
    const { runWatchesCheck } = await import('./claims/cli.js');
    process.exitCode = runWatchesCheck(files, process.stdout);
  });
watchesCmd.command('try <watch> <pages...>')
  .description('tag pages (.txt, .html, .yaml stream files, or folders) with a watch: claims per page, the consensus in publication order, the departures; nothing is stored')
  .option('--json', 'print JSON: {pages, consensus, departures}')
  .action(async (file: string, pages: string[], opts: { json?: boolean }) => {
    const { runWatchesTry } = await import('./claims/cli.js');
    process.exitCode = runWatchesTry(file, pages, opts, process.stdout);
  });

program.command('status')
  .description('queue counts, feeds and articles')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => withRuntime('require', async ({ ctx }) => {
    const queues: Record<string, Record<string, number>> = {};
    for (const name of QUEUE_NAMES) {
      queues[name] = await ctx.queues[name].getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    }
    const byStatus = async (table: typeof feeds | typeof articles) =>
      Object.fromEntries((await ctx.db.select({ status: table.status, n: count() }).from(table).groupBy(table.status)).map((r) => [r.status, r.n]));
    const status = {
      store: { kind: ctx.store.kind, where: ctx.store.where },
      queues,
      feeds: await byStatus(feeds),
      articles: await byStatus(articles),
      claims: (await ctx.db.select({ n: count() }).from(claims))[0].n,
      alerts: (await ctx.db.select({ n: count() }).from(alerts))[0].n,
    };
    if (opts.json) return printJson(status);
    print(`store: ${status.store.kind} (${status.store.where})`);
    print('queues:');
    for (const [name, c] of Object.entries(queues)) {
      print(`  ${name.padEnd(8)} waiting ${c.waiting}  active ${c.active}  delayed ${c.delayed}  failed ${c.failed}  completed ${c.completed}`);
    }
    const line = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    print(`feeds: ${line(status.feeds)}`);
    print(`articles: ${line(status.articles)}`);
    print(`claims: ${status.claims}, alerts: ${status.alerts}`);
  }));

program.command('consensus')
  .description('the consensus of each measure: centre, band, figures and sources')
  .option('--json', 'print JSON')
  .option('--watch <id>', 'one watch only')
  .action((opts: { json?: boolean; watch?: string }) => withStore(async (db) => {
    const { latestConsensus } = await import('./alerts/index.js');
    const { loadWatches } = await import('./claims/index.js');
    const { config: cfg } = config();
    const watches = loadWatches(cfg.claims.watchFiles.length ? cfg.claims.watchFiles : undefined)
      .filter((w) => !opts.watch || w.id === opts.watch);
    const out = [];
    for (const w of watches) out.push({ watch: w.id, measures: await latestConsensus(db, w.id) });
    if (opts.json) return printJson(out);
    for (const w of out) {
      print(`${w.watch}:`);
      if (w.measures.length === 0) print('  no consensus yet');
      for (const c of w.measures) {
        const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
        print(`  ${c.measure.padEnd(18)} ${fmt(c.centre)}  band ${fmt(c.bandLow)}–${fmt(c.bandHigh)}  ${n(c.figures, 'figure')} from ${n(c.sources, 'source')} (${c.sourceList.join(', ')})`);
      }
    }
  }));

program.command('migrate')
  .description('apply the store migrations')
  .action(() => withStore(async () => { print('store is up to date'); }));

program.command('seed')
  .description('load the seed corpus and its hand-tagged claims (idempotent)')
  .action(() => withRuntime('require', async (rt) => {
    const { seedCorpus } = await import('./seed/index.js');
    const r = await seedCorpus(rt.ctx, rt.tools.watches);
    print(`${r.stored.length} seed articles stored, ${r.skipped.length} already there, ${r.alerts} alerts`);
  }));

const alertsCmd = program.command('alerts')
  .description('departures raised, held for review, confirmed or dismissed')
  .option('--state <state>', 'only alerts in this state: raised, held, confirmed, dismissed')
  .option('--limit <n>', 'how many, newest first (default 50)', positiveInt)
  .option('--json', 'print JSON')
  .action((opts: { state?: string; limit?: number; json?: boolean }) => withStore(async (db) => {
    const { ALERT_STATES } = await import('./alerts/review.js');
    if (opts.state && !(ALERT_STATES as readonly string[]).includes(opts.state)) throw new UsageError(`--state is one of ${ALERT_STATES.join(', ')}`);
    const { listAlerts } = await import('./web/queries.js');
    const page = await listAlerts(db, { state: opts.state, limit: opts.limit ?? 50 });
    if (opts.json) return printJson(page.items);
    if (page.items.length === 0) return print(opts.state ? `no ${opts.state} alerts` : 'no alerts');
    for (const a of page.items) {
      const figure = a.low === a.high ? fmt(a.low) : `${fmt(a.low)}–${fmt(a.high)}`;
      print(`${String(a.id).padStart(5)}  ${a.state.padEnd(9)} ${a.measure} ${a.status === 'additional' ? '+' : ''}${figure} ×${a.ratio.toFixed(1)} ${a.direction}  ${a.source[0] ?? 'no source named'}${a.heldReason ? `  (${a.state === 'history' ? 'history' : 'held'}: ${a.heldReason})` : ''}`);
    }
  }));
alertsCmd.command('show <id>')
  .description('one alert: what departed, from what, why it is held, who confirmed or dismissed it')
  .option('--json', 'print JSON')
  .action((id: string, opts: { json?: boolean }) => withStore(async (db) => {
    const { getAlert } = await import('./web/queries.js');
    const d = await getAlert(db, positiveInt(id));
    if (!d) throw new UsageError(`no alert ${id}`);
    // `--json` after the id is read by the parent command, which has one too.
    if (opts.json || alertsCmd.opts().json) return printJson({ ...d, deliveries: d.deliveries.map(({ webhookUrl: _u, ...x }) => x) });
    const a = d.alert;
    print(`alert ${a.id} · ${a.state} · ${a.watch} / ${a.measure} · found ${a.createdAt.toISOString()}${a.postedAt ? ` · posted ${a.postedAt.toISOString()}` : ''}`);
    if (a.heldReason) print(`${a.state === 'history' ? 'history' : 'held for review'}: ${a.heldReason}`);
    print(a.explanation);
    if (d.claim?.dismissedAt) print(`claim ${d.claim.id} dismissed as wrong ${d.claim.dismissedAt.toISOString()}`);
    for (const c of a.corroborations) print(`corroborated by ${c.source}: ${c.url} (${c.at})`);
    for (const x of d.actions) print(`${x.at.toISOString()} ${x.action === 'confirm' ? 'confirmed' : 'dismissed'} by ${x.by} (${x.via})${x.note ? `: ${x.note}` : ''}`);
    print(`deliveries: ${d.deliveries.length ? d.deliveries.map((x) => `${x.id} ${x.status}`).join(', ') : 'none'}`);
  }));
const byOption = () => new Option('--by <name>', 'who takes the action (default: the user running the command)');
const cliUser = () => process.env.CLAIMWATCH_USER || process.env.USER || process.env.LOGNAME || 'cli';
alertsCmd.command('confirm <id>')
  .description('confirm an alert: a held one is posted to the webhooks now')
  .addOption(byOption())
  .option('--note <text>', 'why')
  .action((id: string, opts: { by?: string; note?: string }) => withRuntime('require', async ({ ctx }) => {
    const { confirmAlert } = await import('./alerts/review.js');
    const { loadWatches } = await import('./claims/index.js');
    const { watchSettings } = await import('./consensus/settings.js');
    const settingsFor = watchSettings(loadWatches(ctx.config.claims.watchFiles.length ? ctx.config.claims.watchFiles : undefined));
    const r = await confirmAlert(ctx, positiveInt(id), { by: opts.by ?? cliUser(), via: 'cli', note: opts.note }, undefined, settingsFor);
    print(r.posted ? `alert ${id} confirmed and posted (${r.deliveries.length} deliveries queued)`
      : r.alert.postedAt ? `alert ${id} confirmed (it was already posted)` : `alert ${id} confirmed (old news: recorded, not posted)`);
  }));
alertsCmd.command('dismiss <id>')
  .description('dismiss an alert: its claim is marked wrong, leaves the consensus, and the same figure from the same source raises nothing again')
  .addOption(byOption())
  .option('--note <text>', 'why')
  .action((id: string, opts: { by?: string; note?: string }) => withRuntime('require', async ({ ctx }) => {
    const { dismissAlert } = await import('./alerts/review.js');
    const { loadWatches } = await import('./claims/index.js');
    const { watchSettings } = await import('./consensus/settings.js');
    const settingsFor = watchSettings(loadWatches(ctx.config.claims.watchFiles.length ? ctx.config.claims.watchFiles : undefined));
    const r = await dismissAlert(ctx, positiveInt(id), { by: opts.by ?? cliUser(), via: 'cli', note: opts.note }, settingsFor);
    const retracted = r.retractions.length ? `, retraction queued to ${r.retractions.length} webhook${r.retractions.length === 1 ? '' : 's'}` : '';
    print(r.claims.length
      ? `alert ${id} dismissed: ${r.claims.length} claim${r.claims.length === 1 ? '' : 's'} marked wrong, consensus recomputed${retracted}`
      : `alert ${id} was already dismissed`);
  }));

const hooks = program.command('webhooks').description('where alerts are posted');
hooks.command('add <url>')
  .description('post alerts (and feed events) to a URL')
  .addOption(new Option('--format <format>', 'payload format').choices(['json', 'slack', 'discord']).default('json'))
  .option('--secret <secret>', 'a whsec_ signing secret (one is made when none is given)')
  .option('--measures <list>', 'only these measures (comma-separated)')
  .option('--min-ratio <r>', 'only departures at least this far from the consensus', (v) => {
    const n = Number(v);
    if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
    return n;
  })
  .option('--watch <id>', 'only this watch')
  .option('--events <list>', 'only these event types (comma-separated)')
  .action((url: string, opts: { format: string; secret?: string; measures?: string; minRatio?: number; watch?: string; events?: string }) => withStore(async (db) => {
    const { addWebhook } = await import('./delivery/index.js');
    const split = (s?: string) => s?.split(',').map((x) => x.trim()).filter(Boolean);
    const hook = await addWebhook(db, {
      url, format: opts.format as 'json', secret: opts.secret, measures: split(opts.measures), minRatio: opts.minRatio,
      watch: opts.watch, events: split(opts.events),
    });
    print(`added webhook ${hook.id}: ${hook.url} (${hook.format})`);
    if ('secret' in hook && hook.secret && !opts.secret) print(`signing secret (shown once): ${hook.secret}`);
  }));
hooks.command('list')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => withStore(async (db) => {
    const { listWebhooks } = await import('./delivery/index.js');
    const rows = await listWebhooks(db);
    if (opts.json) return printJson(rows);
    if (rows.length === 0) return print('no webhooks: add one with `claimwatch webhooks add <url>`');
    for (const h of rows) print(`${String(h.id).padStart(4)}  ${h.format.padEnd(7)} ${h.url}${h.hasSecret ? '  (signed)' : ''}`);
  }));
hooks.command('remove')
  .argument('<id>', 'the webhook', idArgument)
  .action((id: number) => withStore(async (db) => {
    const { removeWebhook } = await import('./delivery/index.js');
    await removeWebhook(db, id);
    print(`removed webhook ${id}`);
  }));
hooks.command('test')
  .argument('<id>', 'the webhook', idArgument)
  .description('send a signed test event now and print the answer')
  .action((id: number) => withStore(async (db) => {
    const { testWebhook } = await import('./delivery/index.js');
    const { config: cfg } = config();
    const r = await testWebhook(db, id, cfg);
    print(`${r.status} in ${r.latencyMs} ms: ${r.body.slice(0, 500)}`);
    if (r.status < 200 || r.status >= 300) process.exitCode = 2;
  }));

const deliveriesCmd = program.command('deliveries')
  .description('alert deliveries to webhooks')
  .option('--failed', 'only failed ones')
  .option('--json', 'print JSON')
  .action((opts: { failed?: boolean; json?: boolean }) => withStore(async (db) => {
    const { listDeliveries } = await import('./delivery/index.js');
    const rows = await listDeliveries(db, { failed: opts.failed });
    if (opts.json) return printJson(rows);
    if (rows.length === 0) return print(opts.failed ? 'no failed deliveries' : 'no deliveries');
    for (const d of rows) {
      print(`${String(d.id).padStart(5)}  ${d.status.padEnd(9)} ${d.eventType.padEnd(19)} webhook ${d.webhookId}  attempts ${d.attempts}${d.lastError ? `  ${d.lastError}` : ''}`);
    }
  }));
deliveriesCmd.command('resend')
  .argument('<id>', 'the delivery', idArgument)
  .description('send a failed delivery again (same webhook-id)')
  .action((id: number) => withRuntime('require', async ({ ctx }) => {
    const { resendDelivery } = await import('./delivery/index.js');
    await resendDelivery(ctx.db, ctx.queues.deliver, id, ctx.config);
    print(`delivery ${id} queued again`);
  }));

/** Commands that only read or write the store need no Redis. */
async function withStore(fn: (db: import('./store/db.js').Db) => Promise<unknown>): Promise<void> {
  const { config: cfg } = config();
  const store = await openStore(cfg);
  try {
    await fn(store.db);
  } finally {
    await store.close();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function formatSeconds(s: number): string {
  return s >= 3600 ? `${+(s / 3600).toFixed(1)}h` : s >= 60 ? `${Math.round(s / 60)}m` : `${s}s`;
}

program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (thrown) {
  const e = thrown as Error & { code?: string; exitCode?: number };
  if (e.code?.startsWith('commander.')) {
    // commander printed its own message (help, version, a bad argument).
    process.exit(e.exitCode ?? 1);
  }
  const known = e instanceof ConfigError || e instanceof UsageError
    || ['StoreError', 'RedisUnavailableError', 'FeedInputError', 'WatchError', 'WebhookInputError', 'WebhookError', 'DashboardConfigError', 'AlertReviewInputError'].includes(e.constructor.name);
  // A bad watch says every problem, one line each (file, path, what is allowed).
  const lines = e.constructor.name === 'WatchError' ? (e as Error & { lines: string[] }).lines : [e.message || String(e)];
  for (const line of lines) err.write(`${oneLine(line)}\n`);
  if (!known && process.env.LOG_LEVEL === 'debug') err.write(`${e.stack}\n`);
  process.exit(1);
}
