// Tests run against the real services: the embedded store (PGlite) in a
// temporary folder, and a fresh database on the PostgreSQL server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig, type Config } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/db.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/store/scratch.js';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type StoreKind = 'embedded' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['embedded', 'postgres'];

export interface TestStore {
  store: Store;
  config: Config;
  /** Closes the store and drops what it made. */
  cleanup(): Promise<void>;
}

function uid(): string {
  return `${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A new empty database on the PostgreSQL server; returns its URL and a drop function. */
export function createTestDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(PG_ADMIN_URL, `cw_test_${uid()}`);
}

/** A fresh, migrated store of the given kind, with settings on top of the defaults. */
export async function freshStore(kind: StoreKind, settings: Record<string, unknown> = {}): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-test-'));
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    const config = makeConfig({ ...settings, dataDir, databaseUrl: database.url, queuePrefix: `cwt_${uid()}` });
    const store = await openStore(config);
    return {
      store, config,
      async cleanup() { await store.close(); await database.drop(); rmSync(dataDir, { recursive: true, force: true }); },
    };
  }
  const config = makeConfig({ ...settings, dataDir, queuePrefix: `cwt_${uid()}` });
  const store = await openStore(config);
  return {
    store, config,
    async cleanup() { await store.close(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}
