-- cla-3-placements: children looked after at the end of the period who had 3 or more placements
-- during it.
--
-- Placements come from the store view cla_episode_care (store/views.sql): a placement starts at an
-- episode with RNE S, P or B (or wherever a period of care starts); T and U change the placement
-- type with the same carers and L changes the legal status only, so they continue the placement.
-- A placement runs from its first episode's DECOM to its last episode's DEC (null while open).
-- Placements in the period = the placement the child was in at the start of the period (begun
-- before it and still open on its first day) + every placement that began in the period. Counting
-- whole placements rather than episodes means a legal-status change on the period's first day
-- does not lose the placement the child was already in. Short breaks (LS V3/V4) are left out.
WITH placements AS (
    SELECT DISTINCT la, child_id, placement_no, placement_start, placement_end
    FROM cla_episode_care
),
in_period AS (
    SELECT la, child_id, count(*) AS placements
    FROM placements
    WHERE placement_start BETWEEN $period_start AND $period_end
       OR (placement_start < $period_start AND (placement_end IS NULL OR placement_end > $period_start))
    GROUP BY la, child_id
),
looked_after_at_end AS (
    SELECT DISTINCT la, child_id
    FROM cla_episode_no_short_breaks
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
)
SELECT c.la, c.child_id, p.placements, p.placements >= 3 AS in_numerator
FROM looked_after_at_end c
JOIN in_period p USING (la, child_id)
