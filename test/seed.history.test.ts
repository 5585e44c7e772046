// `npm start` on a fresh store (issue 19): the service seeds the store with the
// seed corpus, whose departure (seed 004, published July 2025) is older than
// the freshness window by now. It is listed on the alerts page as history,
// with the line that says why it was not posted, and nothing is delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../src/context.js';
import { silentLogger } from '../src/log.js';
import { createQueues, type Queues } from '../src/queues.js';
import { seedCorpus } from '../src/seed/index.js';
import { alerts, deliveries } from '../src/store/schema.js';
import { createTools } from '../src/tools.js';
import { createWebServer } from '../src/web/index.js';
import { clearPrefix } from './helpers/redis.js';
import { freshStore, type TestStore } from './helpers/store.js';
import { storeActions, WATCHES } from './web-fixture.js';

describe('a fresh store seeded as the service seeds it, with the default freshness window', () => {
  let t: TestStore;
  let queues: Queues;
  let ctx: Context;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await freshStore('embedded');
    expect(t.config.alerts.freshnessDays).toBe(7);
    queues = createQueues(t.config);
    ctx = { config: t.config, store: t.store, db: t.store.db, log: silentLogger, queues };
    const seeded = await seedCorpus(ctx, createTools(t.config).watches);
    expect(seeded.stored).toHaveLength(5);
    expect(seeded.alerts).toBe(0);
    app = await createWebServer({ ctx, actions: storeActions(ctx), watches: WATCHES });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await queues?.close();
    if (t) await clearPrefix(t.config.queuePrefix);
    await t?.cleanup();
  });

  it('records seed 004’s departure as history, never posted or delivered', async () => {
    const rows = await ctx.db.select().from(alerts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ measure: 'troops', low: 25_000, high: 30_000, status: 'additional', state: 'history', postedAt: null, reasonCodes: ['not_news'] });
    expect(await ctx.db.select().from(deliveries)).toEqual([]);
  });

  it('lists it on the alerts page as history, with the line that says why it was not posted', async () => {
    for (const url of ['/alerts', '/alerts?state=history']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const page = res.body;
      expect(page).toContain('data-state="history"');
      expect(page).toContain('history (old news, not posted)');
      expect(page).toMatch(/History, not posted: the article was published 2025-07-03, \d+ days before it was analysed, outside the freshness window of 7 days \(ALERT_FRESHNESS_DAYS\)/);
    }
    const raised = await app.inject({ method: 'GET', url: '/alerts?state=raised' });
    expect(raised.body).not.toContain('data-state="history"');
  });

  it('draws it on the troops chart as history', async () => {
    const res = await app.inject({ method: 'GET', url: `/measures/${WATCHES[0].id}/troops` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/class="departure history"/);
    expect(res.body).toContain('history: old news, recorded and never posted');
    // The centre reads as a person writes it.
    expect(res.body).toMatch(/about 1[01],000/);
  });
});
