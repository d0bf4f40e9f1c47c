-- One row per child protection plan starting in the period.
SELECT la,
       child_id,
       referral_date,
       cpp_start_date,
       cpp_end_date,
       initial_category_of_abuse,
       TRUE AS in_numerator
FROM cp_plan
WHERE cpp_start_date BETWEEN $period_start AND $period_end
