"""scorecard load / scorecard loads."""

from __future__ import annotations

from pathlib import Path

import click

from ..ingest.report import write_issue_reports
from ..project import Project
from .common import db_option, la_option, progress_printer, year_option


_ISSUE_WORDS = {"fatal": ("fatal problem", "fatal problems"), "error": ("error", "errors"),
                "warning": ("warning", "warnings"), "info": ("note", "notes")}


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@year_option
@la_option
@click.option("--issues-dir", default="load-issues", show_default=True, type=click.Path(file_okay=False),
              help="Where to write the full issue list (issues.csv, issues.xlsx).")
@click.option("--as-at", "as_at", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="Annex A only: the date the lists were extracted (default: from the file name).")
@click.option("--quiet", is_flag=True, help="No progress lines.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Read the files on this many processes (e.g. the number of cores, for a regional or national "
                   "load); the store is written in one transaction either way.")
def load_command(paths, db, year, la, issues_dir, as_at, quiet, workers):
    """Check and load SSDA903, CIN census and Annex A files (files or folders) into the store."""
    project = Project(db)
    report = project.load(paths, year=year, la=la, as_at=as_at.date() if as_at else None,
                          progress=progress_printer(not quiet),
                          command="load " + " ".join(paths), workers=workers)
    for f in report.files:
        counts = f.issue_counts
        issues = ", ".join(f"{n:,} {_ISSUE_WORDS[sev][n != 1]}" for sev, n in counts.items() if n) or "no issues"
        where = " ".join(x for x in (f"LA {f.la}" if f.la else "", f"{f.collection_year - 1}-{str(f.collection_year)[2:]}" if f.collection_year else "") if x)
        mark = {"loaded": "OK ", "unchanged": "== ", "not loaded": "XX "}[f.status]
        click.echo(f"{mark}{f.path}")
        click.echo(f"    {f.description}{' - ' + where if where else ''}; {f.status}; {issues}")
        if f.rows and f.status == "loaded":
            click.echo("    rows: " + ", ".join(f"{t} {n:,}" for t, n in f.rows.items()))
    fatal = [i for i in report.issues if i.severity == "fatal"]
    for i in fatal:
        click.echo(f"  Not loaded: {i}", err=True)
    if report.issues:
        csv_path, xlsx_path = write_issue_reports(report.issues, Path(issues_dir))
        click.echo(f"{len(report.issues):,} issues written to {csv_path} and {xlsx_path}")
    if report.load_id:
        click.echo(f"Load {report.load_id} stored in {db}.")
    elif report.ok:
        click.echo("Nothing new to store: every file was already loaded unchanged.")
    if not report.ok:
        raise SystemExit(1)


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
