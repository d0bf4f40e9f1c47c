-- One row per assessment authorised in the period, with its working days
-- wd(start, authorisation): working days x with start < x <= authorisation.
SELECT a.la,
       a.child_id,
       a.referral_date,
       a.assessment_actual_start_date,
       a.assessment_authorisation_date,
       cb.wd_index - ca.wd_index AS working_days,
       cb.wd_index - ca.wd_index <= 45 AS in_numerator
FROM assessment a
JOIN calendar ca ON ca.date = a.assessment_actual_start_date
JOIN calendar cb ON cb.date = a.assessment_authorisation_date
WHERE a.assessment_authorisation_date BETWEEN $period_start AND $period_end
  AND a.assessment_authorisation_date >= a.assessment_actual_start_date
