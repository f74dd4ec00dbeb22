-- Hand-written (drizzle-kit generate --custom): the reference data's history is append-only, and the
-- working-day calendar and LPR that were constants in app/lib/working-days.ts and app/lib/lending-rules.ts
-- are loaded as the first versions of the data (docs/decisions/022-calendar-and-lpr-as-data.md).
-- No 2027 days: that year's notice is not known yet; the administrator enters it at /admin/calendar.
CREATE TRIGGER `holiday_notices_no_update` BEFORE UPDATE ON `holiday_notices`
BEGIN SELECT RAISE(ABORT, 'holiday_notices is append-only: enter a correction instead'); END;
--> statement-breakpoint
CREATE TRIGGER `holiday_notices_no_delete` BEFORE DELETE ON `holiday_notices`
BEGIN SELECT RAISE(ABORT, 'holiday_notices is append-only: enter a correction instead'); END;
--> statement-breakpoint
CREATE TRIGGER `holiday_notice_days_no_update` BEFORE UPDATE ON `holiday_notice_days`
BEGIN SELECT RAISE(ABORT, 'holiday_notice_days is append-only: enter a correction instead'); END;
--> statement-breakpoint
CREATE TRIGGER `holiday_notice_days_no_delete` BEFORE DELETE ON `holiday_notice_days`
BEGIN SELECT RAISE(ABORT, 'holiday_notice_days is append-only: enter a correction instead'); END;
--> statement-breakpoint
CREATE TRIGGER `lpr_publications_no_update` BEFORE UPDATE ON `lpr_publications`
BEGIN SELECT RAISE(ABORT, 'lpr_publications is append-only: enter a correction instead'); END;
--> statement-breakpoint
CREATE TRIGGER `lpr_publications_no_delete` BEFORE DELETE ON `lpr_publications`
BEGIN SELECT RAISE(ABORT, 'lpr_publications is append-only: enter a correction instead'); END;
--> statement-breakpoint
INSERT INTO `holiday_notices` (`year`, `reference`, `note`, `entered_at`) VALUES (2024, '国办发明电〔2023〕7号', '由原程序常量（app/lib/working-days.ts）迁移', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
--> statement-breakpoint
INSERT INTO `holiday_notice_days` (`notice_id`, `date`, `kind`)
SELECT (SELECT max(`id`) FROM `holiday_notices` WHERE `year` = 2024), d.column1, d.column2 FROM (VALUES
  ('2024-01-01', 'holiday'), ('2024-02-10', 'holiday'), ('2024-02-11', 'holiday'), ('2024-02-12', 'holiday'), ('2024-02-13', 'holiday'), ('2024-02-14', 'holiday'),
  ('2024-02-15', 'holiday'), ('2024-02-16', 'holiday'), ('2024-02-17', 'holiday'), ('2024-04-04', 'holiday'), ('2024-04-05', 'holiday'), ('2024-04-06', 'holiday'),
  ('2024-05-01', 'holiday'), ('2024-05-02', 'holiday'), ('2024-05-03', 'holiday'), ('2024-05-04', 'holiday'), ('2024-05-05', 'holiday'), ('2024-06-10', 'holiday'),
  ('2024-09-15', 'holiday'), ('2024-09-16', 'holiday'), ('2024-09-17', 'holiday'), ('2024-10-01', 'holiday'), ('2024-10-02', 'holiday'), ('2024-10-03', 'holiday'),
  ('2024-10-04', 'holiday'), ('2024-10-05', 'holiday'), ('2024-10-06', 'holiday'), ('2024-10-07', 'holiday'), ('2024-02-04', 'adjusted_workday'), ('2024-02-18', 'adjusted_workday'),
  ('2024-04-07', 'adjusted_workday'), ('2024-04-28', 'adjusted_workday'), ('2024-05-11', 'adjusted_workday'), ('2024-09-14', 'adjusted_workday'), ('2024-09-29', 'adjusted_workday'), ('2024-10-12', 'adjusted_workday')
) AS d;
--> statement-breakpoint
INSERT INTO `holiday_notices` (`year`, `reference`, `note`, `entered_at`) VALUES (2025, '国办发明电〔2024〕12号', '由原程序常量（app/lib/working-days.ts）迁移', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
--> statement-breakpoint
INSERT INTO `holiday_notice_days` (`notice_id`, `date`, `kind`)
SELECT (SELECT max(`id`) FROM `holiday_notices` WHERE `year` = 2025), d.column1, d.column2 FROM (VALUES
  ('2025-01-01', 'holiday'), ('2025-01-28', 'holiday'), ('2025-01-29', 'holiday'), ('2025-01-30', 'holiday'), ('2025-01-31', 'holiday'), ('2025-02-01', 'holiday'),
  ('2025-02-02', 'holiday'), ('2025-02-03', 'holiday'), ('2025-02-04', 'holiday'), ('2025-04-04', 'holiday'), ('2025-04-05', 'holiday'), ('2025-04-06', 'holiday'),
  ('2025-05-01', 'holiday'), ('2025-05-02', 'holiday'), ('2025-05-03', 'holiday'), ('2025-05-04', 'holiday'), ('2025-05-05', 'holiday'), ('2025-05-31', 'holiday'),
  ('2025-06-01', 'holiday'), ('2025-06-02', 'holiday'), ('2025-10-01', 'holiday'), ('2025-10-02', 'holiday'), ('2025-10-03', 'holiday'), ('2025-10-04', 'holiday'),
  ('2025-10-05', 'holiday'), ('2025-10-06', 'holiday'), ('2025-10-07', 'holiday'), ('2025-10-08', 'holiday'), ('2025-01-26', 'adjusted_workday'), ('2025-02-08', 'adjusted_workday'),
  ('2025-04-27', 'adjusted_workday'), ('2025-09-28', 'adjusted_workday'), ('2025-10-11', 'adjusted_workday')
) AS d;
--> statement-breakpoint
INSERT INTO `holiday_notices` (`year`, `reference`, `note`, `entered_at`) VALUES (2026, '国办发明电〔2025〕7号', '由原程序常量（app/lib/working-days.ts）迁移', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
--> statement-breakpoint
INSERT INTO `holiday_notice_days` (`notice_id`, `date`, `kind`)
SELECT (SELECT max(`id`) FROM `holiday_notices` WHERE `year` = 2026), d.column1, d.column2 FROM (VALUES
  ('2026-01-01', 'holiday'), ('2026-01-02', 'holiday'), ('2026-01-03', 'holiday'), ('2026-02-15', 'holiday'), ('2026-02-16', 'holiday'), ('2026-02-17', 'holiday'),
  ('2026-02-18', 'holiday'), ('2026-02-19', 'holiday'), ('2026-02-20', 'holiday'), ('2026-02-21', 'holiday'), ('2026-02-22', 'holiday'), ('2026-02-23', 'holiday'),
  ('2026-04-04', 'holiday'), ('2026-04-05', 'holiday'), ('2026-04-06', 'holiday'), ('2026-05-01', 'holiday'), ('2026-05-02', 'holiday'), ('2026-05-03', 'holiday'),
  ('2026-05-04', 'holiday'), ('2026-05-05', 'holiday'), ('2026-06-19', 'holiday'), ('2026-06-20', 'holiday'), ('2026-06-21', 'holiday'), ('2026-09-25', 'holiday'),
  ('2026-09-26', 'holiday'), ('2026-09-27', 'holiday'), ('2026-10-01', 'holiday'), ('2026-10-02', 'holiday'), ('2026-10-03', 'holiday'), ('2026-10-04', 'holiday'),
  ('2026-10-05', 'holiday'), ('2026-10-06', 'holiday'), ('2026-10-07', 'holiday'), ('2026-01-04', 'adjusted_workday'), ('2026-02-14', 'adjusted_workday'), ('2026-02-28', 'adjusted_workday'),
  ('2026-05-09', 'adjusted_workday'), ('2026-09-20', 'adjusted_workday'), ('2026-10-10', 'adjusted_workday')
) AS d;
--> statement-breakpoint
INSERT INTO `lpr_publications` (`effective_on`, `one_year_bp`, `five_year_bp`, `note`, `entered_at`) VALUES ('2025-05-20', 300, NULL, '由原程序常量（app/lib/lending-rules.ts）迁移', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
