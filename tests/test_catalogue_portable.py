"""The indicator SQL stays portable (DESIGN.md, "Scale").

Where the data lives in Spark/Databricks the same catalogue is run there, its
DuckDB SQL transpiled by SQLGlot. DuckDB-only shorthand either passes through
SQLGlot untouched (and then fails, or means something else, in Spark) or is not
standard SQL. This test scans every built-in catalogue query and the shared
store views for the constructs that were taken out, so they do not creep back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import csc_scorecard

PACKAGE = Path(csc_scorecard.__file__).parent
SQL_FILES = sorted((PACKAGE / "indicators" / "catalogue").glob("*/*.sql")) + [
    PACKAGE / "store" / "views.sql", PACKAGE / "store" / "views_people.sql"
] + sorted((PACKAGE / "indicators" / "due").glob("*.sql"))

# (name, pattern, why it is avoided and what to write instead)
NON_PORTABLE: list[tuple[str, re.Pattern[str], str]] = [
    # DuckDB/Databricks extension, not standard SQL: list the grouping columns.
    ("GROUP BY ALL / ORDER BY ALL", re.compile(r"\b(GROUP|ORDER)\s+BY\s+ALL\b", re.I),
     "write the columns out: GROUP BY la, child_id"),
    # Not standard; SQLGlot cannot always rewrite it: filter a window column in an outer WHERE.
    ("QUALIFY", re.compile(r"\bQUALIFY\b", re.I),
     "compute row_number() in a subquery and filter it with WHERE"),
    # SELECT * EXCLUDE (...) / * REPLACE (...) are DuckDB star modifiers.
    ("* EXCLUDE / * REPLACE", re.compile(r"\*\s*(EXCLUDE|REPLACE)\s*\(", re.I),
     "name the columns you want"),
    # x::TYPE is PostgreSQL/DuckDB shorthand; the standard is CAST.
    (":: cast", re.compile(r"::"), "use CAST(x AS DATE)"),
    # to_months(n) etc. build DuckDB intervals; SQLGlot passes TO_MONTHS through to Spark,
    # which has no such function.
    ("to_years/to_months/to_days...", re.compile(
        r"\bto_(years|months|weeks|days|hours|minutes|seconds|microseconds|milliseconds)\s*\(", re.I),
     "multiply an interval: $n * INTERVAL 1 MONTH"),
    # year(x), month(x), day(x), dayofweek(x), isodow(x)...: DuckDB/Spark shorthand, not standard.
    ("year()/month()/day()/isodow()...", re.compile(
        r"\b(year|month|day|dayofweek|dayofmonth|dayofyear|isodow|isoyear|weekday|week|quarter)\s*\(",
        re.I),
     "use EXTRACT(YEAR FROM x); weekdays come from the calendar table"),
    # make_date(y, m, d) is not standard SQL (nor in SQL Server/Oracle).
    ("make_date", re.compile(r"\bmake_(date|timestamp|time)\s*\(", re.I),
     "add an INTERVAL to a DATE literal, then CAST(... AS DATE)"),
    # DuckDB's list/struct functions and lambdas have no common standard form.
    ("list/struct functions", re.compile(
        r"\b(list_\w+|array_\w+|struct_\w+|list|struct_pack|unnest|flatten)\s*\(|->", re.I),
     "keep one value per column; use joins/aggregates"),
    # strftime/strptime are DuckDB/SQLite names (Spark: date_format/to_date, different patterns).
    ("strftime/strptime", re.compile(r"\bstr[fp]time\s*\(", re.I), "compare DATE values, not strings"),
    # date_add / date_sub / datediff: argument order and meaning differ between DuckDB and Spark
    # (Spark datediff(end, start) counts end - start; DuckDB datediff(part, start, end)).
    # date_diff('day', start, end) is the one form used: SQLGlot rewrites it to Spark's DATEDIFF.
    ("date_add/date_sub/datediff", re.compile(r"\b(date_add|date_sub|datediff)\s*\(", re.I),
     "write date_diff('day', start, end), or date +/- INTERVAL"),
]

# One left-to-right pass, so that an apostrophe in a comment ("the child's") does not open a
# string, nor "--" inside a string a comment.
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


def non_portable(sql: str) -> list[str]:
    """The non-portable constructs used in `sql` (comments and string literals ignored)."""
    code = _COMMENT_OR_STRING.sub(lambda m: " " if m.group().startswith("--") else "''", sql)
    return [f"{name}: {why}" for name, pattern, why in NON_PORTABLE if pattern.search(code)]


def test_there_are_sql_files_to_scan():
    assert len(SQL_FILES) > 30
    assert all(p.is_file() for p in SQL_FILES)


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_catalogue_sql_is_portable(path):
    found = non_portable(path.read_text(encoding="utf-8"))
    assert not found, f"{path}: DuckDB-only SQL ({'; '.join(found)}); see docs/indicators.md"


@pytest.mark.parametrize(
    ("sql", "construct"),
    [
        ("SELECT la, count(*) FROM t GROUP BY ALL", "GROUP BY ALL"),
        ("SELECT * FROM t ORDER  BY all", "GROUP BY ALL"),
        ("SELECT * FROM t QUALIFY row_number() OVER (PARTITION BY la) = 1", "QUALIFY"),
        ("SELECT * EXCLUDE (dob) FROM child", "* EXCLUDE"),
        ("SELECT * REPLACE (upper(ls) AS ls) FROM e", "* EXCLUDE"),
        ("SELECT decom::DATE FROM e", ":: cast"),
        ("SELECT d + to_months($n) FROM t", "to_years"),
        ("SELECT * FROM t WHERE year($period_end) = 2024", "year()"),
        ("SELECT isodow(d) FROM t", "year()"),
        ("SELECT make_date(2024, 4, 1)", "make_date"),
        ("SELECT list_contains(codes, 'E1') FROM t", "list/struct"),
        ("SELECT list(child_id) FROM t", "list/struct"),
        ("SELECT list_transform(xs, x -> x + 1) FROM t", "list/struct"),
        ("SELECT strftime(d, '%Y') FROM t", "strftime"),
        ("SELECT datediff('day', a, b) FROM t", "date_add"),
        ("SELECT date_add(d, INTERVAL 1 DAY) FROM t", "date_add"),
    ],
)
def test_checker_catches_each_construct(sql, construct):
    found = non_portable(sql)
    assert len(found) == 1 and found[0].startswith(construct), found


def test_checker_passes_portable_sql_and_ignores_comments_and_strings():
    sql = """
        -- GROUP BY ALL, year(x) and x::DATE in a comment are fine; the child's comment
        SELECT la, child_id, count(*) AS n,
               CAST(decom AS DATE) AS decom,
               EXTRACT(YEAR FROM decom) AS y,
               date_diff('day', decom, dec) AS days,
               CAST(decom + 3 * INTERVAL 1 MONTH AS DATE) AS due,
               'QUALIFY :: make_date(' AS label
        FROM cla_episode
        WHERE decom > CAST($period_end - INTERVAL 3 YEAR AS DATE)
        GROUP BY la, child_id, decom, dec
    """
    assert non_portable(sql) == []


def test_checker_sees_code_after_an_apostrophe_in_a_comment():
    sql = "-- the child's episodes\nSELECT la FROM e GROUP BY ALL -- isn't portable\n"
    assert [f.split(":")[0] for f in non_portable(sql)] == ["GROUP BY ALL / ORDER BY ALL"]


def test_checker_fails_a_file_with_a_construct(tmp_path):
    bad = tmp_path / "bad.sql"
    bad.write_text("SELECT la, count(*) AS n\nFROM cp_plan\nGROUP BY ALL\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="GROUP BY ALL"):
        test_catalogue_sql_is_portable(bad)
