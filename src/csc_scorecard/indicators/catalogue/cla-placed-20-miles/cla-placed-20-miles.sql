-- cla-placed-20-miles: of the children looked after at the end of the period, those whose current
-- placement is more than 20 miles from their home postcode and outside the LA.
--
-- Distance: the episode's PL_DISTANCE (miles) where the extract carries it; otherwise the straight
-- line between the OS grid references of HOME_POST and PL_POST in the postcode reference table
-- (metres / 1,609.34). Outside the LA: the placement postcode's upper-tier authority is not this
-- LA (a postcode outside England is outside); this needs the placement postcode in the reference.
--
-- A child is "unknown" when the distance cannot be worked out (a postcode missing, truncated or not
-- in the reference), or when it is over 20 miles but the placement's LA cannot be told. Unknown
-- children are reported, not counted as 0: they have known = FALSE and in_numerator NULL and are
-- left out of the figure. Until the engine leaves in_numerator NULL out of the denominator (see
-- the final WHERE), this query drops them, so the figure is over the children whose answer is known;
-- an LA with none known gets "not available". Short breaks (LS V3/V4) are left out.
WITH current_episode AS (
    SELECT la, child_id, decom, place, home_post, pl_post, pl_distance,
           row_number() OVER (PARTITION BY la, child_id ORDER BY decom DESC, rne, ls, place) AS pick
    FROM cla_episode
    WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4')
      AND decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
located AS (
    SELECT e.la, e.child_id, e.decom, e.place, e.home_post, e.pl_post,
           coalesce(e.pl_distance,
                    sqrt(power(h.oseast1m - p.oseast1m, 2) + power(h.osnrth1m - p.osnrth1m, 2)) / 1609.34)
               AS distance_miles,
           p.la_code AS placement_la,
           CASE WHEN p.postcode IS NULL THEN NULL                -- placement postcode not known
                WHEN p.la_code IS NOT NULL THEN p.la_code <> e.la
                WHEN p.laua NOT LIKE 'E%' THEN TRUE              -- Wales, Scotland, Northern Ireland...
           END AS outside_la                                     -- NULL: an English area not mapped to an LA
    FROM current_episode e
    LEFT JOIN postcode h ON h.postcode = upper(replace(e.home_post, ' ', ''))
    LEFT JOIN postcode p ON p.postcode = upper(replace(e.pl_post, ' ', ''))
    WHERE e.pick = 1
),
judged AS (
    SELECT *,
           distance_miles IS NOT NULL AND (distance_miles <= 20 OR outside_la IS NOT NULL) AS known
    FROM located
)
SELECT la, child_id, decom, place, home_post, pl_post, distance_miles, placement_la, outside_la, known,
       CASE WHEN known THEN distance_miles > 20 AND outside_la END AS in_numerator
FROM judged
WHERE known
