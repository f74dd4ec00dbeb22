-- Scores store [attribute, points] per factor and only the improvements and knock-outs of their
-- explanation; labels and the top reasons come back from the version's stored table. Rows written
-- in the earlier, worded form are rewritten here: each contribution's bin label is looked up among
-- that version's bins of the same factor (not found = the missing/neutral attribute, -1).
UPDATE `credit_scores` SET `contributions` = (
  SELECT json_group_array(json_array(
    coalesce(
      (SELECT CAST(b.key AS integer) FROM `score_models` m, json_each(m.params, '$.features[' || c.key || '].bins') b
       WHERE m.version = `credit_scores`.`model_version` AND json_extract(b.value, '$.label') = json_extract(c.value, '$.bin')),
      -1),
    json_extract(c.value, '$.points')))
  FROM json_each(`credit_scores`.`contributions`) c
) WHERE json_type(`contributions`, '$[0]') = 'object';
--> statement-breakpoint
UPDATE `credit_scores` SET `reasons` = json_remove(`reasons`, '$.up', '$.down') WHERE json_type(`reasons`, '$.up') IS NOT NULL;
