ALTER TABLE `translation_jobs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `translation_jobs` ADD `claim_expires_at` text;