-- adoptions-of-ceased: of the children whose period of care ended in the period (each child
-- once, at the last ending), those who left care because they were adopted (REC E11 or E12).
--
-- The cohort is cla-ceased's: ceasings (store view cla_episode_care, is_ceasing: DEC and REC set,
-- REC not X1; short breaks left out), the last of each child in the period. Its numerator is the
-- `adoptions` count exactly. A child whose episodes overlap (DfE rule 501) is unknown.
WITH ended AS (  -- the last ceasing of each child in the period
    SELECT la, child_id, poc_start AS period_start, dec, rec, ls, place, child_overlaps,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE is_ceasing AND dec BETWEEN $period_start AND $period_end
)
SELECT la, child_id, period_start, dec, rec,
       CASE WHEN child_overlaps THEN NULL ELSE rec IN ('E11', 'E12') END AS in_numerator,
       CASE WHEN child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason
FROM ended
WHERE pick = 1
