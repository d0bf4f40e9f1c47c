-- Child protection plans open at the as-at date (CIN census) and when their next review conference
-- is due: $cp_first_review_months months after the start before the first review, then
-- $cp_review_months months after the latest (the settings of cp-reviews-in-time).
WITH plans AS (
    SELECT p.la, p.child_id, p.referral_date, p.cpp_start_date, x.as_at
    FROM cp_plan p
    JOIN _as_at x ON x.la = p.la
    WHERE p.cpp_start_date <= x.as_at AND (p.cpp_end_date IS NULL OR p.cpp_end_date > x.as_at)
),
held AS (
    SELECT p.la, p.child_id, p.referral_date, p.cpp_start_date, max(r.cpp_review_date) AS last_review_date
    FROM plans p
    JOIN cp_review r
      ON r.la = p.la AND r.child_id = p.child_id AND r.referral_date = p.referral_date
     AND r.cpp_start_date = p.cpp_start_date
    WHERE r.cpp_review_date >= p.cpp_start_date AND r.cpp_review_date <= p.as_at
    GROUP BY p.la, p.child_id, p.referral_date, p.cpp_start_date
)
SELECT p.la, p.child_id, p.referral_date, p.cpp_start_date, h.last_review_date,
       p.as_at AS data_as_at,
       coalesce(CAST(h.last_review_date + $cp_review_months * INTERVAL 1 MONTH AS DATE),
                CAST(p.cpp_start_date + $cp_first_review_months * INTERVAL 1 MONTH AS DATE)) AS due_date
FROM plans p
LEFT JOIN held h
  ON h.la = p.la AND h.child_id = p.child_id AND h.referral_date = p.referral_date
 AND h.cpp_start_date = p.cpp_start_date
