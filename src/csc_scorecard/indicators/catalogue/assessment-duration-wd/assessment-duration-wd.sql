-- One row per assessment authorised in the period; value = working days
-- wd(start, authorisation), the days x with start < x <= authorisation.
SELECT a.la,
       a.child_id,
       a.referral_date,
       a.assessment_actual_start_date,
       a.assessment_authorisation_date,
       cb.wd_index - ca.wd_index AS working_days,
       CAST(cb.wd_index - ca.wd_index AS DOUBLE) AS value
FROM assessment a
JOIN calendar ca ON ca.date = a.assessment_actual_start_date
JOIN calendar cb ON cb.date = a.assessment_authorisation_date
WHERE a.assessment_authorisation_date BETWEEN $period_start AND $period_end
  AND a.assessment_authorisation_date >= a.assessment_actual_start_date
