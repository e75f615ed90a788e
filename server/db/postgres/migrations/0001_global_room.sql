-- The change counter starts at zero; messages take their seq and version from it.
INSERT INTO "change_counter" ("id", "value") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The global public room (Meeshy's "meeshy" conversation), and every existing user as a member of it.
INSERT INTO "conversations" ("id", "type", "title", "description", "created_at", "updated_at")
VALUES ('global', 'global', 'Meeshy', 'The public room everyone is in', now(), now())
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "conversation_members" ("conversation_id", "user_id", "role", "joined_at")
SELECT 'global', "id", 'member', "created_at" FROM "users"
ON CONFLICT DO NOTHING;
