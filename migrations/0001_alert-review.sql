CREATE TABLE "alert_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"alert_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_state" text NOT NULL,
	"by" text NOT NULL,
	"via" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "alerts_watch_key_idx";--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "state" text DEFAULT 'raised' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "held_reason" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "posted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "as_of" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "flags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_actions" ADD CONSTRAINT "alert_actions_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_actions_alert_idx" ON "alert_actions" USING btree ("alert_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_watch_key_idx" ON "alerts" USING btree ("watch","key") WHERE "alerts"."state" <> 'dismissed';--> statement-breakpoint
-- Alerts found before review existed were posted when found.
UPDATE "alerts" SET "posted_at" = "created_at" WHERE "posted_at" IS NULL AND "state" = 'raised';
