-- One row per child protection plan open at the end of the period
-- (open at day d: start <= d and (end is null or end > d)).
SELECT la,
       child_id,
       referral_date,
       cpp_start_date,
       cpp_end_date,
       TRUE AS in_numerator
FROM cp_plan
WHERE cpp_start_date <= $period_end
  AND (cpp_end_date IS NULL OR cpp_end_date > $period_end)
