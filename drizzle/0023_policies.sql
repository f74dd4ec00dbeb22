CREATE TABLE `policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`issuer` text NOT NULL,
	`benefit_kind` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text NOT NULL,
	`districts` text,
	`industries` text,
	`sizes` text,
	`min_grade` text,
	`first_loan_only` integer DEFAULT false NOT NULL,
	`product_tags` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_user_id` text,
	`published_at` integer,
	`published_by_user_id` text,
	`withdrawn_at` integer,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `policies_status_idx` ON `policies` (`status`,`published_at`);--> statement-breakpoint
CREATE TABLE `policy_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`notified_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`policy_id`) REFERENCES `policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policy_deliveries_unique` ON `policy_deliveries` (`policy_id`,`enterprise_id`);--> statement-breakpoint
CREATE INDEX `policy_deliveries_enterprise_idx` ON `policy_deliveries` (`enterprise_id`);