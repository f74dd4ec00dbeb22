CREATE TABLE `credit_batch_rejections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`row_number` integer NOT NULL,
	`field` text NOT NULL,
	`reason` text NOT NULL,
	`value` text,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_batch_rejections_batch_idx` ON `credit_batch_rejections` (`batch_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `credit_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`origin` text NOT NULL,
	`provider_id` integer,
	`kind` text NOT NULL,
	`source` text,
	`month` text,
	`external_id` text,
	`content_hash` text NOT NULL,
	`status` text NOT NULL,
	`rows_total` integer NOT NULL,
	`rows_accepted` integer NOT NULL,
	`rows_rejected` integer NOT NULL,
	`rows_superseded` integer DEFAULT 0 NOT NULL,
	`rows_unchanged` integer DEFAULT 0 NOT NULL,
	`filename` text,
	`created_at` integer NOT NULL,
	`created_by_user_id` text,
	FOREIGN KEY (`provider_id`) REFERENCES `data_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_batches_external_unique` ON `credit_batches` (`origin`,`provider_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `credit_batches_hash_idx` ON `credit_batches` (`content_hash`);--> statement-breakpoint
CREATE INDEX `credit_batches_created_idx` ON `credit_batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `credit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`severity` text,
	`reference` text NOT NULL,
	`authority` text NOT NULL,
	`description` text NOT NULL,
	`batch_id` integer NOT NULL,
	`superseded_by_batch_id` integer,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`superseded_by_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_events_penalty_severity" CHECK(("credit_events"."kind" = 'penalty') = ("credit_events"."severity" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_events_current_unique` ON `credit_events` (`enterprise_id`,`kind`,`reference`) WHERE "credit_events"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_events_enterprise_idx` ON `credit_events` (`enterprise_id`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `credit_monthly` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
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
CREATE UNIQUE INDEX `credit_monthly_current_unique` ON `credit_monthly` (`enterprise_id`,`source`,`month`) WHERE "credit_monthly"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_monthly_history_idx` ON `credit_monthly` (`enterprise_id`,`source`,`month`);--> statement-breakpoint
CREATE INDEX `credit_monthly_batch_idx` ON `credit_monthly` (`batch_id`);--> statement-breakpoint
CREATE INDEX `credit_monthly_source_month_idx` ON `credit_monthly` (`source`,`month`);--> statement-breakpoint
CREATE TABLE `credit_query_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`officer_user_id` text NOT NULL,
	`authorization_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`authorization_id`) REFERENCES `authorizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_query_log_enterprise_idx` ON `credit_query_log` (`enterprise_id`,`at`);--> statement-breakpoint
CREATE TABLE `credit_tax_grades` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
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
CREATE UNIQUE INDEX `credit_tax_grades_current_unique` ON `credit_tax_grades` (`enterprise_id`,`year`) WHERE "credit_tax_grades"."superseded_by_batch_id" IS NULL;--> statement-breakpoint
CREATE INDEX `credit_tax_grades_enterprise_idx` ON `credit_tax_grades` (`enterprise_id`,`year`);--> statement-breakpoint
CREATE TABLE `data_providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sources` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_providers_name_unique` ON `data_providers` (`name`);--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`item_type` text NOT NULL,
	`item_id` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`filed_at` integer NOT NULL,
	`filed_by_user_id` text,
	`due_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by_user_id` text,
	`resolution` text,
	`correction_batch_id` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`correction_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `objections_enterprise_idx` ON `objections` (`enterprise_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `objections_status_idx` ON `objections` (`status`,`due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `objections_open_item_unique` ON `objections` (`item_type`,`item_id`) WHERE "objections"."status" = 'open';--> statement-breakpoint
CREATE TABLE `provider_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`label` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_user_id` text,
	`revoked_at` integer,
	`last_used_at` integer,
	FOREIGN KEY (`provider_id`) REFERENCES `data_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_tokens_token_hash_unique` ON `provider_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `provider_tokens_provider_idx` ON `provider_tokens` (`provider_id`);--> statement-breakpoint
CREATE TABLE `sync_staging` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sync_key` text NOT NULL,
	`page` integer NOT NULL,
	`next_cursor` text,
	`external_batch_id` text NOT NULL,
	`rows` text NOT NULL,
	`fetched_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_staging_key_page_unique` ON `sync_staging` (`sync_key`,`page`);