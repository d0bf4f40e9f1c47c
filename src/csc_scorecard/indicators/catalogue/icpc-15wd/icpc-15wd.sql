-- One row per Section 47 enquiry whose initial CP conference is in the period,
-- with wd(strategy discussion, conference): working days x with start < x <= ICPC; due_date is the
-- 15th working day after the strategy discussion, days_over the working days past it.
SELECT s.la,
       s.child_id,
       s.referral_date,
       s.s47_actual_start_date,
       s.date_of_initial_cpc,
       cb.wd_index - ca.wd_index AS working_days,
       cb.wd_index - ca.wd_index <= 15 AS in_numerator,
       cd.date AS due_date,
       greatest(cb.wd_index - ca.wd_index - 15, 0) AS days_over
FROM section47 s
JOIN calendar ca ON ca.date = s.s47_actual_start_date
JOIN calendar cb ON cb.date = s.date_of_initial_cpc
JOIN calendar cd ON cd.wd_index = ca.wd_index + 15 AND cd.is_working_day
WHERE s.date_of_initial_cpc BETWEEN $period_start AND $period_end
  AND s.date_of_initial_cpc >= s.s47_actual_start_date
