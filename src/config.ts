// Configuration is read once, at start, from the environment and an optional
// config file, validated here, and then passed to whatever needs it. Nothing
// else in the code base reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { allowEntryProblem } from './fetcher/address.js';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
const num = (def: number, min = 0, max = Number.MAX_VALUE) => z.coerce.number().min(min).max(max).default(def);
const list = z.union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
/** Hosts, IPs or CIDR ranges, each checked: `999.1.1.1/99` is an error, not a host name. */
const allowList = list.superRefine((entries, ctx) => {
  for (const entry of entries) {
    const problem = allowEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }
});
/** A URL of one of the given schemes. */
const urlOf = (schemes: string[], what: string) => z.string().trim().superRefine((v, ctx) => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a URL (${what}, such as ${schemes[0]}//host:port)` });
    return;
  }
  if (!schemes.includes(u.protocol)) ctx.addIssue({ code: 'custom', message: `a ${what} URL starts with ${schemes.map((x) => `${x}//`).join(' or ')}, not ${u.protocol}//` });
  else if (!u.hostname && !u.searchParams.get('host')) ctx.addIssue({ code: 'custom', message: `no host in the ${what} URL` });
});
const hostOrIp = z.string().trim().min(1).superRefine((v, ctx) => {
  const problem = allowEntryProblem(v);
  if (problem || v.includes('/')) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is neither an IP address nor a host name` });
});

export const webhookConfigSchema = z.object({
  url: z.string().url(),
  format: z.enum(['json', 'slack', 'discord']).default('json'),
  secret: z.string().optional(),
  watch: z.string().optional(),
  measures: z.array(z.string()).optional(),
  minRatio: z.number().positive().optional(),
  events: z.array(z.string()).optional(),
});

export const configSchema = z.object({
  /** Where the embedded store, the managed Redis and other state live. */
  dataDir: z.string().default('./data'),
  /** A PostgreSQL server; without one the store is embedded PGlite under dataDir. */
  databaseUrl: urlOf(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
  redisUrl: urlOf(['redis:', 'rediss:'], 'Redis').default('redis://127.0.0.1:6379'),
  /** Start a redis-server under dataDir/redis when nothing answers at redisUrl. */
  redisAutostart: bool.default(true),
  /** BullMQ key prefix: two installations can share one Redis under different prefixes. */
  queuePrefix: z.string().min(1).default('claimwatch'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 'pretty' for a terminal, 'json' for log shippers; auto picks pretty on a TTY. */
  logFormat: z.enum(['auto', 'pretty', 'json']).default('auto'),

  fetch: z.object({
    userAgent: z.string().default('claimwatch/0.1 (+https://github.com/claimwatch/claimwatch)'),
    connectTimeoutMs: int(10_000, 1),
    /** The whole exchange, headers and body, must finish within this. */
    timeoutMs: int(30_000, 1),
    maxBytes: int(10 * 1024 * 1024, 1024),
    maxRedirects: int(5, 0, 20),
    perHostConcurrency: int(2, 1, 64),
    respectRobots: bool.default(true),
    /**
     * Hosts, IPs or CIDR ranges that may be fetched although they are private,
     * loopback or link-local. Empty: the outside world only.
     */
    allowPrivate: allowList.default([]),
  }).prefault({}),

  feeds: z.object({
    defaultIntervalSeconds: int(3600, 60),
    minIntervalSeconds: int(300, 1),
    maxIntervalSeconds: int(86_400, 60),
    /** A failing feed's back-off never exceeds this. */
    maxBackoffSeconds: int(86_400, 60),
    /** Error weight at which a feed is reported broken (a hard error weighs 1, a soft one 0.5). */
    brokenAfter: num(3, 0.5),
  }).prefault({}),

  article: z.object({
    /** linkedom is faster; jsdom is the fallback for pages linkedom cannot read. */
    dom: z.enum(['linkedom', 'jsdom']).default('linkedom'),
    timeoutMs: int(20_000, 100),
    minTextLength: int(200, 0),
  }).prefault({}),

  // Defaults from `npm run eval:dedupe` (corpus/dedupe): copies there reach a
  // Jaccard of 0.40 at the least, distinct articles 0.30 at the most.
  duplicates: z.object({
    shingleSize: int(5, 1, 12),
    /** Changing these three needs the index rebuilt (rebuildIndex in src/duplicates). */
    numHashes: int(64, 16, 512),
    /** Bands of numHashes / bands rows: 32 of 2 find pairs at Jaccard 0.35 with odds of 98.5%. */
    bands: int(32, 1, 256),
    /** Verified Jaccard similarity of shingles at or above which a candidate is a copy. */
    threshold: num(0.35, 0, 1),
    /** Containment (share of the smaller text's shingles found in the other) that also makes a copy. */
    containment: num(0.85, 0, 1),
  }).prefault({}),

  claims: z.object({
    /** Watch files (YAML or JSON); the seed story's watch ships with the product. */
    watchFiles: list.default([]),
  }).prefault({}),

  workers: z.object({
    pollConcurrency: int(4, 1),
    fetchConcurrency: int(8, 1),
    processConcurrency: int(2, 1),
    analyzeConcurrency: int(2, 1),
    deliverConcurrency: int(8, 1),
    /**
     * Connections to the store this process may hold at once. Unset: enough
     * for every job of every stage at once, plus the sweeper and the
     * dashboard (storePoolSize below), so no stage waits for another's.
     */
    storePoolSize: z.coerce.number().int().min(1).optional(),
    attempts: int(5, 1),
    backoffMs: int(5_000, 10),
    /** A job whose worker stops renewing its lock for this long is taken up again by another. */
    lockDurationMs: int(30_000, 1000),
    stalledIntervalMs: int(30_000, 1000),
    /**
     * How often the sweeper looks for work left half done (items without a
     * page, articles not analysed, deliveries not queued) and queues it again.
     * It also runs at start and when PostgreSQL or Redis comes back.
     */
    sweepIntervalSeconds: int(60, 1),
    /** `claimwatch worker` serves /metrics and /healthz here (0: not served). */
    metricsPort: int(9464, 0, 65535),
    metricsHost: z.string().default('127.0.0.1'),
  }).prefault({}),

  /**
   * Fault injection, for the tests that prove nothing is lost: a process
   * kills itself (SIGKILL) the first time it reaches this hand-off.
   */
  faults: z.object({
    crashAt: z.enum(['items_stored', 'article_stored', 'claims_stored', 'alert_stored']).optional(),
  }).prefault({}),

  dashboard: z.object({
    host: hostOrIp.default('127.0.0.1'),
    port: int(8080, 0, 65535),
    /**
     * Required for every request when host is not loopback, and then at least
     * 16 characters. Surrounding white space is not part of it.
     */
    token: z.string().trim().min(1, 'is only white space').optional(),
    publicUrl: urlOf(['http:', 'https:'], 'dashboard').optional(),
    enabled: bool.default(true),
  }).prefault({}),

  delivery: z.object({
    timeoutMs: int(10_000, 100),
    /** Retries are spread over this window with exponential backoff and jitter. */
    windowHours: num(24, 0.001),
    attempts: int(15, 1),
    /**
     * Hosts, IPs or CIDR ranges webhooks may be posted to although they are
     * private, loopback or link-local. Empty: public addresses only, as for feeds.
     */
    allowPrivate: allowList.default([]),
  }).prefault({}),

  alerts: z.object({
    /**
     * Alerts are news: a departure in an article published more than this many
     * days before it is analysed (a backfilled feed, an archive import), or
     * found by checking a later claim again after a late earlier-dated
     * article, is recorded as history and never posted. 0 turns it off, for
     * replays of archives and evaluations.
     */
    freshnessDays: num(7, 0),
  }).prefault({}),

  webhooks: z.array(webhookConfigSchema).default([]),
}).superRefine((c, ctx) => {
  // Settings that are each fine alone but not together.
  const { duplicates: d, feeds: f } = c;
  if (d.bands > d.numHashes || d.numHashes % d.bands !== 0) {
    ctx.addIssue({
      code: 'custom', path: ['duplicates', 'bands'],
      message: `${d.bands} bands must divide DUPLICATES_NUM_HASHES (${d.numHashes}) evenly, into rows of numHashes / bands hashes`,
    });
  }
  if (f.minIntervalSeconds > f.maxIntervalSeconds) {
    ctx.addIssue({ code: 'custom', path: ['feeds', 'minIntervalSeconds'], message: `${f.minIntervalSeconds} is above FEED_MAX_INTERVAL_SECONDS (${f.maxIntervalSeconds})` });
  } else if (f.defaultIntervalSeconds < f.minIntervalSeconds || f.defaultIntervalSeconds > f.maxIntervalSeconds) {
    ctx.addIssue({
      code: 'custom', path: ['feeds', 'defaultIntervalSeconds'],
      message: `${f.defaultIntervalSeconds} is outside FEED_MIN_INTERVAL_SECONDS–FEED_MAX_INTERVAL_SECONDS (${f.minIntervalSeconds}–${f.maxIntervalSeconds})`,
    });
  }
  const pool = poolNeeds(c.workers);
  if (c.workers.storePoolSize !== undefined && c.workers.storePoolSize < pool.size) {
    ctx.addIssue({
      code: 'custom', path: ['workers', 'storePoolSize'],
      message: `${c.workers.storePoolSize} connections are fewer than the ${pool.size} the workers may hold at once (${pool.why}): ` +
        'a stage would wait for another\'s connections; raise it, or lower the concurrency settings, or leave it unset',
    });
  }
  if (f.maxBackoffSeconds < f.minIntervalSeconds) {
    ctx.addIssue({ code: 'custom', path: ['feeds', 'maxBackoffSeconds'], message: `${f.maxBackoffSeconds} is below FEED_MIN_INTERVAL_SECONDS (${f.minIntervalSeconds})` });
  }
});

export type Config = z.infer<typeof configSchema>;

// The sweeper and the dashboard (or a CLI command) beside the jobs.
const POOL_EXTRA = 2;

/**
 * The connections a process's jobs may hold at once: one per job of each
 * stage (a job holds at most one at a time, and the analyze stage takes its
 * measures' turns before it takes one), plus the sweeper and the dashboard.
 */
function poolNeeds(w: { pollConcurrency: number; fetchConcurrency: number; processConcurrency: number; analyzeConcurrency: number; deliverConcurrency: number }) {
  const size = w.pollConcurrency + w.fetchConcurrency + w.processConcurrency + w.analyzeConcurrency + w.deliverConcurrency + POOL_EXTRA;
  return {
    size,
    why: `POLL_CONCURRENCY ${w.pollConcurrency} + FETCH_CONCURRENCY ${w.fetchConcurrency} + PROCESS_CONCURRENCY ${w.processConcurrency} + ` +
      `ANALYZE_CONCURRENCY ${w.analyzeConcurrency} + DELIVER_CONCURRENCY ${w.deliverConcurrency} + ${POOL_EXTRA} for the sweeper and the dashboard`,
  };
}

/** The store's pool size for a process: STORE_POOL_SIZE, else what the concurrency settings need. */
export function storePoolSize(config: Pick<Config, 'workers'>): number {
  return config.workers.storePoolSize ?? poolNeeds(config.workers).size;
}
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

/** Environment variable → config path. The README's table is written from this list. */
export const ENV_MAP: Record<string, string> = {
  DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
  REDIS_AUTOSTART: 'redisAutostart',
  QUEUE_PREFIX: 'queuePrefix',
  LOG_LEVEL: 'logLevel',
  LOG_FORMAT: 'logFormat',
  FETCH_USER_AGENT: 'fetch.userAgent',
  FETCH_CONNECT_TIMEOUT_MS: 'fetch.connectTimeoutMs',
  FETCH_TIMEOUT_MS: 'fetch.timeoutMs',
  FETCH_MAX_BYTES: 'fetch.maxBytes',
  FETCH_MAX_REDIRECTS: 'fetch.maxRedirects',
  FETCH_PER_HOST_CONCURRENCY: 'fetch.perHostConcurrency',
  FETCH_RESPECT_ROBOTS: 'fetch.respectRobots',
  FETCH_ALLOW_PRIVATE: 'fetch.allowPrivate',
  FEED_DEFAULT_INTERVAL_SECONDS: 'feeds.defaultIntervalSeconds',
  FEED_MIN_INTERVAL_SECONDS: 'feeds.minIntervalSeconds',
  FEED_MAX_INTERVAL_SECONDS: 'feeds.maxIntervalSeconds',
  FEED_MAX_BACKOFF_SECONDS: 'feeds.maxBackoffSeconds',
  FEED_BROKEN_AFTER: 'feeds.brokenAfter',
  ARTICLE_DOM: 'article.dom',
  ARTICLE_TIMEOUT_MS: 'article.timeoutMs',
  ARTICLE_MIN_TEXT_LENGTH: 'article.minTextLength',
  DUPLICATES_SHINGLE_SIZE: 'duplicates.shingleSize',
  DUPLICATES_NUM_HASHES: 'duplicates.numHashes',
  DUPLICATES_BANDS: 'duplicates.bands',
  DUPLICATES_THRESHOLD: 'duplicates.threshold',
  DUPLICATES_CONTAINMENT: 'duplicates.containment',
  WATCH_FILES: 'claims.watchFiles',
  POLL_CONCURRENCY: 'workers.pollConcurrency',
  FETCH_CONCURRENCY: 'workers.fetchConcurrency',
  PROCESS_CONCURRENCY: 'workers.processConcurrency',
  ANALYZE_CONCURRENCY: 'workers.analyzeConcurrency',
  DELIVER_CONCURRENCY: 'workers.deliverConcurrency',
  STORE_POOL_SIZE: 'workers.storePoolSize',
  JOB_ATTEMPTS: 'workers.attempts',
  JOB_BACKOFF_MS: 'workers.backoffMs',
  JOB_LOCK_DURATION_MS: 'workers.lockDurationMs',
  JOB_STALLED_INTERVAL_MS: 'workers.stalledIntervalMs',
  SWEEP_INTERVAL_SECONDS: 'workers.sweepIntervalSeconds',
  WORKER_METRICS_PORT: 'workers.metricsPort',
  WORKER_METRICS_HOST: 'workers.metricsHost',
  FAULT_CRASH_AT: 'faults.crashAt',
  DASHBOARD_HOST: 'dashboard.host',
  DASHBOARD_PORT: 'dashboard.port',
  DASHBOARD_TOKEN: 'dashboard.token',
  DASHBOARD_PUBLIC_URL: 'dashboard.publicUrl',
  DASHBOARD_ENABLED: 'dashboard.enabled',
  DELIVERY_TIMEOUT_MS: 'delivery.timeoutMs',
  DELIVERY_WINDOW_HOURS: 'delivery.windowHours',
  DELIVERY_ATTEMPTS: 'delivery.attempts',
  DELIVERY_ALLOW_PRIVATE: 'delivery.allowPrivate',
  ALERT_FRESHNESS_DAYS: 'alerts.freshnessDays',
};

export class ConfigError extends Error {}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed = path.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
    return (parsed ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
}

/**
 * The config file is CLAIMWATCH_CONFIG, else ./claimwatch.yaml or ./claimwatch.json
 * if present. Environment variables override the file; overrides (from CLI flags)
 * override both.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, unknown> = {},
): Config {
  const explicit = env.CLAIMWATCH_CONFIG;
  const file = explicit ?? ['claimwatch.yaml', 'claimwatch.yml', 'claimwatch.json'].find((f) => existsSync(f));
  const raw: Record<string, unknown> = file ? readConfigFile(file) : {};
  for (const [name, path] of Object.entries(ENV_MAP)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, value);
  }
  for (const [path, value] of Object.entries(overrides)) {
    if (value !== undefined) setPath(raw, path, value);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(result.error));
  const config = result.data;
  config.dataDir = resolve(config.dataDir);
  return config;
}

/** Every bad setting in one line, each by its environment name (and config file path when it has one). */
export function describeIssues(error: z.ZodError): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.join('.');
    // An array entry (fetch.allowPrivate.2) is named by its setting.
    const setting = Object.entries(ENV_MAP).find(([, p]) => p === path || path.startsWith(`${p}.`));
    const name = setting ? (setting[1] === path ? setting[0] : `${setting[0]} (${path})`) : path || 'the config';
    const line = `invalid setting ${name}: ${issue.message}`;
    if (!seen.has(line)) parts.push(line);
    seen.add(line);
  }
  return parts.join('; ');
}

/** Defaults merged with the given partial settings; for tests and tools. */
export function makeConfig(partial: Record<string, unknown> = {}): Config {
  const config = configSchema.parse(partial);
  config.dataDir = resolve(config.dataDir);
  return config;
}
