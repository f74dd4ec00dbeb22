CREATE TABLE `interception_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`need_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`knock_outs` text NOT NULL,
	`reason` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interception_overrides_need_idx` ON `interception_overrides` (`need_id`,`institution_id`);--> statement-breakpoint
CREATE INDEX `interception_overrides_at_idx` ON `interception_overrides` (`at`);--> statement-breakpoint
CREATE TABLE `interceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`need_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`claim_id` integer,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`knock_outs` text NOT NULL,
	`override_ids` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interceptions_at_idx` ON `interceptions` (`at`,`outcome`);--> statement-breakpoint
CREATE INDEX `interceptions_need_idx` ON `interceptions` (`need_id`);