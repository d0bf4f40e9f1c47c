-- cla-ceased: children whose period of care ended in the period (each child once, the last ending).
--
-- A period of care ends with a ceasing: an episode whose DEC and REC are set and REC is not X1
-- (store view cla_episode_care, column is_ceasing; short breaks left out). X1 ("moved to a new
-- episode") is never a ceasing, even when no episode follows on that day: that is a data error, not
-- a child who left care. A child whose episodes overlap (DfE rule 501) is listed as unknown
-- (in_numerator NULL, with the reason): whether they left care depends on which chain is true.
WITH ended AS (  -- the last ceasing of each child in the period
    SELECT la, child_id, poc_start AS period_start, dec, rec, ls, place, child_overlaps,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE is_ceasing AND dec BETWEEN $period_start AND $period_end
)
SELECT la, child_id, period_start, dec, rec, ls, place,
       CASE WHEN child_overlaps THEN NULL ELSE TRUE END AS in_numerator,
       CASE WHEN child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason
FROM ended
WHERE pick = 1
