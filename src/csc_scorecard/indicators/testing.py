"""Run an indicator's hand-computed test cases (<id>.test.yaml).

Each case puts a few canonical rows into an empty store, computes the
indicator for the case's period with the real engine, and compares the
numerator, denominator, value (within 1e-9), status and reason, and
optionally the case rows. The same runner serves the built-in catalogue
(tests/test_catalogue.py) and an LA's own folder (`scorecard catalogue --test`).

Rows need only the columns that matter. Provenance is filled in: la "999",
the source return of the table, load_id 1, and a collection year: a row of a
table collected year by year is stored as present in every collection year
the period overlaps (as an open episode is in each year's return), a row of a
one-year table (OC2, OC3, AD1) in the year ending the period. Give
``collection_year`` on a row to place it in another year.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ConfigError
from ..store import database
from ..store.schema import TABLES
from ..yamlfile import line_of, load_yaml, where
from .coverage import ANNEX_A_NAMES, CIN_NAMES, LOCAL_NAMES, kind
from .definition import Indicator
from .engine import Engine, Result
from .loader import Catalogue
from .period import Period, parse_period, year_ending

TOLERANCE = 1e-9
DEFAULT_LA = "999"
_COMPARED = ("numerator", "denominator", "value", "unknown", "status")
_CASE_KEYS = {"name", "period", "settings", "population", "inputs", "expected", "expected_by_la", "la", "note"}


@dataclass
class TestCase:
    indicator: Indicator
    name: str
    path: Path
    line: int | None
    period: Period
    inputs: dict[str, list[dict]]
    expected: dict[str, dict]  # by LA
    settings: dict[str, Any] = field(default_factory=dict)
    population: dict[tuple[str, int], float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.indicator.id}: {self.name}"

    @property
    def where(self) -> str:
        return f"{self.path}, line {self.line}" if self.line else str(self.path)


def load_cases(ind: Indicator) -> list[TestCase]:
    """The cases of one indicator; a malformed file raises ConfigError naming file and line."""
    path = ind.test_path
    if not path.is_file():
        return []
    data = load_yaml(path)
    if not isinstance(data, list):
        raise ConfigError(f"{path}: a test file is a list of cases, each starting with '- name: ...'.")
    cases = []
    for i, raw in enumerate(data):
        at = where(path, data, i)
        if not isinstance(raw, dict) or "name" not in raw:
            raise ConfigError(f"{at}: each case needs a name:, a period:, inputs: and expected:.")
        unknown = set(raw) - _CASE_KEYS
        if unknown:
            raise ConfigError(f"{where(path, raw, sorted(unknown)[0])}: unknown key(s) {', '.join(sorted(unknown))} "
                              f"(a case has {', '.join(sorted(_CASE_KEYS))}).")
        try:
            period = parse_period(str(raw.get("period", "")))
        except Exception as exc:  # IndicatorError: say where
            raise ConfigError(f"{where(path, raw, 'period')}: {exc}") from None
        inputs = raw.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise ConfigError(f"{where(path, raw, 'inputs')}: inputs: maps table names to lists of rows.")
        for table, rows in inputs.items():
            if table not in TABLES:
                raise ConfigError(f"{where(path, inputs, table)}: {table} is not a table in the store.")
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ConfigError(f"{where(path, inputs, table)}: {table}: must be a list of rows ({{column: value}}).")
            allowed = {c for c, _ in TABLES[table].all_columns}
            for j, row in enumerate(rows):
                bad = set(row) - allowed
                if bad:
                    raise ConfigError(f"{where(path, rows, j)}: {table} has no column(s) {', '.join(sorted(bad))}.")
        if "expected_by_la" in raw:
            expected = {str(k): v for k, v in (raw["expected_by_la"] or {}).items()}
        elif "expected" in raw:
            expected = {str(raw.get("la", DEFAULT_LA)): raw["expected"] or {}}
        else:
            raise ConfigError(f"{at}: the case has no expected: result.")
        population = {}
        for la, years in (raw.get("population") or {}).items():
            for year, n in (years or {}).items():
                population[(str(la), int(year))] = n
        cases.append(TestCase(ind, str(raw["name"]), path, line_of(data, i), period,
                              {k: list(v) for k, v in inputs.items()}, expected,
                              dict(raw.get("settings") or {}), population))
    return cases


def collect(catalogue: Catalogue) -> list[TestCase]:
    return [case for ind in catalogue for case in load_cases(ind)]


# -- the store a case runs in ---------------------------------------------------
_local = threading.local()


def _connection() -> duckdb.DuckDBPyConnection:
    """An empty in-memory store with the full schema; emptied again before each case."""
    con = getattr(_local, "con", None)
    if con is None:
        con = duckdb.connect(":memory:")
        database.ensure_schema(con)
        _local.con, _local.touched = con, set(TABLES)
    for name in _local.touched:
        con.execute(f"DELETE FROM src_{name}")
        con.execute(f"DELETE FROM {name}")
    _local.touched = set()
    return con


def _source_return(table: str, ind: Indicator) -> str:
    if table in CIN_NAMES:
        return "cin"
    if table in ANNEX_A_NAMES:
        return "annex_a"
    if table in LOCAL_NAMES:
        return "supplied" if table == "supplied_value" else "local"
    if table in ("child", "disability"):
        return "cin" if ind.source == "cin" else "ssda903"
    return "ssda903"


def _years(table: str, case: TestCase) -> list[int]:
    period = case.period
    if kind(table) == "years-overlapping":
        return list(range(year_ending(case.indicator.history_from(period)), period.year_ending + 1))
    return [period.year_ending]


def insert_inputs(con: duckdb.DuckDBPyConnection, case: TestCase) -> None:
    for table, rows in case.inputs.items():
        _local.touched.add(table)
        spec = TABLES[table]
        src_rows, merged_rows = [], []
        for n, row in enumerate(rows, 1):
            if "row_number" in spec.column_names and "row_number" not in row:
                row = {**row, "row_number": n}
            base = {"la": DEFAULT_LA, "source_return": _source_return(table, case.indicator),
                    "source_file": f"{case.path.name}", "load_id": 1, **row}
            years = [row["collection_year"]] if "collection_year" in row else _years(table, case)
            src_rows.extend({**base, "collection_year": y} for y in years)
            merged_rows.append({**base, "collection_year": max(years)})
        schema = database.arrow_schema(spec)
        for target, data in ((f"src_{table}", src_rows), (table, merged_rows)):
            arrow = pa.Table.from_pylist([{c: _coerce(r.get(c)) for c in schema.names} for r in data], schema)  # noqa: F841
            con.register("_case_rows", arrow)
            con.execute(f"INSERT INTO {target} SELECT * FROM _case_rows")
            con.unregister("_case_rows")


def _coerce(v: Any) -> Any:
    return v.date() if isinstance(v, datetime) else v


# -- running and comparing --------------------------------------------------------
def run_case(case: TestCase) -> list[str]:
    """Run one case; return what differs from the expectation (empty when it passes)."""
    con = _connection()
    try:
        insert_inputs(con, case)
    except (pa.ArrowInvalid, pa.ArrowTypeError, duckdb.Error) as exc:
        return [f"{case.where}: the inputs cannot be stored: {exc}"]
    engine = Engine(con, Catalogue([case.indicator]), settings=case.settings, population=case.population,
                    las=case.expected)
    problems: list[str] = []
    # The LAs a case expects: also checks that an LA without rows gets a result (0 or not available).
    results = {r.la: r for r in engine.compute_indicator(case.indicator, [case.period], list(case.expected))}
    for la, expected in case.expected.items():
        result = results.get(la)
        if result is None:
            problems.append(f"{case.where}: no result for LA {la}")
            continue
        problems += [f"{case.where} [{case.name}] LA {la}: {p}" for p in compare(result, expected)]
        if "cases" in expected:
            rows = engine.cases(case.indicator.id, case.period, la).rows
            problems += [f"{case.where} [{case.name}] LA {la}: {p}" for p in compare_cases(rows, expected["cases"])]
    return problems


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(a, datetime):
        a = a.date()
    if isinstance(b, datetime):
        b = b.date()
    if isinstance(a, date) and isinstance(b, str):
        return a.isoformat() == b
    return a == b


def compare(result: Result, expected: dict) -> list[str]:
    problems = []
    if "status" not in expected and any(k in expected for k in ("numerator", "denominator", "value", "unknown")):
        expected = {"status": "ok", **expected}
    for key in _COMPARED:
        if key in expected and not _same(getattr(result, key), expected[key]):
            extra = f" (reason: {result.reason})" if key == "status" or result.status != "ok" else ""
            problems.append(f"{key} is {getattr(result, key)!r}, expected {expected[key]!r}{extra}")
    if "reason" in expected and (result.reason is None or str(expected["reason"]) not in result.reason):
        problems.append(f"reason is {result.reason!r}, expected it to contain {expected['reason']!r}")
    if "note" in expected:  # a substring of the note, or null for none
        want = expected["note"]
        if (want is None) != (result.note is None) or (want is not None and str(want) not in result.note):
            problems.append(f"note is {result.note!r}, expected " + ("none" if want is None else
                                                                     f"it to contain {want!r}"))
    return problems


def compare_cases(rows: list[dict], expected: list[dict]) -> list[str]:
    """Every expected row matches one actual row on the columns it gives, and the counts agree."""
    problems = []
    if len(rows) != len(expected):
        problems.append(f"{len(rows)} case rows, expected {len(expected)}")
    unmatched = list(rows)
    for want in expected:
        missing = [c for c in want if rows and c not in rows[0]]
        if missing:
            problems.append(f"the case rows have no column(s) {', '.join(missing)}")
            continue
        hit = next((r for r in unmatched if all(_same(r.get(c), v) for c, v in want.items())), None)
        if hit is None:
            problems.append(f"no case row matches {want}")
        else:
            unmatched.remove(hit)
    return problems
