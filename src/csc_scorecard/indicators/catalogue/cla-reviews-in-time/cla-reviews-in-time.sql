-- cla-reviews-in-time: of the children looked after at the end of the period whose current period
-- of care began more than $first_review_wd working days before it, those whose every review due
-- in the period of care was on time and none is overdue at the end of the period.
--
-- Statutory timescales (Care Planning Regulations 2010, reg. 33), settings with these defaults:
-- the first review within $first_review_wd (20) working days of the start of the period of care,
-- the second within $second_review_months (3) months of the first, each later one within
-- $later_review_months (6) months of the one before. A review on its deadline is on time.
-- Working days wd(a, b) = calendar.wd_index(b) - wd_index(a) (weekends and England bank holidays
-- excluded). Only reviews from the start of the current period of care to $period_end count.
--
-- An SSDA903 return holds one year's reviews and the episodes open in that year, so a store may not
-- reach back to the start of a long period of care. History starts on 1 April of the later of the
-- earliest reviews return and the earliest episodes return loaded for the LA. When the period of
-- care began before that, its first reviews and their order are unknown: each loaded review is then
-- judged against the one before it, the first against the history start, at the later-review
-- interval - the reviews that can be checked are, the rest are not guessed.
--
-- Periods of care come from the store view cla_episode_care (store/views.sql): episodes chained on
-- REC X1 (each starting the day the previous ended); a new one starts at RNE S or where the chain
-- breaks. Short breaks (LS V3/V4) are left out.
WITH looked_after_at_end AS (
    SELECT la, child_id, poc_start AS period_start,
           row_number() OVER (PARTITION BY la, child_id ORDER BY episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
history AS (
    -- 1 April of (the later first year - 1): 1 April 2000 moved by whole years (no make_date)
    SELECT la, CAST(DATE '2000-04-01' + (max(first_year) - 2001) * INTERVAL 1 YEAR AS DATE) AS history_start
    FROM (SELECT la, min(collection_year) AS first_year FROM src_cla_review GROUP BY la
          UNION ALL
          SELECT la, min(collection_year) AS first_year FROM src_cla_episode GROUP BY la) first_years
    GROUP BY la
),
cohort AS (
    SELECT e.la, e.child_id, e.period_start, h.history_start,
           coalesce(e.period_start >= h.history_start, FALSE) AS start_known
    FROM looked_after_at_end e
    JOIN calendar cs ON cs.date = e.period_start
    JOIN calendar ce ON ce.date = $period_end
    LEFT JOIN history h ON h.la = e.la
    WHERE e.pick = 1 AND ce.wd_index - cs.wd_index > $first_review_wd
),
reviews AS (
    SELECT DISTINCT r.la, r.child_id, r.review
    FROM cla_review r
    JOIN cohort c ON c.la = r.la AND c.child_id = r.child_id
    WHERE r.review >= c.period_start AND r.review <= $period_end
),
ordered AS (
    SELECT la, child_id, review,
           row_number() OVER w AS n,
           lag(review) OVER w AS previous_review
    FROM reviews
    WINDOW w AS (PARTITION BY la, child_id ORDER BY review)
),
judged AS (
    SELECT o.la, o.child_id, o.review, o.n,
           CASE
               WHEN c.start_known AND o.n = 1 THEN cr.wd_index - cs.wd_index <= $first_review_wd
               WHEN c.start_known AND o.n = 2
                   THEN o.review <= CAST(o.previous_review + $second_review_months * INTERVAL 1 MONTH AS DATE)
               WHEN o.n = 1
                   THEN o.review <= CAST(greatest(c.history_start, c.period_start)
                                         + $later_review_months * INTERVAL 1 MONTH AS DATE)
               ELSE o.review <= CAST(o.previous_review + $later_review_months * INTERVAL 1 MONTH AS DATE)
           END AS on_time,
           -- the review's deadline, for due_date (the working-day one as a date)
           CASE
               WHEN c.start_known AND o.n = 1 THEN cd.date
               WHEN c.start_known AND o.n = 2
                   THEN CAST(o.previous_review + $second_review_months * INTERVAL 1 MONTH AS DATE)
               WHEN o.n = 1
                   THEN CAST(greatest(c.history_start, c.period_start)
                             + $later_review_months * INTERVAL 1 MONTH AS DATE)
               ELSE CAST(o.previous_review + $later_review_months * INTERVAL 1 MONTH AS DATE)
           END AS due
    FROM ordered o
    JOIN cohort c ON c.la = o.la AND c.child_id = o.child_id
    JOIN calendar cs ON cs.date = c.period_start
    JOIN calendar cr ON cr.date = o.review
    JOIN calendar cd ON cd.wd_index = cs.wd_index + $first_review_wd AND cd.is_working_day
),
summary AS (
    SELECT la, child_id,
           count(*) AS reviews,
           max(review) AS last_review,
           min(CASE WHEN NOT on_time THEN review END) AS first_late_review,
           min(CASE WHEN NOT on_time THEN due END) AS first_late_due
    FROM judged
    GROUP BY la, child_id
),
next_due AS (
    -- when the next review falls due after the last one held (for a child with no review yet whose
    -- start is known, the first review's deadline has passed: they are in the cohort because of it)
    SELECT c.la, c.child_id, c.period_start, c.start_known, s.reviews, s.last_review, s.first_late_review,
           s.first_late_due, cd.date AS first_review_deadline,
           CASE
               WHEN s.reviews IS NULL AND c.start_known THEN NULL
               WHEN s.reviews IS NULL
                   THEN CAST(greatest(c.history_start, c.period_start)
                             + $later_review_months * INTERVAL 1 MONTH AS DATE)
               WHEN s.reviews = 1 AND c.start_known
                   THEN CAST(s.last_review + $second_review_months * INTERVAL 1 MONTH AS DATE)
               ELSE CAST(s.last_review + $later_review_months * INTERVAL 1 MONTH AS DATE)
           END AS next_review_due
    FROM cohort c
    LEFT JOIN summary s ON s.la = c.la AND s.child_id = c.child_id
    JOIN calendar cs ON cs.date = c.period_start
    JOIN calendar cd ON cd.wd_index = cs.wd_index + $first_review_wd AND cd.is_working_day
)
SELECT la, child_id, period_start, start_known, coalesce(reviews, 0) AS reviews, last_review,
       first_late_review, next_review_due,
       first_late_review IS NULL AND next_review_due IS NOT NULL AND $period_end <= next_review_due
           AS in_numerator,
       -- the first deadline missed (a late review's, else the next review's; the first review's when
       -- none was held) and the days past it, to that review or, while none is held, to the period's end
       coalesce(first_late_due, next_review_due, first_review_deadline) AS due_date,
       greatest(date_diff('day', coalesce(first_late_due, next_review_due, first_review_deadline),
                          coalesce(first_late_review, $period_end)), 0) AS days_over
FROM next_due
