// The redis-server claimwatch starts for itself (no Redis at REDIS_URL) gets
// its password from a file only the operator can read, never on its command
// line, where `ps` would show it to every user of the machine. The test starts
// its own instance on a free port and stops it.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { ensureRedis, pingRedis, type ManagedRedis } from '../src/redis.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cw-redis-'));
let managed: ManagedRedis | null = null;
afterAll(async () => {
  await managed?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

it.skipIf(process.platform !== 'linux')('starts redis-server with its password in a 0600 file, not on the command line', async () => {
  const password = 'Pw-in-a-file "quoted" \\ 9f3';
  const port = await freePort();
  const config = makeConfig({ dataDir, redisUrl: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` });
  managed = await ensureRedis(config, silentLogger);
  expect(managed?.pid).toBeGreaterThan(0);
  const cmdline = readFileSync(`/proc/${managed!.pid}/cmdline`, 'utf8').split('\0').join(' ');
  expect(cmdline).toContain('redis-server');
  expect(cmdline).not.toContain('Pw-in-a-file');
  const conf = join(dataDir, 'redis', 'redis.conf');
  expect(statSync(conf).mode & 0o777).toBe(0o600);
  expect(statSync(join(dataDir, 'redis')).mode & 0o077).toBe(0);
  // It answers with the password, and only with it.
  expect(await pingRedis(config)).toBe(true);
  expect(await pingRedis({ redisUrl: `redis://127.0.0.1:${port}` })).toBe(false);
  expect(await pingRedis({ redisUrl: `redis://:wrong@127.0.0.1:${port}` })).toBe(false);
});
