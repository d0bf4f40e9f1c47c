-- One row per child on a child protection plan at the date of the LA's latest
-- Annex A extract dated in the period; working days since the last statutory
-- visit = wd(visit, extract date). due_date: $cp_visit_wd working days after the last visit (after
-- the plan's start when no visit is recorded); days_over: working days from it to the extract date.
WITH latest AS (
    SELECT la, max(extract_date) AS extract_date
    FROM annex_a_cp
    WHERE extract_date BETWEEN $period_start AND $period_end
    GROUP BY la
),
on_plan AS (
    SELECT c.*,
           -- Each child once: a list can hold two rows for one child (the reader stores both and
           -- warns "duplicate-key"). The child's last visit is the latest on any of their rows
           -- (a visit dated after the extract, a recording error, only if there is no other).
           row_number() OVER (PARTITION BY c.la, c.child_id
                              ORDER BY CASE WHEN c.last_statutory_visit_date <= c.extract_date
                                            THEN c.last_statutory_visit_date END DESC NULLS LAST,
                                       c.last_statutory_visit_date DESC NULLS LAST, c.row_number) AS pick
    FROM annex_a_cp c
    JOIN latest l ON l.la = c.la AND l.extract_date = c.extract_date
    WHERE (c.cpp_start_date IS NULL OR c.cpp_start_date <= c.extract_date)
      AND (c.cpp_end_date IS NULL OR c.cpp_end_date > c.extract_date)
)
SELECT c.la,
       c.child_id,
       c.extract_date,
       c.cpp_start_date,
       c.last_statutory_visit_date,
       ce.wd_index - cv.wd_index AS working_days_since_visit,
       coalesce(c.last_statutory_visit_date <= c.extract_date
                AND ce.wd_index - cv.wd_index <= $cp_visit_wd, FALSE) AS in_numerator,
       cd.date AS due_date,
       greatest(ce.wd_index - cd.wd_index, 0) AS days_over
FROM on_plan c
JOIN calendar ce ON ce.date = c.extract_date
LEFT JOIN calendar cv ON cv.date = c.last_statutory_visit_date
LEFT JOIN calendar cs ON cs.date = c.cpp_start_date
LEFT JOIN calendar cd ON cd.wd_index = coalesce(cv.wd_index, cs.wd_index) + $cp_visit_wd AND cd.is_working_day
WHERE c.pick = 1
