// A database of its own on a PostgreSQL server, for the tests, the benches and
// the evaluations: made empty, dropped after, so that no run ever shares an
// operator's data or another run's. adminUrl names a database to connect to
// while creating and dropping (the server's own, such as `test` or `postgres`).
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function run(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** name: lowercase letters, digits and underscores (it is not quoted). */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await run(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(adminUrl, `drop database if exists ${name} with (force)`) };
}
