// `claimwatch alerts`: what an operator sees and does from the command line,
// on a real PostgreSQL store holding one held departure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { alerts, articles, claims, webhooks } from '../src/store/schema.js';
import { claimwatch } from './helpers/processes.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, type TestStore } from './helpers/store.js';

// Each command is a process of its own: slow on a loaded machine, hence the long limits.
describe('claimwatch alerts', { timeout: 240_000 }, () => {
  let t: TestStore;
  let env: Record<string, string>;
  let alertId: number;
  let claimId: number;
  const run = async (args: string[], more: Record<string, string> = {}) => {
    const p = claimwatch(args, { ...env, ...more });
    const code = await p.exited;
    return { code, out: p.lines.filter((l) => l.trim()).join('\n') };
  };

  beforeAll(async () => {
    t = await freshStore('postgres');
    env = { DATABASE_URL: t.config.databaseUrl!, QUEUE_PREFIX: t.config.queuePrefix, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'warn', USER: 'cli-tester' };
    const db = t.store.db;
    await db.insert(webhooks).values({ url: 'http://127.0.0.1:9/hook', format: 'json' });
    const publishedAt = new Date('2024-12-01T12:00:00Z');
    const [a] = await db.insert(articles).values({ url: 'https://x.example/a', outlet: 'x.example', status: 'new', title: 'A', publishedAt, text: '11 soldiers', tagging: 'tagged' }).returning();
    const [c] = await db.insert(claims).values({
      articleId: a.id, watch: 'dprk-troops-russia', measure: 'troops', low: 11, high: 11, unit: 'persons', qualifier: 'exact', status: 'present',
      scope: 'total', source: [], evidenceSentence: '11 soldiers', evidenceStart: 0, evidenceEnd: 11, confidence: 0.9, reportedAt: publishedAt,
    }).returning();
    claimId = c.id;
    const [al] = await db.insert(alerts).values({
      watch: 'dprk-troops-russia', measure: 'troops', claimId: c.id, articleId: a.id, key: 'troops:present:11', low: 11, high: 11, unit: 'persons',
      qualifier: 'exact', status: 'present', scope: 'total', source: [], sourceKey: 'unnamed:x.example', centre: 11_000, bandLow: 10_000, bandHigh: 12_000,
      support: 4, supportSources: ['hur', 'nhk', 'nis', 'us-dod'], ratio: 1000, direction: 'below', explanation: 'New troops figure departs: 11 persons.',
      evidence: '11 soldiers', articleUrl: a.url, state: 'held', heldReason: 'the figure lies outside the plausible range 100–500,000 persons', asOf: publishedAt,
    }).returning();
    alertId = al.id;
  });
  afterAll(async () => {
    if (t) await clearPrefix(t.config.queuePrefix);
    await t?.cleanup();
  });

  it('lists alerts with their state and why they are held, as text and JSON', async () => {
    const text = await run(['alerts']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`^\\s*${alertId}\\s+held\\s+troops 11 ×1000\\.0 below .*held: the figure lies outside the plausible range`));
    const json = await run(['alerts', '--json', '--state', 'held']);
    expect(JSON.parse(json.out)).toMatchObject([{ id: alertId, state: 'held', heldReason: expect.stringContaining('plausible') }]);
    expect((await run(['alerts', '--state', 'raised'])).out).toBe('no raised alerts');
    const bad = await run(['alerts', '--state', 'posted']);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('claimwatch: --state is one of raised, held, history, confirmed, dismissed');
  });

  it('confirms a held alert: it is posted, and who did it shows', async () => {
    const r = await run(['alerts', 'confirm', String(alertId), '--by', 'Ana']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`alert ${alertId} confirmed and posted (1 deliveries queued)`);
    const show = await run(['alerts', 'show', String(alertId)]);
    expect(show.out).toMatch(/confirmed by Ana \(cli\)/);
    expect(show.out).toMatch(/deliveries: \d+ pending/);
  });

  it('dismisses it: the claim is marked wrong, by the user running the command, and the webhook it was posted to hears so', async () => {
    const r = await run(['alerts', 'dismiss', String(alertId), '--note', 'misread 11,000']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`alert ${alertId} dismissed: 1 claim marked wrong, consensus recomputed, retraction queued to 1 webhook`);
    const [c] = await t.store.db.select().from(claims).where(eq(claims.id, claimId));
    expect(c.dismissedAt).not.toBeNull();
    const show = JSON.parse((await run(['alerts', 'show', String(alertId), '--json'])).out);
    expect(show.alert.state).toBe('dismissed');
    expect(show.actions.map((x: { action: string; by: string; note: string | null }) => [x.action, x.by, x.note])).toEqual([['confirm', 'Ana', null], ['dismiss', 'cli-tester', 'misread 11,000']]);
    const again = await run(['alerts', 'confirm', String(alertId)]);
    expect(again.code).toBe(1);
    expect(again.out).toBe(`claimwatch: alert ${alertId} was dismissed: its claim is marked wrong`);
  });

  it('says so in one line for an alert that does not exist', async () => {
    const r = await run(['alerts', 'dismiss', '999999']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('claimwatch: no alert 999999');
  });
});
