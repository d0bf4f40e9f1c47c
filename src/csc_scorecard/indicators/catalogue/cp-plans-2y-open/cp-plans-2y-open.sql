-- One row per child protection plan open at the end of the period
-- (start <= end of period and (no end or end > end of period)).
SELECT la,
       child_id,
       referral_date,
       cpp_start_date,
       date_diff('day', cpp_start_date, $period_end) AS days_on_plan,
       $period_end >= CAST(cpp_start_date + INTERVAL 2 YEAR AS DATE) AS in_numerator
FROM cp_plan
WHERE cpp_start_date <= $period_end
  AND (cpp_end_date IS NULL OR cpp_end_date > $period_end)
