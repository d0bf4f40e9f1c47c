-- One row per Section 47 enquiry whose strategy discussion (start) is in the period.
SELECT la,
       child_id,
       referral_date,
       s47_actual_start_date,
       date_of_initial_cpc,
       TRUE AS in_numerator
FROM section47
WHERE s47_actual_start_date BETWEEN $period_start AND $period_end
