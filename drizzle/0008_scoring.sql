CREATE TABLE `credit_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`model_version` text NOT NULL,
	`as_of_month` text NOT NULL,
	`score` integer NOT NULL,
	`grade` text NOT NULL,
	`knocked_out` integer NOT NULL,
	`contributions` text NOT NULL,
	`reasons` text NOT NULL,
	`computed_at` integer NOT NULL,
	`is_current` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_version`) REFERENCES `score_models`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_scores_current_unique` ON `credit_scores` (`enterprise_id`) WHERE "credit_scores"."is_current" = 1;--> statement-breakpoint
CREATE INDEX `credit_scores_history_idx` ON `credit_scores` (`enterprise_id`,`computed_at`);--> statement-breakpoint
CREATE INDEX `credit_scores_rank_idx` ON `credit_scores` (`is_current`,`knocked_out`,`score`);--> statement-breakpoint
CREATE TABLE `recommendation_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`score` integer NOT NULL,
	`grade` text NOT NULL,
	`model_version` text NOT NULL,
	`added_at` integer NOT NULL,
	`removed_at` integer,
	`removed_by_user_id` text,
	`removal_reason` text,
	FOREIGN KEY (`list_id`) REFERENCES `recommendation_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendation_entries_unique` ON `recommendation_entries` (`list_id`,`enterprise_id`);--> statement-breakpoint
CREATE TABLE `recommendation_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`district_code` text NOT NULL,
	`month` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_user_id` text,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendation_lists_unique` ON `recommendation_lists` (`district_code`,`month`);--> statement-breakpoint
CREATE TABLE `recommendation_pushes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`pushed_at` integer NOT NULL,
	`pushed_by_user_id` text,
	FOREIGN KEY (`list_id`) REFERENCES `recommendation_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pushed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendation_pushes_unique` ON `recommendation_pushes` (`list_id`,`institution_id`);--> statement-breakpoint
CREATE INDEX `recommendation_pushes_institution_idx` ON `recommendation_pushes` (`institution_id`,`pushed_at`);--> statement-breakpoint
CREATE TABLE `score_models` (
	`version` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`metrics` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_user_id` text,
	`activated_at` integer,
	`activated_by_user_id` text,
	`activation_reason` text,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`activated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
