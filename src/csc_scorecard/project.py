"""Project: the one facade the CLI, the web app and the tests go through.

A project is a store (one DuckDB file) plus, where given, the LA's own
settings and catalogue folder. Methods return plain data; printing is the
CLI's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .ingest.detect import read_all
from .ingest.issues import Issue
from .ingest.result import ReadResult
from .store import database

DEFAULT_DB = "scorecard.duckdb"


@dataclass
class FileSummary:
    path: str
    description: str
    source_return: str
    la: str | None
    collection_year: int | None
    status: str  # "loaded" | "unchanged" | "not loaded"
    rows: dict[str, int]
    issue_counts: dict[str, int]


@dataclass
class LoadReport:
    load_id: int | None
    files: list[FileSummary] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status != "not loaded" for f in self.files)


class Project:
    def __init__(self, db: str | Path = DEFAULT_DB, settings: str | Path | None = None):
        self.db_path = Path(db)
        self.settings_path = Path(settings) if settings else None

    # -- store -----------------------------------------------------------------
    def connect(self, read_only: bool = False):
        return database.connect(self.db_path, read_only=read_only)

    def read(self, paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
             progress: Callable[[str], None] | None = None) -> list[ReadResult]:
        """Read and check files without storing anything."""
        return read_all(paths, year=year, la=la, progress=progress)

    def load(self, paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
             progress: Callable[[str], None] | None = None, command: str = "") -> LoadReport:
        """Read files and store every one that could be read, in one transaction."""
        results = self.read(paths, year=year, la=la, progress=progress)
        con = self.connect()
        try:
            outcome = database.load_results(con, results, command=command, progress=progress)
        finally:
            con.close()
        report = LoadReport(outcome.load_id)
        for fo in outcome.files:
            r = fo.result
            report.files.append(FileSummary(
                str(r.path), r.description, r.source_return, r.la, r.collection_year, fo.status,
                r.row_counts(), r.log.counts()))
            report.issues.extend(r.log.issues)
        return report

    def loads(self) -> list[dict]:
        """The load history: when, which files (with their hashes), rows per table, issue counts."""
        if not self.db_path.exists():
            return []
        con = self.connect(read_only=True)
        try:
            return database.load_history(con)
        finally:
            con.close()
