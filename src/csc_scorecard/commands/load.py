"""scorecard load / scorecard loads / scorecard issues."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..ingest.report import grouped, write_issue_reports
from ..project import Project
from .common import db_option, files_la_option, progress_printer, year_option

_ISSUE_WORDS = {"fatal": ("fatal problem", "fatal problems"), "error": ("error", "errors"),
                "warning": ("warning", "warnings"), "info": ("note", "notes")}
_MARKS = {"loaded": "OK ", "unchanged": "== ", "not loaded": "XX ", "replaced": "-> "}
SHOWN_FILES = 3  # a message said for many files names this many of them


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def issues_folder(db: str | Path, load_id: int | None) -> Path:
    """The default home of a load's issue list: beside the store, named after it and the load."""
    db = Path(db)
    name = f"load-{load_id}" if load_id else f"not-stored-{datetime.now():%Y%m%d-%H%M%S}"
    return db.with_name(f"{db.stem}-issues") / name


def settings_near(paths, settings: str | None) -> str | None:
    """--settings, else ./scorecard.yaml, else a scorecard.yaml at the top of a folder being loaded."""
    if settings:
        return settings
    for candidate in [Path("scorecard.yaml"), *(Path(p) / "scorecard.yaml" for p in paths if Path(p).is_dir())]:
        if candidate.is_file():
            return str(candidate)
    return None


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@year_option
@files_la_option
@click.option("--settings", type=click.Path(exists=True, dir_okay=False),
              help="scorecard.yaml: with one LA in it, files with no LA of their own are that LA's "
                   "(default: ./scorecard.yaml, or one at the top of the folder loaded).")
@click.option("--issues", "--issues-dir", "issues_dir", type=click.Path(file_okay=False),
              help="Where to write the issue list (issues.csv, issues.xlsx; child-level, owner-only). "
                   "Default: <store>-issues/load-N/ beside the store.")
@click.option("--as-at", "as_at", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="Annex A only: the date the lists were extracted (default: from the file name).")
@click.option("--all-or-nothing", is_flag=True, help="Store nothing when any file cannot be loaded.")
@click.option("--quiet", is_flag=True, help="One line: what was stored and where the issues are (and, on "
                                            "stderr, why any file was not loaded).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Read the files on this many processes (e.g. the number of cores, for a regional or national "
                   "load); the store is written in one transaction either way.")
def load_command(paths, db, year, la, settings, issues_dir, as_at, all_or_nothing, quiet, workers):
    """Check and load SSDA903, CIN census and Annex A files (files or folders, e.g. a tree of
    <LA code>/<yyyy-yy>/ folders) into the store."""
    project = Project(db, settings=settings_near(paths, settings))
    report = project.load(paths, year=year, la=la, as_at=as_at.date() if as_at else None,
                          progress=progress_printer(not quiet), all_or_nothing=all_or_nothing,
                          command="load " + " ".join(paths), workers=workers)
    where = None
    if report.issues:
        csv_path, xlsx_path = write_issue_reports(
            report.issues, Path(issues_dir) if issues_dir else issues_folder(db, report.load_id),
            title=f"Load {report.load_id} issues" if report.load_id else "Issues (nothing stored)")
        where = csv_path.parent
    if quiet:  # one line on stdout; why files failed, if any did, on stderr
        click.echo(_one_line(report, db, where))
        for line in _said_once(report):
            click.echo(line, err=True)
    else:
        _print_files(report)
        for line in _said_once(report):
            click.echo(line, err=True)
        click.echo(_totals(report, db))
        if where:
            click.echo(f"{_plural(len(report.issues), 'issue')} (child-level) written to {where}/ "
                       "(issues.xlsx, issues.csv).")
    if not report.ok:
        raise SystemExit(1)


def _print_files(report) -> None:
    for f in report.files:
        counts = f.issue_counts
        issues = ", ".join(f"{n:,} {_ISSUE_WORDS[sev][n != 1]}" for sev, n in counts.items() if n) or "no issues"
        where = " ".join(x for x in (f"LA {f.la}" if f.la else "", f"{f.collection_year - 1}-{str(f.collection_year)[2:]}" if f.collection_year else "") if x)
        click.echo(f"{_MARKS[f.status]}{f.path}")
        click.echo(f"    {f.description}{' - ' + where if where else ''}; {f.status}; {issues}")
        if f.rows and f.status == "loaded":
            click.echo("    rows: " + ", ".join(f"{t} {n:,}" for t, n in f.rows.items()))


def _said_once(report) -> list[str]:
    """Why files were not loaded, each reason once, with the files it applies to."""
    lines = []
    by_reason: dict[tuple, list[str]] = {}
    for r in report.issues:
        if r.severity == "fatal":
            by_reason.setdefault((r.message, r.fix), []).append(r.file)
    for (message, fix), files in by_reason.items():
        if len(files) == 1:
            lines.append(f"  Not loaded: {files[0]}: {message} Fix: {fix}")
        else:
            shown = ", ".join(str(Path(Path(f).parent.name, Path(f).name)) for f in files[:SHOWN_FILES])
            more = f" and {len(files) - SHOWN_FILES:,} more" if len(files) > SHOWN_FILES else ""
            lines.append(f"  Not loaded ({len(files):,} files: {shown}{more}): {message} Fix: {fix}")
    return lines


def _totals(report, db) -> str:
    stored, unchanged = report.count("loaded"), report.count("unchanged")
    failed, replaced = report.count("not loaded"), report.count("replaced")
    parts = []
    if report.load_id:
        parts.append(f"{_plural(stored, 'file')} stored")
    if unchanged:
        parts.append(f"{unchanged:,} unchanged since an earlier load")
    if replaced:
        parts.append(f"{replaced:,} replaced by a newer extract in this load")
    parts.append(f"{_plural(failed, 'file')} not stored" if failed else "none failed")
    if report.load_id:
        return f"Load {report.load_id} into {db}: " + ", ".join(parts) + "."
    if report.ok:
        return "Nothing new to store: every file was already loaded unchanged."
    return "Nothing was stored: " + ", ".join(parts) + "."


def _one_line(report, db, where) -> str:
    counts = {s: sum(r.severity == s for r in report.issues) for s in ("fatal", "error", "warning")}
    issues = ", ".join(f"{n:,} {_ISSUE_WORDS[s][n != 1]}" for s, n in counts.items() if n) or "no issues"
    head = f"Load {report.load_id}" if report.load_id else "Nothing new to store" if report.ok else "Nothing stored"
    replaced = report.count("replaced")
    return (f"{head}: {report.count('loaded'):,} of {len(report.files):,} files stored"
            + (f" ({replaced:,} replaced by a newer extract)" if replaced else "") + ", "
            f"{report.count('not loaded'):,} not stored; {issues}" + (f"; issues in {where}/" if where else "") + ".")


@click.command("loads")
@db_option
def loads_command(db):
    """List the load history: when, which files and hashes, rows per table, issue counts."""
    history = Project(db).loads()
    if not history:
        click.echo(f"No loads in {db}.")
        return
    for row in history:
        rows = sum(row["row_counts"].values())
        click.echo(
            f"{row['load_id']:>4}  {row['loaded_at']:%Y-%m-%d %H:%M}  {row['status']:<10}  {row['description']}"
            f"  LA {row['la'] or '?'} {row['collection_year'] or '?'}  {rows:,} rows  "
            f"{row['fatal']}F/{row['errors']}E/{row['warnings']}W  {row['sha256'][:12]}  {row['file']}")


@click.command("issues")
@db_option
@click.option("--load", "load_id", type=int, help="The load (see `scorecard loads`; default: the latest).")
@click.option("--issues", "--out", "out", type=click.Path(file_okay=False),
              help="Also write the list again as issues.xlsx and issues.csv in this folder (child-level).")
def issues_command(db, load_id, out):
    """Reprint a load's issue list, identical problems grouped (child-level: the first rows' child IDs)."""
    found, rows = Project(db).issues(load_id)
    if found is None:
        click.echo(f"No loads in {db}." if load_id is None else f"No load {load_id} in {db}.")
        return
    if not rows:
        click.echo(f"Load {found} recorded no issues.")
        return
    click.echo(f"Load {found}: {_plural(len(rows), 'issue')}, {_plural(len(grouped(rows)), 'problem')} "
               "(same code, file and column):")
    for g in grouped(rows):
        r = g.first
        where = " ".join(x for x in (f"LA {r.la}" if r.la else "", r.year) if x)
        click.echo(f"{r.severity:<8} {r.source:<15} {r.code:<24} x{g.count:<6,} {r.file}"
                   f"{' (' + where + ')' if where else ''}{' ' + r.field if r.field else ''}")
        click.echo(f"         {r.message} Fix: {r.fix}")
        if g.where:
            click.echo(f"         first: {g.where}")
    if out:
        csv_path, _ = write_issue_reports(rows, Path(out), title=f"Load {found} issues")
        click.echo(f"Written to {csv_path.parent}/ (issues.xlsx, issues.csv).")
