-- Section 47 enquiries with no initial child protection conference held by the as-at date and none
-- recorded as not required (CIN census): each conference due on the 15th working day after the
-- strategy discussion. The referral must still be open.
SELECT s.la, s.child_id, s.referral_date, s.s47_actual_start_date,
       x.as_at AS data_as_at,
       cd.date AS due_date
FROM section47 s
JOIN _as_at x ON x.la = s.la
JOIN calendar cs ON cs.date = s.s47_actual_start_date
JOIN calendar cd ON cd.wd_index = cs.wd_index + 15 AND cd.is_working_day
LEFT JOIN cin_episode e ON e.la = s.la AND e.child_id = s.child_id AND e.referral_date = s.referral_date
WHERE s.s47_actual_start_date <= x.as_at
  AND (s.date_of_initial_cpc IS NULL OR s.date_of_initial_cpc > x.as_at)
  AND NOT coalesce(s.icpc_not_required, FALSE)
  AND (e.cin_closure_date IS NULL OR e.cin_closure_date > x.as_at)
