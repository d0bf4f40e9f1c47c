-- cla-dental-checks: of the OC2 cohort (children looked after continuously for 12 months or more at
-- 31 March, one SSDA903 OC2 row each, in the collection year ending at $period_end), those who
-- had their teeth checked by a dentist (OC2.TEETH_CHECK = 1; 0 or blank counts as not).
-- OC2 describes a whole collection year: the query returns nothing unless the period is exactly
-- 1 April - 31 March (the engine also says so for other periods, from `periods: financial-year`).
WITH cohort AS (
    SELECT la, child_id, dob, teeth_check,
           -- a child given twice in one year's OC2 is counted once
           row_number() OVER (PARTITION BY la, child_id ORDER BY teeth_check DESC NULLS LAST) AS pick
    FROM oc2
    WHERE collection_year = EXTRACT(YEAR FROM $period_end)
      AND EXTRACT(MONTH FROM $period_end) = 3 AND EXTRACT(DAY FROM $period_end) = 31
      AND $period_start = CAST($period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY AS DATE)
)
SELECT la, child_id, dob, teeth_check, coalesce(teeth_check = 1, FALSE) AS in_numerator
FROM cohort
WHERE pick = 1
