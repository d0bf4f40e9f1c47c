-- One row per child protection plan ending in the period.
SELECT la,
       child_id,
       referral_date,
       cpp_start_date,
       cpp_end_date,
       date_diff('day', cpp_start_date, cpp_end_date) AS days_on_plan,
       cpp_end_date >= CAST(cpp_start_date + INTERVAL 2 YEAR AS DATE) AS in_numerator
FROM cp_plan
WHERE cpp_end_date BETWEEN $period_start AND $period_end
  AND cpp_start_date IS NOT NULL
