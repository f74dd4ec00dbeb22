-- Interceptions and overrides are what the monthly report counts: nobody may change or remove one.
CREATE TRIGGER `interception_overrides_no_update` BEFORE UPDATE ON `interception_overrides`
BEGIN SELECT RAISE(ABORT, 'interception_overrides is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `interception_overrides_no_delete` BEFORE DELETE ON `interception_overrides`
BEGIN SELECT RAISE(ABORT, 'interception_overrides is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `interceptions_no_update` BEFORE UPDATE ON `interceptions`
BEGIN SELECT RAISE(ABORT, 'interceptions is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `interceptions_no_delete` BEFORE DELETE ON `interceptions`
BEGIN SELECT RAISE(ABORT, 'interceptions is append-only'); END;
