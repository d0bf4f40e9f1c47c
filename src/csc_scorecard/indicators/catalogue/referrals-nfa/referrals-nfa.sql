-- One row per referral received in the period; NFA when the return says so
-- (a missing flag is not NFA).
SELECT la,
       child_id,
       referral_date,
       referral_nfa,
       cin_closure_date,
       coalesce(referral_nfa, FALSE) AS in_numerator
FROM cin_episode
WHERE referral_date BETWEEN $period_start AND $period_end
