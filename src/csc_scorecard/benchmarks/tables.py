"""The store's tables of published comparison data.

Published benchmarks are not child-level returns, so they live beside the
canonical model rather than in store/schema.py. Every row names the file it
came from; loading a file again deletes that file's rows first, so a reload
changes nothing and a newer download under the same name replaces the old.

* ``bench_file``       one row per loaded file: kind, path, hash, when, rows.
* ``bench_value``      one published figure: source (ees | lait), file,
                       measure (LAIT ``Short Desc`` or the EES column), the
                       EES filter values as JSON ('{}' when none), the
                       geography (level england | region | la, la_code = the
                       three-digit DfE code, ons_code, area_name, region), the
                       year (of the 31 March it ends on, or the end of the
                       academic / calendar year), the label as published and
                       the value; a suppressed or missing value is NULL with
                       its symbol kept in ``value_code`` ('c', 'x', 'z', '-' ...).
* ``bench_measure``    what a measure is: title, polarity (up | down | context,
                       from LAIT's dictionary where it has one), year type.
* ``bench_neighbour``  statistical neighbours: model (file stem), LA, rank
                       1-10, neighbour, closeness band; ``current`` is false for
                       LAs listed under a file's "Old SNs" (pre-reorganisation).
* ``bench_population`` ONS mid-year estimates of children aged 0-17; ``year``
                       is the 31 March year the estimate serves as denominator
                       for (DfE divides 2024-25 counts by the mid-2024 estimate).
* ``bench_ofsted``     each LA's latest ILACS judgements.
"""

from __future__ import annotations

import weakref

import duckdb

from ..store.database import is_read_only

DDL = """
CREATE TABLE IF NOT EXISTS bench_file (
    file VARCHAR, kind VARCHAR, path VARCHAR, sha256 VARCHAR, loaded_at TIMESTAMP, rows BIGINT);
CREATE TABLE IF NOT EXISTS bench_value (
    source VARCHAR, file VARCHAR, measure VARCHAR, filters VARCHAR,
    level VARCHAR, la_code VARCHAR, ons_code VARCHAR, area_name VARCHAR, region VARCHAR,
    year INTEGER, year_label VARCHAR, value DOUBLE, value_code VARCHAR);
CREATE TABLE IF NOT EXISTS bench_measure (
    source VARCHAR, file VARCHAR, measure VARCHAR, filters VARCHAR, title VARCHAR,
    polarity VARCHAR, year_type VARCHAR, quartiles BOOLEAN, decimals INTEGER, description VARCHAR);
CREATE TABLE IF NOT EXISTS bench_neighbour (
    model VARCHAR, file VARCHAR, la_code VARCHAR, la_name VARCHAR, region VARCHAR,
    neighbour_rank INTEGER, neighbour_la VARCHAR, band VARCHAR, current BOOLEAN);
CREATE TABLE IF NOT EXISTS bench_population (
    file VARCHAR, level VARCHAR, la_code VARCHAR, ons_code VARCHAR, area_name VARCHAR, region VARCHAR,
    mid_year INTEGER, year INTEGER, population BIGINT, value_code VARCHAR);
CREATE TABLE IF NOT EXISTS bench_ofsted (
    file VARCHAR, ons_code VARCHAR, la_code VARCHAR, la_name VARCHAR, ofsted_region VARCHAR,
    inspection_date DATE, publication_date DATE, overall VARCHAR, leaders VARCHAR,
    help_and_protection VARCHAR, children_in_care VARCHAR, care_leavers VARCHAR);
"""

DATA_TABLES = ("bench_value", "bench_measure", "bench_neighbour", "bench_population", "bench_ofsted")

# The nine English regions with their ONS codes. Inner and Outer London are
# published as sub-regions; an LA's region is always one of these nine.
REGIONS = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "London": "E12000007",
    "South East": "E12000008",
    "South West": "E12000009",
}
SUB_REGIONS = {"Inner London": "E13000001", "Outer London": "E13000002"}

# Spellings seen in the published files -> the name used here.
_REGION_SPELLINGS = {name.lower(): name for name in [*REGIONS, *SUB_REGIONS]}
_REGION_SPELLINGS.update({
    "yorkshire and the humber": "Yorkshire and The Humber",
    "london (inner)": "Inner London",
    "london (outer)": "Outer London",
    "east": "East of England",
})


def region_name(text: str | None) -> str | None:
    """The standard spelling of a region or London sub-region name (None if not one)."""
    if text is None:
        return None
    return _REGION_SPELLINGS.get(str(text).strip().lower())


def la_region(text: str | None) -> str | None:
    """An LA's region: one of the nine (Inner and Outer London are London)."""
    name = region_name(text)
    return "London" if name in SUB_REGIONS else name


def region_sql(expr: str) -> str:
    """SQL giving the standard region name for ``expr`` (same rules as region_name)."""
    cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _REGION_SPELLINGS.items())
    return f"(CASE lower(trim({expr})) {cases} ELSE NULL END)"


def la_region_sql(expr: str) -> str:
    name = region_sql(expr)
    return f"(CASE WHEN {name} IN ('Inner London', 'Outer London') THEN 'London' ELSE {name} END)"


def la_code_sql(expr: str) -> str:
    """SQL turning a DfE LA number given as text or a float ('310', 310.0) into '310'."""
    number = f"try_cast(trim(CAST({expr} AS VARCHAR)) AS DOUBLE)"
    return (f"(CASE WHEN {number} IS NULL THEN NULL "
            f"ELSE lpad(CAST(CAST({number} AS INTEGER) AS VARCHAR), 3, '0') END)")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


_HAS_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # read-only connection -> answer


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether published benchmarks were ever loaded. Asked about 100 times per report (each
    comparator): a read-only connection's answer cannot change, so it is asked of DuckDB once."""
    known = _HAS_TABLES.get(con)
    if known is not None:
        return known
    found = bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'bench_value'").fetchone()[0])
    if is_read_only(con):
        _HAS_TABLES[con] = found
    return found


def forget_file(con: duckdb.DuckDBPyConnection, file: str) -> None:
    """Delete every row a file brought, so that loading it again replaces them."""
    for table in DATA_TABLES:
        con.execute(f"DELETE FROM {table} WHERE file = ?", [file])
    con.execute("DELETE FROM bench_file WHERE file = ?", [file])
