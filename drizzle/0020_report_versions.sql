CREATE TABLE `report_versions` (
	`month` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
-- Keeps report_versions (db/schema/statistics.ts): each write that can change the reports of a month
-- and later raises that month's counter; '' stands for every month. What a report reads: stat_cells; for
-- the service levels, needs (posted_at, closed_at, expires_on, target_product_id) and claims (need_id,
-- claimed_at, decided_at, institution_id) by month posted / claimed, and the target product's
-- institution; for the interception counts, interceptions and overrides by `at` and loans (claim_id,
-- disbursed_at) by month disbursed; the institutions (names, joined_at).
-- Every statistics trigger step writes its month's total cell beside the others (db/statistics/
-- generate-triggers.ts cellsSql), so watching the total cell sees every change at a fifth of the cost.
CREATE TRIGGER `report_versions_stat_cells_insert` AFTER INSERT ON `stat_cells`
WHEN NEW.dim = 'total'
BEGIN
  INSERT INTO report_versions (month, version) VALUES (NEW.month, 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_stat_cells_update` AFTER UPDATE ON `stat_cells`
WHEN NEW.dim = 'total'
BEGIN
  INSERT INTO report_versions (month, version) VALUES (NEW.month, 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
-- The triggers' upserts never set month; only a hand-written update could move a cell.
CREATE TRIGGER `report_versions_stat_cells_move` AFTER UPDATE OF month ON `stat_cells`
WHEN OLD.month IS NOT NEW.month
BEGIN
  INSERT INTO report_versions (month, version) VALUES (OLD.month, 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_stat_cells_delete` AFTER DELETE ON `stat_cells`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (OLD.month, 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_needs_insert` AFTER INSERT ON `needs`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (NEW.posted_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
-- posted_at cannot change (needs_posted_at_immutable).
CREATE TRIGGER `report_versions_needs_update` AFTER UPDATE OF closed_at, expires_on, target_product_id ON `needs`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (NEW.posted_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_needs_delete` AFTER DELETE ON `needs`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (OLD.posted_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_claims_insert` AFTER INSERT ON `claims`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (NEW.claimed_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_claims_update` AFTER UPDATE OF need_id, claimed_at, decided_at, institution_id ON `claims`
BEGIN
  INSERT INTO report_versions (month, version) SELECT m, 1 FROM (SELECT strftime('%Y-%m', (OLD.claimed_at) / 1000, 'unixepoch', '+8 hours') AS m UNION SELECT strftime('%Y-%m', (NEW.claimed_at) / 1000, 'unixepoch', '+8 hours')) WHERE true ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_claims_delete` AFTER DELETE ON `claims`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (OLD.claimed_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_loans_insert` AFTER INSERT ON `loans`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (NEW.disbursed_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_loans_update` AFTER UPDATE OF claim_id, disbursed_at ON `loans`
BEGIN
  INSERT INTO report_versions (month, version) SELECT m, 1 FROM (SELECT strftime('%Y-%m', (OLD.disbursed_at) / 1000, 'unixepoch', '+8 hours') AS m UNION SELECT strftime('%Y-%m', (NEW.disbursed_at) / 1000, 'unixepoch', '+8 hours')) WHERE true ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_loans_delete` AFTER DELETE ON `loans`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (OLD.disbursed_at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
-- Interceptions and overrides are append-only (0015). A let-through disbursement counts in the month
-- its loan was disbursed, whichever of the two rows is written last.
CREATE TRIGGER `report_versions_interceptions_insert` AFTER INSERT ON `interceptions`
BEGIN
  INSERT INTO report_versions (month, version) SELECT m, 1 FROM (SELECT strftime('%Y-%m', (NEW.at) / 1000, 'unixepoch', '+8 hours') AS m UNION SELECT strftime('%Y-%m', (disbursed_at) / 1000, 'unixepoch', '+8 hours') FROM loans WHERE claim_id = NEW.claim_id) WHERE true ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_interception_overrides_insert` AFTER INSERT ON `interception_overrides`
BEGIN
  INSERT INTO report_versions (month, version) VALUES (strftime('%Y-%m', (NEW.at) / 1000, 'unixepoch', '+8 hours'), 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_institutions_insert` AFTER INSERT ON `institutions`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_institutions_update` AFTER UPDATE OF short_name, joined_at ON `institutions`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_institutions_delete` AFTER DELETE ON `institutions`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_products_insert` AFTER INSERT ON `products`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_products_update` AFTER UPDATE OF institution_id ON `products`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `report_versions_products_delete` AFTER DELETE ON `products`
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
