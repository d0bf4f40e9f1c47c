-- Children looked after at the as-at date (SSDA903, short breaks left out) and when their next
-- review is due (the settings of cla-reviews-in-time): the first $first_review_wd working days after
-- the start of the period of care, the second $second_review_months months after the first, then
-- $later_review_months months after the latest. Where the loaded history does not reach back to the
-- start of care, the reviews before it are not known: the next is due $later_review_months months
-- after the latest loaded one (or after the history's start when none is loaded).
WITH looked_after AS (
    SELECT e.la, e.child_id, e.poc_start, x.as_at,
           row_number() OVER (PARTITION BY e.la, e.child_id ORDER BY e.episode_no DESC) AS pick
    FROM cla_episode_care e
    JOIN _as_at x ON x.la = e.la
    WHERE e.decom <= x.as_at AND (e.dec IS NULL OR e.dec > x.as_at)
),
history AS (
    SELECT la, history_start FROM cla_review_history_start  -- store/views.sql
),
held AS (
    SELECT l.la, l.child_id, count(DISTINCT r.review) AS reviews, max(r.review) AS last_review
    FROM looked_after l
    JOIN cla_review r ON r.la = l.la AND r.child_id = l.child_id
    WHERE l.pick = 1 AND r.review >= l.poc_start AND r.review <= l.as_at
    GROUP BY l.la, l.child_id
)
SELECT l.la, l.child_id, l.poc_start AS period_of_care_start, coalesce(h.reviews, 0) AS reviews,
       h.last_review,
       l.as_at AS data_as_at,
       CASE
           WHEN l.poc_start < hs.history_start
               THEN CAST(coalesce(h.last_review, hs.history_start) + $later_review_months * INTERVAL 1 MONTH AS DATE)
           WHEN h.reviews IS NULL THEN cd.date
           WHEN h.reviews = 1 THEN CAST(h.last_review + $second_review_months * INTERVAL 1 MONTH AS DATE)
           ELSE CAST(h.last_review + $later_review_months * INTERVAL 1 MONTH AS DATE)
       END AS due_date
FROM looked_after l
LEFT JOIN held h ON h.la = l.la AND h.child_id = l.child_id
LEFT JOIN history hs ON hs.la = l.la
JOIN calendar cs ON cs.date = l.poc_start
JOIN calendar cd ON cd.wd_index = cs.wd_index + $first_review_wd AND cd.is_working_day
WHERE l.pick = 1
