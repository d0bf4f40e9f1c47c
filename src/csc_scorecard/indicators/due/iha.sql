-- Children who started to be looked after (SSDA903 RNE S, short breaks left out), are still looked
-- after at the as-at date, and have no initial health assessment on or after that start in the
-- local extract: each due $iha_wd working days after the start. Only starts on or after the extract's
-- earliest assessment: of a child in care since before the extract reaches back, it cannot say whether an
-- assessment was held, and a list of years-old "overdue" starts hides the ones a manager can act on.
WITH coverage AS (
    SELECT la, min(health_assessment_date) AS first_date FROM health_assessment GROUP BY la
),
looked_after AS (
    SELECT DISTINCT e.la, e.child_id, x.as_at
    FROM cla_episode_no_short_breaks e
    JOIN _as_at x ON x.la = e.la
    WHERE e.decom <= x.as_at AND (e.dec IS NULL OR e.dec > x.as_at)
),
latest_start AS (
    SELECT l.la, l.child_id, l.as_at, max(e.decom) AS decom
    FROM looked_after l
    JOIN cla_episode_no_short_breaks e ON e.la = l.la AND e.child_id = l.child_id
    WHERE e.rne = 'S' AND e.decom <= l.as_at
    GROUP BY l.la, l.child_id, l.as_at
)
SELECT s.la, s.child_id, s.decom, s.as_at AS data_as_at, cd.date AS due_date
FROM latest_start s
JOIN coverage v ON v.la = s.la AND s.decom >= v.first_date
JOIN calendar cs ON cs.date = s.decom
JOIN calendar cd ON cd.wd_index = cs.wd_index + $iha_wd AND cd.is_working_day
WHERE NOT EXISTS (
    SELECT 1 FROM health_assessment h
    WHERE h.la = s.la AND h.child_id = s.child_id AND h.assessment_type = 'initial'
      AND h.health_assessment_date >= s.decom AND h.health_assessment_date <= s.as_at)
