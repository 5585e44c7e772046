// `claimwatch worker` serves /metrics and /healthz on a port of its own, so
// Prometheus sees every worker process, not only the one with the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPipeline, type TestPipeline } from './helpers/pipeline.js';
import { claimwatch, freePort, waitFor, type Proc } from './helpers/processes.js';

describe('a worker process', () => {
  let p: TestPipeline;
  let worker: Proc;
  let port: number;

  beforeAll(async () => {
    p = await testPipeline('postgres');
    port = await freePort();
    const c = p.ctx.config;
    worker = claimwatch(['worker', '--queues', 'fetch,process'], {
      DATABASE_URL: c.databaseUrl!, REDIS_URL: c.redisUrl, QUEUE_PREFIX: c.queuePrefix, DATA_DIR: c.dataDir,
      WORKER_METRICS_PORT: String(port),
    });
    await waitFor(async () => worker.lines.some((l) => l.includes('metrics on')), 110_000, 'the worker to serve its metrics');
  }, 120_000);
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await p?.close();
  });

  it('serves Prometheus metrics, queue depths included, and a health probe', async () => {
    await p.ctx.queues.fetch.add('fetch', { url: 'http://127.0.0.1:1/never' }, { delay: 3_600_000 });
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^claimwatch_queue_jobs\{queue="fetch",state="delayed"\} 1$/m);
    expect(text).toContain('# TYPE claimwatch_articles_total counter');
    expect(text).toContain('process_cpu_seconds_total');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', redis: 'ok', store: 'ok' });
  });
});
