// The whole store in one file. Every stage of the pipeline writes here, and the
// dashboard reads from here; the indexes are the ones those reads page on.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ─── feeds ──────────────────────────────────────────────────────────────────

export const feeds = pgTable('feeds', {
  id: serial('id').primaryKey(),
  url: text('url').notNull(),
  title: text('title'),
  siteUrl: text('site_url'),
  /** 'ok' | 'broken' | 'paused'. A broken feed is still polled, on its back-off. */
  status: text('status').notNull().default('ok'),
  paused: boolean('paused').notNull().default(false),
  /** The interval the scheduler polls at now: adapted to the feed, or its back-off. */
  intervalSeconds: integer('interval_seconds').notNull(),
  /** A floor from the feed itself: RSS <ttl>, Cache-Control max-age, Retry-After. */
  minIntervalSeconds: integer('min_interval_seconds'),
  etag: text('etag'),
  lastModified: text('last_modified'),
  bodyHash: text('body_hash'),
  itemsHash: text('items_hash'),
  lastPolledAt: ts('last_polled_at'),
  nextPollAt: ts('next_poll_at'),
  lastSuccessAt: ts('last_success_at'),
  lastNewItemAt: ts('last_new_item_at'),
  lastError: text('last_error'),
  lastErrorKind: text('last_error_kind'),
  /** The last failure's code: a FetchErrorCode, 'parse', or 'store' (the store refused what the feed held). */
  lastErrorCode: text('last_error_code'),
  lastErrorAt: ts('last_error_at'),
  /** Weighted count of consecutive failures: hard errors 1, soft ones 0.5. */
  errorScore: real('error_score').notNull().default(0),
  itemsFound: integer('items_found').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('feeds_url_idx').on(t.url),
  index('feeds_status_idx').on(t.status),
]);

/** The last fetch outcomes of each feed (the refresh keeps 30). */
export const feedFetches = pgTable('feed_fetches', {
  id: serial('id').primaryKey(),
  feedId: integer('feed_id').notNull().references(() => feeds.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().defaultNow(),
  /** 'new_items' | 'no_new_items' | 'not_modified' | 'unchanged' | 'error' */
  outcome: text('outcome').notNull(),
  httpStatus: integer('http_status'),
  /** For errors: 'soft' or 'hard'. */
  errorKind: text('error_kind'),
  /** For errors: a FetchErrorCode, 'parse' or 'store'. */
  errorCode: text('error_code'),
  error: text('error'),
  durationMs: integer('duration_ms'),
  items: integer('items'),
  newItems: integer('new_items'),
}, (t) => [index('feed_fetches_feed_at_idx').on(t.feedId, t.at)]);

/** A feed turning broken or recovering: shown to operators and sent to webhooks. */
export const feedEvents = pgTable('feed_events', {
  id: serial('id').primaryKey(),
  feedId: integer('feed_id').notNull().references(() => feeds.id, { onDelete: 'cascade' }),
  /** 'broken' | 'recovered' */
  kind: text('kind').notNull(),
  message: text('message').notNull(),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('feed_events_at_idx').on(t.at), index('feed_events_feed_idx').on(t.feedId)]);

export const feedItems = pgTable('feed_items', {
  id: serial('id').primaryKey(),
  feedId: integer('feed_id').notNull().references(() => feeds.id, { onDelete: 'cascade' }),
  /** The item's guid, else its normalised link. */
  key: text('key').notNull(),
  url: text('url').notNull(),
  title: text('title'),
  publishedAt: ts('published_at'),
  firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
  /**
   * 'pending' until its page is stored (or its failure recorded), then 'done':
   * the sweeper queues again whatever is left pending. Rows from before this
   * column are 'pending' too; the sweeper marks those whose page is stored.
   */
  pageState: text('page_state').notNull().default('pending'),
}, (t) => [
  uniqueIndex('feed_items_feed_key_idx').on(t.feedId, t.key),
  index('feed_items_url_idx').on(t.url),
  index('feed_items_pending_idx').on(t.id).where(sql`${t.pageState} = 'pending'`),
]);

// ─── articles ───────────────────────────────────────────────────────────────

/** Words of an article's title and text, language-neutral ('simple'): the text search's key. */
export const articleSearchVector = (title: AnyPgColumn, body: AnyPgColumn) =>
  sql`to_tsvector('simple', coalesce(${title}, '') || ' ' || coalesce(${body}, ''))`;

export const articles = pgTable('articles', {
  id: serial('id').primaryKey(),
  /** Canonical, normalised URL: one article per URL. */
  url: text('url').notNull(),
  /** The URL it was fetched from, when that differs from the canonical one. */
  fetchedUrl: text('fetched_url'),
  feedId: integer('feed_id').references(() => feeds.id, { onDelete: 'set null' }),
  feedItemId: integer('feed_item_id').references(() => feedItems.id, { onDelete: 'set null' }),
  /**
   * 'new' (an original), 'duplicate' (a copy of duplicateOf), 'unreadable'
   * (Readability found no article), 'failed' (could not be fetched).
   */
  status: text('status').notNull(),
  duplicateOf: integer('duplicate_of'),
  /** How alike a duplicate is to its original (verified shingle similarity). */
  similarity: real('similarity'),
  /** Why a page is unreadable or failed. */
  error: text('error'),
  /** The failure's code: a FetchErrorCode for 'failed', the reader's reason for 'unreadable'. */
  errorCode: text('error_code'),
  title: text('title'),
  byline: text('byline'),
  siteName: text('site_name'),
  /** Host the article came from, for "where the story ran". */
  outlet: text('outlet'),
  lang: text('lang'),
  publishedAt: ts('published_at'),
  fetchedAt: ts('fetched_at').notNull().defaultNow(),
  /** The plain text claims point into (offsets are into this string). */
  text: text('text'),
  /** sha256 of the normalised text: the exact-duplicate key. */
  textHash: text('text_hash'),
  /** sha256 of the raw page as fetched. */
  contentHash: text('content_hash'),
  /** Which DOM read the page: 'linkedom' | 'jsdom' | 'text' (seed or plain text). */
  extractor: text('extractor'),
  /** 'pending' | 'tagged' | 'not_tagged' (language the watch does not cover) | 'skipped' (duplicates) */
  tagging: text('tagging').notNull().default('pending'),
  isSeed: boolean('is_seed').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('articles_url_idx').on(t.url),
  index('articles_text_hash_idx').on(t.textHash),
  index('articles_created_idx').on(t.createdAt),
  index('articles_status_created_idx').on(t.status, t.createdAt),
  index('articles_feed_created_idx').on(t.feedId, t.createdAt),
  index('articles_lang_idx').on(t.lang),
  index('articles_duplicate_of_idx').on(t.duplicateOf),
  index('articles_tagging_pending_idx').on(t.id).where(sql`${t.tagging} = 'pending'`),
  // The dashboard's text search; queries must use articleSearchVector() verbatim to hit it.
  index('articles_search_idx').using('gin', articleSearchVector(t.title, t.text)),
]);

/**
 * Locality-sensitive hashing bands of each original's MinHash signature: a new
 * article's candidates are the originals sharing a band key, found by index, so
 * a check costs about the same however many articles are stored. One row per
 * original with its keys in an array under a GIN index: half the size of a row
 * per band under a b-tree, and removing an article is one primary-key delete.
 */
export const articleBands = pgTable('article_bands', {
  articleId: integer('article_id').primaryKey().references(() => articles.id, { onDelete: 'cascade' }),
  /** One 53-bit key per band (the band's number hashed in with its rows). */
  keys: bigint('keys', { mode: 'number' }).array().notNull(),
}, (t) => [
  // Without the pending list a lookup never scans unsorted recent entries.
  index('article_bands_keys_idx').using('gin', t.keys).with({ fastupdate: false }),
]);

// ─── claims, consensus, alerts ──────────────────────────────────────────────

export const claims = pgTable('claims', {
  id: serial('id').primaryKey(),
  articleId: integer('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  watch: text('watch').notNull(),
  measure: text('measure').notNull(),
  low: doublePrecision('low').notNull(),
  high: doublePrecision('high').notNull(),
  unit: text('unit').notNull(),
  per: text('per'),
  /** 'exact' | 'approx' | 'up_to' | 'at_least' | 'vague' */
  qualifier: text('qualifier').notNull(),
  /** 'present' | 'planned' | 'additional' */
  status: text('status').notNull(),
  /** 'total' | 'subset' */
  scope: text('scope').notNull(),
  source: jsonb('source').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** The originator, canonicalised through the watch's aliases: what makes sources independent. */
  sourceKey: text('source_key'),
  location: text('location'),
  asOf: text('as_of'),
  evidenceSentence: text('evidence_sentence').notNull(),
  evidenceStart: integer('evidence_start').notNull(),
  evidenceEnd: integer('evidence_end').notNull(),
  confidence: real('confidence').notNull(),
  /** Why the extractor's confidence is lowered: codes of CLAIM_FLAGS in src/claims/confidence.ts ("unusual_number_form", ...). */
  flags: jsonb('flags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** When the figure was reported: the article's published time, else when it was stored. */
  reportedAt: ts('reported_at').notNull(),
  /** Set when an operator dismissed the claim as wrong: it then counts in no consensus. */
  dismissedAt: ts('dismissed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('claims_article_idx').on(t.articleId),
  index('claims_watch_measure_reported_idx').on(t.watch, t.measure, t.reportedAt),
]);

/**
 * The consensus of a measure each time it moved, by publication date: a row
 * stands from `at` (the date of the figures that moved it) until the next.
 * Rows from a date on are rewritten when a figure of that date arrives late
 * or is dismissed, so the history reads as the story was published.
 */
export const consensus = pgTable('consensus', {
  id: serial('id').primaryKey(),
  watch: text('watch').notNull(),
  measure: text('measure').notNull(),
  at: ts('at').notNull().defaultNow(),
  centre: doublePrecision('centre').notNull(),
  bandLow: doublePrecision('band_low').notNull(),
  bandHigh: doublePrecision('band_high').notNull(),
  figures: integer('figures').notNull(),
  sources: integer('sources').notNull(),
  sourceList: jsonb('source_list').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** The claim whose arrival moved it. */
  claimId: integer('claim_id').references(() => claims.id, { onDelete: 'set null' }),
}, (t) => [index('consensus_watch_measure_at_idx').on(t.watch, t.measure, t.at)]);

export interface Corroboration {
  source: string;
  articleId: number;
  claimId: number;
  url: string;
  at: string;
}

export const alerts = pgTable('alerts', {
  id: serial('id').primaryKey(),
  watch: text('watch').notNull(),
  measure: text('measure').notNull(),
  claimId: integer('claim_id').notNull().references(() => claims.id, { onDelete: 'cascade' }),
  articleId: integer('article_id').notNull().references(() => articles.id, { onDelete: 'cascade' }),
  /** Identifies the departure (measure, figure, status): the same figure again corroborates. */
  key: text('key').notNull(),
  low: doublePrecision('low').notNull(),
  high: doublePrecision('high').notNull(),
  unit: text('unit').notNull(),
  qualifier: text('qualifier').notNull(),
  status: text('status').notNull(),
  scope: text('scope').notNull(),
  source: jsonb('source').$type<string[]>().notNull(),
  sourceKey: text('source_key'),
  consensusId: integer('consensus_id').references(() => consensus.id, { onDelete: 'set null' }),
  centre: doublePrecision('centre').notNull(),
  bandLow: doublePrecision('band_low').notNull(),
  bandHigh: doublePrecision('band_high').notNull(),
  support: integer('support').notNull(),
  supportSources: jsonb('support_sources').$type<string[]>().notNull(),
  /** How far the figure is from the centre (>= 1: figure / centre, or centre / figure). */
  ratio: doublePrecision('ratio').notNull(),
  direction: text('direction').notNull(),
  explanation: text('explanation').notNull(),
  evidence: text('evidence').notNull(),
  articleUrl: text('article_url').notNull(),
  articleTitle: text('article_title'),
  corroborations: jsonb('corroborations').$type<Corroboration[]>().notNull().default(sql`'[]'::jsonb`),
  /**
   * 'raised' (posted when found), 'held' (for review: not posted, no
   * delivery), 'history' (old news: a departure in an article published
   * before the freshness window, or found by checking a later claim again;
   * shown, never posted), 'confirmed' (posted by an operator, or confirmed
   * once posted; a confirmed history alert stays unposted), 'dismissed' (an
   * operator marked its claim wrong).
   */
  state: text('state').notNull().default('raised'),
  /** Why it was held for review or recorded as history, in words: one line per reason, joined by "; ". */
  heldReason: text('held_reason'),
  /**
   * The same reasons as stable codes: 'low_confidence', 'unusual_number_form',
   * 'implausible', 'below_unmarked', 'owner_inferred', 'measure_inferred',
   * 'not_news' (see reviewReasons in src/alerts).
   */
  reasonCodes: jsonb('reason_codes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** When it was posted to the webhooks; null while held, or if dismissed before. */
  postedAt: ts('posted_at'),
  /** The date of the consensus it was held against: its article's publication date. */
  asOf: ts('as_of'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  // A dismissed departure may be raised again by other sources: one live alert per key.
  uniqueIndex('alerts_watch_key_idx').on(t.watch, t.key).where(sql`${t.state} <> 'dismissed'`),
  index('alerts_created_idx').on(t.createdAt),
  index('alerts_measure_idx').on(t.watch, t.measure),
]);

/** Each confirmation or dismissal of an alert: who, when, and from where. */
export const alertActions = pgTable('alert_actions', {
  id: serial('id').primaryKey(),
  alertId: integer('alert_id').notNull().references(() => alerts.id, { onDelete: 'cascade' }),
  /** 'confirm' | 'dismiss' */
  action: text('action').notNull(),
  /** The state the alert was in before. */
  fromState: text('from_state').notNull(),
  /** Who: the dashboard user or the CLI user (or --by). */
  by: text('by').notNull(),
  /** 'dashboard' | 'api' | 'cli' */
  via: text('via').notNull(),
  note: text('note'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('alert_actions_alert_idx').on(t.alertId, t.at)]);

// ─── webhooks and deliveries ────────────────────────────────────────────────

export const webhooks = pgTable('webhooks', {
  id: serial('id').primaryKey(),
  url: text('url').notNull(),
  /** 'json' | 'slack' | 'discord' */
  format: text('format').notNull().default('json'),
  /** A Standard Webhooks secret (whsec_...). Never shown or logged. */
  secret: text('secret'),
  watch: text('watch'),
  measures: jsonb('measures').$type<string[]>(),
  minRatio: doublePrecision('min_ratio'),
  /** Event types it receives; null: all. */
  events: jsonb('events').$type<string[]>(),
  /** 'cli' or 'config' (synchronised from the config file at start). */
  origin: text('origin').notNull().default('cli'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('webhooks_url_format_idx').on(t.url, t.format)]);

export const deliveries = pgTable('deliveries', {
  id: serial('id').primaryKey(),
  webhookId: integer('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  /** The webhook-id header: the same across retries so receivers drop repeats. */
  eventId: text('event_id').notNull(),
  /** 'alert.created' | 'alert.corroborated' | 'alert.retracted' | 'feed.broken' | 'feed.recovered' | 'test' */
  eventType: text('event_type').notNull(),
  alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
  feedEventId: integer('feed_event_id').references(() => feedEvents.id, { onDelete: 'cascade' }),
  payload: jsonb('payload').notNull(),
  /** 'pending' | 'delivered' | 'failed' | 'cancelled' */
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastStatusCode: integer('last_status_code'),
  lastError: text('last_error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  deliveredAt: ts('delivered_at'),
}, (t) => [
  uniqueIndex('deliveries_webhook_event_idx').on(t.webhookId, t.eventId),
  index('deliveries_status_idx').on(t.status, t.createdAt),
  index('deliveries_alert_idx').on(t.alertId),
]);

export const deliveryAttempts = pgTable('delivery_attempts', {
  id: serial('id').primaryKey(),
  deliveryId: integer('delivery_id').notNull().references(() => deliveries.id, { onDelete: 'cascade' }),
  at: ts('at').notNull().defaultNow(),
  statusCode: integer('status_code'),
  latencyMs: integer('latency_ms'),
  error: text('error'),
}, (t) => [index('delivery_attempts_delivery_idx').on(t.deliveryId)]);

// ─── dashboard sessions ─────────────────────────────────────────────────────

/**
 * Signed-in dashboard browsers. The cookie holds a random id and its HMAC under
 * the dashboard token; the store keeps only the id's SHA-256, so signing out
 * (deleting the row) or changing the token revokes a copied cookie.
 */
export const dashboardSessions = pgTable('dashboard_sessions', {
  /** SHA-256 (hex) of the session id the cookie carries. */
  idHash: text('id_hash').primaryKey(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [index('dashboard_sessions_expires_idx').on(t.expiresAt)]);
