-- Scoring reads every current monthly row of a batch of enterprises in enterprise order. This partial
-- index holds every column the scorecard reads, so the read is one index range scan with no table
-- lookups (decision 010). Kept out of the drizzle schema like the triggers: a covering index is a
-- performance detail of one reader.
CREATE INDEX `credit_monthly_scoring_cover` ON `credit_monthly` (`enterprise_id`, `month`, `source`, `quantity`, `paid_on_time`, `arrears_fen`, `headcount`, `tax_paid_fen`) WHERE `superseded_by_batch_id` IS NULL;
