-- cla-long-term-stability: of the children looked after at the end of the period, under 16 then,
-- whose current period of care started at least 2.5 years (30 months) before, those whose current
-- placement started at least 2 years before.
--
-- Periods of care and placements come from the store view cla_episode_care (store/views.sql): a
-- period of care is a run of episodes chained on REC X1 (each starting the day the previous ended),
-- a new one starting at RNE S or where the chain breaks; a placement starts at RNE S, P or B (T and
-- U keep the same carers, L changes the legal status only). Short breaks (LS V3/V4) are left out.
-- Age comes from the SSDA903 header (the view ssda903_child_dob); a child with no date of birth
-- cannot be placed in the cohort and is left out.
WITH current_episode AS (  -- the episode open at the end of the period (the latest, if two overlap)
    SELECT la, child_id, place, poc_start, placement_start,
           row_number() OVER (PARTITION BY la, child_id ORDER BY episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
)
SELECT e.la, e.child_id, h.dob, e.poc_start AS period_start, e.placement_start, e.place,
       e.placement_start <= CAST($period_end - INTERVAL 2 YEAR AS DATE) AS in_numerator
FROM current_episode e
JOIN ssda903_child_dob h USING (la, child_id)
WHERE e.pick = 1
  -- under 16 at the end of the period, looked after for 30 months or more
  AND CAST(h.dob + INTERVAL 16 YEAR AS DATE) > $period_end
  AND e.poc_start <= CAST($period_end - INTERVAL 30 MONTH AS DATE)
