-- The shared building blocks of the indicator catalogue: the SSDA903 definitions that several
-- indicators rest on ("short break", "period of care", "placement", the header's date of birth,
-- the OC3 care-leaver row), written once here so that they cannot drift apart between queries.
-- docs/indicators.md ("Building blocks") lists them; the indicator definitions are in the catalogue.
--
-- store/views.py creates these views in every store (store.database.ensure_schema) and, for a
-- store opened read-only that predates them, as temporary views on the connection. They take no
-- parameters: whatever depends on the period stays in the indicator's own query. Portable SQL
-- (standard window functions, explicit GROUP BY), so the catalogue can run elsewhere (Spark).
-- Each statement starts with CREATE OR REPLACE VIEW <name> AS; views.py relies on that shape.


-- cla_episode_no_short_breaks: the SSDA903 episodes that count in children-looked-after measures.
-- Short breaks (legal status V3 or V4) are left out of every CLA measure, and so is an episode
-- with no start date (DECOM), which cannot be placed in time. Every column of cla_episode.
CREATE OR REPLACE VIEW cla_episode_no_short_breaks AS
SELECT *
FROM cla_episode
WHERE decom IS NOT NULL AND coalesce(ls, '') NOT IN ('V3', 'V4');


-- cla_history_start: per LA, the first day of the SSDA903 history loaded: 1 April starting the
-- earliest episodes return (first_year = its collection year, the 31 March ending it). Annual returns
-- carry only the episodes open in their year, so an episode that began before this day may have had
-- earlier, unloaded episodes before it in the same period of care.
CREATE OR REPLACE VIEW cla_history_start AS
SELECT la, min(collection_year) AS first_year,
       -- 1 April 2000 moved by whole years (no make_date)
       CAST(DATE '2000-04-01' + (min(collection_year) - 2001) * INTERVAL 1 YEAR AS DATE) AS history_start
FROM src_cla_episode
GROUP BY la;


-- cla_child_overlap: one row per LA and child whose episodes overlap (DfE rule 501: an episode
-- starts before the previous one ended), short breaks included, in the merged history, so an overlap
-- that only appears once several years' returns are merged is listed too. overlaps = the number of
-- overlapping pairs; first_overlap = the earliest start of an episode beginning inside another.
-- An episode that lasts no time (DEC = DECOM) on the day another starts or ends does not overlap it.
-- The measures whose answer depends on which chain of episodes is true list these children as
-- unknown (docs/indicators.md, "Overlapping episodes").
CREATE OR REPLACE VIEW cla_child_overlap AS
WITH dated AS (
    SELECT la, child_id, decom, dec,
           row_number() OVER (PARTITION BY la, child_id ORDER BY decom, dec NULLS LAST, rne, ls, place) AS n
    FROM cla_episode
    WHERE decom IS NOT NULL
)
SELECT a.la, a.child_id, count(*) AS overlaps, min(b.decom) AS first_overlap
FROM dated a
JOIN dated b ON b.la = a.la AND b.child_id = a.child_id AND b.n > a.n
            AND b.decom < coalesce(a.dec, DATE '9999-12-31')
GROUP BY a.la, a.child_id;


-- cla_episode_care: the episodes of cla_episode_no_short_breaks, each with the period of care and
-- the placement it belongs to. Every column of cla_episode, plus:
--   episode_no        the episode's place in the child's history, 1 = earliest (by DECOM, then DEC
--                     with an open episode last, then RNE, LS, PLACE); not cla_episode.episode_seq,
--                     which only tells apart episodes that started and ended on the same day.
--   is_first_of_poc   the episode starts a period of care: RNE = S, or no earlier episode of the
--                     child (short breaks aside) ended on its DECOM with REC = X1. Decided by
--                     existence, not by the row before: with overlapping episodes that row may
--                     belong to another chain.
--   poc_no            the period of care's number for the child, 1 = earliest.
--   poc_start         the start (DECOM of the first episode) of the episode's period of care.
--   poc_start_known   FALSE when the period of care's first episode began before the loaded
--                     history (cla_history_start), is not RNE S and follows no loaded episode (a
--                     short break ending into it tells what came before): earlier episodes of the
--                     same period of care may be in returns not loaded, so the true start is unknown.
--   is_last_of_poc    the episode is the last of its period of care.
--   is_ceasing        the episode ends the period of care by leaving care: DEC and REC set, REC not
--                     X1. X1 is never a ceasing (DfE rule 388): an X1 ending that no episode follows
--                     on that day is a data error, not a child who left care.
--   placement_no      the placement's number for the child, 1 = earliest. A placement starts at
--                     RNE S, P or B, or at an episode no earlier episode ended into (REC X1 on its
--                     DECOM). L (legal status), T and U (placement type, same carers) continue the
--                     placement of the episode that ended into them, a short break included: a
--                     short break with the same carers that turns into full-time care is no move.
--   placement_start   the start of the episode's placement (DECOM of its first episode, which may be
--                     a short break).
--   placement_end     the end (DEC of its last episode) of the episode's placement; null while open.
--   child_overlaps    the child is in cla_child_overlap: some of their episodes overlap, so which
--                     episodes chain into which is not known. The columns above then follow the
--                     order of the episodes as given, and the measures that depend on the chain
--                     list the child as unknown (unknown_reason 'overlapping episodes (DfE rule 501)').
-- (and the working columns is_short_break, always FALSE here, any_no, the place among all the
-- child's dated episodes, short breaks included, starts_placement, follows_episode and placement_seq.)
CREATE OR REPLACE VIEW cla_episode_care AS
WITH dated AS (  -- short breaks stay here: a placement may continue one
    SELECT e.*, coalesce(e.ls, '') IN ('V3', 'V4') AS is_short_break,
           row_number() OVER (PARTITION BY e.la, e.child_id
                              ORDER BY e.decom, e.dec NULLS LAST, e.rne, e.ls, e.place) AS any_no
    FROM cla_episode e
    WHERE e.decom IS NOT NULL
),
ended_into AS (  -- which episodes an earlier one ended into (REC X1 on their DECOM)
    SELECT o.la, o.child_id, o.any_no,
           max(CASE WHEN f.is_short_break THEN 0 ELSE 1 END) AS from_care
    FROM dated o
    JOIN dated f ON f.la = o.la AND f.child_id = o.child_id AND f.any_no < o.any_no
                AND f.dec = o.decom AND f.rec = 'X1'
    GROUP BY o.la, o.child_id, o.any_no
),
flagged AS (
    SELECT d.*,
           coalesce(d.rne = 'S', FALSE) OR coalesce(i.from_care, 0) = 0 AS is_first_of_poc,
           coalesce(d.rne IN ('S', 'P', 'B'), FALSE) OR i.any_no IS NULL AS starts_placement,
           i.any_no IS NOT NULL AS follows_episode
    FROM dated d
    LEFT JOIN ended_into i ON i.la = d.la AND i.child_id = d.child_id AND i.any_no = d.any_no
),
placed AS (
    SELECT f.*,
           sum(CASE WHEN starts_placement THEN 1 ELSE 0 END)
               OVER (PARTITION BY la, child_id ORDER BY any_no ROWS UNBOUNDED PRECEDING) AS placement_seq
    FROM flagged f
),
placements AS (
    SELECT p.*,
           min(decom) OVER placement AS placement_start,
           last_value(dec) OVER (PARTITION BY la, child_id, placement_seq ORDER BY any_no
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS placement_end
    FROM placed p
    WINDOW placement AS (PARTITION BY la, child_id, placement_seq)
),
care AS (
    SELECT p.*,
           row_number() OVER (PARTITION BY la, child_id ORDER BY any_no) AS episode_no,
           dense_rank() OVER (PARTITION BY la, child_id ORDER BY placement_seq) AS placement_no
    FROM placements p
    WHERE NOT is_short_break
),
numbered AS (
    SELECT c.*,
           sum(CASE WHEN is_first_of_poc THEN 1 ELSE 0 END)
               OVER (PARTITION BY la, child_id ORDER BY episode_no ROWS UNBOUNDED PRECEDING) AS poc_no
    FROM care c
)
SELECT n.*,
       min(n.decom) OVER poc AS poc_start,
       max(CASE WHEN n.is_first_of_poc AND NOT coalesce(coalesce(n.rne, '') <> 'S' AND NOT n.follows_episode
                                                     AND n.decom < h.history_start, FALSE)
                THEN 1 ELSE 0 END) OVER poc = 1 AS poc_start_known,
       n.episode_no = max(n.episode_no) OVER poc AS is_last_of_poc,
       n.dec IS NOT NULL AND n.rec IS NOT NULL AND n.rec <> 'X1' AS is_ceasing,
       o.child_id IS NOT NULL AS child_overlaps
FROM numbered n
LEFT JOIN cla_history_start h ON h.la = n.la
LEFT JOIN cla_child_overlap o ON o.la = n.la AND o.child_id = n.child_id
WINDOW poc AS (PARTITION BY n.la, n.child_id, n.poc_no);


-- ssda903_child_dob: one row per child in the SSDA903 header, with their date of birth (the
-- earliest given, should two versions of the header disagree; null when none is given).
CREATE OR REPLACE VIEW ssda903_child_dob AS
SELECT la, child_id, min(dob) AS dob
FROM child
WHERE source_return = 'ssda903'
GROUP BY la, child_id;


-- oc3_care_leaver: one row per care leaver per LA and collection year of the SSDA903 OC3 table
-- (young people whose 17th to 21st birthday fell in that year). dob is OC3.DOB or, when OC3 has
-- none, the header's; IN_TOUCH, ACTIV and ACCOM are trimmed and upper case. A young person given
-- twice in one year's OC3 is counted once (the first row by ACTIV, ACCOM, IN_TOUCH as given).
CREATE OR REPLACE VIEW oc3_care_leaver AS
SELECT la, child_id, collection_year, dob, in_touch, activ, accom
FROM (
    SELECT o.la, o.child_id, o.collection_year, coalesce(o.dob, h.dob) AS dob,
           upper(trim(o.in_touch)) AS in_touch, upper(trim(o.activ)) AS activ,
           upper(trim(o.accom)) AS accom,
           row_number() OVER (PARTITION BY o.la, o.child_id, o.collection_year
                              ORDER BY o.activ, o.accom, o.in_touch) AS pick
    FROM oc3 o
    LEFT JOIN ssda903_child_dob h ON h.la = o.la AND h.child_id = o.child_id
) oc3_rows
WHERE pick = 1;


-- cla_adoption: one row per period of care that ended in adoption (its last episode's REC is E11,
-- adopted with the application unopposed, or E12, consent dispensed with by the court), with the
-- child's AD1 row from the return of the year of the adoption (the 31 March on or after DEC):
-- FOSTER_CARE (1 = adopted by their foster carers) and DATE_MATCH, null when there is no AD1 row.
-- Should AD1 give the child twice in a year, FOSTER_CARE 1 wins and the earliest match date.
-- poc_start_known is cla_episode_care's (FALSE: care began before the loaded history);
-- adoption_year is the collection year of the adoption (2025 for 2024-25); ad1_loaded says whether
-- any AD1 row of that year is loaded for the LA (without one the foster-carer adjustment of A1 and
-- the match date of A2 cannot be known).
CREATE OR REPLACE VIEW cla_adoption AS
SELECT e.la, e.child_id, e.poc_no, e.poc_start, e.dec AS adoption_date, e.rec,
       d.foster_care, d.date_match, e.poc_start_known, e.adoption_year, y.la IS NOT NULL AS ad1_loaded
FROM (SELECT c.*,
             EXTRACT(YEAR FROM c.dec) + CASE WHEN EXTRACT(MONTH FROM c.dec) >= 4 THEN 1 ELSE 0 END AS adoption_year
      FROM cla_episode_care c) e
LEFT JOIN (SELECT la, child_id, collection_year,
                  max(foster_care) AS foster_care, min(date_match) AS date_match
           FROM ad1
           GROUP BY la, child_id, collection_year) d
       ON d.la = e.la AND d.child_id = e.child_id
      AND d.collection_year = e.adoption_year
LEFT JOIN (SELECT DISTINCT la, collection_year FROM src_ad1) y
       ON y.la = e.la AND y.collection_year = e.adoption_year
WHERE e.is_ceasing AND e.rec IN ('E11', 'E12');


-- cla_review_history_start: where the loaded history of an LA's CLA reviews can be checked from:
-- 1 April of the later of the earliest SSDA903 reviews return and the earliest episodes return (a
-- return holds one year's reviews and the episodes open in it). la, history_start. Read by
-- cla-reviews-in-time and the CLA reviews due list (indicators/due/cla-reviews.sql).
CREATE OR REPLACE VIEW cla_review_history_start AS
-- 1 April of (the later first year - 1): 1 April 2000 moved by whole years (no make_date)
SELECT la, CAST(DATE '2000-04-01' + (max(first_year) - 2001) * INTERVAL 1 YEAR AS DATE) AS history_start
FROM (SELECT la, min(collection_year) AS first_year FROM src_cla_review GROUP BY la
      UNION ALL
      SELECT la, min(collection_year) AS first_year FROM src_cla_episode GROUP BY la) first_years
GROUP BY la;
