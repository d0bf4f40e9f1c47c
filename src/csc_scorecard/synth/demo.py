"""`scorecard demo`: a synthetic region, generated, loaded and summarised.

``run_demo`` is written as steps that each add to a ``DemoSummary``, so the
later stages (indicators, scorecard, report) can be appended as further steps
without touching the first ones. It needs no network and no data beyond what
the package ships (the region's names, codes and sizes are in region.yaml).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..project import Project
from .generate import generate, year_label

Progress = Callable[[str], None] | None


@dataclass
class LaSummary:
    code: str
    name: str
    children: int = 0
    referrals: int = 0
    episodes: int = 0
    looked_after: int = 0  # at the last 31 March
    issues: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoSummary:
    out: Path
    db: Path
    settings: Path
    returns: Path
    first_year: int
    last_year: int
    las: list[LaSummary] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)  # what later steps wrote, by name
    notes: list[str] = field(default_factory=list)

    @property
    def issue_total(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for la in self.las:
            for sev, n in la.issues.items():
                total[sev] = total.get(sev, 0) + n
        return total


def run_demo(out: str | Path = "demo-output", seed: int = 42, *, years: int = 3, end_year: int = 2025,
             las: int = 11, size: str = "medium", progress: Progress = None) -> DemoSummary:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "scorecard.duckdb"
    if db.exists():  # the demo's own store: start afresh so a new seed leaves nothing behind
        db.unlink()
    summary = DemoSummary(out, db, out / "scorecard.yaml", out / "returns", end_year - years + 1, end_year)
    generate_step(summary, seed=seed, years=years, las=las, size=size, progress=progress)
    load_step(summary, progress=progress)
    postcodes_step(summary, progress=progress)
    count_step(summary)
    plan_step(summary, progress=progress)  # before the scorecard, so its rows link to the plan's actions
    report_step(summary, progress=progress)
    due_step(summary, progress=progress)
    paper_step(summary, progress=progress)
    return summary


def generate_step(summary: DemoSummary, *, seed: int, years: int, las: int, size: str, progress: Progress) -> None:
    t = time.perf_counter()
    result = generate(summary.returns, seed=seed, size=size, years=years, end_year=summary.last_year, las=las,
                      annex_a="first", settings_dir=summary.out, progress=progress)
    summary.settings = result.settings
    summary.las = [LaSummary(la.code, la.name) for la in result.las]
    summary._written = result.written  # type: ignore[attr-defined]
    summary.timings["generate"] = time.perf_counter() - t


def load_step(summary: DemoSummary, *, progress: Progress) -> None:
    """Load the whole tree of returns in one command, as an analyst would (`scorecard load returns/`).

    Each file's LA and collection year come from its <LA code>/<yyyy-yy>/ folders, and are checked against
    the year it was written for. Each year folder holds the health assessment extract as held at that year
    end; the store keeps one per LA, the newest, which replaces the older ones in the same load.
    """
    t = time.perf_counter()
    project = Project(summary.db, summary.settings)
    by_code = {la.code: la for la in summary.las}
    written = summary._written  # type: ignore[attr-defined]
    folders = {w.folder: w.year for w in written}
    if progress:
        progress(f"loading {len(folders)} LA-years of {len(by_code)} LAs in one load")
    report = project.load([summary.returns], command="demo load")
    for f in report.files:
        wanted = next((y for folder, y in folders.items() if Path(f.path).is_relative_to(folder)), None)
        if f.collection_year != wanted:
            summary.notes.append(f"Note: {f.path} was stored as {f.collection_year}, not {wanted}.")
        la = by_code.get(f.la)
        for sev, count in f.issue_counts.items():
            if count and la is not None:
                la.issues[sev] = la.issues.get(sev, 0) + count
    summary.timings["load"] = time.perf_counter() - t


def postcodes_step(summary: DemoSummary, *, progress: Progress) -> None:
    """Store the ONS postcodes the returns use, so cla-placed-20-miles has real distances.

    Only the used postcodes (a few thousand) are stored: the whole directory would add ~40 MB and a
    few seconds to a demo that never needs the rest.
    """
    from ..reference.areas import own_codes
    from ..reference.postcodes import load_postcodes, used_postcodes
    from ..settings import load_settings

    t = time.perf_counter()
    if progress:
        progress("storing the ONS postcodes the returns use (placement distances)")
    own = own_codes(load_settings(summary.settings).las.values())
    con = Project(summary.db).connect()
    try:
        load_postcodes(con, own=own, only=used_postcodes(con), command="demo postcodes load --only-used")
    finally:
        con.close()
    summary.timings["postcodes"] = time.perf_counter() - t


def count_step(summary: DemoSummary) -> None:
    from datetime import date

    last_day = date(summary.last_year, 3, 31)
    con = Project(summary.db).connect(read_only=True)
    try:
        for la in summary.las:
            la.children = con.execute("SELECT count(DISTINCT child_id) FROM child WHERE la = ?", [la.code]).fetchone()[0]
            la.referrals = con.execute("SELECT count(*) FROM cin_episode WHERE la = ?", [la.code]).fetchone()[0]
            la.episodes = con.execute("SELECT count(*) FROM cla_episode WHERE la = ?", [la.code]).fetchone()[0]
            la.looked_after = con.execute(
                "SELECT count(DISTINCT child_id) FROM cla_episode WHERE la = ? AND decom <= ? "
                "AND (dec IS NULL OR dec > ?) AND ls NOT IN ('V3', 'V4')",
                [la.code, last_day, last_day]).fetchone()[0]
    finally:
        con.close()


def report_step(summary: DemoSummary, *, progress: Progress) -> None:
    """The scorecard of the first LA for the last year (report/run.py does the work)."""
    t = time.perf_counter()
    if progress:
        progress("writing the scorecard (Excel, HTML, JSON, CSV)")
    result = Project(summary.db, summary.settings).report(year_label(summary.last_year), out=summary.out / "scorecard")
    summary.outputs["scorecard"] = result.files["scorecard.html"]
    summary.outputs["excel"] = result.files["scorecard.xlsx"]
    summary.timings["report"] = time.perf_counter() - t


def due_step(summary: DemoSummary, *, progress: Progress) -> None:
    """The first LA's work lists at the last year end: what is overdue and due, by team (docs/worklists.md)."""
    from datetime import date

    t = time.perf_counter()
    if progress:
        progress("writing the work lists (what is overdue and due at the last 31 March, by team)")
    project = Project(summary.db, summary.settings)
    at = date(summary.last_year, 3, 31)
    path, _ = project.write_due(at, summary.out / "worklists" / f"due-{at.isoformat()}.xlsx", la=project.config.la)
    summary.outputs["worklists"] = path
    summary.timings["worklists"] = time.perf_counter() - t


EXAMPLE_PLAN = Path(__file__).resolve().parent / "example_plan.yaml"


def plan_step(summary: DemoSummary, *, progress: Progress) -> None:
    """The improvement plan path: the template, filled with the example plan, imported, reported on at
    the end of Q3 of the last year (so some actions are overdue and some due soon)."""
    t = time.perf_counter()
    if progress:
        progress("improvement plan: template, example plan, import, plan report")
    project = Project(summary.db, summary.settings)
    folder = summary.out / "plan"
    project.plan_init(folder / "plan-template.xlsx")
    filled = project.plan_init(folder / "plan.xlsx", source=EXAMPLE_PLAN)
    project.plan_import(filled, by="demo", note="the demo's example plan")
    _, files = project.plan_report(f"{year_label(summary.last_year)}-Q3", out=summary.out / "plan-report")
    summary.outputs["plan"] = filled
    summary.outputs["plan report"] = files["plan-report.html"]
    summary.timings["plan"] = time.perf_counter() - t


EXAMPLE_PAPER = Path(__file__).resolve().parent / "example_paper.yaml"


def paper_step(summary: DemoSummary, *, progress: Progress) -> None:
    """The committee paper for the last year, after the plan (so its priorities are in it). The paper's own
    text (committee, implications, evidence beyond the returns) is the example `paper:` block, added to the
    demo's scorecard.yaml."""
    import yaml

    t = time.perf_counter()
    if progress:
        progress("writing the committee paper (Word, PDF, HTML)")
    settings = yaml.safe_load(summary.settings.read_text(encoding="utf-8")) or {}
    if "paper" not in settings:
        block = yaml.safe_dump({"paper": yaml.safe_load(EXAMPLE_PAPER.read_text(encoding="utf-8"))},
                               sort_keys=False, allow_unicode=True, width=100)
        with summary.settings.open("a", encoding="utf-8") as f:
            f.write("\n# The committee paper's own text (scorecard paper): synth/example_paper.yaml\n" + block)
    _, files = Project(summary.db, summary.settings).paper(year_label(summary.last_year), out=summary.out / "paper")
    summary.outputs["paper"] = files["report.docx"]
    summary.timings["paper"] = time.perf_counter() - t


def format_summary(summary: DemoSummary) -> list[str]:
    years = f"{year_label(summary.first_year)} to {year_label(summary.last_year)}"
    lines = [f"Synthetic region: {len(summary.las)} LAs, collection years {years} (made-up children; real LA "
             "names and codes).", ""]
    lines.append(f"{'LA':<4} {'name':<16} {'children':>9} {'referrals':>10} {'903 episodes':>13} "
                 f"{'in care 31/3':>13}  issues")
    for la in summary.las:
        issues = ", ".join(f"{n} {sev}" for sev, n in la.issues.items() if n and sev != "info") or "none"
        lines.append(f"{la.code:<4} {la.name[:16]:<16} {la.children:>9,} {la.referrals:>10,} {la.episodes:>13,} "
                     f"{la.looked_after:>13,}  {issues}")
    lines += ["", f"Returns:  {summary.returns}", f"Store:    {summary.db}", f"Settings: {summary.settings}"]
    lines += [f"{name.capitalize() + ':':<9} {path}" for name, path in summary.outputs.items()]
    lines += summary.notes
    exe = _command_name()
    lines += ["", "Open the dashboard on this store (pick a password of 10 or more characters), then go to "
              "http://127.0.0.1:8000/ and sign in as admin:",
              f"  SCORECARD_PASSWORD=pick-a-password {exe} users add admin --role admin --db {summary.db}",
              f"  {exe} serve --db {summary.db}", ""]
    took = ", ".join(f"{k} {v:.0f}s" for k, v in summary.timings.items())
    lines.append(f"Took {took}.")
    return lines


def _command_name() -> str:
    """How the user ran us (.venv/bin/scorecard after the README's command), for commands to copy."""
    import os
    import sys
    ran = sys.argv[0] if sys.argv and os.path.basename(sys.argv[0]) == "scorecard" else "scorecard"
    if os.path.isabs(ran):
        rel = os.path.relpath(ran)
        ran = rel if not rel.startswith("..") else ran
    return ran
