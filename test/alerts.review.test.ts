// What makes the alert stream trustworthy, on the real store: sources counted
// as the watch knows them, a consensus that stands at a date, cumulative
// counts, departures held for review, and an operator's confirm and dismiss.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { analyzeClaims, consensusHistory, latestConsensus, type AnalyzeOutput } from '../src/alerts/index.js';
import { alertHistory, confirmAlert, dismissAlert } from '../src/alerts/review.js';
import { resolveSettings, type ConsensusSettings } from '../src/consensus/settings.js';
import { silentLogger } from '../src/log.js';
import { createQueues, type Queues } from '../src/queues.js';
import type { Db } from '../src/store/db.js';
import { alerts, articles, claims, deliveries, webhooks } from '../src/store/schema.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, type TestStore } from './helpers/store.js';

const WATCH = 'review-test';

interface C {
  measure?: string; low: number; high?: number; qualifier?: string; status?: string; scope?: string;
  source?: string[]; sourceKey?: string | null; confidence?: number; flags?: string[];
}
interface Report { outlet: string; slug: string; published: string; claims: C[] }

const TROOPS = resolveSettings({ alertThreshold: 0.7 }, { kind: 'level', plausible: { min: 100, max: 500_000 } });
const CASUALTIES = resolveSettings({ alertThreshold: 0.7 }, { kind: 'cumulative', windowDays: 60, maxSpreads: 4, plausible: { min: 10, max: 200_000 } });
const settingsFor = (measure: string): ConsensusSettings => (measure === 'casualties' ? CASUALTIES : TROOPS);

async function arrive(db: Db, r: Report, opts: { freshnessDays?: number; now?: Date } = {}): Promise<AnalyzeOutput & { articleId: number; claimIds: number[] }> {
  const publishedAt = new Date(`${r.published}T12:00:00Z`);
  const url = `https://${r.outlet}/${r.slug}`;
  const [a] = await db.insert(articles).values({
    url, outlet: r.outlet, title: r.slug, status: 'new', publishedAt, text: r.slug, tagging: 'tagged',
  }).returning({ id: articles.id });
  const rows = await db.insert(claims).values(r.claims.map((c) => ({
    articleId: a.id, watch: WATCH, measure: c.measure ?? 'troops', low: c.low, high: c.high ?? c.low, unit: 'persons', per: null,
    qualifier: c.qualifier ?? 'exact', status: c.status ?? 'present', scope: c.scope ?? 'total', source: c.source ?? [],
    sourceKey: c.sourceKey ?? null, location: null, asOf: null, evidenceSentence: `${c.low} soldiers.`, evidenceStart: 0, evidenceEnd: 5,
    confidence: c.confidence ?? 0.9, flags: c.flags ?? [], reportedAt: publishedAt,
  }))).returning({ id: claims.id });
  const claimIds = rows.map((x) => x.id);
  const out = await analyzeClaims(db, { watch: WATCH, articleId: a.id, claimIds, settingsFor, ...opts }, silentLogger);
  return { ...out, articleId: a.id, claimIds };
}

/** One article with one claim, and the alert it made (raised, held or history), if any. */
async function oneClaim(db: Db, slug: string, published: string, c: C, opts: { freshnessDays?: number; now?: Date } = {}) {
  const out = await arrive(db, { outlet: `${slug}.example`, slug, published, claims: [c] }, opts);
  const id = out.alerts[0]?.id ?? out.held[0] ?? out.history[0];
  const [row] = id === undefined ? [] : await db.select().from(alerts).where(eq(alerts.id, id));
  return { out, row };
}

/** For one describe block: a fresh store holding the four known sources, and `one` to add an article with one claim. */
function withKnownSources() {
  const s = {} as { t: TestStore; db: Db };
  beforeAll(async () => {
    s.t = await freshStore('postgres');
    s.db = s.t.store.db;
    for (const r of KNOWN) await arrive(s.db, r);
  });
  afterAll(async () => { await s.t?.cleanup(); });
  return {
    get t() { return s.t; },
    get db() { return s.db; },
    one: (slug: string, published: string, c: C, opts: { freshnessDays?: number; now?: Date } = {}) => oneClaim(s.db, slug, published, c, opts),
  };
}

/** Four known sources agreeing on about 11,000 troops, in November 2024. */
const KNOWN: Report[] = [
  { outlet: 'nhk.example', slug: 'nhk', published: '2024-11-01', claims: [{ low: 10_000, source: ['NHK'], sourceKey: 'nhk' }] },
  { outlet: 'dod.example', slug: 'dod', published: '2024-11-02', claims: [{ low: 10_000, source: ['Pentagon'], sourceKey: 'us-dod' }] },
  { outlet: 'kyiv.example', slug: 'hur', published: '2024-11-03', claims: [{ low: 12_000, qualifier: 'approx', source: ['HUR'], sourceKey: 'hur' }] },
  { outlet: 'seoul.example', slug: 'nis', published: '2024-11-04', claims: [{ low: 11_000, source: ['NIS'], sourceKey: 'nis' }] },
];

const troopsNow = async (db: Db) => (await latestConsensus(db, WATCH)).find((c) => c.measure === 'troops')!;

describe('sources as the watch knows them', () => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore('postgres'); });
  afterAll(async () => { await t?.cleanup(); });

  it('three made-up attributions from one outlet cannot move a consensus held by known sources', async () => {
    const db = t.store.db;
    for (const r of KNOWN) await arrive(db, r);
    const before = await troopsNow(db);
    expect(before.sources).toBe(4);

    const made = ['according to a month', 'according to statements', 'according to available information'];
    const outs = [];
    for (const [i, phrase] of made.entries()) {
      outs.push(await arrive(db, {
        outlet: 'hostile.example', slug: `story-${i}`, published: `2024-11-1${i}`,
        claims: [{ low: [52_000, 60_000, 150_000][i], source: [phrase] }],
      }));
    }
    const after = await troopsNow(db);
    // One unnamed source for the outlet, whatever the phrasing.
    expect(after.sourceList.filter((s) => s.startsWith('unnamed:'))).toEqual([]);
    expect(after.sources).toBe(4);
    expect(after.centre).toBeGreaterThanOrEqual(10_000);
    expect(after.centre).toBeLessThanOrEqual(12_000);
    expect(Math.abs(after.centre / before.centre - 1)).toBeLessThan(0.1);
    expect([after.bandLow, after.bandHigh]).toEqual([10_000, 12_000]);
    // The first made-up figure departs (one alert); the same outlet again corroborates nothing.
    const rows = await db.select().from(alerts);
    expect(rows.map((r) => r.sourceKey)).toEqual(['unnamed:hostile.example', 'unnamed:hostile.example', 'unnamed:hostile.example']);
    expect(rows.every((r) => r.corroborations.length === 0)).toBe(true);
    expect(outs.flatMap((o) => o.alerts.map((a) => a.event))).toEqual(['alert.created', 'alert.created', 'alert.created']);
  });
});

describe('analyzeClaims in a caller\'s transaction', () => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore('embedded'); });
  afterAll(async () => { await t?.cleanup(); });

  it('writes consensus and alert in it, and nothing when the caller rolls back', async () => {
    const db = t.store.db;
    for (const r of KNOWN) await arrive(db, r);
    const publishedAt = new Date('2024-12-01T12:00:00Z');
    const store = async (tx: Db) => {
      const [a] = await tx.insert(articles).values({ url: `https://tx.example/${Math.random()}`, outlet: 'tx.example', status: 'new', publishedAt, text: 'x', tagging: 'tagged' }).returning();
      const [c] = await tx.insert(claims).values({
        articleId: a.id, watch: WATCH, measure: 'troops', low: 60_000, high: 60_000, unit: 'persons', qualifier: 'exact', status: 'present',
        scope: 'total', source: ['JCS'], sourceKey: 'kr-jcs', evidenceSentence: 'x', evidenceStart: 0, evidenceEnd: 1, confidence: 0.9, reportedAt: publishedAt,
      }).returning();
      return analyzeClaims(tx, { watch: WATCH, articleId: a.id, claimIds: [c.id], settingsFor }, silentLogger);
    };
    await expect(db.transaction(async (tx) => {
      const out = await store(tx as unknown as Db);
      expect(out.alerts).toHaveLength(1);
      throw new Error('caller fails after the alert');
    })).rejects.toThrow(/caller fails/);
    expect(await db.select().from(alerts)).toEqual([]);
    const out = await db.transaction(async (tx) => store(tx as unknown as Db));
    expect(out.alerts).toHaveLength(1);
    expect(await db.select().from(alerts)).toHaveLength(1);
  });
});

describe('a consensus as of a date', () => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore('embedded'); });
  afterAll(async () => { await t?.cleanup(); });

  const early: Report[] = [
    { outlet: 'wire.example', slug: 'first-1500', published: '2024-10-18', claims: [{ low: 1_500, source: ['NIS'], sourceKey: 'nis' }] },
    { outlet: 'daily.example', slug: 'then-3000', published: '2024-10-23', claims: [{ low: 3_000, source: ['NIS'], sourceKey: 'nis' }] },
  ];

  it('raises nothing for old reports that arrive after the consensus formed, and draws them as history', async () => {
    const db = t.store.db;
    for (const r of KNOWN) expect((await arrive(db, r)).alerts).toEqual([]);
    for (const r of early) {
      const out = await arrive(db, r);
      expect(out.alerts, r.slug).toEqual([]);
      expect(out.held, r.slug).toEqual([]);
    }
    const history = await consensusHistory(db, WATCH, 'troops');
    // The history starts with October's figures, in publication order, and ends where November's sources put it.
    expect(history[0].at.toISOString()).toBe('2024-10-18T12:00:00.000Z');
    expect(history.map((h) => h.at.getTime())).toEqual([...history.map((h) => h.at.getTime())].sort((a, b) => a - b));
    const last = history[history.length - 1];
    expect(last.centre).toBeGreaterThanOrEqual(10_000);
    expect(last.centre).toBeLessThanOrEqual(12_000);
  });

  it('comes out the same whatever order the articles arrive in', async () => {
    const other = await freshStore('embedded');
    try {
      for (const r of [...early].reverse()) await arrive(other.store.db, r);
      for (const r of [...KNOWN].reverse()) await arrive(other.store.db, r);
      const strip = (rows: Awaited<ReturnType<typeof consensusHistory>>) => rows.map((h) => [h.at.toISOString(), Math.round(h.centre), h.bandLow, h.bandHigh, h.sources]);
      expect(strip(await consensusHistory(other.store.db, WATCH, 'troops'))).toEqual(strip(await consensusHistory(t.store.db, WATCH, 'troops')));
    } finally {
      await other.cleanup();
    }
  });

  it('holds a new figure against the consensus of its date, and "up to" above says it is an upper bound', async () => {
    const db = t.store.db;
    const out = await arrive(db, {
      outlet: 'kyiv.example', slug: 'up-to-30000', published: '2025-06-20',
      claims: [{ low: 30_000, qualifier: 'up_to', status: 'additional', source: ['HUR'], sourceKey: 'hur' }],
    });
    expect(out.alerts).toHaveLength(1);
    const [a] = await db.select().from(alerts).where(eq(alerts.id, out.alerts[0].id));
    expect(a).toMatchObject({ state: 'raised', direction: 'above', qualifier: 'up_to' });
    expect(a.explanation).toMatch(/upper bound/);
    expect(a.asOf?.toISOString()).toBe('2025-06-20T12:00:00.000Z');
    expect(a.postedAt).not.toBeNull();
  });
});

describe('a cumulative count', () => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore('embedded'); });
  afterAll(async () => { await t?.cleanup(); });
  const loss = (outlet: string, key: string, published: string, low: number, flags: string[] = []): Report =>
    ({ outlet, slug: `${key}-${low}-${published}`, published, claims: [{ measure: 'casualties', low, source: [key], sourceKey: key, flags }] });

  it('rises month by month without an alert, and departs far above or below the latest agreed figure', async () => {
    const db = t.store.db;
    // Three sources a month, each month's total above the last: the story moving.
    const rising = [
      loss('a.example', 'nis', '2024-12-19', 1_100), loss('b.example', 'hur', '2024-12-21', 1_000), loss('c.example', 'us-dod', '2024-12-23', 1_200),
      loss('a.example', 'nis', '2025-01-13', 1_800), loss('b.example', 'hur', '2025-01-18', 2_000), loss('d.example', 'ua-president', '2025-01-22', 2_500),
      loss('a.example', 'nis', '2025-02-12', 3_000), loss('c.example', 'us-dod', '2025-02-16', 3_200), loss('d.example', 'ua-president', '2025-02-20', 3_800),
      loss('a.example', 'nis', '2025-03-25', 4_000), loss('b.example', 'hur', '2025-04-02', 4_500), loss('c.example', 'us-dod', '2025-04-10', 4_700),
    ];
    for (const r of rising) {
      const out = await arrive(db, r);
      expect(out.alerts, r.slug).toEqual([]);
    }
    const jump = await arrive(db, loss('e.example', 'uk-mod', '2025-04-15', 20_000));
    expect(jump.alerts.map((a) => a.event)).toEqual(['alert.created']);
    // Below is weaker evidence: posted only when the text marks the figure as the whole.
    const part = await arrive(db, loss('f.example', 'ua-gs', '2025-04-16', 1_400));
    expect(part.alerts).toEqual([]);
    const [held] = await db.select().from(alerts).where(eq(alerts.id, part.held[0]));
    expect(held).toMatchObject({ direction: 'below', state: 'held', reasonCodes: ['below_unmarked'] });
    const short = await arrive(db, loss('e.example', 'kr-jcs', '2025-04-16', 1_500, ['marked_whole']));
    expect(short.alerts.map((a) => a.event)).toEqual(['alert.created']);
    const [below] = await db.select().from(alerts).where(eq(alerts.id, short.alerts[0].id));
    expect(below.direction).toBe('below');
    expect(below.explanation).toMatch(/below the latest agreed figure/);
  });
});

describe('held for review, confirmed and dismissed', () => {
  let t: TestStore;
  let queues: Queues;
  let db: Db;
  beforeAll(async () => {
    t = await freshStore('postgres');
    db = t.store.db;
    queues = createQueues(t.config);
    await db.insert(webhooks).values({ url: 'http://127.0.0.1:9/hook', format: 'json' });
    for (const r of KNOWN) await arrive(db, r);
  });
  afterAll(async () => {
    await queues?.close();
    if (t) await clearPrefix(t.config.queuePrefix);
    await t?.cleanup();
  });
  const deps = () => ({ db, queues, config: t.config });

  it('holds a departure the extractor is not sure of, from an unusual number form, or of an implausible figure', async () => {
    const cases: [C, RegExp][] = [
      [{ low: 40_000, confidence: 0.5, source: ['X'], sourceKey: 'kr-jcs' }, /confidence 0\.50 is below the alert threshold 0\.70/],
      [{ low: 45_000, flags: ['unusual_number_form'], source: ['Y'], sourceKey: 'nato' }, /unusual number form/],
      [{ low: 11, source: ['Z'], sourceKey: 'uk-mod' }, /outside the plausible range 100–500,000 persons/],
    ];
    for (const [i, [c, reason]] of cases.entries()) {
      const before = await troopsNow(db);
      const out = await arrive(db, { outlet: `held${i}.example`, slug: 'x', published: '2024-12-01', claims: [c] });
      expect(out.alerts).toEqual([]);
      expect(out.held).toHaveLength(1);
      const [a] = await db.select().from(alerts).where(eq(alerts.id, out.held[0]));
      expect(a.state).toBe('held');
      expect(a.postedAt).toBeNull();
      expect(a.heldReason).toMatch(reason);
      if (c.low === 11) expect((await troopsNow(db)).figures).toBe(before.figures);
    }
    expect(await db.select().from(deliveries)).toEqual([]);
  });

  it('posts a held alert when an operator confirms it, once, and records who and when', async () => {
    const [held] = await db.select().from(alerts).where(eq(alerts.low, 40_000));
    const r = await confirmAlert(deps(), held.id, { by: 'ana', via: 'cli' }, undefined, () => TROOPS);
    expect(r.posted).toBe(true);
    expect(r.alert.state).toBe('confirmed');
    expect(r.alert.postedAt).not.toBeNull();
    const dels = await db.select().from(deliveries).where(eq(deliveries.alertId, held.id));
    expect(dels.map((d) => d.eventType)).toEqual(['alert.created']);
    const again = await confirmAlert(deps(), held.id, { by: 'ana', via: 'cli' });
    expect(again.posted).toBe(false);
    expect(await db.select().from(deliveries).where(eq(deliveries.alertId, held.id))).toHaveLength(1);
    const history = await alertHistory(db, held.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'confirm', fromState: 'held', by: 'ana', via: 'cli' });
  });

  it('takes a dismissed claim out of the consensus and never alerts on it from the same source again', async () => {
    // A raised alert: 30,000 from the State Department.
    const beforeIt = await troopsNow(db);
    const out = await arrive(db, { outlet: 'state.example', slug: 'n', published: '2024-12-05', claims: [{ low: 30_000, source: ['State'], sourceKey: 'us-state' }] });
    expect(out.alerts).toHaveLength(1);
    // A departing figure stays out of the consensus it departs from...
    expect((await troopsNow(db)).centre).toBeCloseTo(beforeIt.centre, 6);
    // ...until an operator confirms it: then it counts, and (too far off to agree) pulls the median.
    await confirmAlert(deps(), out.alerts[0].id, { by: 'ana', via: 'dashboard' }, undefined, () => TROOPS);
    const withIt = await troopsNow(db);
    expect(withIt.centre).not.toBeCloseTo(beforeIt.centre, 3);

    const r = await dismissAlert(deps(), out.alerts[0].id, { by: 'ben', via: 'dashboard', note: 'misread' }, () => TROOPS);
    expect(r.alert.state).toBe('dismissed');
    const [claim] = await db.select().from(claims).where(eq(claims.id, out.claimIds[0]));
    expect(claim.dismissedAt).not.toBeNull();
    const without = await troopsNow(db);
    expect(without.centre).toBeCloseTo(beforeIt.centre, 6);
    expect(without.id).not.toBe(withIt.id);
    expect((await alertHistory(db, r.alert.id))[1]).toMatchObject({ action: 'dismiss', fromState: 'confirmed', by: 'ben', via: 'dashboard', note: 'misread' });

    const repeat = await arrive(db, { outlet: 'state.example', slug: 'n2', published: '2024-12-06', claims: [{ low: 30_000, source: ['State'], sourceKey: 'us-state' }] });
    expect(repeat.alerts).toEqual([]);
    expect(repeat.held).toEqual([]);
    expect((await troopsNow(db)).centre).toBeCloseTo(beforeIt.centre, 6);
    // Another source with the same figure is news again.
    const other = await arrive(db, { outlet: 'london.example', slug: 'uk', published: '2024-12-07', claims: [{ low: 30_000, source: ['UK'], sourceKey: 'uk-mod' }] });
    expect(other.alerts.map((a) => a.event)).toEqual(['alert.created']);
    await expect(confirmAlert(deps(), r.alert.id, { by: 'ana', via: 'cli' })).rejects.toThrow(/dismissed/);
  });
});

describe('which departures are posted (issue 19)', () => {
  const k = withKnownSources();
  const one = k.one;

  it('holds a figure below the consensus unless the text marks it as the whole', async () => {
    const part = await one('part', '2024-12-01', { low: 1_500, source: ['P'], sourceKey: 'ua-gs' });
    expect(part.out.alerts).toEqual([]);
    expect(part.row).toMatchObject({ state: 'held', direction: 'below', reasonCodes: ['below_unmarked'], postedAt: null });
    expect(part.row.heldReason).toMatch(/does not mark it as the whole/);
    const whole = await one('whole', '2024-12-02', { low: 2_000, qualifier: 'up_to', source: ['R'], sourceKey: 'ru-gov', flags: ['marked_whole'] });
    expect(whole.out.alerts.map((a) => a.event)).toEqual(['alert.created']);
    expect(whole.row).toMatchObject({ state: 'raised', direction: 'below', reasonCodes: [] });
    // Negative row: a figure above needs no cue.
    const above = await one('above', '2024-12-03', { low: 60_000, source: ['A'], sourceKey: 'cnn' });
    expect(above.row).toMatchObject({ state: 'raised', direction: 'above', reasonCodes: [] });
  });

  it('holds a figure whose owner was inferred, with the reason', async () => {
    const r = await one('owner', '2024-12-04', { low: 70_000, source: ['O'], sourceKey: 'nato', flags: ['owner_inferred'] });
    expect(r.out.alerts).toEqual([]);
    expect(r.row).toMatchObject({ state: 'held', reasonCodes: ['owner_inferred'] });
    expect(r.row.heldReason).toMatch(/inferred from the article’s topic/);
  });

  it('holds a bare figure (measure read from context) until an independent source reports it too, then posts it', async () => {
    const first = await one('bare1', '2024-12-05', { low: 90_000, source: ['B'], sourceKey: 'kr-kida', flags: ['noun_from_context'] });
    expect(first.row).toMatchObject({ state: 'held', reasonCodes: ['measure_inferred'] });
    // The same source again is no corroboration.
    const same = await one('bare1b', '2024-12-06', { low: 90_000, source: ['B'], sourceKey: 'kr-kida', flags: ['noun_from_context'] });
    expect(same.out.alerts).toEqual([]);
    expect((await k.db.select().from(alerts).where(eq(alerts.id, first.row.id)))[0].state).toBe('held');
    const other = await one('bare2', '2024-12-07', { low: 90_000, source: ['C'], sourceKey: 'kr-jcs', flags: ['noun_from_context'] });
    expect(other.out.alerts).toEqual([{ id: first.row.id, event: 'alert.created' }]);
    const [posted] = await k.db.select().from(alerts).where(eq(alerts.id, first.row.id));
    expect(posted.state).toBe('raised');
    expect(posted.postedAt).not.toBeNull();
  });

  it('keeps a held owner-inferred departure held when only another owner-inferred report backs it', async () => {
    const again = await one('owner2', '2024-12-08', { low: 70_000, source: ['O2'], sourceKey: 'us-dod', flags: ['owner_inferred'] });
    expect(again.out.alerts).toEqual([]);
    expect((await k.db.select().from(alerts).where(eq(alerts.key, 'troops:present:70000')))[0].state).toBe('held');
  });

});

describe('alerts are news (issue 19)', () => {
  const k = withKnownSources();
  const one = k.one;

  it('records a departure in old news as history, never posted, with the reason; fresh news is posted', async () => {
    const now = new Date('2025-03-01T00:00:00Z');
    const old = await one('old', '2024-12-10', { low: 200_000, source: ['H'], sourceKey: 'h-src' }, { freshnessDays: 7, now });
    expect(old.out.alerts).toEqual([]);
    expect(old.out.history).toEqual([old.row.id]);
    expect(old.row).toMatchObject({ state: 'history', postedAt: null, reasonCodes: ['not_news'] });
    expect(old.row.heldReason).toMatch(/published 2024-12-10, 80 days before it was analysed, outside the freshness window of 7 days/);
    // Within the window, or with the window off, the same kind of departure is posted.
    const fresh = await one('fresh', '2025-02-27', { low: 300_000, source: ['F'], sourceKey: 'f-src' }, { freshnessDays: 7, now });
    expect(fresh.row).toMatchObject({ state: 'raised' });
    const replay = await one('replay', '2024-12-11', { low: 400_000, source: ['G'], sourceKey: 'g-src' }, { freshnessDays: 0, now });
    expect(replay.row).toMatchObject({ state: 'raised' });
  });

  it('confirms a history alert without posting it', async () => {
    const [h] = await k.db.select().from(alerts).where(eq(alerts.state, 'history'));
    const queues = createQueues(k.t.config);
    try {
      const r = await confirmAlert({ db: k.db, queues, config: k.t.config }, h.id, { by: 'ana', via: 'cli' });
      expect(r.posted).toBe(false);
      expect(r.alert.state).toBe('confirmed');
      expect(r.alert.postedAt).toBeNull();
      expect(await k.db.select().from(deliveries).where(eq(deliveries.alertId, h.id))).toEqual([]);
    } finally {
      await queues.close();
      await clearPrefix(k.t.config.queuePrefix);
    }
  });
});

describe('a late earlier-dated article', () => {
  let t: TestStore;
  beforeAll(async () => { t = await freshStore('embedded'); });
  afterAll(async () => { await t?.cleanup(); });

  it('records what re-checking later claims finds as history while the freshness window is on', async () => {
    const db = t.store.db;
    const now = new Date('2024-11-10T00:00:00Z');
    const fresh = { freshnessDays: 7, now };
    // Three sources, the third only once the late article arrives: before it, nothing departs.
    await arrive(db, KNOWN[0], fresh);
    await arrive(db, KNOWN[1], fresh);
    const later = await arrive(db, { outlet: 'x.example', slug: 'x', published: '2024-11-08', claims: [{ low: 50_000, source: ['X'], sourceKey: 'cnn' }] }, fresh);
    expect([...later.alerts, ...later.held, ...later.history]).toEqual([]);
    const late = await arrive(db, KNOWN[2], fresh);
    expect(late.alerts).toEqual([]);
    expect(late.history).toHaveLength(1);
    const [h] = await db.select().from(alerts).where(eq(alerts.id, late.history[0]));
    expect(h).toMatchObject({ state: 'history', low: 50_000, postedAt: null, reasonCodes: ['not_news'] });
    expect(h.heldReason).toMatch(/checked again/);
  });

  it('withdraws a held departure that no longer departs once late articles fill in its history; keeps a posted one', async () => {
    const t2 = await freshStore('embedded');
    try {
      const db = t2.store.db;
      for (const r of KNOWN.slice(0, 3)) await arrive(db, r);
      const held = await oneClaim(db, 'held', '2024-11-10', { low: 25_000, source: ['H'], sourceKey: 'kr-kida', flags: ['owner_inferred'] });
      const posted = await oneClaim(db, 'posted', '2024-11-10', { low: 26_000, source: ['P'], sourceKey: 'cnn' });
      expect(held.row.state).toBe('held');
      expect(posted.row.state).toBe('raised');
      // Three sources published in between, arriving late: the count had moved up.
      for (const [i, low] of [15_000, 16_000, 17_000].entries()) {
        await arrive(db, { outlet: `late${i}.example`, slug: `late${i}`, published: `2024-11-0${5 + i}`, claims: [{ low, source: [`L${i}`], sourceKey: ['nis', 'us-state', 'uk-mod'][i] }] });
      }
      expect(await db.select().from(alerts).where(eq(alerts.id, held.row.id))).toEqual([]);
      expect((await db.select().from(alerts).where(eq(alerts.id, posted.row.id)))[0].state).toBe('raised');
    } finally {
      await t2.cleanup();
    }
  });
});
