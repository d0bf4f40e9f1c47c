"""scorecard due / caseloads, and the work-list outputs of cases and indicators --by."""

from __future__ import annotations

import json

import click

from ..report.worklist import Sheet, output_format, write
from .indicators import _number, _plain, _project, _table, _write_csv, la_filter, settings_option
from .common import db_option

BREAKDOWN_FIELDS = ("indicator", "la", "period", "by", "group", "numerator", "denominator", "value", "unit",
                    "unknown", "status", "reason")


def write_cases(cases, out) -> str:
    """A case list as a one-sheet work list (xlsx, csv or json by the file's suffix), owner-only."""
    title = f"{cases.indicator}, {cases.period}" + (f", LA {cases.la}" if cases.la else "")
    return str(write(out, [Sheet(cases.indicator, cases.columns, cases.rows, title=title, notes=cases.notes)]))


def print_breakdown(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        _write_csv(BREAKDOWN_FIELDS, rows)
    else:
        table = []
        for r in rows:
            if r["status"] != "ok":
                table.append([r["indicator"], r["la"], r["period"], r["group"], "n/a", "", r["reason"] or ""])
                continue
            of = ""
            if r["denominator"] is not None and r["unit"] == "percent" and r["numerator"] is not None:
                of = f"{r['numerator']:,.0f} / {r['denominator']:,.0f}"
            elif r["denominator"] is not None and r["unit"] not in ("count", "rate10k"):
                of = f"n = {r['denominator']:,.0f}"
            elif r["unit"] == "rate10k" and r["group"] != "All":
                of = f"{r['numerator']:,.0f} (count: no population per group)"
            if r["unknown"]:
                of = f"{of}{'; ' if of else ''}{r['unknown']:,} unknown"
            table.append([r["indicator"], r["la"], r["period"], r["group"], _number(r["value"], r["unit"]), of, ""])
        by = rows[0]["by"] if rows else "group"
        _table(["indicator", "la", "period", by, "value", "of", "not available because"], table)


date_type = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])


def _la_for(project, la):
    """--la, else the LA of scorecard.yaml, else every LA in the store (None)."""
    return la or getattr(project.config, "la", None)


@click.command("due")
@click.option("--at", "at", type=date_type, required=True, help="The date to list for: 2025-03-31 or 31/03/2025.")
@la_filter
@click.option("--team", help="Only this allocated team (as the data names it).")
@click.option("--worker", help="Only this allocated worker (as the data names it).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="The work lists file: .xlsx (default worklists/due-DATE.xlsx), .csv or .json; readable by you only.")
@db_option
@settings_option
def due_command(at, la, team, worker, out, db, settings_path):
    """What is overdue at a date and what falls due in the next 10 working days, list by list
    (assessments, section 47 conferences, CP reviews and visits, CLA reviews and visits, initial
    health assessments), with team and worker, and counts by team on a summary sheet.

    The lists are child-level data: the file is readable by you only; only counts are printed.
    """
    output_format(out or "due.xlsx")  # a wrong file ending is said before any work
    project = _project(db, settings_path)
    at = at.date()
    path, lists = project.write_due(at, out or f"worklists/due-{at.isoformat()}.xlsx", la=_la_for(project, la),
                                    team=team, worker=worker)
    for d in lists:
        dates = sorted(set(d.as_at.values()))
        if not dates:
            click.echo(f"{d.title}: no list ({'; '.join(sorted(set(d.unavailable.values())))})")
            continue
        overdue = sum(1 for r in d.rows if r["status"] == "overdue")
        click.echo(f"{d.title}: {overdue:,} overdue, {len(d.rows) - overdue:,} due soon "
                   f"(data as at {', '.join(f'{x:%d/%m/%Y}' for x in dates)})")
    click.echo(f"Written to {path} (child-level data: readable by you only).")


@click.command("caseloads")
@click.option("--at", "at", type=date_type, required=True, help="The date: the latest Annex A extract on or before it.")
@la_filter
@click.option("--by", type=click.Choice(["worker", "team"]), default="worker", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@db_option
@settings_option
def caseloads_command(at, la, by, fmt, db, settings_path):
    """Children per worker or team by status (CIN, CP, CLA), from Annex A, as ChAT shows them."""
    project = _project(db, settings_path)
    rows = project.caseloads(at.date(), la=_la_for(project, la), by_team=by == "team")
    fields = ["la", "extract_date", "team"] + (["workers"] if by == "team" else ["worker"]) + [
        "CIN", "CP", "CLA", "total"]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        _write_csv(fields, rows)
    else:
        _table(fields, [[str(_plain(r[f])) for f in fields] for r in rows])
        if not rows:
            click.echo(f"No Annex A extract dated on or before {at.date():%d/%m/%Y}.")
