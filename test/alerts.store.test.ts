// The consensus and alert step on the real store, both kinds: the seed
// example end to end through analyzeClaims, repeats and copies that must stay
// quiet, corroboration from a new source, and workers racing on one measure.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { analyzeClaims, consensusHistory, latestConsensus, measureClaims, type AnalyzeOutput } from '../src/alerts/index.js';
import { consensusAsOf } from '../src/consensus/consensus.js';
import { resolveSettings } from '../src/consensus/settings.js';
import { sameConsensus } from '../src/consensus/store.js';
import { silentLogger } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { alerts, articles, claims, consensus } from '../src/store/schema.js';
import { freshStore, STORE_KINDS, type TestStore } from './helpers/store.js';
import { ORIGINATORS } from './helpers/corpus.js';

const WATCH = 'dprk-troops-russia';

interface GoldClaim {
  measure: string; low: number; high: number; unit: string; per: string | null; qualifier: string;
  status: string; scope: string; source: string[]; location: string | null; asOf: string | null;
  evidence: { quote: string; start: number; end: number };
}
const gold = JSON.parse(readFileSync(new URL('../corpus/seed-claims.json', import.meta.url), 'utf8')) as {
  articles: { file: string; title: string; published: string; claims: GoldClaim[] }[];
};
const seed = (prefix: string) => gold.articles.find((a) => a.file.startsWith(prefix))!;


const troops = (low: number, high: number, source: string[], more: Partial<GoldClaim> = {}): GoldClaim => ({
  measure: 'troops', low, high, unit: 'persons', per: null, qualifier: 'exact', status: 'present', scope: 'total',
  source, location: 'Russia', asOf: null, evidence: { quote: `${source[0]} said ${low} soldiers.`, start: 0, end: 20 }, ...more,
});

interface Report { url: string; title: string; published: string; claims: GoldClaim[]; duplicateOf?: number }

/** Stores an article and its claims as the analyze job would, and returns their ids. */
async function store(db: Db, r: Report): Promise<{ articleId: number; claimIds: number[] }> {
  const publishedAt = new Date(`${r.published}T12:00:00Z`);
  const [a] = await db.insert(articles).values({
    url: r.url, title: r.title, status: r.duplicateOf ? 'duplicate' : 'new', duplicateOf: r.duplicateOf ?? null,
    publishedAt, text: r.claims.map((c) => c.evidence.quote).join('\n'), tagging: 'tagged',
  }).returning({ id: articles.id });
  const rows = r.claims.length === 0 ? [] : await db.insert(claims).values(r.claims.map((c) => ({
    articleId: a.id, watch: WATCH, measure: c.measure, low: c.low, high: c.high, unit: c.unit, per: c.per,
    qualifier: c.qualifier, status: c.status, scope: c.scope, source: c.source,
    sourceKey: ORIGINATORS[c.source[0]] ?? null, location: c.location, asOf: c.asOf,
    evidenceSentence: c.evidence.quote, evidenceStart: c.evidence.start, evidenceEnd: c.evidence.end,
    confidence: 0.9, reportedAt: publishedAt,
  }))).returning({ id: claims.id });
  return { articleId: a.id, claimIds: rows.map((x) => x.id) };
}

const settingsFor = () => resolveSettings();

async function arrive(db: Db, r: Report): Promise<AnalyzeOutput & { articleId: number }> {
  const { articleId, claimIds } = await store(db, r);
  const out = await analyzeClaims(db, { watch: WATCH, articleId, claimIds, settingsFor }, silentLogger);
  return { ...out, articleId };
}

const seedReport = (prefix: string): Report => {
  const s = seed(prefix);
  return { url: `https://seeds.example/${s.file}`, title: s.title, published: s.published, claims: s.claims };
};

/** Each stored row is a move: no two in a row say the same. */
function expectEachRowMoved(rows: (typeof consensus.$inferSelect)[]): void {
  for (let i = 1; i < rows.length; i++) {
    const { centre, bandLow, bandHigh, figures, sources, sourceList } = rows[i];
    const same = sameConsensus(rows[i - 1], { centre, bandLow, bandHigh, figures, sources, sourceList, spreadLog10: 0, unit: '', per: null });
    expect(same, `row ${rows[i].id} repeats row ${rows[i - 1].id}`).toBe(false);
  }
}

describe.each(STORE_KINDS)('consensus and alerts on the %s store', (kind) => {
  let t: TestStore;
  let db: Db;
  let seed004: { articleId: number };
  const allAlerts = () => db.select().from(alerts);

  beforeAll(async () => {
    t = await freshStore(kind);
    db = t.store.db;
  });
  afterAll(async () => { await t?.cleanup(); });

  it('builds a consensus of about 11,000 troops from seeds 000 to 003, with no alert', async () => {
    // Oldest first, as the story was reported.
    for (const prefix of ['003', '002', '001', '000']) {
      const out = await arrive(db, seedReport(prefix));
      expect(out.alerts, `seed ${prefix}`).toEqual([]);
    }
    const latest = await latestConsensus(db, WATCH);
    const t0 = latest.find((c) => c.measure === 'troops')!;
    expect(t0.centre).toBeGreaterThan(10_500);
    expect(t0.centre).toBeLessThan(11_500);
    expect([t0.bandLow, t0.bandHigh]).toEqual([10_000, 12_000]);
    expect(t0.sources).toBeGreaterThanOrEqual(3);
    expect(t0.sourceList).toEqual(expect.arrayContaining(['hur', 'nhk', 'nis', 'us-dod']));
    // One row per measure, the latest of each.
    expect(new Set(latest.map((c) => c.measure)).size).toBe(latest.length);

    const history = await consensusHistory(db, WATCH, 'troops');
    // Seed 003 has no point figure of the whole; 002, 001 and 000 each move it.
    expect(history).toHaveLength(3);
    expect(history[history.length - 1].id).toBe(t0.id);
    expectEachRowMoved(history);
    expect(await allAlerts()).toHaveLength(0);
  });

  it('raises exactly one alert for seed 004’s additional 25,000–30,000', async () => {
    const [before] = (await latestConsensus(db, WATCH)).filter((c) => c.measure === 'troops');
    const out = await arrive(db, seedReport('004'));
    seed004 = out;
    expect(out.alerts).toHaveLength(1);
    expect(out.alerts[0].event).toBe('alert.created');

    const rows = await allAlerts();
    expect(rows).toHaveLength(1);
    const [a] = rows;
    expect(a.id).toBe(out.alerts[0].id);
    expect(a).toMatchObject({
      watch: WATCH, measure: 'troops', key: 'troops:additional:25000-30000', low: 25000, high: 30000,
      status: 'additional', scope: 'total', direction: 'above', articleId: out.articleId, sourceKey: 'hur',
      articleUrl: `https://seeds.example/${seed('004').file}`, corroborations: [],
    });
    // Against the consensus as it stood before seed 004.
    expect(a.consensusId).toBe(before.id);
    expect(a.centre).toBeCloseTo(before.centre, 6);
    expect([a.bandLow, a.bandHigh]).toEqual([10_000, 12_000]);
    expect(a.support).toBe(before.figures);
    expect(a.supportSources).toEqual(before.sourceList);
    expect(a.ratio).toBeGreaterThan(3);
    expect(a.evidence).toContain('25,000 to 30,000');
    expect(a.explanation).toContain('25,000–30,000');
    expect(a.explanation).toContain('about 11,000');
    expect(a.explanation).toContain(a.articleUrl);
  });

  it('raises none for articles repeating 10,000, 11,000 and 12,000', async () => {
    const repeats: [number, string][] = [[10_000, 'Pentagon briefing'], [11_000, 'Yonhap'], [12_000, 'Kyiv Independent']];
    for (const [n, who] of repeats) {
      const out = await arrive(db, { url: `https://news.example/${n}`, title: `${n} troops`, published: '2025-07-05', claims: [troops(n, n, [who])] });
      expect(out.alerts, `${n}`).toEqual([]);
    }
    expect(await allAlerts()).toHaveLength(1);
  });

  it('raises no second alert for a copy of seed 004, nor for the same source again', async () => {
    const copy = await arrive(db, { ...seedReport('004'), url: 'https://mirror.example/copy-of-004', duplicateOf: seed004.articleId });
    expect(copy.alerts).toEqual([]);
    // Another article, not a known copy, with HUR's figure through another outlet.
    const again = await arrive(db, {
      url: 'https://other.example/hur-again', title: 'HUR: more troops coming', published: '2025-07-06',
      claims: [troops(25_000, 30_000, ['Ukrainian defence intelligence (HUR)', 'Reuters'], { status: 'additional' })],
    });
    expect(again.alerts).toEqual([]);
    const rows = await allAlerts();
    expect(rows).toHaveLength(1);
    expect(rows[0].corroborations).toEqual([]);
  });

  it('adds a new source reporting the same departing figure as corroboration, once', async () => {
    const report = (url: string): Report => ({
      url, title: 'Seoul confirms plan', published: '2025-07-07',
      claims: [troops(25_000, 30_000, ['South Korean intelligence (NIS)', 'Yonhap'], { status: 'additional' })],
    });
    const out = await arrive(db, report('https://seoul.example/nis-confirms'));
    const [a] = await allAlerts();
    expect(out.alerts).toEqual([{ id: a.id, event: 'alert.corroborated' }]);
    expect(a.corroborations).toHaveLength(1);
    expect(a.corroborations[0]).toMatchObject({ source: 'nis', articleId: out.articleId, url: 'https://seoul.example/nis-confirms' });
    expect(a.updatedAt.getTime()).toBeGreaterThanOrEqual(a.createdAt.getTime());

    const repeat = await arrive(db, report('https://seoul.example/nis-repeats'));
    expect(repeat.alerts).toEqual([]);
    const after = await allAlerts();
    expect(after).toHaveLength(1);
    expect(after[0].corroborations).toHaveLength(1);
  });

  it('changes nothing when an article is analysed again', async () => {
    const ids = await db.select({ id: claims.id }).from(claims).where(eq(claims.articleId, seed004.articleId));
    const historyBefore = await consensusHistory(db, WATCH, 'troops');
    const out = await analyzeClaims(db, { watch: WATCH, articleId: seed004.articleId, claimIds: ids.map((r) => r.id), settingsFor }, silentLogger);
    expect(out).toEqual({ consensusIds: [], alerts: [], held: [], history: [] });
    expect(await consensusHistory(db, WATCH, 'troops')).toEqual(historyBefore);
  });

  it('refuses claims of another article', async () => {
    const ids = await db.select({ id: claims.id }).from(claims).where(eq(claims.articleId, seed004.articleId));
    await expect(analyzeClaims(db, { watch: WATCH, articleId: seed004.articleId + 1, claimIds: ids.map((r) => r.id), settingsFor }, silentLogger))
      .rejects.toThrow(/belongs to article/);
  });
});

describe.each(STORE_KINDS)('workers racing on one measure (%s store)', (kind) => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore(kind); });
  afterAll(async () => { await t?.cleanup(); });

  it('leave one alert per departure and a consensus history that adds up', async () => {
    const db = t.store.db;
    for (const prefix of ['003', '002', '001', '000']) await arrive(db, seedReport(prefix));
    const reports: Report[] = [
      ...[[10_000, 'A'], [11_000, 'B'], [12_000, 'C'], [13_000, 'D'], [10_500, 'E']].map(([n, who]) => ({
        url: `https://${(who as string).toLowerCase()}.race.example/`, title: `${n}`, published: '2025-01-10', claims: [troops(n as number, n as number, [who as string])],
      })),
      ...['F', 'G', 'H'].map((who) => ({
        url: `https://${who.toLowerCase()}.race.example/`, title: 'more', published: '2025-01-11',
        claims: [troops(25_000, 30_000, [who], { status: 'additional' })],
      })),
    ];
    const stored = [];
    for (const r of reports) stored.push(await store(db, r));
    // All at once, as several analyze workers would.
    const outs = await Promise.all(stored.map((s) => analyzeClaims(db, { watch: WATCH, ...s, settingsFor }, silentLogger)));

    const events = outs.flatMap((o) => o.alerts.map((a) => a.event)).sort();
    expect(events).toEqual(['alert.corroborated', 'alert.corroborated', 'alert.created']);
    const rows = await db.select().from(alerts);
    expect(rows).toHaveLength(1);
    expect(rows[0].corroborations).toHaveLength(2);
    expect(new Set([rows[0].sourceKey, ...rows[0].corroborations.map((c) => c.source)])).toEqual(new Set(['unnamed:f.race.example', 'unnamed:g.race.example', 'unnamed:h.race.example']));

    const history = await consensusHistory(db, WATCH, 'troops');
    expectEachRowMoved(history);
    const all = await measureClaims(db, WATCH, 'troops');
    const expected = consensusAsOf(all, new Date('2025-01-11T12:00:00Z'), resolveSettings())!;
    expect(sameConsensus(history[history.length - 1], expected)).toBe(true);
    expect(expected.figures).toBeGreaterThan(6);
  });
});
