// The alert-stream evaluation's replay on a real store: made-up articles go
// through the process and analyze steps after the seeds, and the score names
// the alert the departing one raised, whatever the order they arrive in.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETS, publicationOrder, readSet, runOrder, type StreamArticle } from '../eval/alerts-stream.js';
import { PG_ADMIN_URL } from './helpers/store.js';
import { TEST_REDIS_URL } from './helpers/redis.js';

const base = { lang: 'en' as const, kinds: ['test'], why: 'made up for this test' };

const stream: StreamArticle[] = [
  {
    ...base, id: 't1', published: new Date('2025-03-02T09:00:00Z'), url: 'https://wire-one.example.org/kyiv-60000',
    title: 'Kyiv says North Korea has now sent 60,000 soldiers to Russia',
    text: 'KYIV -- Ukraine\'s military intelligence (HUR) said on Sunday that North Korea has sent 60,000 soldiers to Russia, five times more than previously believed.\n\nThe agency said the soldiers had arrived by rail over the winter and were being trained near the border. Russia did not comment.',
    expect: [{ event: 'raise', measure: 'troops', low: 60000, high: 60000 }],
  },
  {
    ...base, id: 't2', published: new Date('2025-03-03T09:00:00Z'), url: 'https://wire-two.example.org/seoul-11000',
    title: 'Seoul still counts about 11,000 North Korean soldiers in Russia',
    text: 'SEOUL -- South Korea\'s spy agency told lawmakers on Monday that about 11,000 North Korean soldiers remain in Russia, and that it had seen no sign of a large new deployment.\n\nThe agency said the troops were still training with drones in the Kursk region.',
    expect: [],
  },
];
// The first report again on another site, a line added: a copy, stored as such and never analysed.
stream.push({
  ...stream[0], id: 't3', published: new Date('2025-03-02T15:00:00Z'), url: 'https://aggregator.example.org/n/kyiv-60000',
  text: `${stream[0].text}\n\nThis story first appeared on Wire One.`, why: 'a copy: the same departure from the same source',
  expect: [{ event: 'repeat', measure: 'troops', low: 60000, high: 60000 }],
});

describe('replaying a stream for the evaluation', () => {
  it('stores each article as the pipeline does and scores the alerts it raised', async () => {
    // In publication order the report arrives before its copy; reversed, the copy comes first and raises the alert.
    for (const order of [publicationOrder(stream), publicationOrder(stream).reverse()]) {
      const run = await runOrder(stream, order, { name: 'test', seed: null }, { kind: 'postgres', adminUrl: PG_ADMIN_URL, redisUrl: TEST_REDIS_URL });
      // Seed 004's alert exists before the stream and is not the stream's.
      expect(run.seedAlerts).toBe(1);
      expect(run.observation.stored.get('t2')).toEqual({ status: 'new', duplicateOf: null });
      const copy = run.observation.stored.get(run.order.indexOf('t3') > run.order.indexOf('t1') ? 't3' : 't1');
      expect(copy?.status).toBe('duplicate');
      expect(run.observation.claims.get('t2')?.some((c) => c.measure === 'troops' && c.low === 11000)).toBe(true);
      expect(run.score.right.map((r) => [r.alert.article === 't1' || r.alert.article === 't3', r.alert.low])).toEqual([[true, 60000]]);
      expect([run.score.precision, run.score.recall]).toEqual([1, 1]);
    }
  }, 240_000);
});

describe('replaying a set with a watch of its own', () => {
  it('tags with that watch alone and stores no seeds', async () => {
    const set = readSet(DEFAULT_SETS[1]);
    // The anniversary wire story and its syndicated copy: the copy is stored as such and never analysed.
    const stream = set.articles.filter((a) => a.id === 'u031' || a.id === 'u032');
    const run = await runOrder(stream, publicationOrder(stream), { name: 'test', seed: null },
      { kind: 'postgres', adminUrl: PG_ADMIN_URL, redisUrl: TEST_REDIS_URL }, set.watchFile);
    expect(run.seedAlerts).toBe(0);
    expect(run.observation.stored.get('u032')?.status).toBe('duplicate');
    const measures = new Set((run.observation.claims.get('u031') ?? []).map((c) => c.measure));
    expect(measures.has('civilians_killed')).toBe(true);
    expect([...measures].every((m) => m === 'civilians_killed' || m === 'civilians_injured')).toBe(true);
    expect(run.claimsScore?.articles).toBe(1);
    expect(run.claimsScore?.overall.gold).toBe(5);
  }, 240_000);
});
