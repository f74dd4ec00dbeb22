CREATE TABLE `credit_import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_user_id` text NOT NULL,
	`filename` text NOT NULL,
	`state` text NOT NULL,
	`phase` text,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`batch_id` integer,
	`batch_status` text,
	`duplicate` integer DEFAULT false NOT NULL,
	`message` text,
	`process_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_import_jobs_finished_idx` ON `credit_import_jobs` (`finished_at`);--> statement-breakpoint
CREATE TABLE `rate_limit_counters` (
	`limiter` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`limiter`, `key`)
);
--> statement-breakpoint
CREATE INDEX `rate_limit_counters_expiry_idx` ON `rate_limit_counters` (`expires_at`);