-- One row per child looked after (not on short breaks, V3/V4) at the date of
-- the LA's latest Annex A extract dated in the period. due_date: 7 x $cla_visit_weeks days after the
-- last visit (after the start of care when no visit is recorded); days_over: days from it to the extract.
WITH latest AS (
    SELECT la, max(extract_date) AS extract_date
    FROM annex_a_cla
    WHERE extract_date BETWEEN $period_start AND $period_end
    GROUP BY la
),
looked_after AS (
    SELECT c.*,
           -- Each child once: a list can hold two rows for one child (the reader stores both and
           -- warns "duplicate-key"). The child's last visit is the latest on any of their rows
           -- (a visit dated after the extract, a recording error, only if there is no other).
           row_number() OVER (PARTITION BY c.la, c.child_id
                              ORDER BY CASE WHEN c.last_social_work_visit_date <= c.extract_date
                                            THEN c.last_social_work_visit_date END DESC NULLS LAST,
                                       c.last_social_work_visit_date DESC NULLS LAST, c.row_number) AS pick
    FROM annex_a_cla c
    JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
    WHERE (c.cla_start_date IS NULL OR c.cla_start_date <= c.extract_date)
      AND (c.cla_end_date IS NULL OR c.cla_end_date > c.extract_date)
      AND coalesce(c.legal_status, '') NOT IN ('V3', 'V4')
)
SELECT la,
       child_id,
       extract_date,
       cla_start_date,
       legal_status,
       last_social_work_visit_date,
       date_diff('day', last_social_work_visit_date, extract_date) AS days_since_visit,
       coalesce(last_social_work_visit_date <= extract_date
                AND date_diff('day', last_social_work_visit_date, extract_date) <= 7 * $cla_visit_weeks, FALSE) AS in_numerator,
       CAST(coalesce(last_social_work_visit_date, cla_start_date) + 7 * $cla_visit_weeks * INTERVAL 1 DAY AS DATE)
           AS due_date,
       greatest(date_diff('day', CAST(coalesce(last_social_work_visit_date, cla_start_date)
                                      + 7 * $cla_visit_weeks * INTERVAL 1 DAY AS DATE), extract_date), 0) AS days_over
FROM looked_after
WHERE pick = 1
