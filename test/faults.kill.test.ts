// Fault injection, part 1: a worker process killed outright (SIGKILL, by the
// process itself at the named hand-off, so the kill lands exactly there) and
// another started in its place. After each, every feed item is one stored
// article, the one departure one alert, its delivery delivered once, and
// nothing is pending.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { CrashPoint } from '../src/jobs/failpoint.js';
import { articles, deliveries, feedItems } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { departureScene, report, startService, untilNothingLost, type Scene } from './helpers/faults.js';
import type { TestPipeline } from './helpers/pipeline.js';

/** What the dead worker left half done, as the store shows it. */
const leftBehind: Record<CrashPoint, (p: TestPipeline) => Promise<boolean>> = {
  // Items stored, their fetch jobs never queued.
  items_stored: async (p) => (await p.ctx.db.select({ n: count() }).from(feedItems).where(eq(feedItems.pageState, 'pending')))[0].n > 0
    && (await p.ctx.queues.fetch.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).waiting === 0,
  // An article stored, its analysis never queued.
  article_stored: async (p) => (await p.ctx.db.select({ n: count() }).from(articles)
    .where(eq(articles.tagging, 'pending')))[0].n > 0,
  // Claims inserted in a transaction that died with the worker: nothing of it is left, the article pending.
  claims_stored: async (p) => (await p.ctx.db.select({ n: count() }).from(articles).where(eq(articles.tagging, 'pending')))[0].n > 0,
  // The alert and its delivery committed, the deliver job never queued.
  alert_stored: async (p) => (await p.ctx.db.select({ n: count() }).from(deliveries).where(eq(deliveries.status, 'pending')))[0].n > 0
    && (await p.ctx.queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'completed')).completed === 0,
};

describe.each(['items_stored', 'article_stored', 'claims_stored', 'alert_stored'] as CrashPoint[])('a worker killed at %s', (point) => {
  let scene: Scene;

  beforeAll(async () => { scene = await departureScene(12); });
  afterAll(async () => {
    // Both services' logs, for a failure's post-mortem.
    const logs = scene?.procs.map((proc, i) => `── process ${i + 1} ──\n${proc.lines.join('\n')}`).join('\n') ?? '';
    writeFileSync(join(tmpdir(), `cw-fault-kill-${point}-${process.pid}.log`), logs);
    await scene?.close();
  });

  it('loses nothing once another worker takes over', async () => {
    const { news, receiver, p, procs } = scene;
    // Analyses one at a time, so the departure is analysed on its own and the kill lands on it.
    const first = startService(p.ctx, { FAULT_CRASH_AT: point, ANALYZE_CONCURRENCY: '1' });
    procs.push(first);
    await addFeed(p.ctx, { url: news.feedUrl, intervalSeconds: 3600 });
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(await leftBehind[point](p)).toBe(true);
    const killedAt = Date.now();
    const second = startService(p.ctx);
    procs.push(second);
    await untilNothingLost(p.ctx, news, receiver, 150_000);
    report(`worker killed at ${point}`, Date.now() - killedAt);
    // The job the first worker held is taken up by the second, which says so.
    expect(second.lines.some((l) => l.includes('job taken over from a worker that stopped'))).toBe(true);
    await second.kill('SIGTERM');
    expect(second.lines.some((l) => /Failed query|params:/.test(l))).toBe(false);
  }, 240_000);
});
