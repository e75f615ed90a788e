ALTER TABLE `sessions` ADD `device_label` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_used_at` text;--> statement-breakpoint
-- A sign-in from before this column was last used when its newest refresh token was issued (each refresh
-- issues one), or when it started if it never refreshed. Its device label stays null: the User-Agent it
-- signed in with was never kept, and the list says "unknown device" rather than guess.
UPDATE `sessions` SET `last_used_at` = coalesce(
	(SELECT max(`created_at`) FROM `refresh_tokens` WHERE `refresh_tokens`.`family_id` = `sessions`.`id`),
	`created_at`
);
