CREATE TABLE `share_links` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`hint` text NOT NULL,
	`label` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`max_uses` integer,
	`use_count` integer DEFAULT 0 NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_links_code_hash_unique` ON `share_links` (`code_hash`);--> statement-breakpoint
CREATE INDEX `share_links_conversation_idx` ON `share_links` (`conversation_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `guest_conversation_id` text;