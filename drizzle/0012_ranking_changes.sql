-- The officer's ranked queue is kept in memory and brought up to date from this log of what changed
-- (app/services/ranking-cache.server.ts) instead of being rebuilt after every write: a need posted,
-- edited or claimed names the need; a new score or a changed profile names the enterprise; a product
-- listed or edited names its institution. Replaces the bare counter of 0010, which could only say
-- "something changed", so every new need threw every institution's ranking away. The maintenance
-- sweep prunes old rows; AUTOINCREMENT keeps versions from ever being reused after a prune.
DROP TRIGGER `ranking_inputs_needs_insert`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_needs_update`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_claims_insert`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_products_insert`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_products_update`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_enterprises_update`;
--> statement-breakpoint
DROP TRIGGER `ranking_inputs_scores_insert`;
--> statement-breakpoint
DROP TABLE `ranking_inputs_version`;
--> statement-breakpoint
CREATE TABLE `ranking_changes` (
  `version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `need_id` integer,
  `enterprise_id` integer,
  `institution_id` integer
);
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_needs_insert` AFTER INSERT ON `needs` BEGIN INSERT INTO `ranking_changes` (`need_id`) VALUES (NEW.`id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_needs_update` AFTER UPDATE ON `needs` BEGIN INSERT INTO `ranking_changes` (`need_id`) VALUES (NEW.`id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_claims_insert` AFTER INSERT ON `claims` BEGIN INSERT INTO `ranking_changes` (`need_id`) VALUES (NEW.`need_id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_products_insert` AFTER INSERT ON `products` BEGIN INSERT INTO `ranking_changes` (`institution_id`) VALUES (NEW.`institution_id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_products_update` AFTER UPDATE ON `products` BEGIN INSERT INTO `ranking_changes` (`institution_id`) VALUES (NEW.`institution_id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_enterprises_update` AFTER UPDATE OF `district_code`, `industry_section`, `established_on` ON `enterprises` BEGIN INSERT INTO `ranking_changes` (`enterprise_id`) VALUES (NEW.`id`); END;
--> statement-breakpoint
CREATE TRIGGER `ranking_changes_scores_insert` AFTER INSERT ON `credit_scores` BEGIN INSERT INTO `ranking_changes` (`enterprise_id`) VALUES (NEW.`enterprise_id`); END;
