// Upgrades: a store made by the previous release (0.1.0, whose migrations are
// kept as they shipped in test/fixtures/migrations-0.1.0) and filled with data
// is brought up to date by the current migrations at start, its data intact;
// and the schema file has no change that lacks a migration.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { migrationsDir, packageRoot } from '../src/paths.js';
import { openStore } from '../src/store/db.js';
import { alerts, articles, claims, dashboardSessions, deliveries, feeds, webhooks } from '../src/store/schema.js';
import { createTestDatabase } from './helpers/store.js';

const PREVIOUS = join(packageRoot, 'test', 'fixtures', 'migrations-0.1.0');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

const journal = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };

describe('upgrading a store', () => {
  it('keeps every migration of the previous release, unchanged, ahead of the new ones', () => {
    const previous = journal(PREVIOUS).entries;
    const current = journal(migrationsDir).entries;
    expect(current.slice(0, previous.length)).toEqual(previous);
    for (const e of previous) {
      expect(readFileSync(join(migrationsDir, `${e.tag}.sql`), 'utf8'), e.tag).toBe(readFileSync(join(PREVIOUS, `${e.tag}.sql`), 'utf8'));
    }
    // New migrations come after, so the migrator (which applies those newer than the last applied) sees them.
    for (let i = 1; i < current.length; i++) expect(current[i].when).toBeGreaterThan(current[i - 1].when);
  });

  it('brings a 0.1.0 database with data up to date at start, the data intact', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    // The database as release 0.1.0 left it, filled through its own tables.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: PREVIOUS });
      await client.query(`insert into feeds (url, title, interval_seconds, status) values ('https://wire.example/rss', 'Wire', 900, 'ok')`);
      await client.query(`insert into articles (url, status, title, lang, text, text_hash, extractor, tagging, feed_id)
        values ('https://wire.example/a', 'new', 'Troops sent', 'en', 'About 11,000 soldiers were sent.', 'h1', 'linkedom', 'tagged', 1)`);
      await client.query(`insert into claims (article_id, watch, measure, low, high, unit, qualifier, status, scope, source, source_key,
          evidence_sentence, evidence_start, evidence_end, confidence, reported_at)
        values (1, 'dprk', 'troops', 11000, 11000, 'persons', 'about', 'present', 'total', '["NIS"]', 'nis',
          'About 11,000 soldiers were sent.', 0, 32, 0.9, '2024-11-01T00:00:00Z')`);
      await client.query(`insert into alerts (watch, measure, claim_id, article_id, key, low, high, unit, qualifier, status, scope, source,
          source_key, centre, band_low, band_high, support, support_sources, ratio, direction, explanation, evidence, article_url)
        values ('dprk', 'troops', 1, 1, 'troops:k', 25000, 30000, 'persons', 'exact', 'additional', 'total', '["HUR"]', 'hur',
          11000, 10000, 12000, 4, '["nis"]', 3.5, 'above', 'far above', 'sending 25,000 to 30,000', 'https://wire.example/a')`);
      await client.query(`insert into webhooks (url, format, secret) values ('https://ops.example/hook', 'json', 'whsec_dGVzdHNlY3JldA==')`);
      await client.query(`insert into deliveries (webhook_id, event_id, event_type, alert_id, payload, status, attempts)
        values (1, 'msg_1', 'alert.created', 1, '{"type":"alert.created"}', 'delivered', 1)`);
    } finally {
      await client.end();
    }

    // Started by the current release: the store applies what is new.
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-upgrade-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const store = await openStore(makeConfig({ dataDir, databaseUrl: database.url }));
    cleanups.push(() => store.close());
    const { db } = store;
    const applied = await store.pool.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(journal(migrationsDir).entries.length);

    expect((await db.select().from(feeds)).map((f) => [f.url, f.title, f.intervalSeconds])).toEqual([['https://wire.example/rss', 'Wire', 900]]);
    const [article] = await db.select().from(articles);
    expect([article.url, article.text, article.feedId]).toEqual(['https://wire.example/a', 'About 11,000 soldiers were sent.', 1]);
    const [claim] = await db.select().from(claims);
    expect([claim.measure, claim.low, claim.source]).toEqual(['troops', 11000, ['NIS']]);
    const [alert] = await db.select().from(alerts);
    expect([alert.low, alert.high, alert.ratio, alert.claimId]).toEqual([25000, 30000, 3.5, claim.id]);
    const [hook] = await db.select().from(webhooks);
    expect(hook.secret).toBe('whsec_dGVzdHNlY3JldA==');
    expect((await db.select().from(deliveries).where(eq(deliveries.webhookId, hook.id))).map((d) => d.status)).toEqual(['delivered']);
    // What the new migrations added works, and ids go on from where 0.1.0 left them.
    await db.insert(dashboardSessions).values({ idHash: 'x', expiresAt: new Date(Date.now() + 60_000) });
    expect(await db.select().from(dashboardSessions)).toHaveLength(1);
    const [next] = await db.insert(feeds).values({ url: 'https://other.example/rss', intervalSeconds: 600 }).returning();
    expect(next.id).toBe(2);

    // A second start finds nothing to do.
    await store.close();
    cleanups.pop();
    const again = await openStore(makeConfig({ dataDir, databaseUrl: database.url }));
    cleanups.push(() => again.close());
    expect((await again.pool.query('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0].n).toBe(journal(migrationsDir).entries.length);
  });

  it('has a migration for every change of the schema file (`npm run db:generate` finds nothing to add)', () => {
    const out = mkdtempSync(join(tmpdir(), 'cw-generate-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    cpSync(migrationsDir, out, { recursive: true });
    const before = readdirSync(out).sort();
    const r = spawnSync(process.execPath, [join(packageRoot, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'generate',
      '--dialect', 'postgresql', '--schema', join(packageRoot, 'src', 'store', 'schema.ts'), '--out', relative(packageRoot, out)], { cwd: packageRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/No schema changes/);
    expect(readdirSync(out).sort()).toEqual(before);
  });
});
