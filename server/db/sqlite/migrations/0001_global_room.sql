-- The change counter starts at zero; messages take their seq and version from it.
INSERT OR IGNORE INTO `change_counter` (`id`, `value`) VALUES (1, 0);
--> statement-breakpoint
-- The global public room (Meeshy's "meeshy" conversation), and every existing user as a member of it.
INSERT OR IGNORE INTO `conversations` (`id`, `type`, `title`, `description`, `created_at`, `updated_at`)
VALUES ('global', 'global', 'Meeshy', 'The public room everyone is in', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
--> statement-breakpoint
INSERT OR IGNORE INTO `conversation_members` (`conversation_id`, `user_id`, `role`, `joined_at`)
SELECT 'global', `id`, 'member', `created_at` FROM `users`;
