// The embedded store's footprint (issue 21): a new store is made from the
// shipped empty cluster of the installed PGlite version, and runs with a small
// server's settings. How much memory that saves is bench/memory.ts's to say.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeConfig } from '../src/config.js';
import { openStore } from '../src/store/db.js';
import { PGLITE_SETTINGS, pgliteVersion, templateDir, templateFile } from '../src/store/pglite.js';
import { articles } from '../src/store/schema.js';

describe('the embedded store on a diet', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('ships the empty cluster of the installed PGlite version (run `npm run store:template` after an upgrade)', () => {
    expect(existsSync(templateFile()), `no ${templateFile()}`).toBe(true);
    // One template only: an old version's is dead weight in every install.
    expect(readdirSync(templateDir)).toEqual([`pglite-${pgliteVersion()}.tar.gz`]);
  });

  it('makes a new store from it, migrated and usable, and runs with the small settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-diet-'));
    dirs.push(dataDir);
    const store = await openStore(makeConfig({ dataDir }));
    try {
      expect(store.owner).toBe(true);
      for (const [name, value] of Object.entries(PGLITE_SETTINGS)) {
        const { rows } = await store.pool.query(`show ${name}`);
        expect(rows[0][name]).toBe(value);
      }
      const [row] = await store.db.insert(articles).values({ url: 'https://news.example.org/a', status: 'new', text: 'body', textHash: 'h', tagging: 'pending' }).returning({ id: articles.id });
      expect(row.id).toBeGreaterThan(0);
      const { rows } = await store.db.execute<{ n: number }>(sql`select count(*)::int as n from articles`);
      expect(rows[0].n).toBe(1);
    } finally {
      await store.close();
    }
    // Opened again (not from the template: the cluster is there), the article is still stored.
    const again = await openStore(makeConfig({ dataDir }));
    try {
      const { rows } = await again.db.execute<{ n: number }>(sql`select count(*)::int as n from articles`);
      expect(rows[0].n).toBe(1);
    } finally {
      await again.close();
    }
  });
});
