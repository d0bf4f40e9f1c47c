-- Children on a child protection plan in the latest Annex A extract (List 7) dated on or before the
-- date asked about: the next statutory visit due $cp_visit_wd working days after the last one (after
-- the plan's start when none is recorded). Each child once, with their latest visit.
WITH on_plan AS (
    SELECT c.la, c.child_id, c.cpp_start_date, c.last_statutory_visit_date, x.as_at,
           row_number() OVER (PARTITION BY c.la, c.child_id
                              ORDER BY c.last_statutory_visit_date DESC NULLS LAST, c.row_number) AS pick
    FROM annex_a_cp c
    JOIN _as_at x ON x.la = c.la AND x.as_at = c.extract_date
    WHERE (c.cpp_start_date IS NULL OR c.cpp_start_date <= c.extract_date)
      AND (c.cpp_end_date IS NULL OR c.cpp_end_date > c.extract_date)
)
SELECT p.la, p.child_id, p.cpp_start_date, p.last_statutory_visit_date,
       p.as_at AS data_as_at,
       cd.date AS due_date
FROM on_plan p
LEFT JOIN calendar cv ON cv.date = coalesce(p.last_statutory_visit_date, p.cpp_start_date)
LEFT JOIN calendar cd ON cd.wd_index = cv.wd_index + $cp_visit_wd AND cd.is_working_day
WHERE p.pick = 1
