-- cla-3-placements: children looked after at the end of the period who had 3 or more placements
-- during it.
--
-- Placements come from the store view cla_episode_care (store/views.sql): a placement starts at an
-- episode with RNE S, P or B, or one that no earlier episode ended into (REC X1 on its DECOM); an
-- L (legal status), T or U (placement type, same carers) episode continues the placement of the
-- episode that ended into it, a short break (LS V3/V4) included. Placements in the period = the
-- distinct placements the child was in outside short breaks during it: those with an episode (short
-- breaks aside) open on the period's first day or begun in the period. Counting whole placements
-- rather than episodes means a legal-status change on the period's first day does not lose the
-- placement the child was already in, and a child looked after at the end has at least 1.
-- A child whose episodes overlap (DfE rule 501) is unknown: the count depends on which chain is true.
WITH looked_after_at_end AS (
    SELECT DISTINCT la, child_id, child_overlaps
    FROM cla_episode_care
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
in_period AS (
    SELECT la, child_id, count(DISTINCT placement_no) AS placements
    FROM cla_episode_care
    WHERE decom BETWEEN $period_start AND $period_end
       OR (decom < $period_start AND (dec IS NULL OR dec > $period_start))
    GROUP BY la, child_id
)
SELECT c.la, c.child_id, p.placements,
       CASE WHEN c.child_overlaps THEN NULL ELSE p.placements >= 3 END AS in_numerator,
       CASE WHEN c.child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason
FROM looked_after_at_end c
JOIN in_period p ON p.la = c.la AND p.child_id = c.child_id
