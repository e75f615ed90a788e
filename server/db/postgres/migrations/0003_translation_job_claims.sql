ALTER TABLE "translation_jobs" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "translation_jobs" ADD COLUMN "claim_expires_at" timestamp (3) with time zone;