-- One row per referral received in the period. The child's previous referral
-- to the same LA (strictly before this one's date: a second referral dated the
-- same day is not "earlier") decides: if even the most recent earlier referral
-- is more than 12 months before, none is within 12.
WITH r AS (
    SELECT la, child_id, referral_date,
           max(referral_date) OVER (PARTITION BY la, child_id ORDER BY referral_date
                                    RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING)
               AS previous_referral_date
    FROM cin_episode
    WHERE referral_date IS NOT NULL
)
SELECT la,
       child_id,
       referral_date,
       previous_referral_date,
       coalesce(previous_referral_date >= CAST(referral_date - INTERVAL 12 MONTH AS DATE), FALSE) AS in_numerator
FROM r
WHERE referral_date BETWEEN $period_start AND $period_end
