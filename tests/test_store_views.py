"""The store's shared SQL building blocks (store/views.sql), on small hand-built histories.

The indicator cases (tests/test_catalogue.py) check the figures built on these views; these tests
check the views' own columns, and that a store made before the views (or with older ones) gets the
current definitions, also when opened read-only.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from csc_scorecard.store import database, views

D = date.fromisoformat

# Child A: one period of care of four episodes (two placements), a short break, then two more
# periods of care: one ended with X1 but the next episode starts a day later, so the chain breaks.
EPISODES = [
    # child, decom, rne, ls, place, dec, rec
    ("A", "2020-01-01", "S", "C2", "U1", "2020-03-01", "X1"),
    ("A", "2020-03-01", "P", "C2", "U2", "2020-06-01", "X1"),   # new placement, same period of care
    ("A", "2020-06-01", "L", "E1", "U2", "2020-09-01", "X1"),   # legal status only: same placement
    ("A", "2020-09-01", "T", "E1", "U3", "2021-01-01", "E4A"),  # same carers: same placement
    ("A", "2021-02-01", "S", "V3", "U1", "2021-02-03", "E13"),  # short breaks: left out
    ("A", "2021-03-01", "S", "V4", "U1", "2021-03-02", "E13"),
    ("A", "2021-05-01", "S", "C2", "U1", "2021-06-01", "X1"),
    ("A", "2021-06-02", "P", "C2", "U4", None, None),          # not the day A's last one ended
    ("A", None, "S", "C2", "U1", None, None),                  # no start date: left out
    ("B", "2019-01-01", "S", "C2", "U1", "2019-06-01", "X1"),
    ("C", "2022-01-01", "S", "C2", "U1", "2022-02-01", "X1"),
    ("C", "2022-02-01", "S", "C2", "U1", None, None),           # RNE S starts a period of care anyway
    ("B", "2019-06-01", "P", "E1", "A5", "2020-04-01", "E11"),  # 1 April: the 2020-21 return's AD1
]

CARE_COLUMNS = ("child_id", "decom", "episode_no", "is_first_of_poc", "poc_no", "poc_start", "is_last_of_poc",
                "placement_no", "placement_start", "placement_end")


def fill(con: duckdb.DuckDBPyConnection) -> None:
    for child, decom, rne, ls, place, dec, rec in EPISODES:
        con.execute(
            "INSERT INTO cla_episode (la, source_return, child_id, decom, rne, ls, place, dec, rec) "
            "VALUES ('999', 'ssda903', ?, ?, ?, ?, ?, ?, ?)", [child, decom, rne, ls, place, dec, rec])
    con.execute("""INSERT INTO ad1 (la, source_return, collection_year, child_id, foster_care, date_match)
                   VALUES ('999', 'ssda903', 2021, 'B', 0, DATE '2019-12-01'),
                          ('999', 'ssda903', 2020, 'B', 1, DATE '2019-10-01')""")  # another year's AD1
    con.execute("""INSERT INTO src_ad1 (la, source_return, collection_year, child_id, foster_care, date_match)
                   VALUES ('999', 'ssda903', 2021, 'B', 0, DATE '2019-12-01')""")
    con.execute("""INSERT INTO child (la, source_return, child_id, dob) VALUES
                   ('999', 'ssda903', 'Y', DATE '2005-04-01'), ('999', 'ssda903', 'Y', DATE '2005-06-01'),
                   ('999', 'cin', 'Y', DATE '2004-01-01')""")
    con.execute("""INSERT INTO oc3 (la, source_return, collection_year, child_id, dob, in_touch, activ, accom)
                   VALUES ('999', 'ssda903', 2025, 'Y', NULL, ' yes', 'P1', 'A1'),
                          ('999', 'ssda903', 2025, 'Y', NULL, 'NO', 'F2 ', 'T2'),
                          ('999', 'ssda903', 2024, 'Y', DATE '2005-05-05', 'YES', 'G6', 'B1')""")


@pytest.fixture()
def store(tmp_path):
    con = database.connect(tmp_path / "store.duckdb")
    fill(con)
    yield con
    con.close()


def care_rows(con) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(CARE_COLUMNS)} FROM cla_episode_care ORDER BY child_id, episode_no"
                       ).fetchall()


EXPECTED_CARE = [
    ("A", D("2020-01-01"), 1, True, 1, D("2020-01-01"), False, 1, D("2020-01-01"), D("2020-03-01")),
    ("A", D("2020-03-01"), 2, False, 1, D("2020-01-01"), False, 2, D("2020-03-01"), D("2021-01-01")),
    ("A", D("2020-06-01"), 3, False, 1, D("2020-01-01"), False, 2, D("2020-03-01"), D("2021-01-01")),
    ("A", D("2020-09-01"), 4, False, 1, D("2020-01-01"), True, 2, D("2020-03-01"), D("2021-01-01")),
    ("A", D("2021-05-01"), 5, True, 2, D("2021-05-01"), True, 3, D("2021-05-01"), D("2021-06-01")),
    ("A", D("2021-06-02"), 6, True, 3, D("2021-06-02"), True, 4, D("2021-06-02"), None),
    ("B", D("2019-01-01"), 1, True, 1, D("2019-01-01"), False, 1, D("2019-01-01"), D("2019-06-01")),
    ("B", D("2019-06-01"), 2, False, 1, D("2019-01-01"), True, 2, D("2019-06-01"), D("2020-04-01")),
    ("C", D("2022-01-01"), 1, True, 1, D("2022-01-01"), True, 1, D("2022-01-01"), D("2022-02-01")),
    ("C", D("2022-02-01"), 2, True, 2, D("2022-02-01"), True, 2, D("2022-02-01"), None),
]


def test_periods_of_care_and_placements(store):
    assert care_rows(store) == EXPECTED_CARE


def test_short_breaks_and_undated_episodes_are_left_out(store):
    rows = store.execute("SELECT child_id, decom FROM cla_episode_no_short_breaks ORDER BY 1, 2").fetchall()
    assert len(rows) == 10 and all(d is not None for _, d in rows)
    assert ("A", D("2021-02-01")) not in rows and ("A", D("2021-03-01")) not in rows


def test_adoption_takes_the_ad1_row_of_the_year_of_the_adoption(store):
    assert store.execute("SELECT * FROM cla_adoption").fetchall() == [
        ("999", "B", 1, D("2019-01-01"), D("2020-04-01"), "E11", 0, D("2019-12-01"), True, 2021, True)]


def test_care_leaver_once_a_year_with_the_header_dob(store):
    assert store.execute("SELECT * FROM ssda903_child_dob").fetchall() == [("999", "Y", D("2005-04-01"))]
    assert store.execute("SELECT collection_year, dob, in_touch, activ, accom FROM oc3_care_leaver ORDER BY 1"
                         ).fetchall() == [(2024, D("2005-05-05"), "YES", "G6", "B1"),
                                          (2025, D("2005-04-01"), "NO", "F2", "T2")]  # 'F2 ' sorts first


def forget_views(path) -> None:
    """Make the store look like one written before the views existed."""
    con = duckdb.connect(str(path))
    for name in reversed(views.NAMES):
        con.execute(f"DROP VIEW {name}")
    con.execute("DELETE FROM meta WHERE key = 'views_version'")
    con.close()


def stored_views(path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT temporary "
                                          "AND NOT internal").fetchall()}
    finally:
        con.close()


def test_a_store_from_before_the_views_gets_them(tmp_path):
    path = tmp_path / "old.duckdb"
    con = database.connect(path)
    fill(con)
    con.close()
    assert stored_views(path) == set(views.NAMES)
    forget_views(path)
    assert stored_views(path) == set()

    con = database.connect(path, read_only=True)  # cannot write: the views live on the connection
    assert care_rows(con) == EXPECTED_CARE
    con.close()
    assert stored_views(path) == set()

    con = database.connect(path)  # a writable connection stores them
    assert views.current(con)
    con.close()
    assert stored_views(path) == set(views.NAMES)


def test_older_view_definitions_are_replaced(tmp_path):
    path = tmp_path / "stale.duckdb"
    con = database.connect(path)
    fill(con)
    con.execute("CREATE OR REPLACE VIEW cla_episode_no_short_breaks AS SELECT * FROM cla_episode WHERE FALSE")
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'views_version'")
    con.close()

    con = database.connect(path, read_only=True)
    assert care_rows(con) == EXPECTED_CARE  # the current definition, not the stored one
    con.close()
    con = database.connect(path)
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM cla_episode_no_short_breaks").fetchone()[0] == 10
    con.close()


# -- the definitions of INDICATORS.md "Conventions", on their own small histories ---------------------
DEFINITIONS = [
    # child, decom, rne, ls, place, dec, rec
    # O: a second episode starts inside the first (DfE rule 501)
    ("O", "2020-01-01", "S", "C2", "U1", "2020-06-01", "E4A"),
    ("O", "2020-03-01", "S", "C2", "U2", None, None),
    # Z: an episode lasting no time on the day the next starts is no overlap
    ("Z", "2020-01-01", "S", "L2", "U1", "2020-01-01", "X1"),
    ("Z", "2020-01-01", "L", "C2", "U1", None, None),
    # N: overlapping chains; the row before N's third episode (1 Mar, ended E4A) is another chain's:
    # the third continues the first, which ended into it with X1
    ("N", "2020-01-01", "S", "C2", "U1", "2020-05-01", "X1"),
    ("N", "2020-03-01", "P", "C2", "U2", "2020-04-01", "E4A"),
    ("N", "2020-05-01", "L", "C1", "U1", None, None),
    # G: X1 then a 9-day gap: no ceasing; the episode after the gap starts a period of care
    ("G", "2021-01-01", "S", "C2", "U1", "2021-06-01", "X1"),
    ("G", "2021-06-10", "L", "C2", "U1", None, None),
    # B1: a short break spanning 1 April turns into full-time care (RNE L) with the same carers
    ("B1", "2024-03-25", "S", "V3", "U6", "2024-04-03", "X1"),
    ("B1", "2024-04-03", "L", "C2", "U6", "2024-09-01", "X1"),
    ("B1", "2024-09-01", "P", "C2", "U4", None, None),
    # H: the earliest loaded return is 2020-21 (history from 1 Apr 2020): H's first episode began
    # before it and is not a start (L): its period of care may have begun earlier. H2 began with S.
    ("H", "2019-06-01", "L", "C2", "U1", None, None),
    ("H2", "2019-06-01", "S", "C2", "U1", None, None),
    # E: left care (E13) and an episode starts the same day: the ending is a ceasing
    ("E", "2022-01-01", "S", "C2", "U1", "2022-05-01", "E13"),
    ("E", "2022-05-01", "P", "C2", "U4", None, None),
]


@pytest.fixture()
def definitions(tmp_path):
    con = database.connect(tmp_path / "definitions.duckdb")
    for child, decom, rne, ls, place, dec, rec in DEFINITIONS:
        con.execute(
            "INSERT INTO cla_episode (la, source_return, child_id, decom, rne, ls, place, dec, rec) "
            "VALUES ('999', 'ssda903', ?, ?, ?, ?, ?, ?, ?)", [child, decom, rne, ls, place, dec, rec])
    con.execute("INSERT INTO src_cla_episode (la, source_return, collection_year, child_id, decom) "
                "VALUES ('999', 'ssda903', 2021, 'H', DATE '2019-06-01'), ('999', 'ssda903', 2022, 'H', "
                "DATE '2019-06-01')")
    yield con
    con.close()


def care(con, child: str, *columns: str) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(columns)} FROM cla_episode_care WHERE child_id = ? ORDER BY episode_no",
                       [child]).fetchall()


def test_overlapping_episodes_are_listed_per_child(definitions):
    assert definitions.execute("SELECT * FROM cla_child_overlap ORDER BY child_id").fetchall() == [
        ("999", "N", 1, D("2020-03-01")),   # 1 Mar inside 1 Jan - 1 May; 1 May starts as the first ends
        ("999", "O", 1, D("2020-03-01"))]


def test_a_period_of_care_continues_where_some_earlier_episode_ended_into_it_with_x1(definitions):
    assert care(definitions, "N", "decom", "is_first_of_poc", "starts_placement") == [
        (D("2020-01-01"), True, True), (D("2020-03-01"), True, True), (D("2020-05-01"), False, False)]
    assert care(definitions, "Z", "is_first_of_poc", "poc_no", "placement_no") == [(True, 1, 1), (False, 1, 1)]


def test_x1_followed_by_a_gap_is_not_a_ceasing(definitions):
    assert care(definitions, "G", "is_first_of_poc", "poc_no", "is_last_of_poc", "is_ceasing", "placement_no") == [
        (True, 1, True, False, 1), (True, 2, True, False, 2)]
    assert care(definitions, "E", "is_first_of_poc", "is_ceasing", "placement_no") == [
        (True, True, 1), (True, False, 2)]


def test_a_short_break_that_turns_into_full_time_care_is_the_same_placement(definitions):
    assert care(definitions, "B1", "decom", "is_first_of_poc", "poc_start", "placement_no", "placement_start",
                "placement_end") == [
        (D("2024-04-03"), True, D("2024-04-03"), 1, D("2024-03-25"), D("2024-09-01")),
        (D("2024-09-01"), False, D("2024-04-03"), 2, D("2024-09-01"), None)]


def test_a_period_of_care_begun_before_the_loaded_history_has_an_unknown_start(definitions):
    assert definitions.execute("SELECT * FROM cla_history_start").fetchall() == [("999", 2021, D("2020-04-01"))]
    assert care(definitions, "H", "poc_start", "poc_start_known") == [(D("2019-06-01"), False)]
    assert care(definitions, "H2", "poc_start_known") == [(True,)]
    assert care(definitions, "G", "poc_start_known") == [(True,), (True,)]  # within the history: known


def test_an_overlap_that_only_appears_once_two_years_are_merged(tmp_path):
    """2023-24 gives K's episode from 1 Feb 2024, open; 2024-25 gives it from 15 Feb 2024 (a corrected
    start): the merged history holds both, and they overlap."""
    from csc_scorecard.project import Project

    header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK,1,01/01/2015,WBRI,A123456789012,,\n"
    columns = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    for year, row in (("2023-24", "K,01/02/2024,S,C2,N1,U4,PR1,,,,,,\n"),
                      ("2024-25", "K,15/02/2024,S,C2,N1,U4,PR1,01/10/2024,E4A,,,,\n")):
        folder = tmp_path / "903" / year
        folder.mkdir(parents=True)
        (folder / "header.csv").write_text(header)
        (folder / "episodes.csv").write_text(columns + row)
    project = Project(tmp_path / "store.duckdb")
    assert project.load([tmp_path / "903"], la="201").ok
    con = project.connect()
    try:
        assert con.execute("SELECT * FROM cla_child_overlap").fetchall() == [("201", "K", 1, D("2024-02-15"))]
    finally:
        con.close()
