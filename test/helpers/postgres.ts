// A PostgreSQL cluster of the test's own (initdb into a temporary folder, on a
// free port), for the tests that stop and restart the database: the shared
// server on 5432 is never touched. As root, the cluster runs as the
// `postgres` user, which initdb and postgres require.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes.js';

export interface PgServer {
  /** The cluster's `postgres` database as its superuser. */
  adminUrl: string;
  port: number;
  start(): Promise<void>;
  /** Fast shutdown: sessions are ended, as when an operator stops the server. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed, as Debian lays them out. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

export async function ownPostgres(): Promise<PgServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cw-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const out = spawnSync(file, argv, { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`${cmd} failed: ${out.stderr || out.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const srv: PgServer = {
    adminUrl,
    port,
    async start() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
      for (let i = 0; i < 100; i++) {
        const client = new pg.Client({ connectionString: adminUrl });
        try {
          await client.connect();
          await client.end();
          return;
        } catch {
          await client.end().catch(() => {});
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('the private PostgreSQL did not start');
    },
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    async cleanup() {
      try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* not running */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await srv.start();
  return srv;
}
