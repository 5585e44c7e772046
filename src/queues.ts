// The pipeline's queues, one per stage (the stages themselves, with their
// steps and hand-ons, are src/jobs/stages.ts):
//   poll     feed → items          (one job scheduler per feed)
//   fetch    item → fetched page   (job id from the canonical URL)
//   process  page → article        (Readability, duplicate check, store)
//   analyze  article → claims → consensus → alerts
//   deliver  alert → webhook       (one job per delivery)
import { createHash } from 'node:crypto';
import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { PackedHtml } from './article/index.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { redisOptions } from './redis.js';

export const QUEUE_NAMES = ['poll', 'fetch', 'process', 'analyze', 'deliver'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface PollJob { feedId: number }
export interface FetchJob {
  url: string;
  feedId?: number;
  feedItemId?: number;
  title?: string;
  publishedAt?: string;
  /** The poll found no article stored at this URL when it queued the job. */
  checked?: boolean;
}
export interface ProcessJob extends FetchJob {
  /** The URL the page was finally read from, after redirects. */
  fetchedUrl: string;
  /** The page, slimmed and gzipped (packHtml): a quarter of its bytes. */
  html: PackedHtml;
  /** A plain-text file given to `ingest`: stored as it is, without Readability. */
  plainText?: string;
  contentType?: string;
  contentHash: string;
  fetchedAt: string;
}
export interface AnalyzeJob { articleId: number }
export interface DeliverJob { deliveryId: number }

export interface JobData {
  poll: PollJob;
  fetch: FetchJob;
  process: ProcessJob;
  analyze: AnalyzeJob;
  deliver: DeliverJob;
}

/** A job id that is the same for the same article, so it is queued once. */
export function urlJobId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 40);
}

export function connection(config: Config): ConnectionOptions {
  return redisOptions(config) as ConnectionOptions;
}

export function jobOptions(config: Config): DefaultJobOptions {
  return {
    attempts: config.workers.attempts,
    backoff: { type: 'exponential', delay: config.workers.backoffMs },
    // Completed jobs stay a week so a job id keeps deduplicating; failed ones
    // stay until an operator looks at them.
    removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    removeOnFail: false,
  };
}

export type Queues = { [K in QueueName]: Queue<JobData[K]> } & {
  close(): Promise<void>;
  /** Where the queues' connection errors go from now on (the service's connection watch). */
  onError(handler: (err: Error) => void): void;
};

export function createQueues(config: Config, log?: Logger): Queues {
  const opts = { connection: connection(config), prefix: config.queuePrefix, defaultJobOptions: jobOptions(config) };
  let handler: ((err: Error) => void) | null = null;
  let lastMessage = '';
  const queues = Object.fromEntries(QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, opts);
    // While Redis is away the client reconnects by itself: don't crash, and
    // say it once, not once per queue and per reconnection attempt.
    queue.on('error', (err) => {
      if (handler) return handler(err);
      if (err.message !== lastMessage) log?.warn(`queue connection: ${err.message}`);
      lastMessage = err.message;
    });
    return [name, queue];
  })) as unknown as Queues;
  queues.close = async () => { await Promise.all(QUEUE_NAMES.map((n) => queues[n].close())); };
  queues.onError = (h) => { handler = h; };
  return queues;
}
