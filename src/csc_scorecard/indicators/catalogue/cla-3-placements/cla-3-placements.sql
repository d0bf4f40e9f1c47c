-- cla-3-placements: children looked after at the end of the period who had 3 or more placements
-- during it.
--
-- A placement starts at an episode with RNE S, P or B (or wherever a period of care starts); T and U
-- change the placement type with the same carers and L changes the legal status only, so they
-- continue the placement. A placement runs from its first episode's DECOM to its last episode's DEC.
-- Placements in the period = the placement the child was in at the start of the period (begun
-- before it and still open on its first day) + every placement that began in the period. Counting
-- whole placements rather than episodes means a legal-status change on the period's first day
-- does not lose the placement the child was already in. Short breaks (LS V3/V4) are left out.
WITH episodes AS (
    SELECT la, child_id, decom, dec, rne, ls, place, rec,
           row_number() OVER (PARTITION BY la, child_id
                              ORDER BY decom, dec NULLS LAST, rne, ls, place) AS seq
    FROM cla_episode
    WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')
),
flagged AS (
    SELECT *,
           CASE WHEN rne IN ('S', 'P', 'B')
                  OR lag(dec) OVER w IS DISTINCT FROM decom      -- the chain breaks:
                  OR lag(rec) OVER w IS DISTINCT FROM 'X1'       -- a new period of care
                THEN 1 ELSE 0 END AS starts_placement
    FROM episodes
    WINDOW w AS (PARTITION BY la, child_id ORDER BY seq)
),
numbered AS (
    SELECT *, sum(starts_placement) OVER (PARTITION BY la, child_id ORDER BY seq) AS placement_no
    FROM flagged
),
placements AS (
    SELECT la, child_id, placement_no,
           min(decom) AS placement_start,
           max(CASE WHEN is_last THEN dec END) AS placement_end,    -- null while still open
           bool_or(is_last AND dec IS NULL) AS still_open
    FROM (SELECT *, seq = max(seq) OVER (PARTITION BY la, child_id, placement_no) AS is_last FROM numbered)
    GROUP BY ALL
),
in_period AS (
    SELECT la, child_id, count(*) AS placements
    FROM placements
    WHERE placement_start BETWEEN $period_start AND $period_end
       OR (placement_start < $period_start AND (still_open OR placement_end > $period_start))
    GROUP BY ALL
),
looked_after_at_end AS (
    SELECT DISTINCT la, child_id
    FROM episodes
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
)
SELECT c.la, c.child_id, p.placements, p.placements >= 3 AS in_numerator
FROM looked_after_at_end c
JOIN in_period p USING (la, child_id)
