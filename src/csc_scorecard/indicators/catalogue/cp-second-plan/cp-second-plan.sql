-- One row per child protection plan starting in the period.
SELECT la,
       child_id,
       referral_date,
       cpp_start_date,
       number_of_previous_cpp,
       coalesce(number_of_previous_cpp > 0, FALSE) AS in_numerator
FROM cp_plan
WHERE cpp_start_date BETWEEN $period_start AND $period_end
