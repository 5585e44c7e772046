// What Prometheus scrapes at /metrics. One registry per process: the pipeline's
// steps count into the objects below, the dashboard serves them. A worker
// process without the dashboard still counts, but only the process that runs
// the dashboard is scraped.
//
// Names (all prefixed claimwatch_):
//   claimwatch_polls_total{outcome}              feed polls: new_items | no_new_items | not_modified | unchanged | error
//   claimwatch_fetch_errors_total{kind,code}     fetch failures: kind soft | hard, code an HTTP status or an error code
//   claimwatch_articles_total{status}            pages read: new | duplicate | unreadable | failed
//   claimwatch_claims_total{measure}             claims tagged
//   claimwatch_alerts_total{event}               alert events: created | corroborated
//   claimwatch_deliveries_total{outcome}         webhook posts: delivered | retry | failed
//   claimwatch_job_duration_seconds{queue}       histogram of a job's run time, per queue
//   claimwatch_queue_jobs{queue,state}           jobs per queue and state, read from BullMQ at each scrape
// plus prom-client's default process_* and nodejs_* metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_NAMES, type Queues } from './queues.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** The BullMQ states the depth gauge reports. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

// Queues of the dashboards running in this process; the newest one is read.
const trackedQueues: Queues[] = [];

export const metrics = {
  polls: new Counter({
    name: 'claimwatch_polls_total',
    help: 'Feed polls by outcome (new_items, no_new_items, not_modified, unchanged, error).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  fetchErrors: new Counter({
    name: 'claimwatch_fetch_errors_total',
    help: 'Failed fetches of feeds and pages, by kind (soft, hard) and code (HTTP status or error code).',
    labelNames: ['kind', 'code'] as const,
    registers: [registry],
  }),
  articles: new Counter({
    name: 'claimwatch_articles_total',
    help: 'Pages read into the store, by status (new, duplicate, unreadable, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
  }),
  claims: new Counter({
    name: 'claimwatch_claims_total',
    help: 'Claims tagged in new articles, by measure.',
    labelNames: ['measure'] as const,
    registers: [registry],
  }),
  alerts: new Counter({
    name: 'claimwatch_alerts_total',
    help: 'Alert events, by event (created, corroborated).',
    labelNames: ['event'] as const,
    registers: [registry],
  }),
  deliveries: new Counter({
    name: 'claimwatch_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, retry, failed).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  jobDuration: new Histogram({
    name: 'claimwatch_job_duration_seconds',
    help: 'How long a job ran, by queue.',
    labelNames: ['queue'] as const,
    // Polls and analyses take milliseconds; fetches and slow webhooks take seconds.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  }),
  queueJobs: new Gauge({
    name: 'claimwatch_queue_jobs',
    help: 'Jobs in each queue, by state (waiting, active, delayed, prioritized, failed, completed).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    // Read at scrape time rather than kept up to date: the counts live in Redis,
    // shared by every process, and a scrape is the only moment they matter.
    async collect() {
      this.reset();
      const queues = trackedQueues[trackedQueues.length - 1];
      if (!queues) return;
      await Promise.all(QUEUE_NAMES.map(async (name) => {
        try {
          const counts = await queues[name].getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        } catch {
          // Redis down: leave this queue out of the scrape; /readyz says why.
        }
      }));
    },
  }),
};

/** The queues whose depths the gauge reports; returns a function that stops it. */
export function trackQueues(queues: Queues): () => void {
  trackedQueues.push(queues);
  return () => {
    const i = trackedQueues.lastIndexOf(queues);
    if (i >= 0) trackedQueues.splice(i, 1);
  };
}

/** The metric names this module defines, for tests and docs. */
export const METRIC_NAMES = Object.values(metrics).map((m) => (m as unknown as { name: string }).name);
