CREATE TABLE `authorizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`institution_id` integer,
	`scope` text DEFAULT 'credit_profile' NOT NULL,
	`purpose` text NOT NULL,
	`need_id` integer,
	`granted_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`granted_by_user_id` text,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `authorizations_enterprise_idx` ON `authorizations` (`enterprise_id`);--> statement-breakpoint
CREATE INDEX `authorizations_institution_idx` ON `authorizations` (`institution_id`);--> statement-breakpoint
CREATE TABLE `claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`officer_user_id` text NOT NULL,
	`status` text DEFAULT 'claimed' NOT NULL,
	`claimed_at` integer NOT NULL,
	`decided_at` integer,
	`granted_at` integer,
	`granted_product_id` integer,
	`granted_amount_fen` integer,
	`granted_rate_bp` integer,
	`granted_term_months` integer,
	`granted_guarantee_mode` text,
	`reject_reason_code` text,
	`reject_note` text,
	`internal_note` text,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_need_institution_unique` ON `claims` (`need_id`,`institution_id`);--> statement-breakpoint
CREATE INDEX `claims_institution_idx` ON `claims` (`institution_id`,`status`);--> statement-breakpoint
CREATE INDEX `claims_claimed_at_idx` ON `claims` (`claimed_at`);--> statement-breakpoint
CREATE INDEX `claims_granted_at_idx` ON `claims` (`granted_at`);--> statement-breakpoint
CREATE TABLE `loan_status_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`loan_id` integer NOT NULL,
	`month` text NOT NULL,
	`status` text NOT NULL,
	`reported_at` integer NOT NULL,
	`reported_by_user_id` text,
	FOREIGN KEY (`loan_id`) REFERENCES `loans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loan_status_reports_loan_month_unique` ON `loan_status_reports` (`loan_id`,`month`);--> statement-breakpoint
CREATE INDEX `loan_status_reports_month_idx` ON `loan_status_reports` (`month`);--> statement-breakpoint
CREATE TABLE `loans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` integer NOT NULL,
	`need_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`institution_id` integer NOT NULL,
	`product_id` integer,
	`amount_fen` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`term_months` integer NOT NULL,
	`guarantee_mode` text NOT NULL,
	`disbursed_on` text NOT NULL,
	`disbursed_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`status` text DEFAULT 'normal' NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "loans_amount_positive" CHECK("loans"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loans_claim_id_unique` ON `loans` (`claim_id`);--> statement-breakpoint
CREATE INDEX `loans_disbursed_at_idx` ON `loans` (`disbursed_at`);--> statement-breakpoint
CREATE INDEX `loans_enterprise_idx` ON `loans` (`enterprise_id`,`disbursed_at`);--> statement-breakpoint
CREATE INDEX `loans_institution_idx` ON `loans` (`institution_id`,`disbursed_at`);--> statement-breakpoint
CREATE TABLE `need_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`claim_id` integer,
	`loan_id` integer,
	`type` text NOT NULL,
	`actor_user_id` text,
	`actor_institution_id` integer,
	`at` integer NOT NULL,
	`detail` text NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`loan_id`) REFERENCES `loans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `need_events_need_idx` ON `need_events` (`need_id`,`at`);--> statement-breakpoint
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`term_months` integer NOT NULL,
	`purpose` text NOT NULL,
	`guarantee_mode` text,
	`rate_ceiling_bp` integer,
	`target_product_id` integer,
	`authorization_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`posted_at` integer NOT NULL,
	`expires_on` text NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`authorization_id`) REFERENCES `authorizations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "needs_amount_positive" CHECK("needs"."amount_fen" > 0),
	CONSTRAINT "needs_term_positive" CHECK("needs"."term_months" > 0)
);
--> statement-breakpoint
CREATE INDEX `needs_enterprise_idx` ON `needs` (`enterprise_id`);--> statement-breakpoint
CREATE INDEX `needs_status_idx` ON `needs` (`status`,`posted_at`);--> statement-breakpoint
CREATE INDEX `needs_posted_at_idx` ON `needs` (`posted_at`);--> statement-breakpoint
CREATE INDEX `needs_target_product_idx` ON `needs` (`target_product_id`);--> statement-breakpoint
CREATE TABLE `product_listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`listed_at` integer NOT NULL,
	`delisted_at` integer,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_listings_product_idx` ON `product_listings` (`product_id`,`listed_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`amount_min_fen` integer NOT NULL,
	`amount_max_fen` integer NOT NULL,
	`rate_min_bp` integer NOT NULL,
	`rate_max_bp` integer NOT NULL,
	`term_min_months` integer NOT NULL,
	`term_max_months` integer NOT NULL,
	`guarantee_modes` text NOT NULL,
	`eligible_districts` text,
	`eligible_industries` text,
	`min_grade` text,
	`min_years_in_operation` integer DEFAULT 0 NOT NULL,
	`tags` text NOT NULL,
	`listed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_amount_range" CHECK("products"."amount_min_fen" > 0 AND "products"."amount_min_fen" <= "products"."amount_max_fen"),
	CONSTRAINT "products_rate_range" CHECK("products"."rate_min_bp" > 0 AND "products"."rate_min_bp" <= "products"."rate_max_bp"),
	CONSTRAINT "products_term_range" CHECK("products"."term_min_months" > 0 AND "products"."term_min_months" <= "products"."term_max_months")
);
--> statement-breakpoint
CREATE INDEX `products_institution_idx` ON `products` (`institution_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer,
	`institution_id` integer,
	`user_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notifications_one_recipient" CHECK(("notifications"."enterprise_id" IS NOT NULL) + ("notifications"."institution_id" IS NOT NULL) + ("notifications"."user_id" IS NOT NULL) = 1)
);
--> statement-breakpoint
CREATE INDEX `notifications_enterprise_idx` ON `notifications` (`enterprise_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_institution_idx` ON `notifications` (`institution_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);