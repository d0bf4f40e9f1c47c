-- adoption-a2-days (adoption scorecard A2): the average number of days between the council
-- receiving court authority to place a child for adoption and deciding on a match with an
-- adoptive family.
--
-- Children adopted in the 3 years ending $period_end: periods of care that ended with REC E11 or
-- E12 after ($period_end - 3 years) and on or before $period_end, wherever the period began.
-- Periods of care come from the store view cla_episode_care (store/views.sql): a run of episodes
-- each starting the day an earlier one ended with REC X1, a new one starting at RNE S or where no
-- episode ended into it. Short breaks are left out.
-- Of those, the children whose period of care had a placement order (an episode with LS = E1) and
-- whose AD1 (in the return of the year of the adoption) gives DATE_MATCH. Court authority = the
-- start of the period's first E1 episode. Value = DATE_MATCH - that date in days, or 0 when the
-- match came first.
--
-- Unknown (value NULL, listed with unknown_reason): a child whose first E1 episode is where the
-- loaded history begins (the first episode of a period of care that began before the first loaded
-- return and is not a start: cla_episode_care.poc_start_known), as the placement order may be older;
-- a child whose episodes overlap (DfE rule 501); and a child adopted in a year whose AD1 is not
-- loaded (coverage asks only for the AD1 of the period's own year), as the match date is not known.
WITH adopted AS (  -- adoptions (store view cla_adoption, with the AD1 row) in the 3 years ending $period_end
    SELECT la, child_id, poc_no, poc_start AS period_start, poc_start_known, adoption_date, adoption_year, rec,
           foster_care, date_match, ad1_loaded
    FROM cla_adoption
    WHERE adoption_date > CAST($period_end - INTERVAL 3 YEAR AS DATE) AND adoption_date <= $period_end
),
first_placement_order AS (
    SELECT la, child_id, poc_no, decom AS placement_order, is_first_of_poc,
           row_number() OVER (PARTITION BY la, child_id, poc_no ORDER BY episode_no) AS pick
    FROM cla_episode_care
    WHERE ls = 'E1'
),
judged AS (
    SELECT a.la, a.child_id, a.period_start, o.placement_order, a.date_match, a.adoption_date, a.rec,
           CASE WHEN x.child_id IS NOT NULL THEN 'overlapping episodes (DfE rule 501)'
                WHEN NOT a.ad1_loaded THEN 'no AD1 loaded for ' || CAST(a.adoption_year - 1 AS VARCHAR) || '-'
                                           || substring(CAST(a.adoption_year AS VARCHAR), 3, 2)
                WHEN o.is_first_of_poc AND NOT a.poc_start_known
                    THEN 'placement order (LS E1) began before the first loaded return'
           END AS unknown_reason
    FROM adopted a
    JOIN first_placement_order o
      ON o.la = a.la AND o.child_id = a.child_id AND o.poc_no = a.poc_no AND o.pick = 1
    LEFT JOIN cla_child_overlap x ON x.la = a.la AND x.child_id = a.child_id
    WHERE a.date_match IS NOT NULL OR NOT a.ad1_loaded  -- the AD1 row gives a match date, or is not loaded
)
SELECT la, child_id, period_start, placement_order, date_match, adoption_date, rec,
       CASE WHEN unknown_reason IS NULL
            THEN CAST(greatest(0, date_diff('day', placement_order, date_match)) AS DOUBLE) END AS value,
       unknown_reason
FROM judged
