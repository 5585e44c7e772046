// The floor CI holds on the second alert stream (issue 19): 75 articles on a
// casualty toll that only grows (civilians killed in the war in Ukraine, with
// its own watch and no seeds), replayed as `npm run eval:alerts` replays it.
// Its blind first run (precision 0.235 / 0.167, recall 0.364) is in
// BENCHMARKS.md; the set is in-sample since. The floor sits under what main
// scores now (0.70 / 0.57 precision, 0.64 / 0.73 recall), not at the issue's
// 0.9 target, which is not met yet: it keeps the stream from sliding back.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicationOrder, readSet, runOrder, shuffledOrder } from '../eval/alerts-stream.js';
import { shippedDataDir } from '../src/paths.js';
import { PG_ADMIN_URL } from './helpers/store.js';
import { TEST_REDIS_URL } from './helpers/redis.js';
import { runSummary } from './helpers/streams.js';

const PRECISION_FLOOR = 0.5;
const RECALL_FLOOR = 0.6;


describe('the second alert stream (a growing casualty toll)', () => {
  const set = readSet(join(shippedDataDir, 'alerts-eval2'));
  const store = { kind: 'postgres' as const, adminUrl: PG_ADMIN_URL, redisUrl: TEST_REDIS_URL };

  it('holds its floor in publication order and in a shuffled arrival order', async () => {
    expect(set.articles.length).toBeGreaterThanOrEqual(60);
    expect(set.watchFile).toBeTruthy();
    const runs = [
      await runOrder(set.articles, publicationOrder(set.articles), { name: 'publication order', seed: null }, store, set.watchFile),
      await runOrder(set.articles, shuffledOrder(set.articles, 1), { name: 'shuffled arrival order', seed: 1 }, store, set.watchFile),
    ];
    for (const run of runs) {
      // Every expected departure counts: a floor met by raising nothing is no floor.
      expect(run.score.expected, runSummary(run)).toBeGreaterThanOrEqual(10);
      expect(run.score.precision, runSummary(run)).toBeGreaterThanOrEqual(PRECISION_FLOOR);
      expect(run.score.recall, runSummary(run)).toBeGreaterThanOrEqual(RECALL_FLOOR);
    }
  });
});
