CREATE TABLE `commitment_breaches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`commitment_id` integer NOT NULL,
	`reason` text NOT NULL,
	`recorded_by_user_id` text NOT NULL,
	`institution_id` integer,
	`recorded_at` integer NOT NULL,
	`reference` text NOT NULL,
	`batch_id` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commitment_breaches_reason" CHECK(length("commitment_breaches"."reason") > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commitment_breaches_reference_unique` ON `commitment_breaches` (`reference`);--> statement-breakpoint
CREATE INDEX `commitment_breaches_enterprise_idx` ON `commitment_breaches` (`enterprise_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `commitment_breaches_commitment_unique` ON `commitment_breaches` (`commitment_id`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`kind` text NOT NULL,
	`version` text NOT NULL,
	`signed_by_user_id` text NOT NULL,
	`signed_at` integer NOT NULL,
	`subject_id` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commitments_subject_unique` ON `commitments` (`kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `commitments_enterprise_idx` ON `commitments` (`enterprise_id`,`signed_at`);--> statement-breakpoint
CREATE TABLE `credit_repair_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`repair_id` integer NOT NULL,
	`filename` text NOT NULL,
	`media_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	`uploaded_by_user_id` text NOT NULL,
	FOREIGN KEY (`repair_id`) REFERENCES `credit_repairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_repair_files_repair_idx` ON `credit_repair_files` (`repair_id`);--> statement-breakpoint
CREATE TABLE `credit_repair_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`repair_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_user_id` text NOT NULL,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`repair_id`) REFERENCES `credit_repairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_repair_steps_repair_idx` ON `credit_repair_steps` (`repair_id`,`at`);--> statement-breakpoint
CREATE TABLE `credit_repairs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`event_kind` text NOT NULL,
	`event_reference` text NOT NULL,
	`statement` text NOT NULL,
	`status` text NOT NULL,
	`filed_at` integer NOT NULL,
	`filed_by_user_id` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by_user_id` text,
	`bureau_note` text,
	`repair_batch_id` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `credit_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`repair_batch_id`) REFERENCES `credit_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_repairs_enterprise_idx` ON `credit_repairs` (`enterprise_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `credit_repairs_status_idx` ON `credit_repairs` (`status`,`due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_repairs_open_unique` ON `credit_repairs` (`enterprise_id`,`event_kind`,`event_reference`) WHERE "credit_repairs"."status" IN ('submitted', 'more_requested');--> statement-breakpoint
-- A signed commitment, a step of a repair and a recorded breach are facts that stay.
CREATE TRIGGER `commitments_no_update` BEFORE UPDATE ON `commitments`
BEGIN SELECT RAISE(ABORT, 'commitments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitments_no_delete` BEFORE DELETE ON `commitments`
BEGIN SELECT RAISE(ABORT, 'commitments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `credit_repair_steps_no_update` BEFORE UPDATE ON `credit_repair_steps`
BEGIN SELECT RAISE(ABORT, 'credit_repair_steps is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `credit_repair_steps_no_delete` BEFORE DELETE ON `credit_repair_steps`
BEGIN SELECT RAISE(ABORT, 'credit_repair_steps is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitment_breaches_no_update` BEFORE UPDATE ON `commitment_breaches`
BEGIN SELECT RAISE(ABORT, 'commitment_breaches is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `commitment_breaches_no_delete` BEFORE DELETE ON `commitment_breaches`
BEGIN SELECT RAISE(ABORT, 'commitment_breaches is append-only'); END;
