-- cla-convictions: of the OC2 cohort aged 10 to 17 at 31 March (the collection year ending at
-- $period_end), those convicted or given a youth caution or youth conditional caution during the
-- year (OC2.CONVICTED = 1).
--
-- Age is in completed years on 31 March, from OC2.DOB (or the SSDA903 header when OC2 has none);
-- a child with no date of birth cannot be placed in the age band and is left out. Whole
-- financial years only.
WITH cohort AS (
    SELECT o.la, o.child_id, coalesce(o.dob, h.dob) AS dob, o.convicted,
           row_number() OVER (PARTITION BY o.la, o.child_id ORDER BY o.convicted DESC NULLS LAST) AS pick
    FROM oc2 o
    LEFT JOIN ssda903_child_dob h  -- the header's date of birth (store view, store/views.sql)
           ON h.la = o.la AND h.child_id = o.child_id
    WHERE o.collection_year = EXTRACT(YEAR FROM $period_end)
      AND EXTRACT(MONTH FROM $period_end) = 3 AND EXTRACT(DAY FROM $period_end) = 31
      AND $period_start = CAST($period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY AS DATE)
)
SELECT la, child_id, dob, convicted, coalesce(convicted = 1, FALSE) AS in_numerator
FROM cohort
WHERE pick = 1
  AND CAST(dob + INTERVAL 10 YEAR AS DATE) <= $period_end
  AND CAST(dob + INTERVAL 18 YEAR AS DATE) > $period_end
