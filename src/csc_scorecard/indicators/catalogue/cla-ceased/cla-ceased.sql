-- cla-ceased: children whose period of care ended in the period (each child once, the last ending).
--
-- A period of care is a run of a child's episodes where each starts on the day the previous one
-- ended with REC = X1; a new one starts at RNE = S (or wherever the chain breaks). It ends at the
-- DEC of its last episode. Short breaks (LS V3/V4) are left out before chaining.
WITH episodes AS (
    SELECT la, child_id, decom, dec, rne, ls, place, rec,
           row_number() OVER (PARTITION BY la, child_id
                              ORDER BY decom, dec NULLS LAST, rne, ls, place) AS seq
    FROM cla_episode
    WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')
),
chained AS (
    SELECT *,
           CASE WHEN rne = 'S'
                  OR lag(dec) OVER w IS DISTINCT FROM decom
                  OR lag(rec) OVER w IS DISTINCT FROM 'X1'
                THEN 1 ELSE 0 END AS starts_period
    FROM episodes
    WINDOW w AS (PARTITION BY la, child_id ORDER BY seq)
),
numbered AS (
    SELECT *, sum(starts_period) OVER (PARTITION BY la, child_id ORDER BY seq) AS period_no
    FROM chained
),
periods AS (
    SELECT *,
           min(decom) OVER p AS period_start,
           seq = max(seq) OVER p AS is_last
    FROM numbered
    WINDOW p AS (PARTITION BY la, child_id, period_no)
),
ended AS (  -- the last episode of each period of care that ended in the period
    SELECT la, child_id, period_start, dec, rec, ls, place,
           row_number() OVER (PARTITION BY la, child_id ORDER BY dec DESC, seq DESC) AS pick
    FROM periods
    WHERE is_last AND dec BETWEEN $period_start AND $period_end
)
SELECT la, child_id, period_start, dec, rec, ls, place, TRUE AS in_numerator
FROM ended
WHERE pick = 1
