-- adoptions: children adopted in the period: those whose last ceasing in the period was REC E11
-- (adopted, application unopposed) or E12 (adopted, consent dispensed with by the court), i.e. the
-- numerator of adoptions-of-ceased, row for row. A child adopted in the period whose adoption broke
-- down and who then left care again another way is not counted (their last ceasing is not an
-- adoption), as in adoptions-of-ceased.
--
-- Ceasings come from the store view cla_episode_care (is_ceasing: DEC and REC set, REC not X1;
-- short breaks left out). A child whose episodes overlap (DfE rule 501) is unknown.
WITH ended AS (  -- the last ceasing of each child in the period
    SELECT la, child_id, poc_start AS period_start, dec, rec, ls, place, child_overlaps,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE is_ceasing AND dec BETWEEN $period_start AND $period_end
)
SELECT la, child_id, period_start, dec, rec,
       CASE WHEN child_overlaps THEN NULL ELSE TRUE END AS in_numerator,
       CASE WHEN child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason
FROM ended
WHERE pick = 1 AND rec IN ('E11', 'E12')
