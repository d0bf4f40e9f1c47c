-- adoption-a1-days (adoption scorecard A1, as adjusted by A10): the average number of days
-- between a child entering care and moving in with their adoptive family.
--
-- Children adopted in the 3 years ending $period_end: periods of care that ended with REC E11 or
-- E12 after ($period_end - 3 years) and on or before $period_end, wherever the period began.
-- A period of care is a run of episodes chained on REC X1 (each starting the day the previous
-- ended); a new one starts at RNE S or where the chain breaks. A placement starts at RNE S, P or
-- B (T and U keep the same carers, L changes the legal status only). Short breaks are left out.
-- Moved in = the start (DECOM) of the period's first placed-for-adoption episode (PLACE A3-A6);
-- when the child was adopted by their foster carers (AD1.FOSTER_CARE = 1), the start of the
-- placement with those carers, i.e. of the placement that episode belongs to. A child with no
-- placed-for-adoption episode is listed with no value and not averaged.
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
    SELECT *,
           sum(starts_period) OVER c AS period_no,
           sum(CASE WHEN starts_period = 1 OR rne IN ('P', 'B') THEN 1 ELSE 0 END) OVER c AS placement_no
    FROM chained
    WINDOW c AS (PARTITION BY la, child_id ORDER BY seq)
),
dated AS (
    SELECT *,
           min(decom) OVER (PARTITION BY la, child_id, period_no) AS period_start,
           min(decom) OVER (PARTITION BY la, child_id, placement_no) AS placement_start,
           seq = max(seq) OVER (PARTITION BY la, child_id, period_no) AS is_last
    FROM numbered
),
adopted AS (  -- periods of care that ended in adoption in the 3 years ending $period_end
    SELECT la, child_id, period_no, period_start, dec AS adoption_date, rec,
           -- the AD1 row is in the return of the year of the adoption (the 31 March on or after it)
           year(dec) + CASE WHEN month(dec) >= 4 THEN 1 ELSE 0 END AS adoption_year
    FROM dated
    WHERE is_last AND rec IN ('E11', 'E12')
      AND dec > CAST($period_end - INTERVAL 3 YEAR AS DATE) AND dec <= $period_end
),
ad1_row AS (
    SELECT la, child_id, collection_year, max(foster_care) AS foster_care, min(date_match) AS date_match
    FROM ad1
    GROUP BY ALL
),
first_adoptive AS (
    SELECT la, child_id, period_no, decom AS placed_for_adoption, placement_start, place,
           row_number() OVER (PARTITION BY la, child_id, period_no ORDER BY seq) AS pick
    FROM dated
    WHERE place IN ('A3', 'A4', 'A5', 'A6')
),
moved_in AS (
    SELECT a.la, a.child_id, a.period_start, a.adoption_date, a.rec, f.placed_for_adoption,
           d.foster_care,
           CASE WHEN d.foster_care = 1 THEN f.placement_start ELSE f.placed_for_adoption END AS moved_in
    FROM adopted a
    LEFT JOIN first_adoptive f
           ON f.la = a.la AND f.child_id = a.child_id AND f.period_no = a.period_no AND f.pick = 1
    LEFT JOIN ad1_row d
           ON d.la = a.la AND d.child_id = a.child_id AND d.collection_year = a.adoption_year
)
SELECT la, child_id, period_start, placed_for_adoption, foster_care, moved_in, adoption_date, rec,
       CAST(date_diff('day', period_start, moved_in) AS DOUBLE) AS value
FROM moved_in
