-- Assessments started and not authorised at the data's as-at date (CIN census): each due on the
-- 45th working day after its start. The referral must still be open.
SELECT a.la, a.child_id, a.referral_date, a.assessment_actual_start_date,
       x.as_at AS data_as_at,
       cd.date AS due_date
FROM assessment a
JOIN _as_at x ON x.la = a.la
JOIN calendar cs ON cs.date = a.assessment_actual_start_date
JOIN calendar cd ON cd.wd_index = cs.wd_index + 45 AND cd.is_working_day
LEFT JOIN cin_episode e ON e.la = a.la AND e.child_id = a.child_id AND e.referral_date = a.referral_date
WHERE a.assessment_actual_start_date <= x.as_at
  AND (a.assessment_authorisation_date IS NULL OR a.assessment_authorisation_date > x.as_at)
  AND (e.cin_closure_date IS NULL OR e.cin_closure_date > x.as_at)
