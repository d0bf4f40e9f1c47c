-- One row per referral (CIN episode) received in the period.
SELECT r.la,
       r.child_id,
       r.referral_date,
       r.referral_source,
       TRUE AS in_numerator
FROM cin_episode r
WHERE r.referral_date BETWEEN $period_start AND $period_end
