CREATE TABLE `monthly_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`opened_by_user_id` text,
	`opened_at` integer,
	`payload` text,
	`sha256` text,
	`frozen_by_user_id` text,
	`frozen_at` integer,
	FOREIGN KEY (`opened_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`frozen_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "monthly_reports_frozen_complete" CHECK("monthly_reports"."status" = 'open' OR ("monthly_reports"."payload" IS NOT NULL AND "monthly_reports"."sha256" IS NOT NULL AND "monthly_reports"."frozen_at" IS NOT NULL)),
	CONSTRAINT "monthly_reports_revision_reason" CHECK("monthly_reports"."revision" = 1 OR "monthly_reports"."reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monthly_reports_month_revision_unique` ON `monthly_reports` (`month`,`revision`);--> statement-breakpoint
CREATE INDEX `monthly_reports_month_idx` ON `monthly_reports` (`month`);--> statement-breakpoint
CREATE TABLE `stat_cells` (
	`month` text NOT NULL,
	`dim` text NOT NULL,
	`key` text NOT NULL,
	`enterprises_new` integer DEFAULT 0 NOT NULL,
	`institutions_delta` integer DEFAULT 0 NOT NULL,
	`products_delta` integer DEFAULT 0 NOT NULL,
	`needs_count` integer DEFAULT 0 NOT NULL,
	`needs_amount` integer DEFAULT 0 NOT NULL,
	`claims_count` integer DEFAULT 0 NOT NULL,
	`claim_wait_ms` integer DEFAULT 0 NOT NULL,
	`grants_count` integer DEFAULT 0 NOT NULL,
	`grants_amount` integer DEFAULT 0 NOT NULL,
	`loans_count` integer DEFAULT 0 NOT NULL,
	`loans_amount` integer DEFAULT 0 NOT NULL,
	`loans_rate_amount` integer DEFAULT 0 NOT NULL,
	`credit_loans_count` integer DEFAULT 0 NOT NULL,
	`credit_loans_amount` integer DEFAULT 0 NOT NULL,
	`disburse_wait_ms` integer DEFAULT 0 NOT NULL,
	`first_loans` integer DEFAULT 0 NOT NULL,
	`outstanding_delta` integer DEFAULT 0 NOT NULL,
	`npl_delta` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `dim`, `key`)
);
