-- cla-reviews-in-time: of the children looked after at the end of the period whose current period
-- of care began more than $first_review_wd working days before it, those whose every review that
-- fell due in the period was on time and none is overdue at the end of the period.
--
-- Which reviews are judged is the setting $review_scope: 'period' (the default, the former NI 66
-- practice) judges the reviews whose due date falls in the period, so a late review before it no
-- longer fails the child; 'period_of_care' judges every review of the current period of care.
-- Either way a review overdue at the end of the period fails the child, whenever it fell due.
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
-- Periods of care come from the store view cla_episode_care (store/views.sql): episodes each
-- starting the day an earlier one ended with REC X1; a new one starts at RNE S or where no episode
-- ended into it. Short breaks (LS V3/V4) are left out. A child whose episodes overlap (DfE rule 501)
-- is unknown (in_numerator NULL, with the reason): the start of their period of care is not known.
WITH looked_after_at_end AS (
    SELECT la, child_id, poc_start AS period_start, child_overlaps,
           row_number() OVER (PARTITION BY la, child_id ORDER BY episode_no DESC) AS pick
    FROM cla_episode_care
    WHERE decom <= $period_end AND (dec IS NULL OR dec > $period_end)
),
history AS (
    SELECT la, history_start FROM cla_review_history_start  -- store/views.sql
),
cohort AS (
    SELECT e.la, e.child_id, e.period_start, h.history_start, e.child_overlaps,
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
           -- the deadline, to tell whether the review fell due in the period
           CASE
               WHEN c.start_known AND o.n = 1 THEN cd.date
               WHEN c.start_known AND o.n = 2
                   THEN CAST(o.previous_review + $second_review_months * INTERVAL 1 MONTH AS DATE)
               WHEN o.n = 1
                   THEN CAST(greatest(c.history_start, c.period_start) + $later_review_months * INTERVAL 1 MONTH AS DATE)
               ELSE CAST(o.previous_review + $later_review_months * INTERVAL 1 MONTH AS DATE)
           END AS due
    FROM ordered o
    JOIN cohort c ON c.la = o.la AND c.child_id = o.child_id
    JOIN calendar cs ON cs.date = c.period_start
    JOIN calendar cr ON cr.date = o.review
    -- the $first_review_wd-th working day after the start
    LEFT JOIN calendar cd ON cd.wd_index = cs.wd_index + $first_review_wd AND cd.is_working_day
),
summary AS (
    SELECT la, child_id,
           count(*) AS reviews,
           max(review) AS last_review,
           min(CASE WHEN NOT on_time AND (due >= $period_start OR $review_scope = 'period_of_care')
                    THEN review END) AS first_late_review,
           sum(CASE WHEN NOT on_time AND due < $period_start AND $review_scope <> 'period_of_care'
                    THEN 1 ELSE 0 END) AS late_before_period,
           -- the deadline of that first late review, for due_date
           min(CASE WHEN NOT on_time AND (due >= $period_start OR $review_scope = 'period_of_care')
                    THEN due END) AS first_late_due
    FROM judged
    GROUP BY la, child_id
),
next_due AS (
    -- when the next review falls due after the last one held (for a child with no review yet whose
    -- start is known, the first review's deadline has passed: they are in the cohort because of it)
    SELECT c.la, c.child_id, c.period_start, c.start_known, c.child_overlaps, s.reviews, s.last_review,
           s.first_late_review, s.late_before_period, s.first_late_due, cd.date AS first_review_deadline,
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
    LEFT JOIN calendar cd ON cd.wd_index = cs.wd_index + $first_review_wd AND cd.is_working_day
)
SELECT la, child_id, period_start, start_known, coalesce(reviews, 0) AS reviews, last_review,
       first_late_review, next_review_due,
       CASE WHEN NOT child_overlaps
            THEN first_late_review IS NULL AND next_review_due IS NOT NULL AND $period_end <= next_review_due
       END AS in_numerator,
       -- late reviews that fell due before the period: not judged in it (review_scope 'period')
       coalesce(late_before_period, 0) AS late_before_period,
       CASE WHEN child_overlaps THEN 'overlapping episodes (DfE rule 501)' END AS unknown_reason,
       -- the first deadline missed (a late review's, else the next review's; the first review's when
       -- none was held) and the days past it, to that review or, while none is held, to the period's end
       coalesce(first_late_due, next_review_due, first_review_deadline) AS due_date,
       greatest(date_diff('day', coalesce(first_late_due, next_review_due, first_review_deadline),
                          coalesce(first_late_review, $period_end)), 0) AS days_over
FROM next_due
