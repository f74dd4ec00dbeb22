-- The query log is the enterprise's record of who read its credit profile: nobody may change or remove it.
CREATE TRIGGER `credit_query_log_no_update` BEFORE UPDATE ON `credit_query_log`
BEGIN SELECT RAISE(ABORT, 'credit_query_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `credit_query_log_no_delete` BEFORE DELETE ON `credit_query_log`
BEGIN SELECT RAISE(ABORT, 'credit_query_log is append-only'); END;
