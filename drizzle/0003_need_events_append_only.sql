-- The need event log is the record of every transition: nobody may change or remove an entry.
CREATE TRIGGER `need_events_no_update` BEFORE UPDATE ON `need_events`
BEGIN SELECT RAISE(ABORT, 'need_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `need_events_no_delete` BEFORE DELETE ON `need_events`
BEGIN SELECT RAISE(ABORT, 'need_events is append-only'); END;
