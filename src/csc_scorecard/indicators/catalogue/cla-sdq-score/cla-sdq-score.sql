-- cla-sdq-score: the average Strengths and Difficulties Questionnaire score (0-40, lower is
-- better) of the OC2 cohort aged 5 to 16 at 31 March (the collection year ending at $period_end).
--
-- One row per child aged 5-16; value = SDQ_SCORE when it is a valid score 0-40, otherwise null:
-- a child without a score is listed (unknown_reason gives SDQ_REASON) but not averaged. Age is in completed
-- years on 31 March, from OC2.DOB (or the SSDA903 header when OC2 has none); a child with no date
-- of birth cannot be placed in the age band and is left out. Whole financial years only.
WITH cohort AS (
    SELECT o.la, o.child_id, coalesce(o.dob, h.dob) AS dob, o.sdq_score, o.sdq_reason,
           row_number() OVER (PARTITION BY o.la, o.child_id ORDER BY o.sdq_score NULLS LAST) AS pick
    FROM oc2 o
    LEFT JOIN ssda903_child_dob h  -- the header's date of birth (store view, store/views.sql)
           ON h.la = o.la AND h.child_id = o.child_id
    WHERE o.collection_year = EXTRACT(YEAR FROM $period_end)
      AND EXTRACT(MONTH FROM $period_end) = 3 AND EXTRACT(DAY FROM $period_end) = 31
      AND $period_start = CAST($period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY AS DATE)
)
SELECT la, child_id, dob, sdq_score, sdq_reason,
       CAST(CASE WHEN sdq_score BETWEEN 0 AND 40 THEN sdq_score END AS DOUBLE) AS value,
       CASE WHEN sdq_score BETWEEN 0 AND 40 THEN NULL
            WHEN sdq_score IS NOT NULL THEN 'SDQ score outside 0-40'
            WHEN sdq_reason IS NOT NULL THEN 'no SDQ score: ' || sdq_reason
            ELSE 'no SDQ score and no SDQ_REASON'
       END AS unknown_reason
FROM cohort
WHERE pick = 1
  AND CAST(dob + INTERVAL 5 YEAR AS DATE) <= $period_end
  AND CAST(dob + INTERVAL 17 YEAR AS DATE) > $period_end
