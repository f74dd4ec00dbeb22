ALTER TABLE `credit_events` ADD `repairs_kind` text;--> statement-breakpoint
ALTER TABLE `credit_events` ADD `listing_reference` text;--> statement-breakpoint
-- Hand-written backfill (decision 039). A repair recorded before names a reference only: where the
-- firm holds exactly one kind of record under it, that is the kind it repaired; otherwise it stays null
-- and keeps lifting whatever record carries the reference.
UPDATE `credit_events` SET `repairs_kind` = (
	SELECT min(t.`kind`) FROM `credit_events` t
	WHERE t.`uscc` = `credit_events`.`uscc` AND t.`reference` = `credit_events`.`repairs_reference`
		AND t.`kind` IN ('penalty', 'dishonest_entry') AND t.`superseded_by_batch_id` IS NULL
	HAVING count(DISTINCT t.`kind`) = 1
) WHERE `kind` = 'credit_repair' AND `repairs_reference` IS NOT NULL;--> statement-breakpoint
-- An exit recorded before named no listing: it ended the listing with its own reference, else the
-- oldest listing open on its date. Name that listing, so exits keep ending what they ended.
UPDATE `credit_events` SET `listing_reference` = `reference`
WHERE `kind` = 'dishonest_exit' AND `superseded_by_batch_id` IS NULL AND EXISTS (
	SELECT 1 FROM `credit_events` l
	WHERE l.`uscc` = `credit_events`.`uscc` AND l.`kind` = 'dishonest_entry' AND l.`reference` = `credit_events`.`reference`
		AND l.`superseded_by_batch_id` IS NULL
);--> statement-breakpoint
UPDATE `credit_events` SET `listing_reference` = (
	SELECT l.`reference` FROM `credit_events` l
	WHERE l.`uscc` = `credit_events`.`uscc` AND l.`kind` = 'dishonest_entry' AND l.`superseded_by_batch_id` IS NULL
		AND l.`occurred_on` <= `credit_events`.`occurred_on`
		AND NOT EXISTS (
			SELECT 1 FROM `credit_events` x
			WHERE x.`uscc` = l.`uscc` AND x.`kind` = 'dishonest_exit' AND x.`listing_reference` = l.`reference`
				AND x.`superseded_by_batch_id` IS NULL
		)
	ORDER BY l.`occurred_on`, l.`reference` LIMIT 1
) WHERE `kind` = 'dishonest_exit' AND `superseded_by_batch_id` IS NULL AND `listing_reference` IS NULL;
