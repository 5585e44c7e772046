// What the command line prints, as it ends up in CI logs and shared
// transcripts: every line, results and errors alike, passes the masking rule
// of pages and logs (no `user:password@`, no `?token=` value), and a reader
// that closes the pipe early (`claimwatch deliveries | head`) ends it quietly.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { packageRoot } from '../src/paths.js';
import { openStore } from '../src/store/db.js';
import { deliveries, webhooks } from '../src/store/schema.js';
import type { ScratchDatabase } from '../src/store/scratch.js';
import { syntheticArticle } from './helpers/corpus.js';
import { claimwatch } from './helpers/processes.js';
import { clearPrefix, TEST_REDIS_URL } from './helpers/redis.js';
import { articlePage, rss, startSite, type Site } from './helpers/site.js';
import { createTestDatabase } from './helpers/store.js';

const PASSWORD = 'CliPassw0rdQ8';
const KEY = 'CliApiKeyW7';
const TOKEN = 'CliPageTokenE6';
const SECRETS = [PASSWORD, KEY, TOKEN];

let database: ScratchDatabase;
let dir: string;
let site: Site;
let env: Record<string, string>;
const prefix = `cwt_cliout_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cli-output-'));
  database = await createTestDatabase();
  site = await startSite();
  const story = syntheticArticle(7);
  site.page('/story', articlePage(story));
  site.page('/feed.xml', rss('Wire', site.url, [{ title: story.title, url: `${site.url}/story`, guid: 'story' }]), 'application/rss+xml');
  env = {
    DATA_DIR: dir, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, REDIS_AUTOSTART: 'false',
    FETCH_ALLOW_PRIVATE: '127.0.0.1', LOG_LEVEL: 'warn', CLAIMWATCH_CONFIG: '/dev/null',
  };
  const store = await openStore(makeConfig({ dataDir: dir, databaseUrl: database.url }));
  // Enough deliveries that their listing overflows a pipe's buffer.
  const [hook] = await store.db.insert(webhooks).values({ url: 'https://ops.example.org/hook', format: 'json' }).returning();
  await store.db.insert(deliveries).values(Array.from({ length: 3000 }, (_, i) => ({
    webhookId: hook.id, eventId: `msg_${i}`, eventType: 'alert.created', payload: {}, status: 'failed', attempts: 3,
    lastError: `HTTP 500: the receiver is down for maintenance, attempt ${i}`,
  })));
  await store.close();
}, 60_000);
afterAll(async () => {
  await site?.close();
  await database?.drop();
  await clearPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const p = claimwatch(args, env);
  const code = await p.exited;
  return { code, lines: p.lines.filter((l) => l.trim()) };
}

function expectMasked(lines: string[]) {
  const text = lines.join('\n');
  for (const secret of SECRETS) expect(text, `${secret} in:\n${text}`).not.toContain(secret);
}

describe('every line the command line prints is masked', () => {
  it('feeds add and feeds remove', async () => {
    const feedUrl = `http://reader:${PASSWORD}@${site.url.slice('http://'.length)}/feed.xml?api_key=${KEY}`;
    const added = await run(['feeds', 'add', feedUrl]);
    expect(added.code).toBe(0);
    expectMasked(added.lines);
    // Masked, not dropped: the operator still sees which feed.
    expect(added.lines).toEqual([expect.stringMatching(/^added feed \d+: http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/feed\.xml\?api_key=\*\*\*$/)]);
    const again = await run(['feeds', 'add', feedUrl]);
    expectMasked(again.lines);
    expect(again.lines[0]).toMatch(/^feed \d+ already polls http:\/\/\*\*\*:\*\*\*@/);
    const removed = await run(['feeds', 'remove', feedUrl]);
    expect(removed.code).toBe(0);
    expectMasked(removed.lines);
    expect(removed.lines).toEqual([expect.stringMatching(/^removed feed \d+: http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/feed\.xml\?api_key=\*\*\*$/)]);
  }, 120_000);

  it('ingest, as text and as --json, and its error lines', async () => {
    const page = `${site.url}/story?id=7&access_token=${TOKEN}`;
    const refused = `http://bob:${PASSWORD}@127.0.0.1:9/gone?token=${TOKEN}`;
    const text = await run(['ingest', page, refused]);
    expect(text.code).toBe(2);
    expectMasked(text.lines);
    expect(text.lines).toContainEqual(expect.stringMatching(/^new +http:\/\/127\.0\.0\.1:\d+\/story\?access_token=\*\*\*&id=7 → article \d+/));
    expect(text.lines).toContainEqual(expect.stringMatching(/^failed +http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:9\/gone\?token=\*\*\*: .*connection refused/));

    const json = await run(['ingest', '--json', page, refused]);
    expectMasked(json.lines);
    const results = JSON.parse(json.lines.filter((l) => !l.startsWith('{"level"')).join('\n')) as { url: string; status: string; error: string | null }[];
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'failed']);
    expect(results[0].url).toMatch(/access_token=\*\*\*&id=7$/);
    expect(results[1].error).toMatch(/connection refused/);
  }, 180_000);

  it('extract\'s error lines', async () => {
    const r = await run(['extract', `http://bob:${PASSWORD}@127.0.0.1:9/gone?key=${KEY}`]);
    expect(r.code).toBe(1);
    expectMasked(r.lines);
    expect(r.lines).toEqual([expect.stringMatching(/^http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:9\/gone\?key=\*\*\*: .*connection refused/)]);
  }, 60_000);
});

describe('a reader that closes the pipe', () => {
  it('ends `claimwatch deliveries | head -n 2` quietly', async () => {
    const cli = `${JSON.stringify(process.execPath)} --import tsx src/cli.ts`;
    // `true` reads nothing and is gone before the command starts: its every write meets a closed pipe.
    for (const [command, reader] of [['deliveries', 'head -n 2'], ['deliveries', 'true'], ['deliveries --json', 'true'], ['feeds list', 'true'], ['status', 'true']]) {
      const child = spawn('bash', ['-c', `set -o pipefail; ${cli} ${command} | ${reader}`], {
        cwd: packageRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(err, `${command} | ${reader}`).toBe('');
      expect(code, `${command} | ${reader}`).toBe(0);
      if (reader.startsWith('head')) expect(out.trim().split('\n')).toHaveLength(2);
    }
  }, 120_000);
});
