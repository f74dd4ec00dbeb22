-- The officer's ranked queue is computed in memory and kept until one of its inputs changes. This
-- counter moves with every change to those inputs (needs, claims, products, enterprises' profile,
-- scores), so unrelated writes (sessions, notifications, audit) do not throw the ranking away.
-- Kept out of the drizzle schema like the other triggers: only app/services/claims.server.ts reads it.
CREATE TABLE `ranking_inputs_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `version` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `ranking_inputs_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_needs_insert` AFTER INSERT ON `needs` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_needs_update` AFTER UPDATE ON `needs` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_claims_insert` AFTER INSERT ON `claims` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_products_insert` AFTER INSERT ON `products` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_products_update` AFTER UPDATE ON `products` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_enterprises_update` AFTER UPDATE OF `district_code`, `industry_section`, `established_on` ON `enterprises` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `ranking_inputs_scores_insert` AFTER INSERT ON `credit_scores` BEGIN UPDATE `ranking_inputs_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
