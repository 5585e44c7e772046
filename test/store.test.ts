// The store on both kinds: the same schema and migrations, and the embedded
// store shared with other claimwatch processes while one owns it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { makeConfig } from '../src/config.js';
import { openStore } from '../src/store/db.js';
import { feeds } from '../src/store/schema.js';
import { claimwatch } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, STORE_KINDS } from './helpers/store.js';

describe.each(STORE_KINDS)('%s store', (kind) => {
  it('applies the migrations once and serves every table', async () => {
    const t = await freshStore(kind);
    try {
      const again = await openStore(t.config); // migrating twice changes nothing
      await again.close();
      const tables = await t.store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const names = tables.rows.map((r) => r.table_name);
      for (const table of ['feeds', 'feed_items', 'feed_fetches', 'feed_events', 'articles', 'article_bands', 'claims', 'consensus', 'alerts', 'webhooks', 'deliveries', 'delivery_attempts']) {
        expect(names).toContain(table);
      }
      await t.store.db.insert(feeds).values({ url: 'https://example.org/feed', intervalSeconds: 600 });
      const [row] = await t.store.db.select().from(feeds).where(eq(feeds.url, 'https://example.org/feed'));
      expect(row.status).toBe('ok');
      expect(row.createdAt).toBeInstanceOf(Date);
    } finally {
      await t.cleanup();
    }
  });
});

describe('the embedded store under concurrent use', () => {
  it('keeps each connection\'s queries and transactions whole', async () => {
    const t = await freshStore('embedded');
    try {
      const errors: string[] = [];
      await Promise.all(Array.from({ length: 150 }, async (_, i) => {
        try {
          if (i % 3 === 0) {
            await t.store.db.transaction(async (tx) => {
              await tx.insert(feeds).values({ url: `https://example.org/${i}`, intervalSeconds: 600 });
              const [row] = await tx.select().from(feeds).where(eq(feeds.url, `https://example.org/${i}`));
              if (i % 9 === 0) throw new Error(`roll back ${row.id}`);
            });
          } else {
            await t.store.db.select().from(feeds).where(eq(feeds.intervalSeconds, i));
          }
        } catch (err) {
          if (!(err as Error).message.startsWith('roll back')) errors.push((err as Error).message);
        }
      }));
      expect(errors).toEqual([]);
      const rows = await t.store.db.select().from(feeds);
      // 50 transactions, of which 17 (every ninth index) rolled back.
      expect(rows).toHaveLength(33);
    } finally {
      await t.cleanup();
    }
  });
});

describe('the embedded store shared between processes', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('lets `claimwatch feeds add` run while another process owns the store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-shared-'));
    dirs.push(dataDir);
    const prefix = `cwt_shared_${Date.now()}`;
    const owner = await openStore(makeConfig({ dataDir }));
    try {
      expect(owner.owner).toBe(true);
      const add = claimwatch(['feeds', 'add', 'https://news.example.org/rss', '--interval', '900'], { DATA_DIR: dataDir, QUEUE_PREFIX: prefix });
      expect(await add.exited).toBe(0);
      expect(add.lines.join('\n')).toMatch(/added feed 1: https:\/\/news\.example\.org\/rss/);
      const rows = await owner.db.select().from(feeds);
      expect(rows.map((r) => [r.url, r.intervalSeconds])).toEqual([['https://news.example.org/rss', 900]]);
      const list = claimwatch(['feeds', 'list', '--json'], { DATA_DIR: dataDir });
      expect(await list.exited).toBe(0);
      expect(JSON.parse(list.lines.filter((l) => !l.startsWith('{"level"')).join('\n'))[0].url).toBe('https://news.example.org/rss');
    } finally {
      await owner.close();
      await clearPrefix(prefix);
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-stale-'));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'store.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, socketDir: join(dataDir, 'run'), port: 5432 }));
    const store = await openStore(makeConfig({ dataDir }));
    try {
      expect(store.owner).toBe(true);
    } finally {
      await store.close();
    }
  });
});
