-- One row per start of a period of care (an episode with RNE = S, not a short
-- break: the store view cla_episode_no_short_breaks, store/views.sql) in the
-- period, with the first initial health assessment on or after the start and
-- before the child's next start of care. due_date: the $iha_wd-th working day after the start;
-- days_over: working days past it, to the assessment or, with none yet, to the period's end.
-- A child with no assessment yet whose due date falls after the period's end is not late: unknown
-- (listed with unknown_reason, in neither numerator nor denominator). One assessed in time after the
-- period's end counts as in time: the outcome is known.
WITH start_days AS (
    -- two episodes starting on the same day are one start of care
    SELECT DISTINCT la, child_id, decom
    FROM cla_episode_no_short_breaks
    WHERE rne = 'S'
),
starts AS (
    SELECT la, child_id, decom,
           lead(decom) OVER (PARTITION BY la, child_id ORDER BY decom) AS next_start
    FROM start_days
),
first_iha AS (
    SELECT s.la, s.child_id, s.decom, min(h.health_assessment_date) AS health_assessment_date
    FROM starts s
    JOIN health_assessment h
      ON h.la = s.la AND h.child_id = s.child_id AND h.assessment_type = 'initial'
     AND h.health_assessment_date >= s.decom
     AND (s.next_start IS NULL OR h.health_assessment_date < s.next_start)
    WHERE s.decom BETWEEN $period_start AND $period_end
    GROUP BY s.la, s.child_id, s.decom
)
SELECT s.la,
       s.child_id,
       s.decom,
       i.health_assessment_date,
       cb.wd_index - ca.wd_index AS working_days,
       CASE WHEN i.health_assessment_date IS NULL AND cd.date > $period_end THEN NULL  -- not due yet
            ELSE coalesce(cb.wd_index - ca.wd_index <= $iha_wd, FALSE) END AS in_numerator,
       cd.date AS due_date,
       greatest(coalesce(cb.wd_index, cp.wd_index) - cd.wd_index, 0) AS days_over,
       CASE WHEN i.health_assessment_date IS NULL AND cd.date > $period_end
            THEN 'not assessed yet and not due until after the period' END AS unknown_reason
FROM starts s
JOIN calendar ca ON ca.date = s.decom
JOIN calendar cd ON cd.wd_index = ca.wd_index + $iha_wd AND cd.is_working_day
JOIN calendar cp ON cp.date = $period_end
LEFT JOIN first_iha i ON i.la = s.la AND i.child_id = s.child_id AND i.decom = s.decom
LEFT JOIN calendar cb ON cb.date = i.health_assessment_date
WHERE s.decom BETWEEN $period_start AND $period_end
