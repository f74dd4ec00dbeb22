CREATE TABLE `holiday_notice_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `holiday_notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holiday_notice_days_notice_date_unique` ON `holiday_notice_days` (`notice_id`,`date`);--> statement-breakpoint
CREATE TABLE `holiday_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`reference` text NOT NULL,
	`supersedes_id` integer,
	`note` text,
	`entered_by_user_id` text,
	`entered_at` integer NOT NULL,
	FOREIGN KEY (`supersedes_id`) REFERENCES `holiday_notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "holiday_notices_correction_note" CHECK("holiday_notices"."supersedes_id" IS NULL OR "holiday_notices"."note" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `holiday_notices_year_idx` ON `holiday_notices` (`year`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `holiday_notices_supersedes_unique` ON `holiday_notices` (`supersedes_id`);--> statement-breakpoint
CREATE TABLE `lpr_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`effective_on` text NOT NULL,
	`one_year_bp` integer NOT NULL,
	`five_year_bp` integer,
	`note` text,
	`entered_by_user_id` text,
	`entered_at` integer NOT NULL,
	FOREIGN KEY (`entered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lpr_publications_positive" CHECK("lpr_publications"."one_year_bp" > 0 AND ("lpr_publications"."five_year_bp" IS NULL OR "lpr_publications"."five_year_bp" > 0))
);
--> statement-breakpoint
CREATE INDEX `lpr_publications_effective_idx` ON `lpr_publications` (`effective_on`,`id`);--> statement-breakpoint
ALTER TABLE `monthly_reports` ADD `layout_version` integer DEFAULT 1 NOT NULL;