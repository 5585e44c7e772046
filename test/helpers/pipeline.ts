// The real pipeline in the test process: real Redis, a real store, real
// workers on every queue; only the sites are local.
import type { Context } from '../../src/context.js';
import { silentLogger } from '../../src/log.js';
import { createQueues, QUEUE_NAMES, type QueueName } from '../../src/queues.js';
import { createTools, type Tools } from '../../src/tools.js';
import { startWorkers, type Workers } from '../../src/workers/index.js';
import { clearPrefix } from './redis.js';
import { freshStore, type StoreKind, type TestStore } from './store.js';

export interface TestPipeline {
  ctx: Context;
  tools: Tools;
  test: TestStore;
  workers: Workers | null;
  start(queues?: readonly QueueName[]): void;
  /** Waits until no job is waiting, active or delayed in any queue (failed ones stay failed). */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const TEST_SETTINGS = {
  'fetch.allowPrivate': ['127.0.0.1', 'localhost'],
  'delivery.allowPrivate': ['127.0.0.1', 'localhost'],
  'fetch.respectRobots': true,
  'fetch.timeoutMs': 5000,
  'fetch.connectTimeoutMs': 2000,
  'workers.backoffMs': 200,
  'workers.attempts': 3,
  'workers.lockDurationMs': 5000,
  'workers.stalledIntervalMs': 2000,
  'feeds.minIntervalSeconds': 1,
};

function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = node[k] ??= {};
    node[keys[keys.length - 1]] = value;
  }
  return out;
}

export async function testPipeline(kind: StoreKind, settings: Record<string, unknown> = {}): Promise<TestPipeline> {
  const test = await freshStore(kind, nest({ ...TEST_SETTINGS, ...settings }));
  const { config, store } = test;
  const queues = createQueues(config, silentLogger);
  const ctx: Context = { config, store, db: store.db, log: silentLogger, queues };
  const tools = createTools(config);
  const p: TestPipeline = {
    ctx, tools, test, workers: null,
    start(names = QUEUE_NAMES) { p.workers = startWorkers(ctx, tools, names); },
    async drain(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      let quiet = 0;
      while (Date.now() < until) {
        let busy = 0;
        for (const name of QUEUE_NAMES) {
          if (name === 'poll') continue; // feed schedulers always have a next poll waiting
          const c = await queues[name].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
          busy += Object.values(c).reduce((a, b) => a + b, 0);
        }
        const poll = await queues.poll.getJobCounts('active', 'waiting');
        busy += poll.active + poll.waiting;
        quiet = busy === 0 ? quiet + 1 : 0;
        if (quiet >= 3) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the pipeline did not drain in time');
    },
    async close() {
      await p.workers?.close();
      await tools.close();
      await queues.close();
      await clearPrefix(config.queuePrefix);
      await test.cleanup();
    },
  };
  return p;
}
