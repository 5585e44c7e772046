// Every command, given something wrong, says so in one line on standard
// error (`claimwatch: …`, or `<file>: …` for a file it was asked to read) and
// exits non-zero: no stack trace, no silence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { openStore } from '../src/store/db.js';
import type { ScratchDatabase } from '../src/store/scratch.js';
import { claimwatch } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';
import { createTestDatabase } from './helpers/store.js';

let database: ScratchDatabase;
let dir: string;
const prefix = `cwt_cli_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cli-errors-'));
  writeFileSync(join(dir, 'empty.html'), '');
  database = await createTestDatabase();
  const store = await openStore(makeConfig({ dataDir: dir, databaseUrl: database.url }));
  await store.close();
});
afterAll(async () => {
  await database?.drop();
  await clearPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

type Case = [args: string[], expected: RegExp, env?: Record<string, string>];
const NO_REDIS = { REDIS_URL: 'redis://127.0.0.1:1', REDIS_AUTOSTART: 'false' };
const NO_POSTGRES = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' };

const CASES: Case[] = [
  [['start'], /^claimwatch: invalid setting REDIS_URL: not a URL/, { REDIS_URL: 'garbage' }],
  [['start'], /^claimwatch: DASHBOARD_TOKEN \(dashboard\.token\): .*4 characters \(at least 16/, { DASHBOARD_HOST: '0.0.0.0', DASHBOARD_TOKEN: 'weak' }],
  [['start', '--no-dashboard'], /^claimwatch: no Redis answers at 127\.0\.0\.1:1/, NO_REDIS],
  [['worker', '--queues', 'fetch,bogus'], /^claimwatch: .*queues are poll, fetch, process, analyze, deliver/],
  [['worker'], /^claimwatch: required option '--queues <names>' not specified/],
  [['dashboard', '--host', '0.0.0.0'], /^claimwatch: DASHBOARD_TOKEN \(dashboard\.token\): .*without a token/],
  [['dashboard', '--port', 'eighty'], /^claimwatch: .*must be a positive whole number/],
  [['feeds', 'add', 'ftp://example.org/feed'], /^claimwatch: only http and https feeds are polled, not ftp:$/],
  [['feeds', 'add', 'https://example.org/feed', '--interval', '5'], /^claimwatch: interval must be between 300 and 86400 seconds$/],
  [['feeds', 'list'], /^claimwatch: invalid setting FETCH_ALLOW_PRIVATE: "999\.1\.1\.1\/99"/, { FETCH_ALLOW_PRIVATE: '999.1.1.1/99' }],
  [['feeds', 'remove', '999'], /^claimwatch: no feed 999$/],
  [['feeds', 'pause', '999'], /^claimwatch: no feed 999$/],
  [['feeds', 'resume', 'https://nowhere.example/rss'], /^claimwatch: no feed https:\/\/nowhere\.example\/rss$/],
  [['feeds', 'import-opml', '/nonexistent/feeds.opml'], /^claimwatch: cannot read \/nonexistent\/feeds\.opml: no such file$/],
  [['feeds', 'export-opml', '/nonexistent/feeds.opml'], /^claimwatch: cannot write \/nonexistent\/feeds\.opml: no such folder$/],
  [['ingest'], /^claimwatch: missing required argument 'inputs'/],
  [['extract', 'EMPTY'], /^.*empty\.html: the file is empty/],
  [['extract', '--watch', '/nonexistent/watch.yaml', 'EMPTY'], /nonexistent\/watch\.yaml/],
  [['status'], /^claimwatch: no Redis answers at 127\.0\.0\.1:1/, NO_REDIS],
  [['consensus'], /^claimwatch: cannot reach PostgreSQL at /, NO_POSTGRES],
  [['migrate'], /^claimwatch: cannot reach PostgreSQL at /, NO_POSTGRES],
  [['seed'], /^claimwatch: no Redis answers at 127\.0\.0\.1:1/, NO_REDIS],
  [['webhooks', 'add', 'not-a-url'], /^claimwatch: not a URL: "not-a-url"$/],
  [['webhooks', 'add', 'https://ops.example/hook', '--min-ratio', '-1'], /^claimwatch: .*must be a positive number/],
  [['webhooks', 'add', 'https://ops.example/hook', '--format', 'xml'], /^claimwatch: .*Allowed choices are json, slack, discord/],
  [['webhooks', 'list'], /^claimwatch: invalid setting DASHBOARD_PUBLIC_URL: /, { DASHBOARD_PUBLIC_URL: 'ftp://cw.example' }],
  [['webhooks', 'remove', 'abc'], /^claimwatch: .*"abc" is not an id/],
  [['webhooks', 'remove', '999'], /^claimwatch: no webhook 999$/],
  [['webhooks', 'test', '999'], /^claimwatch: no webhook 999$/],
  [['deliveries', '--failed'], /^claimwatch: invalid setting LOG_LEVEL: /, { LOG_LEVEL: 'loud' }],
  [['deliveries', 'resend', 'x1'], /^claimwatch: .*"x1" is not an id/],
  [['deliveries', 'resend', '999'], /^claimwatch: no delivery 999$/],
  [['frobnicate'], /^claimwatch: unknown command 'frobnicate'/],
];

async function run([args, , env = {}]: Case) {
  const p = claimwatch(args.map((a) => (a === 'EMPTY' ? join(dir, 'empty.html') : a)), {
    DATA_DIR: dir, DATABASE_URL: database.url, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', CLAIMWATCH_CONFIG: '/dev/null', ...env,
  });
  const code = await p.exited;
  // Structured log lines are the log, not the answer.
  return { code, lines: p.lines.filter((l) => l.trim() && !l.startsWith('{"level"')) };
}

// One test per case, a few at a time (vitest's maxConcurrency): each is a Node process on a shared machine.
describe.concurrent('every command with bad input prints one line saying what is wrong and exits non-zero', () => {
  it.each(CASES.map((c) => [[...c[0], ...Object.entries(c[2] ?? {}).map(([k, v]) => `${k}=${v}`)].join(' '), c] as const))('%s', async (_name, c) => {
    const r = await run(c);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(c[1]);
  });
});
