// Fault injection: the webhook receiver refuses connections for 60 s while
// the departure's alert is being delivered. Nothing is lost (the delivery goes
// through once it is back, once), and the service's log tells the incident in
// a handful of warnings (issue 22: it used to be two per attempt, 112 for
// this outage), each saying what failed, since when, and what recovered.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gt } from 'drizzle-orm';
import { deliveries } from '../src/store/schema.js';
import { addFeed } from '../src/subscriptions.js';
import { departureScene, report, startService, TELLS_AN_INCIDENT, untilNothingLost, warningsOf, type Scene } from './helpers/faults.js';
import { waitFor } from './helpers/processes.js';

const OUTAGE_MS = 60_000;

describe('the webhook receiver down for 60 s', () => {
  let scene: Scene;

  beforeAll(async () => { scene = await departureScene(6); }, 120_000);
  afterAll(async () => {
    // The service's log, for a failure's post-mortem.
    writeFileSync(join(tmpdir(), `cw-fault-receiver-${process.pid}.log`), scene?.procs.flatMap((proc) => proc.lines).join('\n') ?? '');
    await scene?.close();
  });

  it('loses nothing, and its log tells the outage in a handful of lines', async () => {
    const { news, receiver, p, procs } = scene;
    await receiver.down();
    // A retry schedule that outlasts the outage (about 108 s over 15 attempts).
    const service = startService(p.ctx, { DELIVERY_WINDOW_HOURS: '0.03' });
    procs.push(service);
    await addFeed(p.ctx, { url: news.feedUrl, intervalSeconds: 3600 });
    await waitFor(async () => (await p.ctx.db.select().from(deliveries).where(gt(deliveries.attempts, 0))).length > 0, 180_000, 'a failed delivery attempt');
    const downSince = Date.now();
    await waitFor(async () => Date.now() - downSince >= OUTAGE_MS, OUTAGE_MS + 10_000, 'the outage to last');
    const [during] = await p.ctx.db.select().from(deliveries);
    await receiver.up();
    const backAt = Date.now();
    await untilNothingLost(p.ctx, news, receiver, 180_000);
    report('webhook receiver down for 60 s (from its return)', Date.now() - backAt);
    await service.kill('SIGTERM');

    const warnings = warningsOf(service.lines).map((w) => w.msg);
    expect(warnings.length).toBeLessThanOrEqual(5);
    for (const w of warnings) expect(w).toMatch(TELLS_AN_INCIDENT);
    const failing = warnings.filter((w) => /^webhook \d+ \(http:\/\/127\.0\.0\.1:\d+\/hook\) failing since /.test(w));
    const back = warnings.filter((w) => /^webhook \d+ \(http:\/\/127\.0\.0\.1:\d+\/hook\) back after /.test(w));
    expect(failing).toEqual([expect.stringMatching(/: connection failed: connection (?:refused|reset by the other end|closed by the other end)/)]);
    expect(back).toHaveLength(1);
    // The count in between: every failed attempt of the outage, none logged on its own.
    const failures = Number(/: (\d+) failures? since /.exec(back[0])?.[1]);
    expect(failures).toBeGreaterThanOrEqual(Math.max(3, during.attempts));
    expect(service.lines.filter((l) => /delivery attempt failed|job failed/.test(l))).toEqual([]);
  }, 480_000);
});
