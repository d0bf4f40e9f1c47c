-- One row per child looked after (not on short breaks, V3/V4) at the date of
-- the LA's latest Annex A extract dated in the period.
WITH latest AS (
    SELECT la, max(extract_date) AS extract_date
    FROM annex_a_cla
    WHERE extract_date BETWEEN $period_start AND $period_end
    GROUP BY la
)
SELECT c.la,
       c.child_id,
       c.extract_date,
       c.cla_start_date,
       c.legal_status,
       c.last_social_work_visit_date,
       c.extract_date - c.last_social_work_visit_date AS days_since_visit,
       coalesce(c.last_social_work_visit_date <= c.extract_date
                AND c.extract_date - c.last_social_work_visit_date <= 7 * $cla_visit_weeks, FALSE) AS in_numerator
FROM annex_a_cla c
JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
WHERE (c.cla_start_date IS NULL OR c.cla_start_date <= c.extract_date)
  AND (c.cla_end_date IS NULL OR c.cla_end_date > c.extract_date)
  AND coalesce(c.legal_status, '') NOT IN ('V3', 'V4')
