-- cla-long-term-stability: of the children looked after at the end of the period, under 16 then,
-- who had been looked after continuously for the 30 months before it, those whose current placement
-- started at least 2 years before, or who are placed for adoption and whose adoptive placement
-- together with the placement before it has lasted 2 years (DfE's definition).
--
-- Looked after continuously for 30 months (DfE): with W = the period's end - 30 months, no episode
-- starting to be looked after (RNE S) after W, no ending other than X1 after W (a ceasing; an X1
-- followed by a gap is a data error, not a break), no short break (LS V3/V4) episode in the window,
-- and the child looked after on W itself in the loaded history. The engine needs the returns back to
-- the one holding W (history_months_before_end: 30); a child it does not show looked after on W is
-- not in the cohort. A threshold needs no more than the loaded history proves: an episode open on W
-- shows care on W, whenever care began.
--
-- Placements come from the store view cla_episode_care (store/views.sql): a placement starts at RNE
-- S, P or B or where no episode ended into it (REC X1 on its DECOM); T and U keep the same carers,
-- L changes the legal status only, also after a short break. Placed for adoption: the current
-- episode's PLACE is A3-A6; the placement before it is the child's previous one. Age comes from the
-- SSDA903 header (view ssda903_child_dob); a child with no date of birth is left out. A child whose
-- episodes overlap (DfE rule 501) is unknown (in_numerator NULL, with the reason).
WITH current_episode AS (  -- the episode open at the end of the period (the latest, if two overlap)
    SELECT la, child_id, place, poc_start, placement_no, placement_start, child_overlaps,
           row_number() OVER (PARTITION BY la, child_id ORDER BY episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
at_window_start AS (  -- looked after on W (short breaks aside)
    SELECT DISTINCT la, child_id
    FROM cla_episode_no_short_breaks
    WHERE decom <= CAST($period_end - INTERVAL 30 MONTH AS DATE)
      AND (dec IS NULL OR dec > CAST($period_end - INTERVAL 30 MONTH AS DATE))
),
broken AS (  -- a start, a ceasing or a short break in the 30 months
    SELECT DISTINCT la, child_id
    FROM cla_episode
    WHERE decom IS NOT NULL AND decom <= $period_end
      AND ((rne = 'S' AND decom > CAST($period_end - INTERVAL 30 MONTH AS DATE))
           OR (dec > CAST($period_end - INTERVAL 30 MONTH AS DATE) AND dec <= $period_end
               AND rec IS NOT NULL AND rec <> 'X1')
           OR (coalesce(ls, '') IN ('V3', 'V4')
               AND (dec IS NULL OR dec > CAST($period_end - INTERVAL 30 MONTH AS DATE))))
),
placements AS (
    SELECT DISTINCT la, child_id, placement_no, placement_start
    FROM cla_episode_care
)
SELECT e.la, e.child_id, h.dob, e.poc_start AS period_start, e.placement_start, e.place,
       CASE WHEN e.child_overlaps THEN NULL
            ELSE e.placement_start <= CAST($period_end - INTERVAL 2 YEAR AS DATE)
                 OR coalesce(e.place IN ('A3', 'A4', 'A5', 'A6')
                             AND p.placement_start <= CAST($period_end - INTERVAL 2 YEAR AS DATE), FALSE)
       END AS in_numerator,
       p.placement_start AS previous_placement_start,
       CASE WHEN e.child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason
FROM current_episode e
JOIN ssda903_child_dob h ON h.la = e.la AND h.child_id = e.child_id
JOIN at_window_start w ON w.la = e.la AND w.child_id = e.child_id
LEFT JOIN broken b ON b.la = e.la AND b.child_id = e.child_id
LEFT JOIN placements p ON p.la = e.la AND p.child_id = e.child_id AND p.placement_no = e.placement_no - 1
WHERE e.pick = 1 AND b.child_id IS NULL
  -- under 16 at the end of the period
  AND CAST(h.dob + INTERVAL 16 YEAR AS DATE) > $period_end
