CREATE TABLE `message_translations` (
	`message_id` text NOT NULL,
	`target_language` text NOT NULL,
	`source_language` text NOT NULL,
	`content` text NOT NULL,
	`tier` text NOT NULL,
	`model` text NOT NULL,
	`confidence` real,
	`created_at` text NOT NULL,
	PRIMARY KEY(`message_id`, `target_language`),
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `translation_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`target_language` text,
	`tier` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `translation_jobs_due_idx` ON `translation_jobs` (`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `translation_jobs_message_idx` ON `translation_jobs` (`message_id`);