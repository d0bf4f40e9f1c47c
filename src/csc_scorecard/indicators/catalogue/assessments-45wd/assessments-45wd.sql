-- One row per assessment authorised in the period, with its working days
-- wd(start, authorisation): working days x with start < x <= authorisation; due_date is the 45th
-- working day after the start, days_over the working days past it (0 when in time).
SELECT a.la,
       a.child_id,
       a.referral_date,
       a.assessment_actual_start_date,
       a.assessment_authorisation_date,
       cb.wd_index - ca.wd_index AS working_days,
       cb.wd_index - ca.wd_index <= 45 AS in_numerator,
       cd.date AS due_date,
       greatest(cb.wd_index - ca.wd_index - 45, 0) AS days_over
FROM assessment a
JOIN calendar ca ON ca.date = a.assessment_actual_start_date
JOIN calendar cb ON cb.date = a.assessment_authorisation_date
JOIN calendar cd ON cd.wd_index = ca.wd_index + 45 AND cd.is_working_day
WHERE a.assessment_authorisation_date BETWEEN $period_start AND $period_end
  AND a.assessment_authorisation_date >= a.assessment_actual_start_date
