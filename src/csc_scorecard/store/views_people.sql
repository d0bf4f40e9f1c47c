-- Who a child is allocated to and who the child is: the groups managers' work lists and the
-- indicator breakdowns (scorecard indicators --by ...) use. Created with views.sql (store/views.py);
-- the same rules: no parameters, portable SQL, each statement starts CREATE OR REPLACE VIEW <name> AS.


-- child_allocation: the team and worker a child is (or was) allocated to, one row per allocation.
--   la, child_id, team, worker, from_date, to_date (inclusive; NULL while current or not known),
--   source ('allocation extract' or 'Annex A'), as_at (the Annex A extract date; NULL for the extract).
-- An LA that loaded a local allocation extract (docs/local-extracts.md) has its history, so the worker
-- at the time of an event can be found. An LA without one gets the allocated team and worker of its
-- latest Annex A extract (Lists 3-9 carry them), with no dates: the current allocation, not a history.
-- A child on several lists takes the row of an open case first, then the list that says most about
-- who holds the case now: looked after (8), child protection (7), child in need (6), care leaver (9),
-- section 47 (5), assessment (4), referral (3); within a list the lowest row of the sheet.
-- A child on no list, or with both columns empty, has no row here: team and worker are unknown.
CREATE OR REPLACE VIEW child_allocation AS
WITH extract_las AS (
    SELECT DISTINCT la FROM allocation
),
annex AS (
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number AS sheet_row,
           1 AS list_rank, cla_end_date IS NULL AS is_open
    FROM annex_a_cla
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number,
           2, cpp_end_date IS NULL
    FROM annex_a_cp
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number,
           3, cin_closure_date IS NULL
    FROM annex_a_cin
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number, 4, TRUE
    FROM annex_a_care_leavers
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number,
           5, icpc_date IS NULL
    FROM annex_a_section47
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number,
           6, assessment_authorisation_date IS NULL
    FROM annex_a_assessments
    UNION ALL
    SELECT la, extract_date, child_id, allocated_team, allocated_worker, row_number, 7, FALSE
    FROM annex_a_referrals
),
latest_annex AS (
    SELECT la, max(extract_date) AS extract_date FROM annex GROUP BY la
),
annex_pick AS (
    SELECT a.la, a.child_id, a.allocated_team, a.allocated_worker, a.extract_date,
           row_number() OVER (PARTITION BY a.la, a.child_id
                              ORDER BY CASE WHEN a.is_open THEN 0 ELSE 1 END, a.list_rank, a.sheet_row DESC)
               AS pick
    FROM annex a
    JOIN latest_annex l ON l.la = a.la AND l.extract_date = a.extract_date
    WHERE a.child_id IS NOT NULL
      AND (a.allocated_team IS NOT NULL OR a.allocated_worker IS NOT NULL)
      AND a.la NOT IN (SELECT la FROM extract_las)
)
SELECT la, child_id, team, worker, from_date, to_date,
       'allocation extract' AS source, CAST(NULL AS DATE) AS as_at
FROM allocation
UNION ALL
SELECT la, child_id, allocated_team, allocated_worker, CAST(NULL AS DATE), CAST(NULL AS DATE),
       'Annex A', extract_date
FROM annex_pick
WHERE pick = 1;


-- child_characteristics: one row per LA and child, for breakdowns.
--   sex (M, F, U), ethnicity (the code), ethnic_group (DfE's major groups, as the CLA and CIN
--   statistics publish them), dob, disabled (TRUE / FALSE / NULL = not known), uasc (likewise).
-- Sex, ethnicity and date of birth from the latest return that holds the child (the CIN census
-- before the SSDA903 in the same year). Disabled: the CIN census's disability codes (any code but
-- NONE), else Annex A's yes/no; not known for a child in neither. UASC: an SSDA903 UASC row, else
-- Annex A List 8; a child in the SSDA903 with no UASC row is not UASC; unknown elsewhere.
CREATE OR REPLACE VIEW child_characteristics AS
WITH people AS (
    SELECT la, child_id, sex, ethnicity, coalesce(dob, expected_dob) AS dob,
           row_number() OVER (PARTITION BY la, child_id
                              ORDER BY collection_year DESC,
                                       CASE WHEN source_return = 'cin' THEN 0 ELSE 1 END) AS pick
    FROM child
    WHERE child_id IS NOT NULL
),
cin_disability AS (
    SELECT la, child_id, max(CASE WHEN upper(disability) <> 'NONE' THEN 1 ELSE 0 END) = 1 AS disabled
    FROM disability
    GROUP BY la, child_id
),
annex_flags AS (
    SELECT la, child_id, max(CAST(disability AS INTEGER)) AS disabled, max(CAST(uasc AS INTEGER)) AS uasc
    FROM (SELECT la, child_id, disability, uasc_12m AS uasc FROM annex_a_cla
          UNION ALL SELECT la, child_id, disability, uasc_or_former_uasc FROM annex_a_care_leavers
          UNION ALL SELECT la, child_id, disability, CAST(NULL AS BOOLEAN) FROM annex_a_cp
          UNION ALL SELECT la, child_id, disability, CAST(NULL AS BOOLEAN) FROM annex_a_cin) a
    GROUP BY la, child_id
),
in_903 AS (
    SELECT DISTINCT la, child_id FROM cla_episode
),
uasc_903 AS (
    SELECT DISTINCT la, child_id FROM uasc
),
everyone AS (
    SELECT la, child_id FROM people
    UNION SELECT la, child_id FROM annex_flags
)
SELECT e.la, e.child_id,
       p.sex,
       p.ethnicity,
       CASE
           WHEN p.ethnicity IN ('WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM') THEN 'White'
           WHEN p.ethnicity IN ('MWBC', 'MWBA', 'MWAS', 'MOTH') THEN 'Mixed or Multiple ethnic groups'
           WHEN p.ethnicity IN ('AIND', 'APKN', 'ABAN', 'AOTH') THEN 'Asian or Asian British'
           WHEN p.ethnicity IN ('BCRB', 'BAFR', 'BOTH') THEN 'Black, African, Caribbean or Black British'
           WHEN p.ethnicity IN ('CHNE', 'OOTH') THEN 'Other ethnic group'
           WHEN p.ethnicity IN ('REFU', 'NOBT') THEN 'Refused or information not yet obtained'
       END AS ethnic_group,
       p.dob,
       coalesce(d.disabled, CASE a.disabled WHEN 1 THEN TRUE WHEN 0 THEN FALSE END) AS disabled,
       CASE WHEN u.child_id IS NOT NULL THEN TRUE
            WHEN a.uasc = 1 THEN TRUE
            WHEN c.child_id IS NOT NULL OR a.uasc = 0 THEN FALSE
       END AS uasc
FROM everyone e
LEFT JOIN people p ON p.la = e.la AND p.child_id = e.child_id AND p.pick = 1
LEFT JOIN cin_disability d ON d.la = e.la AND d.child_id = e.child_id
LEFT JOIN annex_flags a ON a.la = e.la AND a.child_id = e.child_id
LEFT JOIN in_903 c ON c.la = e.la AND c.child_id = e.child_id
LEFT JOIN uasc_903 u ON u.la = e.la AND u.child_id = e.child_id;
