-- care-leavers-in-touch-19-21: care leavers aged 19-21 the council was in touch with
-- (OC3.IN_TOUCH = YES). Every other answer (NO, REFU, NREQ, RHOM, DIED) or a blank stays in the
-- cohort and is not in touch.
--
-- Cohort: the SSDA903 OC3 rows of the collection year ending at $period_end (young people whose
-- 17th to 21st birthday fell in that year) whose age on their birthday in the year is 19 to 21.
-- The year runs 1 April - 31 March, so that age is their age in completed years on 31 March.
-- Age comes from OC3.DOB (or the SSDA903 header when OC3 has none); without a date of birth a
-- young person cannot be placed in an age band and is left out. Whole financial years only.
-- The store view oc3_care_leaver (store/views.sql) gives one row per young person and year, with
-- the codes trimmed and upper case.
WITH cohort AS (
    SELECT la, child_id, dob, in_touch, activ, accom
    FROM oc3_care_leaver
    WHERE collection_year = EXTRACT(YEAR FROM $period_end)
      AND EXTRACT(MONTH FROM $period_end) = 3 AND EXTRACT(DAY FROM $period_end) = 31
      AND $period_start = CAST($period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY AS DATE)
      AND CAST(dob + INTERVAL 19 YEAR AS DATE) <= $period_end
      AND CAST(dob + INTERVAL 22 YEAR AS DATE) > $period_end
)
SELECT la, child_id, dob, in_touch, activ, accom,
       coalesce(in_touch = 'YES', FALSE) AS in_numerator
FROM cohort
