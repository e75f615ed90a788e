CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
-- Sign-ins from before this table: one row per refresh-token family, so a client holding a refresh token
-- issued before the upgrade can still refresh and get an access token that names its sign-in. Revocation
-- has always ended a whole family (rotation only sets rotated_at), so a family with any revoked token is a
-- sign-in that has already ended.
INSERT INTO `sessions` (`id`, `user_id`, `created_at`, `ended_at`, `end_reason`)
SELECT
	`family_id`,
	min(`user_id`),
	min(`created_at`),
	CASE WHEN count(`revoked_at`) > 0 THEN max(`revoked_at`) END,
	CASE WHEN count(`revoked_at`) > 0 THEN 'revoked' END
FROM `refresh_tokens`
GROUP BY `family_id`;
