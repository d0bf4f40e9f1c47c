"""DfE's Local Authority Interactive Tool (LAIT) data and its dictionary.

The data (``bds_long_0.parquet``, ~640k rows; a CSV of the same columns is
read the same way) is long: ``Short Desc`` (the measure), ``Data item``,
``Years``, ``LA and Regions``, ``Values``, ``LA Number``, ``Region``.

Quirks seen in the real file:

* ``Values`` is text; ``-`` means no value (suppressed or not collected);
* ``LA Number`` is a float (``310.0``); England is 970 and the regions
  980-990 (987/988 = Inner/Outer London), with ``Region`` = ``NA``;
* an LA's ``Region`` is Inner London / Outer London for London boroughs, and
  the region rows spell "Yorkshire and the Humber" with a small "the";
* ``Years`` labels come in many shapes: ``2025``, ``2025 (Rev)``,
  ``2025 (prov)``, ``2020 (Final)``, ``2024-25``, ``2024-25 (OT)``,
  ``2024/25``, ranges ``2014-16`` and ``2013/14-15/16``, and ``0``. The
  stored ``year`` is the last year the label covers (2024-25 -> 2025, the
  31 March for a financial year, the summer for an academic year); the label
  is kept as published. Rows labelled ``0`` have no year and are skipped;
* abolished LAs (Cumbria, Northamptonshire) keep rows, with ``-`` later on.

The dictionary (``lait_data_dictionary.csv``) gives each measure's title,
polarity (``High`` = higher is better, ``Low``, ``-`` = context), year type
and whether LAIT shows quartile bands for it (``No_Quartile`` = N).
Fourteen measures appear twice in it; the first entry (lowest
``Measure_code``) is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from .errors import BenchmarkFileError
from .tables import la_code_sql, la_region_sql, region_sql

KIND = "lait"
DATA_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
DICTIONARY_COLUMNS = ("Measure_short", "Polarity", "Measure")

POLARITY = {"high": "up", "low": "down", "-": "context"}


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_lit(str(path))})"
    return f"read_csv({_lit(str(path))}, all_varchar = true, header = true, sample_size = -1)"


def sniff_data(path: Path, columns: list[str]) -> bool:
    return set(DATA_COLUMNS) <= {c.strip() for c in columns}


def sniff_dictionary(path: Path, columns: list[str]) -> bool:
    return set(DICTIONARY_COLUMNS) <= {c.strip() for c in columns}


@dataclass
class Plan:
    path: Path
    file: str
    kind: str  # "lait" | "lait-dictionary"
    rows: int


def plan(con: duckdb.DuckDBPyConnection, path: Path) -> Plan:
    if path.stat().st_size == 0:
        raise BenchmarkFileError(f"{path}: the file is empty. Download it again from the LAIT repository.")
    try:
        desc = con.execute(f"SELECT * FROM {_source(path)} LIMIT 0").description
        cols = [d[0] for d in desc]
        rows = con.execute(f"SELECT count(*) FROM {_source(path)}").fetchone()[0]
    except duckdb.Error as exc:
        raise BenchmarkFileError(f"{path}: cannot be read ({str(exc).splitlines()[0]}).") from None
    if sniff_data(path, cols):
        return Plan(path, path.name, "lait", rows)
    if sniff_dictionary(path, cols):
        return Plan(path, path.name, "lait-dictionary", rows)
    missing = [c for c in DATA_COLUMNS if c not in cols]
    raise BenchmarkFileError(f"{path}: not a LAIT data file: the columns {', '.join(missing)} are missing.")


def _year_sql(label: str) -> str:
    """The last year a LAIT label covers, as an integer (NULL for '0' or anything unknown)."""
    t = f"trim({label})"
    century = f"(CAST(substr({t}, 1, 4) AS INTEGER) // 100) * 100"
    return f"""(CASE
        WHEN regexp_matches({t}, '^\\d{{4}}/\\d{{2}}-\\d{{2}}/\\d{{2}}')
             THEN {century} + CAST(substr({t}, 12, 2) AS INTEGER)
        WHEN regexp_matches({t}, '^\\d{{4}}[-/]\\d{{2}}(\\D|$)') THEN {century} + CAST(substr({t}, 6, 2) AS INTEGER)
        WHEN regexp_matches({t}, '^\\d{{4}}(\\D|$)') AND CAST(substr({t}, 1, 4) AS INTEGER) > 1900
             THEN CAST(substr({t}, 1, 4) AS INTEGER)
        END)"""


def _label_priority_sql(label: str) -> str:
    """When two labels give the same year, a revised or final figure beats a plain one, a plain one a provisional."""
    t = f"lower({label})"
    return f"(CASE WHEN {t} LIKE '%(rev%' OR {t} LIKE '%(final%' THEN 3 WHEN {t} LIKE '%(prov%' THEN 1 ELSE 2 END)"


def write(con: duckdb.DuckDBPyConnection, p: Plan) -> int:
    if p.kind == "lait-dictionary":
        return _write_dictionary(con, p)
    src = _source(p.path)
    name = 'trim("LA and Regions")'
    is_england = f"lower({name}) = 'england'"
    is_region = f"(trim(CAST(\"Region\" AS VARCHAR)) IN ('NA', '') OR \"Region\" IS NULL)"
    value = "try_cast(trim(CAST(\"Values\" AS VARCHAR)) AS DOUBLE)"
    con.execute(f"""
        INSERT INTO bench_value
        SELECT 'lait', {_lit(p.file)}, measure, '{{}}', level, la_code, NULL, area_name, region, year, year_label,
               value, value_code
        FROM (
            SELECT trim("Short Desc") AS measure,
                   CASE WHEN {is_england} THEN 'england' WHEN {is_region} THEN 'region' ELSE 'la' END AS level,
                   CASE WHEN NOT {is_england} AND NOT {is_region} THEN {la_code_sql('"LA Number"')} END AS la_code,
                   CASE WHEN {is_england} THEN 'England' WHEN {is_region} THEN coalesce({region_sql(name)}, {name})
                        ELSE {name} END AS area_name,
                   CASE WHEN {is_england} THEN NULL WHEN {is_region} THEN coalesce({region_sql(name)}, {name})
                        ELSE {la_region_sql('"Region"')} END AS region,
                   {_year_sql('"Years"')} AS year,
                   trim("Years") AS year_label,
                   {value} AS value,
                   CASE WHEN {value} IS NULL THEN nullif(trim(CAST("Values" AS VARCHAR)), '') END AS value_code,
                   {_label_priority_sql('"Years"')} AS priority
            FROM {src}
            WHERE "Short Desc" IS NOT NULL
        )
        WHERE year IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY measure, level, la_code, area_name, year
                                   ORDER BY priority DESC, year_label DESC) = 1""")
    return con.execute("SELECT count(*) FROM bench_value WHERE file = ?", [p.file]).fetchone()[0]


def _write_dictionary(con: duckdb.DuckDBPyConnection, p: Plan) -> int:
    src = _source(p.path)
    pol = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in POLARITY.items())
    con.execute(f"""
        INSERT INTO bench_measure
        SELECT 'lait', NULL, trim("Measure_short"), '{{}}', trim("Measure"),
               CASE lower(trim("Polarity")) {pol} END,
               nullif(trim("Year_Type"), 'NA'),
               coalesce(upper(trim("No_Quartile")) <> 'N', true),
               try_cast("dps" AS INTEGER),
               nullif(trim("Description"), 'NA')
        FROM {src}
        WHERE "Measure_short" IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY trim("Measure_short")
                                   ORDER BY try_cast("Measure_code" AS INTEGER) NULLS LAST) = 1""")
    # the dictionary's rows carry its file name so a reload replaces them
    con.execute("UPDATE bench_measure SET file = ? WHERE source = 'lait' AND file IS NULL", [p.file])
    return con.execute("SELECT count(*) FROM bench_measure WHERE file = ?", [p.file]).fetchone()[0]
