-- adoption-a1-days (adoption scorecard A1, as adjusted by A10): the average number of days
-- between a child entering care and moving in with their adoptive family.
--
-- Children adopted in the 3 years ending $period_end: periods of care that ended with REC E11 or
-- E12 after ($period_end - 3 years) and on or before $period_end, wherever the period began.
-- Periods of care and placements come from the store view cla_episode_care (store/views.sql): a
-- period of care is a run of episodes each starting the day an earlier one ended with REC X1, a
-- new one starting at RNE S or where no episode ended into it; a placement starts at RNE S, P or B
-- (T and U keep the same carers, L changes the legal status only). Short breaks are left out.
-- Moved in = the start (DECOM) of the period's first placed-for-adoption episode (PLACE A3-A6);
-- when the child was adopted by their foster carers (AD1.FOSTER_CARE = 1, the AD1 of the return of
-- the adoption's year: store view cla_adoption), the start of the placement with those carers, i.e.
-- of the placement that episode belongs to, or the start of care when that placement began as short
-- breaks with the same carers before the period of care (never a negative number of days).
--
-- Unknown (value NULL, listed with unknown_reason, not averaged): a period of care whose first
-- episode began before the first loaded return and is not a start (RNE S): the child may have come
-- into care years earlier, and the time since the first loaded episode is not the time in care
-- (cla_episode_care.poc_start_known); a child whose episodes overlap (DfE rule 501); a child with no
-- placed-for-adoption episode. Where the AD1 of the adoption's year is not loaded, or does not give
-- the child, the foster-carer adjustment cannot be applied: the row carries a note and the
-- placed-for-adoption date is used.
WITH adopted AS (  -- adoptions (store view cla_adoption, with the AD1 row) in the 3 years ending $period_end
    SELECT la, child_id, poc_no, poc_start AS period_start, poc_start_known, adoption_date, adoption_year, rec,
           foster_care, ad1_loaded
    FROM cla_adoption
    WHERE adoption_date > CAST($period_end - INTERVAL 3 YEAR AS DATE) AND adoption_date <= $period_end
),
first_adoptive AS (
    SELECT la, child_id, poc_no, decom AS placed_for_adoption, placement_start, place,
           row_number() OVER (PARTITION BY la, child_id, poc_no ORDER BY episode_no) AS pick
    FROM cla_episode_care
    WHERE place IN ('A3', 'A4', 'A5', 'A6')
),
moved_in AS (
    SELECT a.la, a.child_id, a.period_start, a.poc_start_known, a.adoption_date, a.adoption_year, a.rec,
           f.placed_for_adoption, a.foster_care, a.ad1_loaded,
           -- a placement with the foster carers that began as short breaks before care: moved in when care began
           CASE WHEN a.foster_care = 1 THEN greatest(f.placement_start, a.period_start)
                ELSE f.placed_for_adoption END AS moved_in,
           CASE WHEN o.child_id IS NOT NULL THEN 'overlapping episodes (DfE rule 501)'
                WHEN NOT a.poc_start_known THEN 'care began before the first loaded return'
                WHEN f.placed_for_adoption IS NULL THEN 'no placed-for-adoption episode (PLACE A3-A6)'
           END AS unknown_reason
    FROM adopted a
    LEFT JOIN first_adoptive f
           ON f.la = a.la AND f.child_id = a.child_id AND f.poc_no = a.poc_no AND f.pick = 1
    LEFT JOIN cla_child_overlap o ON o.la = a.la AND o.child_id = a.child_id
)
SELECT la, child_id, period_start, placed_for_adoption, foster_care, moved_in, adoption_date, rec,
       CASE WHEN unknown_reason IS NULL THEN CAST(date_diff('day', period_start, moved_in) AS DOUBLE) END AS value,
       unknown_reason,
       CASE WHEN unknown_reason IS NOT NULL OR foster_care IS NOT NULL THEN NULL
            WHEN NOT ad1_loaded
                THEN 'no AD1 loaded for ' || CAST(adoption_year - 1 AS VARCHAR) || '-'
                     || substring(CAST(adoption_year AS VARCHAR), 3, 2)
                     || ': the foster-carer adjustment could not be applied'
            ELSE 'no AD1 row for the child: the foster-carer adjustment could not be applied'
       END AS note
FROM moved_in
