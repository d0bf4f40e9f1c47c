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
             as_at: date | None = None, progress: Callable[[str], None] | None = None,
             workers: int = 1) -> list[ReadResult]:
        """Read and check files without storing anything, on `workers` processes (ingest/parallel.py).
        The LA of a file: ``la``, else its LA folder (``310/2024-25/...``), else the one LA of the settings."""
        from .ingest.year_checks import check_years

        results = read_tree(paths, year=year, la=la, default_la=self.single_la(), as_at=as_at, progress=progress,
                            workers=workers)
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
             command: str = "", all_or_nothing: bool = False, workers: int = 1) -> LoadReport:
        """Read files and store every one that could be read, in one transaction (none of them when
        ``all_or_nothing`` and a file failed). The merged history is checked inside that transaction."""
        from .store.checks import history_checks

        new_store, commits = not self.db_path.exists(), database.commits_in_this_process()
        con = self.connect()  # first: a store another command is writing is reported before any file is read
        try:
            results = self.read(paths, year=year, la=la, as_at=as_at, progress=progress, workers=workers)
            outcome = database.load_results(con, results, command=command, progress=progress,
                                            all_or_nothing=all_or_nothing, checks=history_checks)
        except BaseException:
            con.close()
            if new_store and database.commits_in_this_process() == commits:
                # nothing was stored: leave no empty store behind to puzzle the next command
                database.remove_store(self.db_path)
            raise
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
        from .indicators.period import Period
        single = isinstance(periods, (str, Period))  # one period, its name or a Period; else several
        return compute(self.db_path, self.config, [periods] if single else periods, la=la, ids=ids)

    def cases(self, indicator: str, period: str, *, la: str | None = None):
        """The unit rows behind one figure (child-level: show only to those allowed to see them)."""
        from .indicators.run import cases
        return cases(self.db_path, self.config, indicator, period, la=la)

    def work_list(self, indicator: str, period: str, *, la: str | None = None, failing: bool = False):
        """The case list as a manager works it: meets_standard beside in_numerator, most overdue first,
        only the failures with ``failing`` (child-level)."""
        from .indicators.worklist import work_list_for
        return work_list_for(self.db_path, self.config, indicator, period, la=la, failing=failing)

    def breakdown(self, periods, by: str | list[str], *, la: str | None = None, ids=None) -> list[dict]:
        """Each indicator per group (team, worker, age, sex, ethnicity, disability, uasc; several at once
        in one pass): aggregate figures, but small groups can identify children - public outputs need
        disclosure control."""
        from .indicators.breakdown import breakdown_for
        return breakdown_for(self.db_path, self.config, [periods] if isinstance(periods, str) else periods, by,
                             la=la, ids=ids)

    def due(self, at=None, *, la: str | None = None, team: str | None = None, worker: str | None = None):
        """What is overdue at ``at`` and due in the next 10 working days, list by list (child-level).
        ``at``: a date, its text, a period (its last day), or None for the latest date the data describes."""
        from .indicators.due import due_for
        return due_for(self.db_path, self.config, at, la=la, team=team, worker=worker)

    def write_due(self, at: date, out: str | Path, *, la: str | None = None, team: str | None = None,
                  worker: str | None = None):
        """The due lists and caseloads as one work-list file (owner-only): (its path, the lists)."""
        from .report.worklist import due_sheets, write
        lists = self.due(at, la=la, team=team, worker=worker)
        loads = [r for r in self.caseloads(at, la=la)
                 if (not team or r["team"] == team) and (not worker or r["worker"] == worker)]
        return write(out, due_sheets(lists, loads, at, la=la, team=team, worker=worker)), lists

    def caseloads(self, at: date, *, la: str | None = None, by_team: bool = False) -> list[dict]:
        """Children per worker (or team) by status, from the latest Annex A extract on or before ``at``."""
        from .indicators.caseload import caseloads_for
        return caseloads_for(self.db_path, self.config, at, la=la, by_team=by_team)

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
               out=None, trend: int = 4, generated_at=None, allow_empty: bool = False, forecast: bool = False):
        """The judged scorecard for one LA and period (a Period or its name; ReportResult); with `out`,
        also written there as scorecard.xlsx, .html, .json and .csv. A period the loaded data does not
        cover is an error unless `allow_empty`. Rows link to the plan's actions that target them; with
        `forecast`, each row with a target this year also gets its year-end forecast."""
        from .report.run import build_report
        return build_report(self, period, compare_to=compare_to, la=la, layout=layout, public=public, out=out,
                            trend=trend, generated_at=generated_at, allow_empty=allow_empty, forecast=forecast)

    # -- the committee paper and its commentary (report/paper/, store/schema_commentary.py) -------------
    def paper(self, period, *, compare_to=None, la: str | None = None, public: bool = False, out=None,
              template=None, paper_date=None, generated_at=None):
        """The self-assessment committee paper (report/paper/model.Paper); with `out`, also written there
        as report.docx, report.pdf and report.html. Returns (paper, {file name: path})."""
        from .report.paper import write_paper
        from .report.paper.gather import build_paper
        paper = build_paper(self, period, compare_to=compare_to, la=la, public=public, paper_date=paper_date,
                            generated_at=generated_at)
        return paper, (write_paper(paper, out, template=template) if out is not None else {})

    def commentary(self, period: str, la: str | None = None) -> list[dict]:
        """The current commentary and point edits for one LA and period (latest version of each entry)."""
        from .store import schema_commentary
        if not self.db_path.exists():
            return []
        con = self.connect(read_only=True)
        try:
            return schema_commentary.current(con, la or self.config.la or "", str(period))
        finally:
            con.close()

    def save_commentary(self, period: str, entries: list[dict], *, la: str | None = None, author: str,
                        source: str = "web", now=None) -> int:
        """Store commentary entries (kind indicator|point, key, text/behind/action/status...); every
        version is kept. Returns how many entries changed."""
        from datetime import datetime

        from .store import schema_commentary
        con = self.connect()
        try:
            return schema_commentary.save(con, la or self.config.la or "", str(period), entries, author=author,
                                          source=source, now=now or datetime.now().replace(microsecond=0))
        finally:
            con.close()

    # -- the improvement plan (plan/run.py does the work) ------------------------
    def plan_init(self, out, *, themes=None, source=None):
        """Write a blank plan workbook with the LA's indicators as a drop-down (or, from `source`, filled
        with that plan); returns its path."""
        from .plan.run import init_template
        return init_template(self, out, themes=themes, source=source)

    def plan_import(self, path, *, la: str | None = None, by: str | None = None, note: str | None = None):
        """Check a plan workbook or YAML and store it as a new version (PlanError lists every problem)."""
        from .plan.run import import_plan
        return import_plan(self, path, la=la, by=by, note=note)

    def plan_export(self, out, *, la: str | None = None, version: int | None = None):
        from .plan.run import export_plan
        return export_plan(self, out, la=la, version=version)

    def plan_update(self, action: str, *, la: str | None = None, by: str | None = None, **changes):
        """Record progress on one action as a new plan version; None when nothing changed."""
        from .plan.run import update_action
        return update_action(self, action, la=la, by=by, **changes)

    def plan_history(self, *, la: str | None = None):
        """(la, [Change]): every change to the LA's plan, oldest first."""
        from .plan.run import plan_history
        return plan_history(self, la=la)

    def plan(self, *, la: str | None = None, version: int | None = None):
        """The LA's stored plan (the latest version unless given), or None."""
        from .plan.run import current_plan
        return current_plan(self, la, version)[1]

    def plan_report(self, period, *, la: str | None = None, out=None, formats=("xlsx", "html", "json")):
        """(PlanReport, files): the plan's progress and impact at the period's end; written to `out`."""
        from .report.plan_run import plan_report
        return plan_report(self, period, la=la, out=out, formats=formats)

    def plan_for_paper(self, period, la: str | None = None) -> list[dict]:
        """[{theme, priority, actions: [{id, title, owner, due, status, rag, percent_complete,
        indicators: [{ref, indicator, movement}]}]}] for the committee paper; [] when no plan is stored."""
        from .report.plan_run import plan_for_paper
        return plan_for_paper(self, period, la=la)

    def forecasts(self, period, *, la: str | None = None) -> list[dict]:
        """Year-end forecasts (80% interval, on track / at risk / off track) of every layout row with a
        target for the year of `period`, from the data to its end."""
        from .report.plan_run import year_end_forecasts
        return year_end_forecasts(self, period, la=la)

    def plan_actions_by_ref(self, *, la: str | None = None) -> dict[str, list[dict]]:
        """{scorecard ref: [{id, title, owner, status, due, target, by}]}: the plan's actions targeting each
        scorecard row ({} without a plan), so a scorecard row can link to them."""
        from .plan.run import actions_by_ref
        return actions_by_ref(self, la)

    # -- pooling and Spark (store/export.py) -------------------------------------
    def export(self, out, *, las=None, salt_file=None, progress=None):
        """Write the canonical tables as Parquet (ExportSummary); pseudonymised when a salt file is given."""
        from .store.export import export, read_salt
        salt = read_salt(salt_file) if salt_file else None
        if not self.db_path.exists():
            from .errors import ScorecardError
            raise ScorecardError(f"{self.db_path}: no such store; load some returns first (scorecard load).")
        con = self.connect(read_only=True)
        try:
            return export(con, out, las=las, salt=salt, progress=progress)
        finally:
            con.close()

    def indicators_on_spark(self, data, periods, *, la=None, ids=None, spark=None, progress=None) -> list:
        """The same figures computed by Spark over a `scorecard export` folder (indicators/spark.py)."""
        from pathlib import Path as _Path
        from .indicators.run import compute_spark
        return compute_spark(_Path(data), self.config, [periods] if isinstance(periods, str) else periods,
                             la=la, ids=ids, spark=spark, progress=progress)


def _report(outcome) -> LoadReport:
    report = LoadReport(outcome.load_id, issues=list(outcome.issues))
    for fo in outcome.files:
        r = fo.result
        report.files.append(FileSummary(str(r.path), r.description, r.source_return, r.la, r.collection_year,
                                        fo.status, r.row_counts(), r.log.counts()))
    return report
