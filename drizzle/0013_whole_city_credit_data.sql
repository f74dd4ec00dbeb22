-- Whole-city credit data (issue 16): credit rows are keyed by the firm's code (uscc) and keep
-- enterprise_id NULL until the firm registers, so a provider's file covering every firm in the city
-- lands whole. Existing rows take their code from their enterprise. Also: a credit repair names the
-- record it repairs; 存续企业登记注册 records; enterprises may be disabled after a 冒名注册 dispute,
-- so a code is unique among enterprises not disabled. The INSERT … SELECTs were edited by hand to
-- fill uscc from enterprises (drizzle-kit copies only columns both tables have).
CREATE TABLE `registration_disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`uscc` text NOT NULL,
	`claimant_name` text NOT NULL,
	`claimant_legal_rep_name` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`statement` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`filed_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by_user_id` text,
	`resolution` text,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `registration_disputes_status_idx` ON `registration_disputes` (`status`,`filed_at`);--> statement-breakpoint
CREATE TABLE `business_registry` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uscc` text NOT NULL,
	`name` text NOT NULL,
	`legal_rep_name` text NOT NULL,
	`status` text NOT NULL,
	`batch_id` integer NOT NULL,
	`superseded_by_batch_id` integer,
	`superseded_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`superseded_by_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_registry_current_unique` ON `business_registry` (`uscc`) WHERE "business_registry"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
DROP INDEX `enterprises_uscc_unique`;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `registry_check` text DEFAULT 'not_held' NOT NULL;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `disabled_at` integer;--> statement-breakpoint
ALTER TABLE `enterprises` ADD `disabled_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `enterprises_uscc_active_unique` ON `enterprises` (`uscc`) WHERE "enterprises"."disabled_at" IS NULL;--> statement-breakpoint
CREATE INDEX `enterprises_uscc_idx` ON `enterprises` (`uscc`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_credit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uscc` text NOT NULL,
	`enterprise_id` integer,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`severity` text,
	`reference` text NOT NULL,
	`authority` text NOT NULL,
	`description` text NOT NULL,
	`repairs_reference` text,
	`batch_id` integer NOT NULL,
	`superseded_by_batch_id` integer,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`superseded_by_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_events_penalty_severity" CHECK(("__new_credit_events"."kind" = 'penalty') = ("__new_credit_events"."severity" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_credit_events`("id", "uscc", "enterprise_id", "kind", "occurred_on", "severity", "reference", "authority", "description", "repairs_reference", "batch_id", "superseded_by_batch_id", "superseded_at") SELECT "id", (SELECT "uscc" FROM "enterprises" WHERE "enterprises"."id" = "credit_events"."enterprise_id"), "enterprise_id", "kind", "occurred_on", "severity", "reference", "authority", "description", NULL, "batch_id", "superseded_by_batch_id", "superseded_at" FROM `credit_events`;--> statement-breakpoint
DROP TABLE `credit_events`;--> statement-breakpoint
ALTER TABLE `__new_credit_events` RENAME TO `credit_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `credit_events_current_unique` ON `credit_events` (`uscc`,`kind`,`reference`) WHERE "credit_events"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_events_enterprise_idx` ON `credit_events` (`enterprise_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `credit_events_uscc_idx` ON `credit_events` (`uscc`);--> statement-breakpoint
CREATE TABLE `__new_credit_monthly` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uscc` text NOT NULL,
	`enterprise_id` integer,
	`source` text NOT NULL,
	`month` text NOT NULL,
	`quantity` integer,
	`billed_fen` integer,
	`paid_fen` integer,
	`paid_on_time` integer,
	`arrears_fen` integer,
	`headcount` integer,
	`tax_paid_fen` integer,
	`batch_id` integer NOT NULL,
	`superseded_by_batch_id` integer,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`superseded_by_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_credit_monthly`("id", "uscc", "enterprise_id", "source", "month", "quantity", "billed_fen", "paid_fen", "paid_on_time", "arrears_fen", "headcount", "tax_paid_fen", "batch_id", "superseded_by_batch_id", "superseded_at") SELECT "id", (SELECT "uscc" FROM "enterprises" WHERE "enterprises"."id" = "credit_monthly"."enterprise_id"), "enterprise_id", "source", "month", "quantity", "billed_fen", "paid_fen", "paid_on_time", "arrears_fen", "headcount", "tax_paid_fen", "batch_id", "superseded_by_batch_id", "superseded_at" FROM `credit_monthly`;--> statement-breakpoint
DROP TABLE `credit_monthly`;--> statement-breakpoint
ALTER TABLE `__new_credit_monthly` RENAME TO `credit_monthly`;--> statement-breakpoint
CREATE UNIQUE INDEX `credit_monthly_current_unique` ON `credit_monthly` (`uscc`,`source`,`month`) WHERE "credit_monthly"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_monthly_unattached_idx` ON `credit_monthly` (`uscc`) WHERE "credit_monthly"."enterprise_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_monthly_history_idx` ON `credit_monthly` (`enterprise_id`,`source`,`month`);--> statement-breakpoint
CREATE INDEX `credit_monthly_batch_idx` ON `credit_monthly` (`batch_id`);--> statement-breakpoint
CREATE INDEX `credit_monthly_source_month_idx` ON `credit_monthly` (`source`,`month`);--> statement-breakpoint
-- Rebuilding the table dropped migration 0009's covering index, which is kept out of the drizzle schema.
CREATE INDEX `credit_monthly_scoring_cover` ON `credit_monthly` (`enterprise_id`, `month`, `source`, `quantity`, `paid_on_time`, `arrears_fen`, `headcount`, `tax_paid_fen`) WHERE `superseded_by_batch_id` IS NULL;--> statement-breakpoint
CREATE TABLE `__new_credit_tax_grades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uscc` text NOT NULL,
	`enterprise_id` integer,
	`year` integer NOT NULL,
	`grade` text NOT NULL,
	`batch_id` integer NOT NULL,
	`superseded_by_batch_id` integer,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`superseded_by_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_credit_tax_grades`("id", "uscc", "enterprise_id", "year", "grade", "batch_id", "superseded_by_batch_id", "superseded_at") SELECT "id", (SELECT "uscc" FROM "enterprises" WHERE "enterprises"."id" = "credit_tax_grades"."enterprise_id"), "enterprise_id", "year", "grade", "batch_id", "superseded_by_batch_id", "superseded_at" FROM `credit_tax_grades`;--> statement-breakpoint
DROP TABLE `credit_tax_grades`;--> statement-breakpoint
ALTER TABLE `__new_credit_tax_grades` RENAME TO `credit_tax_grades`;--> statement-breakpoint
CREATE UNIQUE INDEX `credit_tax_grades_current_unique` ON `credit_tax_grades` (`uscc`,`year`) WHERE "credit_tax_grades"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_tax_grades_unattached_idx` ON `credit_tax_grades` (`uscc`) WHERE "credit_tax_grades"."enterprise_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_tax_grades_enterprise_idx` ON `credit_tax_grades` (`enterprise_id`,`year`);--> statement-breakpoint
ALTER TABLE `credit_batches` ADD `rows_unregistered` integer DEFAULT 0 NOT NULL;