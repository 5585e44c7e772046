ALTER TABLE "articles" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "feed_fetches" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "feed_items" ADD COLUMN "page_state" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "feeds" ADD COLUMN "last_error_code" text;--> statement-breakpoint
CREATE INDEX "articles_tagging_pending_idx" ON "articles" USING btree ("id") WHERE "articles"."tagging" = 'pending';--> statement-breakpoint
CREATE INDEX "feed_items_pending_idx" ON "feed_items" USING btree ("id") WHERE "feed_items"."page_state" = 'pending';