-- cla-missing: of the children looked after at any time in the period, those with a missing
-- incident (Missing.MISSING = M, not A "away without authorisation") overlapping the period,
-- including one still open when the period began.
--
-- Looked after on some day d of the period: an episode with DECOM <= d and (DEC null or DEC > d),
-- i.e. DECOM <= end and DEC after both the period's start and its own DECOM (an episode that
-- lasts no time is never open). An incident overlaps the period when it starts on or before its
-- end and has not ended before its start. Short breaks (LS V3/V4) are left out (the store view
-- cla_episode_no_short_breaks, store/views.sql).
WITH looked_after AS (
    SELECT DISTINCT la, child_id
    FROM cla_episode_no_short_breaks
    WHERE decom <= $period_end
      AND (dec IS NULL OR (dec > $period_start AND dec > decom))
),
missing_in_period AS (
    SELECT la, child_id, min(mis_start) AS first_missing_start, count(*) AS missing_incidents
    FROM missing
    WHERE upper(trim(missing)) = 'M'
      AND mis_start <= $period_end
      AND (mis_end IS NULL OR mis_end >= $period_start)
    GROUP BY la, child_id
)
SELECT c.la, c.child_id, m.first_missing_start,
       coalesce(m.missing_incidents, 0) AS missing_incidents,
       m.child_id IS NOT NULL AS in_numerator
FROM looked_after c
LEFT JOIN missing_in_period m USING (la, child_id)
