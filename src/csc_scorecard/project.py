"""Project: the one facade the CLI, the web app and the tests go through.

A project is a store (one DuckDB file) plus, where given, the LA's own
settings and catalogue folder. Methods return plain data; printing is the
CLI's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from .ingest.report import IssueRow
from .ingest.tree import read_tree
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
    status: str  # "loaded" | "unchanged" | "not loaded" | "replaced" (by a newer extract in the same load)
    rows: dict[str, int]
    issue_counts: dict[str, int]


@dataclass
class LoadReport:
    load_id: int | None
    files: list[FileSummary] = field(default_factory=list)
    issues: list[IssueRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.status != "not loaded" for f in self.files)

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)


class Project:
    def __init__(self, db: str | Path = DEFAULT_DB, settings: str | Path | None = None):
        self.db_path = Path(db)
        self.settings_path = Path(settings) if settings else None

    # -- store -----------------------------------------------------------------
    def connect(self, read_only: bool = False):
        return database.connect(self.db_path, read_only=read_only)

    def read(self, paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
             as_at: date | None = None, progress: Callable[[str], None] | None = None) -> list[ReadResult]:
        """Read and check files without storing anything. The LA of a file: ``la``, else its LA folder
        (``310/2024-25/...``), else the one LA of the settings."""
        from .ingest.year_checks import check_years

        results = read_tree(paths, year=year, la=la, default_la=self.single_la(), as_at=as_at, progress=progress)
        check_years(results)
        return results

    def single_la(self) -> str | None:
        """The LA of scorecard.yaml when it names exactly one."""
        if self.settings_path is None:
            return None
        codes = set(self.config.las) | ({self.config.la} if self.config.la else set())
        return codes.pop() if len(codes) == 1 else None

    def load(self, paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
             as_at: date | None = None, progress: Callable[[str], None] | None = None,
             command: str = "", all_or_nothing: bool = False) -> LoadReport:
        """Read files and store every one that could be read, in one transaction (none of them when
        ``all_or_nothing`` and a file failed). The merged history is checked inside that transaction."""
        from .store.checks import history_checks

        results = self.read(paths, year=year, la=la, as_at=as_at, progress=progress)
        con = self.connect()
        try:
            outcome = database.load_results(con, results, command=command, progress=progress,
                                            all_or_nothing=all_or_nothing, checks=history_checks)
        finally:
            con.close()
        return _report(outcome)

    def validate(self, paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
                 progress: Callable[[str], None] | None = None, dfe: bool = True):
        """Our checks and the DfE rule sets on the same files, nothing stored: (issue rows, rules run)."""
        from .ingest.dfe_rules import RulesRun, run_rules
        from .ingest.report import rows_of
        from .ingest.tree import ons_of

        results = self.read(paths, year=year, la=la, progress=progress)
        rows = [row for r in results for row in rows_of(r)]
        rules = run_rules(results, ons_of, progress) if dfe else RulesRun()
        return rows + rules.issues + rules.not_run, rules

    def issues(self, load_id: int | None = None) -> tuple[int | None, list[IssueRow]]:
        """The issue list a load recorded (the latest load when none is named)."""
        if not self.db_path.exists():
            return None, []
        con = self.connect(read_only=True)
        try:
            return database.load_issues(con, load_id)
        finally:
            con.close()

    def loads(self) -> list[dict]:
        """The load history: when, which files (with their hashes), rows per table, issue counts."""
        if not self.db_path.exists():
            return []
        con = self.connect(read_only=True)
        try:
            return database.load_history(con)
        finally:
            con.close()

    # -- indicators (indicators/run.py does the work) ----------------------------
    @property
    def config(self):
        """The LA's scorecard.yaml, read once (empty settings when none was given)."""
        if getattr(self, "_config", None) is None:
            from .indicators.run import settings_for
            self._config = settings_for(self.settings_path)
        return self._config

    def catalogue(self):
        """The indicators: built-in plus the LA's own folder (settings `catalogue:`)."""
        from .indicators.run import catalogue_for
        return catalogue_for(self.config)

    def indicators(self, periods, *, la: str | None = None, ids=None) -> list:
        """Figures (engine Results) for each indicator, period and LA."""
        from .indicators.run import compute
        return compute(self.db_path, self.config, [periods] if isinstance(periods, str) else periods, la=la, ids=ids)

    def cases(self, indicator: str, period: str, *, la: str | None = None):
        """The unit rows behind one figure (child-level: show only to those allowed to see them)."""
        from .indicators.run import cases
        return cases(self.db_path, self.config, indicator, period, la=la)

    def supply(self, path: str | Path, command: str = "") -> LoadReport:
        """Import values of supplied indicators from a CSV; bad rows are reported and left out."""
        from .indicators.run import supply_results
        results = supply_results(path, self.config)
        con = self.connect()
        try:
            outcome = database.load_results(con, results, command=command)
        finally:
            con.close()
        return _report(outcome)

    # -- the scorecard (report/run.py does the work) -----------------------------
    def report(self, period, *, compare_to=None, la: str | None = None, layout=None, public: bool = False,
               out=None, trend: int = 4, generated_at=None):
        """The judged scorecard for one LA and period (ReportResult); with `out`, also written there
        as scorecard.xlsx, .html, .json and .csv."""
        from .report.run import build_report
        return build_report(self, period, compare_to=compare_to, la=la, layout=layout, public=public, out=out,
                            trend=trend, generated_at=generated_at)


def _report(outcome) -> LoadReport:
    report = LoadReport(outcome.load_id, issues=list(outcome.issues))
    for fo in outcome.files:
        r = fo.result
        report.files.append(FileSummary(str(r.path), r.description, r.source_return, r.la, r.collection_year,
                                        fo.status, r.row_counts(), r.log.counts()))
    return report
