-- One row per child protection plan open at the end of the period and open
-- for at least 3 months by then. Each review is due within 6 months of the
-- previous one (the first within 3 months of the start); the plan is in time
-- when it has a review, none was late, and the next is not yet overdue.
WITH plans AS (
    SELECT la, child_id, referral_date, cpp_start_date,
           CAST(cpp_start_date + $cp_first_review_months * INTERVAL 1 MONTH AS DATE) AS first_review_due
    FROM cp_plan
    WHERE cpp_start_date <= $period_end
      AND (cpp_end_date IS NULL OR cpp_end_date > $period_end)
      AND CAST(cpp_start_date + $cp_first_review_months * INTERVAL 1 MONTH AS DATE) <= $period_end
),
reviews AS (
    SELECT p.la, p.child_id, p.referral_date, p.cpp_start_date, r.cpp_review_date,
           coalesce(CAST(lag(r.cpp_review_date) OVER w + $cp_review_months * INTERVAL 1 MONTH AS DATE),
                    p.first_review_due) AS due
    FROM plans p
    JOIN cp_review r
      ON r.la = p.la AND r.child_id = p.child_id AND r.referral_date = p.referral_date
     AND r.cpp_start_date = p.cpp_start_date
    WHERE r.cpp_review_date >= p.cpp_start_date
      AND r.cpp_review_date <= $period_end
    WINDOW w AS (PARTITION BY p.la, p.child_id, p.referral_date, p.cpp_start_date ORDER BY r.cpp_review_date)
),
held AS (
    SELECT la, child_id, referral_date, cpp_start_date,
           count(*) AS reviews,
           min(cpp_review_date) AS first_review_date,
           max(cpp_review_date) AS last_review_date,
           min(cpp_review_date) FILTER (WHERE cpp_review_date > due) AS first_late_review_date,
           min(due) FILTER (WHERE cpp_review_date > due) AS first_late_review_due
    FROM reviews
    GROUP BY la, child_id, referral_date, cpp_start_date
)
SELECT p.la,
       p.child_id,
       p.referral_date,
       p.cpp_start_date,
       coalesce(h.reviews, 0) AS reviews,
       h.first_review_date,
       h.last_review_date,
       h.first_late_review_date,
       coalesce(CAST(h.last_review_date + $cp_review_months * INTERVAL 1 MONTH AS DATE), p.first_review_due)
           AS next_review_due,
       h.reviews IS NOT NULL
           AND h.first_late_review_date IS NULL
           AND $period_end <= CAST(h.last_review_date + $cp_review_months * INTERVAL 1 MONTH AS DATE) AS in_numerator,
       -- the deadline the plan missed first (a late review's, else the next review's) and the days past it,
       -- to that review or, while none is held, to the period's end
       coalesce(h.first_late_review_due,
                CAST(h.last_review_date + $cp_review_months * INTERVAL 1 MONTH AS DATE), p.first_review_due)
           AS due_date,
       greatest(date_diff('day', coalesce(h.first_late_review_due,
                                          CAST(h.last_review_date + $cp_review_months * INTERVAL 1 MONTH AS DATE),
                                          p.first_review_due),
                          coalesce(h.first_late_review_date, $period_end)), 0) AS days_over
FROM plans p
LEFT JOIN held h
  ON h.la = p.la AND h.child_id = p.child_id AND h.referral_date = p.referral_date
 AND h.cpp_start_date = p.cpp_start_date
