// Redis carries every queue. When nothing answers at REDIS_URL and
// redis-server is installed, `claimwatch start` runs one under DATA_DIR/redis
// with append-only persistence, so a queue survives a restart.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './log.js';

export class RedisUnavailableError extends Error {}

/** Options for BullMQ connections: workers need maxRetriesPerRequest null. */
export function redisOptions(config: Pick<Config, 'redisUrl'>): RedisOptions {
  const u = new URL(config.redisUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export function createRedis(config: Pick<Config, 'redisUrl'>): Redis {
  return new Redis(redisOptions(config));
}

export async function pingRedis(config: Pick<Config, 'redisUrl'>, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis({ ...redisOptions(config), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export interface ManagedRedis {
  /** The redis-server process. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Makes sure Redis answers. Returns a handle to stop the redis-server it
 * started, or null when one was already there.
 */
export async function ensureRedis(config: Config, log: Logger): Promise<ManagedRedis | null> {
  if (await pingRedis(config)) return null;
  const u = new URL(config.redisUrl);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname);
  if (!config.redisAutostart || !local || !onPath('redis-server')) {
    throw new RedisUnavailableError(
      `no Redis answers at ${u.host}: install one (apt-get install redis-server) or run \`docker compose up -d redis\`, ` +
      'or set REDIS_URL to a Redis server',
    );
  }
  const dir = join(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = u.port || '6379';
  // The password goes in a config file only the operator can read: on the
  // command line every user of the machine would see it in `ps`.
  const conf = join(dir, 'redis.conf');
  const password = u.password ? decodeURIComponent(u.password) : null;
  writeFileSync(conf, password ? `requirepass "${password.replace(/["\\]/g, '\\$&')}"\n` : '', { mode: 0o600 });
  chmodSync(conf, 0o600); // an older file keeps its mode when written over
  const child: ChildProcess = spawn('redis-server', [
    conf, '--port', port, '--bind', '127.0.0.1', '--dir', dir,
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (let i = 0; i < 50 && !exited; i++) {
    if (await pingRedis(config, 500)) {
      log.info({ dir, port }, 'started redis-server (append-only persistence)');
      return {
        pid: child.pid,
        stop: () => new Promise((resolve) => {
          if (exited) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`redis-server could not be started on port ${port} (see ${dir})`);
}

