-- cla-started: children who started to be looked after in the period (each child once).
-- One row per child with an episode with RNE = S ("started to be looked after") whose DECOM is
-- in the period, giving the first such start. Short breaks (LS V3/V4) are left out (the store
-- view cla_episode_no_short_breaks, store/views.sql).
WITH starts AS (
    SELECT la, child_id, decom, ls, place,
           row_number() OVER (PARTITION BY la, child_id ORDER BY decom, ls, place) AS pick
    FROM cla_episode_no_short_breaks
    WHERE rne = 'S'
      AND decom BETWEEN $period_start AND $period_end
)
SELECT la, child_id, decom, ls, place, TRUE AS in_numerator
FROM starts
WHERE pick = 1
