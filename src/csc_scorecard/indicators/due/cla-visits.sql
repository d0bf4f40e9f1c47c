-- Children looked after (not on short breaks) in the latest Annex A extract (List 8) dated on or
-- before the date asked about: the next social work visit due 7 x $cla_visit_weeks days after the
-- last one (after the start of care when none is recorded). Each child once, with their latest visit.
WITH looked_after AS (
    SELECT c.la, c.child_id, c.cla_start_date, c.legal_status, c.last_social_work_visit_date, x.as_at,
           row_number() OVER (PARTITION BY c.la, c.child_id
                              ORDER BY c.last_social_work_visit_date DESC NULLS LAST, c.row_number) AS pick
    FROM annex_a_cla c
    JOIN _as_at x ON x.la = c.la AND x.as_at = c.extract_date
    WHERE (c.cla_start_date IS NULL OR c.cla_start_date <= c.extract_date)
      AND (c.cla_end_date IS NULL OR c.cla_end_date > c.extract_date)
      AND coalesce(c.legal_status, '') NOT IN ('V3', 'V4')
)
SELECT la, child_id, cla_start_date, legal_status, last_social_work_visit_date,
       as_at AS data_as_at,
       CAST(coalesce(last_social_work_visit_date, cla_start_date) + 7 * $cla_visit_weeks * INTERVAL 1 DAY AS DATE)
           AS due_date
FROM looked_after
WHERE pick = 1
