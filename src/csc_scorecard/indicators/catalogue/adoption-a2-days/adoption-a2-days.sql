-- adoption-a2-days (adoption scorecard A2): the average number of days between the council
-- receiving court authority to place a child for adoption and deciding on a match with an
-- adoptive family.
--
-- Children adopted in the 3 years ending $period_end: periods of care that ended with REC E11 or
-- E12 after ($period_end - 3 years) and on or before $period_end, wherever the period began.
-- Periods of care and placements come from the store view cla_episode_care (store/views.sql): a
-- period of care is a run of episodes chained on REC X1 (each starting the day the previous ended),
-- a new one starting at RNE S or where the chain breaks; a placement starts at RNE S, P or B (T and
-- U keep the same carers, L changes the legal status only). Short breaks are left out.
-- Of those, the children whose period of care had a placement order (an episode with LS = E1) and
-- whose AD1 (in the return of the year of the adoption) gives DATE_MATCH. Court authority = the
-- start of the period's first E1 episode. Value = DATE_MATCH - that date in days, or 0 when the
-- match came first.
WITH adopted AS (  -- adoptions (store view cla_adoption, with the AD1 row) in the 3 years ending $period_end
    SELECT la, child_id, poc_no, poc_start AS period_start, adoption_date, rec, foster_care, date_match
    FROM cla_adoption
    WHERE adoption_date > CAST($period_end - INTERVAL 3 YEAR AS DATE) AND adoption_date <= $period_end
),
first_placement_order AS (
    SELECT la, child_id, poc_no, min(decom) AS placement_order
    FROM cla_episode_care
    WHERE ls = 'E1'
    GROUP BY la, child_id, poc_no
)
SELECT a.la, a.child_id, a.period_start, o.placement_order, a.date_match, a.adoption_date, a.rec,
       CAST(greatest(0, date_diff('day', o.placement_order, a.date_match)) AS DOUBLE) AS value
FROM adopted a
JOIN first_placement_order o
  ON o.la = a.la AND o.child_id = a.child_id AND o.poc_no = a.poc_no
WHERE a.date_match IS NOT NULL  -- the AD1 row gives a match date
