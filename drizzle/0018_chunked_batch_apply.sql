ALTER TABLE `credit_batches` ADD `applying_pid` integer;--> statement-breakpoint
ALTER TABLE `credit_batches` ADD `applying_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `credit_batches_one_applying` ON `credit_batches` (`status`) WHERE "credit_batches"."status" = 'applying';--> statement-breakpoint
CREATE INDEX `business_registry_superseded_idx` ON `business_registry` (`superseded_by_batch_id`) WHERE "business_registry"."superseded_by_batch_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `business_registry_batch_idx` ON `business_registry` (`batch_id`);--> statement-breakpoint
CREATE INDEX `credit_events_batch_idx` ON `credit_events` (`batch_id`);--> statement-breakpoint
CREATE INDEX `credit_events_superseded_idx` ON `credit_events` (`superseded_by_batch_id`) WHERE "credit_events"."superseded_by_batch_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `credit_monthly_superseded_idx` ON `credit_monthly` (`superseded_by_batch_id`) WHERE "credit_monthly"."superseded_by_batch_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `credit_tax_grades_batch_idx` ON `credit_tax_grades` (`batch_id`);--> statement-breakpoint
CREATE INDEX `credit_tax_grades_superseded_idx` ON `credit_tax_grades` (`superseded_by_batch_id`) WHERE "credit_tax_grades"."superseded_by_batch_id" IS NOT NULL;