// A store filled the way the pipeline would have filled it after reading the
// seed corpus (texts from corpus/seeds, claims from corpus/seed-claims.json),
// with the consensus moves of `troops`, the departure of seed 004 and its
// webhook deliveries written directly, plus a feed whose item carries markup.
// The dashboard tests read it through the real server.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { confirmAlert, dismissAlert } from '../src/alerts/review.js';
import { loadWatches } from '../src/claims/index.js';
import { watchSettings } from '../src/consensus/settings.js';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { shippedDataDir } from '../src/paths.js';
import { createQueues } from '../src/queues.js';
import type { Db } from '../src/store/db.js';
import {
  alerts, articles, claims, consensus, deliveries, feedEvents, feedItems, feeds, webhooks,
} from '../src/store/schema.js';
import { createWebServer, startWebServer, type WebActions, type WebWatch } from '../src/web/index.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, type StoreKind, type TestStore } from './helpers/store.js';

export const XSS = '<img src=x onerror=alert(1)>';
export const WATCH = 'dprk-troops-russia';

export const WATCHES: WebWatch[] = [{
  id: WATCH,
  name: 'DPRK troops in Russia',
  measures: [
    { key: 'troops', unit: 'persons' }, { key: 'casualties', unit: 'persons' }, { key: 'officers', unit: 'persons' },
    { key: 'generals', unit: 'persons' }, { key: 'compensation_cash', unit: 'currency' },
    { key: 'compensation_rice', unit: 'tonnes' }, { key: 'training_bases', unit: 'bases' },
  ],
}];

// Read here rather than through src/seed, which pulls in the whole pipeline.
interface SeedClaim {
  measure: string; low: number; high: number; unit: string; per: string | null; qualifier: string; status: string;
  scope: string; source: string[]; location: string | null; asOf: string | null; optional?: boolean;
  evidence: { quote: string; start: number; end: number };
}
interface SeedSet { watch: string; articles: { file: string; title: string; published: string; claims: SeedClaim[] }[] }

function readSeedSet(): SeedSet {
  return JSON.parse(readFileSync(join(shippedDataDir, 'seed-claims.json'), 'utf8')) as SeedSet;
}

function seedTexts(): Map<string, string> {
  const dir = join(shippedDataDir, 'seeds');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => [f.slice(0, 3), readFileSync(join(dir, f), 'utf8')]));
}

/** The URL the service stores a seed article under (src/seed). */
export const seedUrl = (file: string) => `urn:claimwatch:seed:${file.replace(/\.txt$/, '')}`;

export interface SeedIds {
  /** Article ids by seed prefix ('000' … '004'). */
  seeds: Record<string, number>;
  copyOf003: number;
  xssArticle: number;
  xssFeed: number;
  wireFeed: number;
  /** The claim of seed 004: an additional 25,000–30,000 troops. */
  departureClaim: number;
  alert: number;
  deliveredDelivery: number;
  failedDelivery: number;
  consensus: number[];
}

/** Originators, as the watch's aliases would canonicalise them. */
function sourceKey(source: string[]): string {
  const first = source[0] ?? 'unknown';
  if (/HUR/.test(first)) return 'hur';
  if (/NIS|South Korea/i.test(first)) return 'nis';
  return first.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export async function fillSeedStore(db: Db): Promise<SeedIds> {
  const set = readSeedSet();
  const texts = seedTexts();
  const now = Date.now();

  const [wire] = await db.insert(feeds).values({
    url: 'http://127.0.0.1:9/wire.xml', title: 'Test wire', intervalSeconds: 3600, itemsFound: 5,
    lastPolledAt: new Date(now - 600_000), nextPollAt: new Date(now + 3_000_000), lastSuccessAt: new Date(now - 600_000),
  }).returning();
  const [evil] = await db.insert(feeds).values({
    url: 'http://127.0.0.1:9/evil.xml', title: XSS, intervalSeconds: 7200, status: 'broken', errorScore: 3, itemsFound: 1,
    lastError: '<script>alert("feed error")</script> HTTP 500', lastErrorKind: 'hard', lastErrorAt: new Date(now - 120_000),
    lastPolledAt: new Date(now - 120_000), nextPollAt: new Date(now + 7_000_000),
  }).returning();
  await db.insert(feedEvents).values({ feedId: evil.id, kind: 'broken', message: `feed ${XSS} failed 3 times`, at: new Date(now - 100_000) });

  // Seeds in the order they were published, so the consensus moves as the story did.
  // Everything was ingested today (the overview counts "today"), in this order,
  // whatever the hour the tests run at.
  const startOfDay = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const ingested = (order: number) => new Date(Math.max(now - 15 * 60_000, startOfDay) + order * 1000);
  const ordered = [...set.articles].sort((a, b) => a.published.localeCompare(b.published));
  const seedIds: Record<string, number> = {};
  const claimIds: Record<string, number[]> = {};
  let i = 0;
  for (const seed of ordered) {
    const prefix = seed.file.slice(0, 3);
    const publishedAt = new Date(`${seed.published}T12:00:00Z`);
    const [a] = await db.insert(articles).values({
      url: seedUrl(seed.file), status: 'new', title: seed.title, lang: 'en', publishedAt, outlet: 'seed corpus',
      text: texts.get(prefix)!, textHash: `seed-${prefix}`, extractor: 'text', isSeed: true, tagging: 'tagged',
      feedId: wire.id, createdAt: ingested(i), fetchedAt: ingested(i),
    }).returning();
    i++;
    seedIds[prefix] = a.id;
    const rows = await db.insert(claims).values(seed.claims.map((c) => ({
      articleId: a.id, watch: set.watch, measure: c.measure, low: c.low, high: c.high, unit: c.unit, per: c.per,
      qualifier: c.qualifier, status: c.status, scope: c.scope, source: c.source, sourceKey: sourceKey(c.source),
      location: c.location, asOf: c.asOf, evidenceSentence: c.evidence.quote, evidenceStart: c.evidence.start,
      evidenceEnd: c.evidence.end, confidence: c.optional ? 0.6 : 0.9, reportedAt: publishedAt,
    }))).returning({ id: claims.id });
    claimIds[prefix] = rows.map((r) => r.id);
  }

  // A copy of seed 003 on another site: "where else the story ran".
  const [copy] = await db.insert(articles).values({
    url: 'https://copycat.example/news/budanov-kursk', status: 'duplicate', duplicateOf: seedIds['003'], similarity: 0.93,
    title: 'Budanov: first North Korean troops deploy to Kursk (republished)', lang: 'en', outlet: 'copycat.example',
    publishedAt: new Date('2024-10-23T08:00:00Z'), text: texts.get('003')!, textHash: 'copy-003', extractor: 'linkedom',
    tagging: 'skipped', feedId: wire.id, createdAt: ingested(8),
  }).returning();

  const [itemRow] = await db.insert(feedItems).values({ feedId: evil.id, key: 'evil-1', url: 'http://127.0.0.1:9/evil/1', title: XSS }).returning();
  const [xss] = await db.insert(articles).values({
    url: 'http://127.0.0.1:9/evil/1', status: 'new', title: XSS, lang: 'en', outlet: '127.0.0.1', feedId: evil.id, feedItemId: itemRow.id,
    text: 'A body with <script>alert(2)</script> and <b onmouseover="alert(3)">markup</b> in it.', textHash: 'xss',
    extractor: 'linkedom', tagging: 'not_tagged', createdAt: ingested(9),
  }).returning();

  // troops: the consensus after each seed that moved it (scope total, status
  // present or planned; "up to" bounds do not move the centre).
  const troops = async (prefix: string, index: number) => {
    const rows = await db.select({ id: claims.id }).from(claims)
      .where(and(eq(claims.articleId, seedIds[prefix]), eq(claims.measure, 'troops'))).orderBy(claims.id);
    return rows[index].id;
  };
  const moves = [
    { claimId: await troops('002', 1), centre: 12000, bandLow: 9600, bandHigh: 15000, figures: 1, sources: 1, list: ['nis'] },
    { claimId: await troops('001', 0), centre: 12000, bandLow: 9600, bandHigh: 15000, figures: 2, sources: 2, list: ['nis', 'hur'] },
    { claimId: await troops('000', 0), centre: 11000, bandLow: 10000, bandHigh: 12000, figures: 4, sources: 4, list: ['nis', 'hur', 'nhk', 'us-dod'] },
    { claimId: await troops('004', 1), centre: 11000, bandLow: 10000, bandHigh: 12000, figures: 5, sources: 5, list: ['nis', 'hur', 'nhk', 'us-dod', 'cnn'] },
  ];
  const consensusIds: number[] = [];
  for (const [k, m] of moves.entries()) {
    const [row] = await db.insert(consensus).values({
      watch: set.watch, measure: 'troops', at: new Date(now - (9 - k * 2) * 3_600_000), centre: m.centre, bandLow: m.bandLow,
      bandHigh: m.bandHigh, figures: m.figures, sources: m.sources, sourceList: m.list, claimId: m.claimId,
    }).returning({ id: consensus.id });
    consensusIds.push(row.id);
  }

  const departureClaim = await troops('004', 0);
  const seed004 = set.articles.find((a) => a.file.startsWith('004'))!;
  const evidence = seed004.claims[0].evidence.quote;
  const [alert] = await db.insert(alerts).values({
    watch: set.watch, measure: 'troops', claimId: departureClaim, articleId: seedIds['004'], key: 'troops:25000-30000:additional',
    low: 25000, high: 30000, unit: 'persons', qualifier: 'exact', status: 'additional', scope: 'total',
    source: ['Ukrainian defence intelligence (HUR)', 'CNN'], sourceKey: 'hur', consensusId: consensusIds[2],
    centre: 11000, bandLow: 10000, bandHigh: 12000, support: 4, supportSources: ['nis', 'hur', 'nhk', 'us-dod'],
    ratio: 3.49, direction: 'above',
    explanation: 'troops: an additional 25,000–30,000 persons (Ukrainian defence intelligence (HUR) via CNN) would make about 36,000–41,000, ' +
      '3.5 times the consensus of 11,000 (10,000–12,000, from 4 sources).',
    evidence, articleUrl: seedUrl(seed004.file), articleTitle: seed004.title,
  }).returning();

  const [hookA] = await db.insert(webhooks).values({ url: 'http://127.0.0.1:9/hooks/ops', format: 'json', secret: 'whsec_dGVzdHNlY3JldA==' }).returning();
  const [hookB] = await db.insert(webhooks).values({ url: 'http://127.0.0.1:9/hooks/chat', format: 'slack' }).returning();
  const [delivered] = await db.insert(deliveries).values({
    webhookId: hookA.id, eventId: `alert-${alert.id}`, eventType: 'alert.created', alertId: alert.id, payload: { alertId: alert.id },
    status: 'delivered', attempts: 1, lastStatusCode: 204, deliveredAt: new Date(),
  }).returning();
  const [failed] = await db.insert(deliveries).values({
    webhookId: hookB.id, eventId: `alert-${alert.id}`, eventType: 'alert.created', alertId: alert.id, payload: { alertId: alert.id },
    status: 'failed', attempts: 15, lastStatusCode: 500, lastError: 'HTTP 500 from the receiver',
  }).returning();

  return {
    seeds: seedIds, copyOf003: copy.id, xssArticle: xss.id, xssFeed: evil.id, wireFeed: wire.id, departureClaim,
    alert: alert.id, deliveredDelivery: delivered.id, failedDelivery: failed.id, consensus: consensusIds,
  };
}

export class WebInputError extends Error {}

/**
 * The dashboard's actions written over the store and queues directly, as the
 * real ones do (without the feed scheduler, which these tests do not run).
 */
export function storeActions(ctx: Context): WebActions & { resent: number[] } {
  const resent: number[] = [];
  return {
    resent,
    async addFeed(url, intervalSeconds) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        throw new WebInputError(`not a URL: ${url}`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new WebInputError(`only http and https feeds are polled, not ${u.protocol}`);
      const [feed] = await ctx.db.insert(feeds).values({ url: u.toString(), intervalSeconds: intervalSeconds ?? 3600 })
        .onConflictDoNothing().returning();
      if (!feed) throw new WebInputError(`already subscribed to ${u}`);
      return feed;
    },
    async pauseFeed(id, paused) {
      await ctx.db.update(feeds).set({ paused, status: paused ? 'paused' : 'ok' }).where(eq(feeds.id, id));
    },
    async removeFeed(id) {
      await ctx.db.delete(feeds).where(eq(feeds.id, id));
    },
    async resendDelivery(id) {
      const [d] = await ctx.db.update(deliveries).set({ status: 'pending', lastError: null })
        .where(and(eq(deliveries.id, id), eq(deliveries.status, 'failed'))).returning();
      if (!d) throw new WebInputError(`delivery ${id} has not failed`);
      await ctx.queues.deliver.add('deliver', { deliveryId: id }, { jobId: `resend-${id}-${d.attempts}` });
      resent.push(id);
    },
    // The real review functions, with the shipped watch's settings.
    confirmAlert: (id, actor) => confirmAlert(ctx, id, actor, undefined, watchSettings(loadWatches())),
    dismissAlert: (id, actor) => dismissAlert(ctx, id, actor, watchSettings(loadWatches())),
  };
}

export interface WebFixture {
  test: TestStore;
  ctx: Context;
  app: FastifyInstance;
  actions: ReturnType<typeof storeActions>;
  ids: SeedIds;
  /** Set when listening: http://127.0.0.1:port */
  url: string | null;
  close(): Promise<void>;
}

export async function webFixture(kind: StoreKind, opts: { token?: string; host?: string; listen?: boolean; seed?: boolean } = {}): Promise<WebFixture> {
  const test = await freshStore(kind, { dashboard: { host: opts.host ?? '127.0.0.1', port: 0, token: opts.token } });
  const queues = createQueues(test.config);
  const ctx: Context = { config: test.config, store: test.store, db: test.store.db, log: silentLogger, queues };
  const ids = opts.seed === false ? ({} as SeedIds) : await fillSeedStore(ctx.db);
  const actions = storeActions(ctx);
  const app = opts.listen
    ? await startWebServer({ ctx, actions, watches: WATCHES })
    : await createWebServer({ ctx, actions, watches: WATCHES });
  await app.ready();
  return {
    test, ctx, app, actions, ids,
    url: opts.listen ? app.listeningOrigin : null,
    async close() {
      await app.close();
      await queues.close();
      await clearPrefix(test.config.queuePrefix);
      await test.cleanup();
    },
  };
}
