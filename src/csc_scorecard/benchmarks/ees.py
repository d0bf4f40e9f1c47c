"""DfE Explore Education Statistics (EES) downloads: tidy CSVs.

A file has one row per time period, geography and combination of filters,
and one column per measure::

    time_period,time_identifier,geographic_level,country_code,...,old_la_code,new_la_code,la_name,
    care_leaver_age,breakdown,care_leaver_count,care_leaver_percent

Quirks seen in the real downloads (../shared/data/benchmarks/ees):

* some files start with a UTF-8 byte-order mark; the column order differs
  between files (``la_name`` before or after ``new_la_code``);
* empty geography cells are sometimes quoted (``""``);
* values carry the DfE symbols instead of numbers: ``c`` suppressed, ``x``
  not available, ``z`` not applicable, ``k`` below 0.5, ``u`` low
  reliability, ``low``, ``:`` and ``..`` -> stored as NULL, symbol kept;
* ``time_period`` is a year (``2025``, for CSC the year ending 31 March) or
  a six-digit span (``202425``: academic or financial year 2024/25);
* Inner and Outer London are published as "Regional" rows beside London,
  and London boroughs' ``region_name`` is the sub-region;
* LAs abolished by reorganisation (Cumbria, Northamptonshire) still have
  rows in later years, full of ``x`` and ``z``;
* a file can be empty (a failed download) or not an EES file at all.

Which columns are measures and which are filters is not marked in the file
(EES ships that in a separate .meta.csv that LAs rarely keep): a column
whose every value is a number or a DfE symbol is a measure; any other
non-geography column is a filter, kept with each value as JSON so a
catalogue entry can pick e.g. ``{breakdown: Total, care_leaver_age: 19 to 21 years}``.
Filters with a single value in the whole file (``category``) are dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import BenchmarkFileError
from .tables import la_code_sql, la_region_sql, region_sql

KIND = "ees"

SYMBOLS = ("c", "x", "z", "k", "u", "low", ":", "..", "~", "-", "n/a", "na", "dk", "*", "[c]", "[x]", "[z]", "[low]")

GEOGRAPHY = {
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
}
_OTHER_GEOGRAPHY = re.compile(
    r"^(lad|pcon|lep|lsip|ward|mat|sponsor|school|provider|institution|opportunity_area|rsc_region|"
    r"english_devolved_area|local_enterprise_partnership|planning_area|msoa|lsoa|ccg|icb|sub_icb|"
    r"health_body|trust|la)_(code|name|lead|urn|laestab|ukprn|id)$")

LEVELS = {"national": "england", "regional": "region", "local authority": "la"}

_POPULATION_COLUMNS = {"age_group", "population_estimate"}


def sniff(path: Path, header: list[str]) -> bool:
    cols = {c.strip().lower() for c in header}
    return path.suffix.lower() == ".csv" and {"time_period", "geographic_level"} <= cols


@dataclass
class Plan:
    path: Path
    file: str
    measures: list[str]
    filters: list[str]
    columns: dict[str, str]  # lower-case name -> the name as written in the file
    is_population: bool
    skipped_levels: dict[str, int]
    rows: int

    def col(self, name: str) -> str:
        """A geography column as SQL, or NULL when the file lacks it."""
        return _q(self.columns[name]) if name in self.columns else "NULL"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_sql(path: Path) -> str:
    return f"read_csv({_lit(str(path))}, all_varchar = true, header = true, sample_size = -1)"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def plan(con: duckdb.DuckDBPyConnection, path: Path) -> Plan:
    """Check the file and work out its measures and filters; nothing is written."""
    if path.stat().st_size == 0:
        raise BenchmarkFileError(f"{path}: the file is empty. Download it again from Explore Education Statistics.")
    src = _read_sql(path)
    try:
        cols = [d[0] for d in con.execute(f"SELECT * FROM {src} LIMIT 0").description]
    except duckdb.Error as exc:
        raise BenchmarkFileError(f"{path}: cannot be read as CSV ({str(exc).splitlines()[0]}).") from None
    lower = {c.lower(): c for c in cols}
    for need in ("time_period", "geographic_level"):
        if need not in lower:
            raise BenchmarkFileError(f"{path}: no {need} column, so this is not an Explore Education Statistics "
                                     "download. Use the 'Download data (CSV)' file of the data set.")
    if "old_la_code" not in lower and "new_la_code" not in lower:
        raise BenchmarkFileError(f"{path}: no old_la_code or new_la_code column, so its local authority rows "
                                 "cannot be matched. Download the local authority level data.")
    candidates = [c for c in cols if c.lower() not in GEOGRAPHY and not _OTHER_GEOGRAPHY.match(c.lower())]
    if not candidates:
        raise BenchmarkFileError(f"{path}: has geography columns but no measure columns.")
    symbols = ", ".join(_lit(s) for s in SYMBOLS)
    probes = []
    for c in candidates:
        v = f"nullif(trim({_q(c)}), '')"
        probes.append(f"count_if({v} IS NOT NULL AND try_cast({v} AS DOUBLE) IS NULL "
                      f"AND lower({v}) NOT IN ({symbols}))")
        probes.append(f"count_if(try_cast({v} AS DOUBLE) IS NOT NULL)")
        probes.append(f"count(DISTINCT {v})")
    stats = con.execute(
        f"SELECT count(*), {', '.join(probes)} FROM {src}").fetchone()
    n_rows, rest = stats[0], stats[1:]
    measures, filters = [], []
    for i, c in enumerate(candidates):
        text_values, numbers, distinct = rest[3 * i], rest[3 * i + 1], rest[3 * i + 2]
        if text_values == 0 and (numbers > 0 or distinct == 0):
            measures.append(c)
        elif text_values > 0 and distinct > 1:
            filters.append(c)
        # a text column with one value all through (category, age_group) says nothing: dropped
    if not measures:
        raise BenchmarkFileError(f"{path}: no column holds numbers, so there is nothing to compare with.")
    level_col = lower["geographic_level"]
    levels = con.execute(f"SELECT {_q(level_col)}, count(*) FROM {src} GROUP BY 1").fetchall()
    skipped = {str(lv): n for lv, n in levels if str(lv or "").strip().lower() not in LEVELS}
    return Plan(path, path.name, measures, filters, lower,
                _POPULATION_COLUMNS <= set(lower) and measures == [lower["population_estimate"]],
                skipped, n_rows)


def _year_sql(tp: str) -> str:
    t = f"trim({tp})"
    return (f"(CASE WHEN regexp_full_match({t}, '\\d{{6}}') THEN CAST(substr({t}, 1, 4) AS INTEGER) + 1 "
            f"WHEN regexp_full_match({t}, '\\d{{4}}') THEN CAST({t} AS INTEGER) END)")


def _label_sql(tp: str, ident: str) -> str:
    """'2024-25' for a CSC reporting / financial year, '2024/25' for an academic span, else as given."""
    t = f"trim({tp})"
    ident_sql = f"lower(coalesce({ident}, ''))"
    return (f"(CASE WHEN regexp_full_match({t}, '\\d{{6}}') AND {ident_sql} LIKE '%financial%' "
            f"THEN substr({t}, 1, 4) || '-' || substr({t}, 5, 2) "
            f"WHEN regexp_full_match({t}, '\\d{{6}}') THEN substr({t}, 1, 4) || '/' || substr({t}, 5, 2) "
            f"WHEN regexp_full_match({t}, '\\d{{4}}') AND {ident_sql} IN ('reporting year', 'financial year', '') "
            f"THEN CAST(CAST({t} AS INTEGER) - 1 AS VARCHAR) || '-' || substr({t}, 3, 2) "
            f"ELSE {t} END)")


def _staged_sql(p: Plan) -> str:
    """One row per file row, with the geography resolved; measures still as columns."""
    c = p.col
    level = f"lower(trim({c('geographic_level')}))"
    level_case = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in LEVELS.items())
    region = f"coalesce({region_sql(c('region_name'))}, nullif(trim({c('region_name')}), ''))"
    filters_json = ("json_object(" + ", ".join(f"{_lit(f)}, trim({_q(f)})" for f in sorted(p.filters)) + ")"
                    if p.filters else "'{}'")
    # ONS population estimates are for mid-year (30 June), not a reporting year
    label = (f"'mid-' || trim({c('time_period')})" if p.is_population
             else _label_sql(c('time_period'), c('time_identifier')))
    return f"""
        SELECT CASE {level} {level_case} END AS level,
               CASE WHEN {level} = 'local authority' THEN {la_code_sql(c('old_la_code'))} END AS la_code,
               CASE {level} WHEN 'local authority' THEN nullif(trim({c('new_la_code')}), '')
                            WHEN 'regional' THEN nullif(trim({c('region_code')}), '')
                            ELSE nullif(trim({c('country_code')}), '') END AS ons_code,
               CASE {level} WHEN 'local authority' THEN nullif(trim({c('la_name')}), '')
                            WHEN 'regional' THEN {region}
                            ELSE coalesce(nullif(trim({c('country_name')}), ''), 'England') END AS area_name,
               CASE {level} WHEN 'local authority' THEN {la_region_sql(c('region_name'))}
                            WHEN 'regional' THEN {region} END AS region,
               {_year_sql(c('time_period'))} AS year,
               {label} AS year_label,
               CAST({filters_json} AS VARCHAR) AS filters,
               {', '.join(_q(m) for m in p.measures)}
        FROM {_read_sql(p.path)}
        WHERE {level} IN ({', '.join(_lit(k) for k in LEVELS)})
    """


def write(con: duckdb.DuckDBPyConnection, p: Plan) -> int:
    """Insert the file's figures (call inside the load's transaction)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _ees_staged AS {_staged_sql(p)}")
    try:
        measure_cols = ", ".join(_q(m) for m in p.measures)
        con.execute(f"""
            INSERT INTO bench_value
            SELECT 'ees', {_lit(p.file)}, measure, filters, level, la_code, ons_code, area_name, region,
                   year, year_label, try_cast(trim(raw) AS DOUBLE),
                   CASE WHEN try_cast(trim(raw) AS DOUBLE) IS NULL THEN nullif(trim(raw), '') END
            FROM (SELECT * FROM _ees_staged WHERE year IS NOT NULL)
                 UNPIVOT INCLUDE NULLS (raw FOR measure IN ({measure_cols}))""")
        con.execute(f"""
            INSERT INTO bench_measure
            SELECT DISTINCT 'ees', {_lit(p.file)}, measure, filters, NULL, NULL, NULL, true, NULL, NULL
            FROM bench_value WHERE file = {_lit(p.file)}""")
        con.execute(f"""UPDATE bench_measure SET title = measure || CASE WHEN filters = '{{}}' THEN ''
                        ELSE ' (' || {_filters_text_sql('filters')} || ')' END
                        WHERE file = {_lit(p.file)}""")
        if p.is_population:
            con.execute(f"""
                INSERT INTO bench_population
                SELECT {_lit(p.file)}, level, la_code, ons_code, area_name, region, year, year + 1,
                       CAST(round(try_cast(trim(population_estimate) AS DOUBLE)) AS BIGINT),
                       CASE WHEN try_cast(trim(population_estimate) AS DOUBLE) IS NULL
                            THEN nullif(trim(population_estimate), '') END
                FROM _ees_staged WHERE year IS NOT NULL""")
        return con.execute("SELECT count(*) FROM bench_value WHERE file = ?", [p.file]).fetchone()[0]
    finally:
        con.execute("DROP TABLE IF EXISTS _ees_staged")


def _filters_text_sql(expr: str) -> str:
    """'{"breakdown":"Total","care_leaver_age":"19 to 21"}' -> 'breakdown: Total; care_leaver_age: 19 to 21'."""
    return (f"array_to_string(list_transform(json_keys({expr}), "
            f"lambda k: k || ': ' || json_extract_string({expr}, '$.\"' || k || '\"')), '; ')")


def filters_key(filters: dict | None) -> str:
    """The JSON text stored for a set of filter values (sorted keys, as written by write())."""
    if not filters:
        return "{}"
    return json.dumps({str(k): str(v) for k, v in sorted(filters.items())}, separators=(",", ":"),
                      ensure_ascii=False)
