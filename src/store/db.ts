// Opening the store. With DATABASE_URL it is that PostgreSQL server. Without,
// it is PGlite under DATA_DIR; PGlite belongs to one process, so the first
// claimwatch process to open it becomes its owner and serves it over the
// Postgres protocol on a unix socket in DATA_DIR. Every process, the owner
// included, then talks to the store the same way: node-postgres. That is how
// `claimwatch feeds add` works while `claimwatch start` runs.
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { storePoolSize, type Config } from '../config.js';
import { migrationsDir } from '../paths.js';
import { openPglite } from './pglite.js';
import { PgliteServer } from './pglite-server.js';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema>;

export interface Store {
  db: Db;
  pool: pg.Pool;
  /** 'postgres': a server at DATABASE_URL; 'embedded': PGlite under DATA_DIR. */
  kind: 'postgres' | 'embedded';
  /** True in the process that owns the embedded PGlite. */
  owner: boolean;
  /** Where it is, for messages: a URL without password, or the data folder. */
  where: string;
  close(): Promise<void>;
}

export class StoreError extends Error {}

export interface OpenStoreOptions {
  /** Apply pending migrations (the default). */
  migrate?: boolean;
  /** Pool size for this process (else storePoolSize: what its workers may hold at once). */
  poolSize?: number;
}

// Node's unix socket paths are limited to about 107 bytes.
const MAX_SOCKET_PATH = 100;
const LOCK_FILE = 'store.lock';

interface LockInfo {
  pid: number;
  socketDir?: string;
  host?: string;
  port: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function poolFor(lock: LockInfo, size: number): pg.Pool {
  return new pg.Pool({
    host: lock.socketDir ?? lock.host,
    port: lock.port,
    user: 'postgres',
    database: 'postgres',
    max: size,
    // PGlite serves one session: prepared statement names would collide.
    allowExitOnIdle: true,
  });
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

async function ping(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}

async function applyMigrations(pool: pg.Pool): Promise<void> {
  // One migrator at a time, even with many processes starting together.
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(7252619)');
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: migrationsDir });
    } finally {
      await client.query('select pg_advisory_unlock(7252619)');
    }
  } finally {
    client.release();
  }
}

async function openPostgres(config: Config, opts: OpenStoreOptions): Promise<Store> {
  const url = config.databaseUrl!;
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? storePoolSize(config) });
  pool.on('error', () => { /* a dropped idle client; the next query reconnects */ });
  // A checked-out client (a transaction between statements) has no pool
  // listener: without its own, the server going away would be an unhandled
  // 'error' that ends the process. Its next statement fails instead.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await ping(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError(`cannot reach PostgreSQL at ${redact(url)}: ${(err as Error).message}`);
  }
  if (opts.migrate !== false) await applyMigrations(pool);
  return {
    db: drizzle(pool, { schema }),
    pool,
    kind: 'postgres',
    owner: false,
    where: redact(url),
    close: () => pool.end(),
  };
}

/** Connect to the embedded store served by another process, if one is. */
async function joinEmbedded(config: Config, opts: OpenStoreOptions): Promise<Store | null> {
  const lockPath = join(config.dataDir, LOCK_FILE);
  const lock = readLock(lockPath);
  if (!lock || !pidAlive(lock.pid)) return null;
  const pool = poolFor(lock, opts.poolSize ?? storePoolSize(config));
  pool.on('error', () => {});
  try {
    await ping(pool);
  } catch {
    await pool.end().catch(() => {});
    return null;
  }
  return {
    db: drizzle(pool, { schema }),
    pool,
    kind: 'embedded',
    owner: false,
    where: `${config.dataDir} (served by process ${lock.pid})`,
    close: () => pool.end(),
  };
}

function takeLock(lockPath: string): number {
  for (let tries = 0; tries < 2; tries++) {
    try {
      return openSync(lockPath, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const lock = readLock(lockPath);
      if (lock && pidAlive(lock.pid) && lock.pid !== process.pid) {
        throw new StoreError(
          `the embedded store in ${lockPath.replace(/\/store\.lock$/, '')} is held by process ${lock.pid} but does not answer; ` +
          'wait for it to finish starting, stop it, or set DATABASE_URL to use a PostgreSQL server',
        );
      }
      unlinkSync(lockPath); // left by a process that died
    }
  }
  throw new StoreError(`cannot take the store lock ${lockPath}`);
}

async function ownEmbedded(config: Config, opts: OpenStoreOptions): Promise<Store> {
  const lockPath = join(config.dataDir, LOCK_FILE);
  const fd = takeLock(lockPath);
  let pglite: PGlite | undefined;
  let server: PgliteServer | undefined;
  try {
    pglite = await openPglite(join(config.dataDir, 'pgdata'));
    const runDir = join(config.dataDir, 'run');
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    const socketPath = join(runDir, '.s.PGSQL.5432');
    let lock: LockInfo;
    server = new PgliteServer(pglite);
    if (socketPath.length <= MAX_SOCKET_PATH) {
      if (existsSync(socketPath)) rmSync(socketPath);
      await server.listen({ path: socketPath });
      lock = { pid: process.pid, socketDir: runDir, port: 5432 };
    } else {
      const port = Number((await server.listen({ port: 0 })).split(':').pop());
      lock = { pid: process.pid, host: '127.0.0.1', port };
    }
    writeFileSync(fd, JSON.stringify(lock));
    closeSync(fd);
    const pool = poolFor(lock, opts.poolSize ?? storePoolSize(config));
    pool.on('error', () => {});
    if (opts.migrate !== false) await applyMigrations(pool);
    const srv = server;
    const lite = pglite;
    let closed = false;
    return {
      db: drizzle(pool, { schema }),
      pool,
      kind: 'embedded',
      owner: true,
      where: config.dataDir,
      async close() {
        if (closed) return;
        closed = true;
        await pool.end().catch(() => {});
        await srv.close().catch(() => {});
        await lite.close().catch(() => {});
        try {
          if (readLock(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        } catch { /* already gone */ }
      },
    };
  } catch (err) {
    await server?.close().catch(() => {});
    await pglite?.close().catch(() => {});
    try { closeSync(fd); } catch { /* closed */ }
    try { unlinkSync(lockPath); } catch { /* gone */ }
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot open the embedded store in ${config.dataDir}: ${(err as Error).message}`);
  }
}

export async function openStore(config: Config, opts: OpenStoreOptions = {}): Promise<Store> {
  if (config.databaseUrl) return openPostgres(config, opts);
  mkdirSync(config.dataDir, { recursive: true });
  const joined = await joinEmbedded(config, opts);
  if (joined) return joined;
  return ownEmbedded(config, opts);
}
