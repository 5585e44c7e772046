CREATE TABLE "alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"watch" text NOT NULL,
	"measure" text NOT NULL,
	"claim_id" integer NOT NULL,
	"article_id" integer NOT NULL,
	"key" text NOT NULL,
	"low" double precision NOT NULL,
	"high" double precision NOT NULL,
	"unit" text NOT NULL,
	"qualifier" text NOT NULL,
	"status" text NOT NULL,
	"scope" text NOT NULL,
	"source" jsonb NOT NULL,
	"source_key" text,
	"consensus_id" integer,
	"centre" double precision NOT NULL,
	"band_low" double precision NOT NULL,
	"band_high" double precision NOT NULL,
	"support" integer NOT NULL,
	"support_sources" jsonb NOT NULL,
	"ratio" double precision NOT NULL,
	"direction" text NOT NULL,
	"explanation" text NOT NULL,
	"evidence" text NOT NULL,
	"article_url" text NOT NULL,
	"article_title" text,
	"corroborations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "article_bands" (
	"article_id" integer PRIMARY KEY NOT NULL,
	"keys" bigint[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"fetched_url" text,
	"feed_id" integer,
	"feed_item_id" integer,
	"status" text NOT NULL,
	"duplicate_of" integer,
	"similarity" real,
	"error" text,
	"title" text,
	"byline" text,
	"site_name" text,
	"outlet" text,
	"lang" text,
	"published_at" timestamp with time zone,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"text" text,
	"text_hash" text,
	"content_hash" text,
	"extractor" text,
	"tagging" text DEFAULT 'pending' NOT NULL,
	"is_seed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"article_id" integer NOT NULL,
	"watch" text NOT NULL,
	"measure" text NOT NULL,
	"low" double precision NOT NULL,
	"high" double precision NOT NULL,
	"unit" text NOT NULL,
	"per" text,
	"qualifier" text NOT NULL,
	"status" text NOT NULL,
	"scope" text NOT NULL,
	"source" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_key" text,
	"location" text,
	"as_of" text,
	"evidence_sentence" text NOT NULL,
	"evidence_start" integer NOT NULL,
	"evidence_end" integer NOT NULL,
	"confidence" real NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consensus" (
	"id" serial PRIMARY KEY NOT NULL,
	"watch" text NOT NULL,
	"measure" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"centre" double precision NOT NULL,
	"band_low" double precision NOT NULL,
	"band_high" double precision NOT NULL,
	"figures" integer NOT NULL,
	"sources" integer NOT NULL,
	"source_list" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"claim_id" integer
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"webhook_id" integer NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"alert_id" integer,
	"feed_event_id" integer,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"delivery_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"latency_ms" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "feed_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"feed_id" integer NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_fetches" (
	"id" serial PRIMARY KEY NOT NULL,
	"feed_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"error_kind" text,
	"error" text,
	"duration_ms" integer,
	"items" integer,
	"new_items" integer
);
--> statement-breakpoint
CREATE TABLE "feed_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"feed_id" integer NOT NULL,
	"key" text NOT NULL,
	"url" text NOT NULL,
	"title" text,
	"published_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feeds" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"title" text,
	"site_url" text,
	"status" text DEFAULT 'ok' NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"interval_seconds" integer NOT NULL,
	"min_interval_seconds" integer,
	"etag" text,
	"last_modified" text,
	"body_hash" text,
	"items_hash" text,
	"last_polled_at" timestamp with time zone,
	"next_poll_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_new_item_at" timestamp with time zone,
	"last_error" text,
	"last_error_kind" text,
	"last_error_at" timestamp with time zone,
	"error_score" real DEFAULT 0 NOT NULL,
	"items_found" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"format" text DEFAULT 'json' NOT NULL,
	"secret" text,
	"watch" text,
	"measures" jsonb,
	"min_ratio" double precision,
	"events" jsonb,
	"origin" text DEFAULT 'cli' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_consensus_id_consensus_id_fk" FOREIGN KEY ("consensus_id") REFERENCES "public"."consensus"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_bands" ADD CONSTRAINT "article_bands_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_feed_item_id_feed_items_id_fk" FOREIGN KEY ("feed_item_id") REFERENCES "public"."feed_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consensus" ADD CONSTRAINT "consensus_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_feed_event_id_feed_events_id_fk" FOREIGN KEY ("feed_event_id") REFERENCES "public"."feed_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_events" ADD CONSTRAINT "feed_events_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_fetches" ADD CONSTRAINT "feed_fetches_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_items" ADD CONSTRAINT "feed_items_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_watch_key_idx" ON "alerts" USING btree ("watch","key");--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alerts_measure_idx" ON "alerts" USING btree ("watch","measure");--> statement-breakpoint
CREATE INDEX "article_bands_keys_idx" ON "article_bands" USING gin ("keys") WITH (fastupdate=false);--> statement-breakpoint
CREATE UNIQUE INDEX "articles_url_idx" ON "articles" USING btree ("url");--> statement-breakpoint
CREATE INDEX "articles_text_hash_idx" ON "articles" USING btree ("text_hash");--> statement-breakpoint
CREATE INDEX "articles_created_idx" ON "articles" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "articles_status_created_idx" ON "articles" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "articles_feed_created_idx" ON "articles" USING btree ("feed_id","created_at");--> statement-breakpoint
CREATE INDEX "articles_lang_idx" ON "articles" USING btree ("lang");--> statement-breakpoint
CREATE INDEX "articles_duplicate_of_idx" ON "articles" USING btree ("duplicate_of");--> statement-breakpoint
CREATE INDEX "articles_search_idx" ON "articles" USING gin (to_tsvector('simple', coalesce("title", '') || ' ' || coalesce("text", '')));--> statement-breakpoint
CREATE INDEX "claims_article_idx" ON "claims" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "claims_watch_measure_reported_idx" ON "claims" USING btree ("watch","measure","reported_at");--> statement-breakpoint
CREATE INDEX "consensus_watch_measure_at_idx" ON "consensus" USING btree ("watch","measure","at");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_webhook_event_idx" ON "deliveries" USING btree ("webhook_id","event_id");--> statement-breakpoint
CREATE INDEX "deliveries_status_idx" ON "deliveries" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_alert_idx" ON "deliveries" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery_idx" ON "delivery_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "feed_events_at_idx" ON "feed_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "feed_events_feed_idx" ON "feed_events" USING btree ("feed_id");--> statement-breakpoint
CREATE INDEX "feed_fetches_feed_at_idx" ON "feed_fetches" USING btree ("feed_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_items_feed_key_idx" ON "feed_items" USING btree ("feed_id","key");--> statement-breakpoint
CREATE INDEX "feed_items_url_idx" ON "feed_items" USING btree ("url");--> statement-breakpoint
CREATE UNIQUE INDEX "feeds_url_idx" ON "feeds" USING btree ("url");--> statement-breakpoint
CREATE INDEX "feeds_status_idx" ON "feeds" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "webhooks_url_format_idx" ON "webhooks" USING btree ("url","format");