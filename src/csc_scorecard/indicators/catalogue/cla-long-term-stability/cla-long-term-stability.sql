-- cla-long-term-stability: of the children looked after at the end of the period, under 16 then,
-- whose current period of care started at least 2.5 years (30 months) before, those whose current
-- placement started at least 2 years before.
--
-- A period of care is a run of episodes chained on REC X1 (each starting the day the previous
-- ended); a new one starts at RNE S or where the chain breaks. A placement starts at RNE S, P or B
-- (T and U keep the same carers, L changes the legal status only). Age comes from the SSDA903
-- header (child.dob); a child with no date of birth cannot be placed in the cohort and is left
-- out. Short breaks (LS V3/V4) are left out.
WITH episodes AS (
    SELECT la, child_id, decom, dec, rne, ls, place, rec,
           row_number() OVER (PARTITION BY la, child_id
                              ORDER BY decom, dec NULLS LAST, rne, ls, place) AS seq
    FROM cla_episode
    WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')
),
flagged AS (
    SELECT *,
           CASE WHEN rne = 'S'
                  OR lag(dec) OVER w IS DISTINCT FROM decom
                  OR lag(rec) OVER w IS DISTINCT FROM 'X1'
                THEN 1 ELSE 0 END AS starts_period
    FROM episodes
    WINDOW w AS (PARTITION BY la, child_id ORDER BY seq)
),
numbered AS (
    SELECT *,
           sum(starts_period) OVER c AS period_no,
           sum(CASE WHEN starts_period = 1 OR rne IN ('P', 'B') THEN 1 ELSE 0 END) OVER c AS placement_no
    FROM flagged
    WINDOW c AS (PARTITION BY la, child_id ORDER BY seq)
),
dated AS (
    SELECT *,
           min(decom) OVER (PARTITION BY la, child_id, period_no) AS period_start,
           min(decom) OVER (PARTITION BY la, child_id, placement_no) AS placement_start
    FROM numbered
),
current_episode AS (  -- the episode open at the end of the period (the latest, if two overlap)
    SELECT *,
           row_number() OVER (PARTITION BY la, child_id ORDER BY seq DESC) AS pick
    FROM dated
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
header AS (
    SELECT la, child_id, min(dob) AS dob
    FROM child
    WHERE source_return = 'ssda903' AND dob IS NOT NULL
    GROUP BY ALL
)
SELECT e.la, e.child_id, h.dob, e.period_start, e.placement_start, e.place,
       e.placement_start <= CAST($period_end - INTERVAL 2 YEAR AS DATE) AS in_numerator
FROM current_episode e
JOIN header h USING (la, child_id)
WHERE e.pick = 1
  -- under 16 at the end of the period, looked after for 30 months or more
  AND CAST(h.dob + INTERVAL 16 YEAR AS DATE) > $period_end
  AND e.period_start <= CAST($period_end - INTERVAL 30 MONTH AS DATE)
