-- adoptions: children adopted in the period: their period of care ended in the period with
-- REC E11 (adopted, application unopposed) or E12 (adopted, consent dispensed with by the court).
-- Each child once.
--
-- Periods of care, short breaks left out, come from the store view cla_episode_care (store/views.sql):
-- a period of care ends at the DEC and REC of its last episode.
WITH ended AS (  -- periods of care that ended in adoption in the period; each child once (the last)
    SELECT la, child_id, poc_start AS period_start, dec, rec, ls, place,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE is_last_of_poc AND dec BETWEEN $period_start AND $period_end AND rec IN ('E11', 'E12')
)
SELECT la, child_id, period_start, dec, rec, TRUE AS in_numerator
FROM ended
WHERE pick = 1
