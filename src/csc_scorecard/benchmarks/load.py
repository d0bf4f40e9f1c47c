"""Load published benchmark files into the store: detect, check, then write in one transaction.

Every file is recognised by its content (columns, sheets), not its name, and
checked before anything is written; a file that cannot be loaded is reported
and the others still load. The writing is one transaction: each loaded
file's earlier rows are deleted and its new rows inserted, so loading the
same file twice changes nothing and a fresh download replaces the old one.
A file whose name and contents (SHA-256) match what is stored is skipped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import duckdb

from ..files import expand_paths, sha256
from ..store.database import transaction
from . import ees, lait, neighbours, ofsted
from .errors import BenchmarkFileError
from .tables import ensure_tables, forget_file

SUFFIXES = (".csv", ".parquet", ".xlsx", ".xlsm", ".ods")


@dataclass
class BenchFileOutcome:
    path: Path
    kind: str | None
    status: str  # "loaded" | "unchanged" | "not loaded"
    rows: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the benchmark-like files inside folders (recursively, sorted)."""
    return expand_paths(paths, SUFFIXES)


def _csv_header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        return next(csv.reader(f), [])


def detect(path: Path):
    """The reader module for a file, or a BenchmarkFileError saying what it is not."""
    if not path.exists():
        raise BenchmarkFileError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return lait
    if suffix == ".csv":
        if path.stat().st_size == 0:
            raise BenchmarkFileError(f"{path}: the file is empty. Download it again.")
        header = _csv_header(path)
        if ees.sniff(path, header):
            return ees
        if lait.sniff_data(path, header) or lait.sniff_dictionary(path, header):
            return lait
        if neighbours.sniff(path, header):
            return neighbours
        raise BenchmarkFileError(
            f"{path}: not a benchmark file csc-scorecard knows. It reads Explore Education Statistics CSVs "
            "(time_period, geographic_level, ...), LAIT data and its dictionary, and DfE statistical "
            f"neighbour lists. Its first columns are: {', '.join(header[:6]) or '(none)'}.")
    if suffix in (".xlsx", ".xlsm", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            sheets = CalamineWorkbook.from_path(str(path)).sheet_names
        except Exception as exc:  # calamine raises its own error types
            raise BenchmarkFileError(f"{path}: cannot be opened as a spreadsheet ({exc}).") from None
        if ofsted.sniff_sheets(sheets):
            return ofsted
        if neighbours.peek_header(path) is not None:
            return neighbours
        raise BenchmarkFileError(f"{path}: neither a statistical neighbours workbook (LA num, ..., SN1 ... SN10) "
                                 "nor Ofsted's inspection outcomes.")
    raise BenchmarkFileError(f"{path}: benchmark files are .csv, .parquet, .xlsx or .ods.")


def load_benchmarks(con: duckdb.DuckDBPyConnection, paths: Iterable[str | Path],
                    progress: Callable[[str], None] | None = None) -> list[BenchFileOutcome]:
    """Load every file that can be read; report each one's outcome."""
    ensure_tables(con)
    outcomes: list[BenchFileOutcome] = []
    planned: list[tuple[BenchFileOutcome, object, object, str]] = []
    names: dict[str, Path] = {}
    for path in expand(paths):
        outcome = BenchFileOutcome(path, None, "not loaded")
        outcomes.append(outcome)
        try:
            module = detect(path)
            outcome.kind = module.KIND
        except BenchmarkFileError as exc:
            outcome.message = str(exc)
            continue
        if path.name in names:
            outcome.message = (f"{path}: has the same name as {names[path.name]}, loaded in this run; "
                               "rename one of them to keep both.")
            continue
        names[path.name] = path
        sha = sha256(path)
        stored = con.execute("SELECT kind, sha256, rows FROM bench_file WHERE file = ?", [path.name]).fetchone()
        if stored and stored[1] == sha:
            outcome.kind, outcome.status, outcome.rows = stored[0], "unchanged", stored[2]
            continue
        try:
            if progress:
                progress(f"checking {path.name}")
            plan = module.plan(con, path)
        except BenchmarkFileError as exc:
            outcome.message = str(exc)
            continue
        if getattr(plan, "kind", None) == "lait-dictionary":
            outcome.kind = "lait-dictionary"
        outcome.notes.extend(getattr(plan, "notes", []))
        skipped = getattr(plan, "skipped_levels", {})
        if skipped:
            outcome.notes.append("rows at other geographic levels skipped: "
                                 + ", ".join(f"{k} ({n})" for k, n in skipped.items()))
        planned.append((outcome, module, plan, sha))
    if not planned:
        return outcomes
    try:
        with transaction(con):
            for outcome, module, plan, sha in planned:
                if progress:
                    progress(f"storing {outcome.path.name}")
                forget_file(con, outcome.path.name)
                outcome.rows = module.write(con, plan)
                con.execute("INSERT INTO bench_file VALUES (?, ?, ?, ?, ?, ?)",
                            [outcome.path.name, outcome.kind, str(outcome.path), sha, datetime.now(), outcome.rows])
                outcome.status = "loaded"
            _fill_la_codes(con)
    except BaseException:
        for outcome, *_ in planned:
            outcome.status, outcome.rows = "not loaded", 0
        raise
    return outcomes


def _fill_la_codes(con: duckdb.DuckDBPyConnection) -> None:
    """Give rows that name an LA only by its ONS code (Ofsted; EES files without old_la_code) its DfE number."""
    mapping = """(SELECT ons_code, min(la_code) AS la_code FROM (
                     SELECT ons_code, la_code FROM bench_value WHERE level = 'la'
                     UNION ALL SELECT ons_code, la_code FROM bench_population WHERE level = 'la')
                  WHERE ons_code IS NOT NULL AND la_code IS NOT NULL GROUP BY ons_code)"""
    for table, cond in (("bench_ofsted", "TRUE"), ("bench_value", "t.level = 'la'"),
                        ("bench_population", "t.level = 'la'")):
        con.execute(f"""UPDATE {table} t SET la_code = m.la_code FROM {mapping} m
                        WHERE t.la_code IS NULL AND t.ons_code = m.ons_code AND {cond}""")


def loaded_files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    from .tables import has_tables

    if not has_tables(con):
        return []
    rows = con.execute(
        "SELECT file, kind, path, sha256, loaded_at, rows FROM bench_file ORDER BY kind, file").fetchall()
    return [dict(zip(("file", "kind", "path", "sha256", "loaded_at", "rows"), r)) for r in rows]
