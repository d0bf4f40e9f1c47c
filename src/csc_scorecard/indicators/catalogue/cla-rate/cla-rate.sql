-- cla-rate: children looked after at the end of the period, per 10,000 children aged 0-17.
-- One row per child looked after at $period_end; the engine divides the count by the LA's
-- population for the year of the 31 March on or after $period_end.
--
-- Looked after at day d: an episode with DECOM <= d and (DEC is null or DEC > d), so a child
-- whose episode ended on 31 March is not looked after at 31 March. Short breaks (LS V3/V4)
-- are left out (the store view cla_episode_no_short_breaks, store/views.sql).
WITH open_at_end AS (
    SELECT la, child_id, decom, ls, place,
           -- a data error can leave two episodes open on the same day: keep the latest
           row_number() OVER (PARTITION BY la, child_id ORDER BY decom DESC, rne, ls, place) AS pick
    FROM cla_episode_no_short_breaks
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
)
SELECT la, child_id, decom, ls, place, TRUE AS in_numerator
FROM open_at_end
WHERE pick = 1
