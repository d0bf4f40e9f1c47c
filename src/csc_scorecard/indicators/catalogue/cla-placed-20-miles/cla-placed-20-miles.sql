-- cla-placed-20-miles: of the children looked after at the end of the period, those whose current
-- placement is more than 20 miles from their home postcode and outside the LA.
--
-- Distance: the episode's PL_DISTANCE (miles) where the extract carries it; otherwise the straight
-- line between the OS grid references of HOME_POST and PL_POST in the postcode table (loaded with
-- `scorecard postcodes load`): metres / 1,609.34. Postcodes are compared upper case without spaces.
-- Outside the LA: the placement postcode's upper-tier council (its county, for a district) is not
-- this LA; a postcode in Wales, Scotland, Northern Ireland, the Channel Islands or the Isle of Man
-- is outside. Exactly 20 miles is not "more than 20".
--
-- A child is unknown (in_numerator NULL: listed in the cases with the reason, in neither the
-- numerator nor the denominator) when the distance cannot be worked out (a postcode missing,
-- truncated, not in the directory or without a grid reference), or when the placement is more
-- than 20 miles away but its LA cannot be told, or when two of the child's episodes are open at the
-- period's end (overlapping episodes, DfE rule 501: which placement is the current one is not known).
-- Short breaks (LS V3/V4) are left out (the store view cla_episode_no_short_breaks, store/views.sql).
WITH current_episode AS (
    SELECT la, child_id, decom, place, home_post, pl_post, pl_distance,
           -- a data error can leave two episodes open on the same day: the child is then unknown
           row_number() OVER (PARTITION BY la, child_id ORDER BY decom DESC, rne, ls, place) AS pick,
           count(*) OVER (PARTITION BY la, child_id) AS open_episodes
    FROM cla_episode_no_short_breaks
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
located AS (
    SELECT e.la, e.child_id, e.decom, e.place, e.home_post, e.pl_post, e.pl_distance, e.open_episodes,
           h.postcode AS home_found, h.oseast1m AS home_e,
           p.postcode AS placement_found, p.oseast1m AS placement_e, p.laua AS placement_district,
           coalesce(e.pl_distance,
                    sqrt(power(h.oseast1m - p.oseast1m, 2) + power(h.osnrth1m - p.osnrth1m, 2)) / 1609.34)
               AS distance_miles,
           p.la_code AS placement_la,
           CASE WHEN p.la_code IS NOT NULL THEN p.la_code <> e.la
                WHEN p.laua NOT LIKE 'E%' THEN TRUE              -- Wales, Scotland, Northern Ireland...
           END AS outside_la                                     -- NULL: not known
    FROM current_episode e
    LEFT JOIN postcode h ON h.postcode = upper(replace(e.home_post, ' ', ''))
    LEFT JOIN postcode p ON p.postcode = upper(replace(e.pl_post, ' ', ''))
    WHERE e.pick = 1
),
directory AS (SELECT EXISTS (SELECT 1 FROM postcode) AS loaded)
SELECT la, child_id, decom, place, home_post, pl_post, distance_miles, placement_la, outside_la,
       CASE WHEN open_episodes > 1 OR distance_miles IS NULL THEN NULL
            WHEN distance_miles <= 20 THEN FALSE
            ELSE outside_la                                      -- NULL when the LA cannot be told
       END AS in_numerator,
       CASE WHEN open_episodes > 1 THEN 'overlapping episodes (DfE rule 501)'
            WHEN distance_miles IS NOT NULL AND (distance_miles <= 20 OR outside_la IS NOT NULL) THEN NULL
            WHEN distance_miles IS NOT NULL THEN
                CASE WHEN NOT directory.loaded THEN 'postcode directory not loaded (scorecard postcodes load)'
                     WHEN pl_post IS NULL OR trim(pl_post) = '' THEN 'no placement postcode: its LA is not known'
                     WHEN placement_found IS NULL THEN 'placement postcode not in the ONS postcode directory'
                     ELSE 'placement postcode not matched to an LA' END
            WHEN pl_post IS NULL OR trim(pl_post) = '' THEN 'no placement postcode'
            WHEN home_post IS NULL OR trim(home_post) = '' THEN 'no home postcode'
            WHEN NOT directory.loaded THEN 'postcode directory not loaded (scorecard postcodes load)'
            WHEN placement_found IS NULL THEN 'placement postcode not in the ONS postcode directory'
            WHEN home_found IS NULL THEN 'home postcode not in the ONS postcode directory'
            WHEN placement_e IS NULL THEN 'placement postcode has no grid reference'
            ELSE 'home postcode has no grid reference'
       END AS unknown_reason
FROM located, directory
