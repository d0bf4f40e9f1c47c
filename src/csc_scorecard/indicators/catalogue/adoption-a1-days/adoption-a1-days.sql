-- adoption-a1-days (adoption scorecard A1, as adjusted by A10): the average number of days
-- between a child entering care and moving in with their adoptive family.
--
-- Children adopted in the 3 years ending $period_end: periods of care that ended with REC E11 or
-- E12 after ($period_end - 3 years) and on or before $period_end, wherever the period began.
-- Periods of care and placements come from the store view cla_episode_care (store/views.sql): a
-- period of care is a run of episodes chained on REC X1 (each starting the day the previous ended),
-- a new one starting at RNE S or where the chain breaks; a placement starts at RNE S, P or B (T and
-- U keep the same carers, L changes the legal status only). Short breaks are left out.
-- Moved in = the start (DECOM) of the period's first placed-for-adoption episode (PLACE A3-A6);
-- when the child was adopted by their foster carers (AD1.FOSTER_CARE = 1), the start of the
-- placement with those carers, i.e. of the placement that episode belongs to. A child with no
-- placed-for-adoption episode is listed with no value and not averaged.
WITH adopted AS (  -- adoptions (store view cla_adoption, with the AD1 row) in the 3 years ending $period_end
    SELECT la, child_id, poc_no, poc_start AS period_start, adoption_date, rec, foster_care, date_match
    FROM cla_adoption
    WHERE adoption_date > CAST($period_end - INTERVAL 3 YEAR AS DATE) AND adoption_date <= $period_end
),
first_adoptive AS (
    SELECT la, child_id, poc_no, decom AS placed_for_adoption, placement_start, place,
           row_number() OVER (PARTITION BY la, child_id, poc_no ORDER BY episode_no) AS pick
    FROM cla_episode_care
    WHERE place IN ('A3', 'A4', 'A5', 'A6')
),
moved_in AS (
    SELECT a.la, a.child_id, a.period_start, a.adoption_date, a.rec, f.placed_for_adoption,
           a.foster_care,
           CASE WHEN a.foster_care = 1 THEN f.placement_start ELSE f.placed_for_adoption END AS moved_in
    FROM adopted a
    LEFT JOIN first_adoptive f
           ON f.la = a.la AND f.child_id = a.child_id AND f.poc_no = a.poc_no AND f.pick = 1
)
SELECT la, child_id, period_start, placed_for_adoption, foster_care, moved_in, adoption_date, rec,
       CAST(date_diff('day', period_start, moved_in) AS DOUBLE) AS value
FROM moved_in
