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


-- cla_episode_care: those episodes, each with the period of care and the placement it belongs to.
-- Every column of cla_episode, plus:
--   episode_no        the episode's place in the child's history, 1 = earliest (by DECOM, then DEC
--                     with an open episode last, then RNE, LS, PLACE); not cla_episode.episode_seq,
--                     which only tells apart episodes that started and ended on the same day.
--   is_first_of_poc   the episode starts a period of care: RNE = S, or the chain breaks - the
--                     child's previous episode did not end on this DECOM with REC = X1 (or there is
--                     none). A period of care is a run of episodes each starting the day the one
--                     before ended with REC X1 ("moved to a new episode").
--   poc_no            the period of care's number for the child, 1 = earliest.
--   poc_start         the start (DECOM of the first episode) of the episode's period of care.
--   is_last_of_poc    the episode is the last of its period of care: its DEC (null while the
--                     child is still looked after) and REC end the period of care.
--   placement_no      the placement's number for the child, 1 = earliest. A placement starts with
--                     a period of care or at RNE P or B (RNE S, P, B: a new placement); T and U
--                     change the placement type with the same carers, L the legal status only.
--   placement_start   the start (DECOM of its first episode) of the episode's placement.
--   placement_end     the end (DEC of its last episode) of the episode's placement; null while open.
CREATE OR REPLACE VIEW cla_episode_care AS
WITH ordered AS (
    SELECT e.*,
           row_number() OVER (PARTITION BY la, child_id
                              ORDER BY decom, dec NULLS LAST, rne, ls, place) AS episode_no
    FROM cla_episode_no_short_breaks e
),
chained AS (
    SELECT o.*,
           coalesce(rne = 'S', FALSE)
               OR lag(dec) OVER w IS DISTINCT FROM decom
               OR lag(rec) OVER w IS DISTINCT FROM 'X1' AS is_first_of_poc
    FROM ordered o
    WINDOW w AS (PARTITION BY la, child_id ORDER BY episode_no)
),
numbered AS (
    SELECT c.*,
           sum(CASE WHEN is_first_of_poc THEN 1 ELSE 0 END) OVER w AS poc_no,
           sum(CASE WHEN is_first_of_poc OR rne IN ('P', 'B') THEN 1 ELSE 0 END) OVER w AS placement_no
    FROM chained c
    WINDOW w AS (PARTITION BY la, child_id ORDER BY episode_no ROWS UNBOUNDED PRECEDING)
)
SELECT n.*,
       min(decom) OVER poc AS poc_start,
       episode_no = max(episode_no) OVER poc AS is_last_of_poc,
       min(decom) OVER placement AS placement_start,
       last_value(dec) OVER (PARTITION BY la, child_id, placement_no ORDER BY episode_no
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS placement_end
FROM numbered n
WINDOW poc AS (PARTITION BY la, child_id, poc_no),
       placement AS (PARTITION BY la, child_id, placement_no);


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
CREATE OR REPLACE VIEW cla_adoption AS
SELECT e.la, e.child_id, e.poc_no, e.poc_start, e.dec AS adoption_date, e.rec,
       d.foster_care, d.date_match
FROM cla_episode_care e
LEFT JOIN (SELECT la, child_id, collection_year,
                  max(foster_care) AS foster_care, min(date_match) AS date_match
           FROM ad1
           GROUP BY la, child_id, collection_year) d
       ON d.la = e.la AND d.child_id = e.child_id
      AND d.collection_year = EXTRACT(YEAR FROM e.dec) + CASE WHEN EXTRACT(MONTH FROM e.dec) >= 4 THEN 1 ELSE 0 END
WHERE e.is_last_of_poc AND e.rec IN ('E11', 'E12');
