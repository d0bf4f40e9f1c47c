-- care-leavers-accommodation-19-21: care leavers aged 19-21 in accommodation judged suitable:
-- OC3.ACCOM is a letter (the type) and a digit, 1 = suitable, 2 = not suitable. Young people who
-- have gone abroad (G), been deported (H) or whose residence is not known (R) leave the cohort;
-- those not in touch (ACCOM blank) stay in it.
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
      AND coalesce(substr(accom, 1, 1), '') NOT IN ('G', 'H', 'R')
)
SELECT la, child_id, dob, in_touch, activ, accom,
       coalesce(length(accom) = 2 AND substr(accom, 2, 1) = '1' AND substr(accom, 1, 1) BETWEEN 'A' AND 'Z', FALSE) AS in_numerator
FROM cohort
