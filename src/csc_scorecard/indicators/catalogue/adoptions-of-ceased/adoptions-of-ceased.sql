-- adoptions-of-ceased: of the children whose period of care ended in the period (each child
-- once, at the last ending), those who left care because they were adopted (REC E11 or E12).
--
-- Periods of care, short breaks left out, come from the store view cla_episode_care (store/views.sql):
-- a period of care ends at the DEC and REC of its last episode.
WITH ended AS (  -- the last episode of each period of care that ended in the period; each child once
    SELECT la, child_id, poc_start AS period_start, dec, rec, ls, place,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE is_last_of_poc AND dec BETWEEN $period_start AND $period_end
)
SELECT la, child_id, period_start, dec, rec, rec IN ('E11', 'E12') AS in_numerator
FROM ended
WHERE pick = 1
