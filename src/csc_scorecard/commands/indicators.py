"""scorecard indicators / cases / catalogue / supply."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from ..outputs import SafeCSVWriter
from ..project import Project
from .common import db_option, la_callback, period_callback, progress_printer, settings_option

format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                             show_default=True, help="How to print the result.")
la_filter = click.option("--la", callback=la_callback, help="Only this LA (three-digit DfE code).")

RESULT_FIELDS = ("indicator", "la", "period", "numerator", "denominator", "value", "unit", "status", "reason",
                 "unknown", "note")


def _project(db: str, settings_path: Path | None) -> Project:
    return Project(db, settings_path)


def _plain(v):
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def _number(value, unit: str) -> str:
    if value is None:
        return ""
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:,.1f}"


plain_csv_option = click.option(
    "--plain-csv", is_flag=True,
    help="With --format csv, for programs: do not prefix cells starting with = + - @ with ' (Excel safety).")


def _write_csv(fields, rows, neutralise: bool = True) -> None:
    writer = SafeCSVWriter(sys.stdout, fields, neutralise=neutralise, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _plain(row.get(k)) for k in fields})


def _table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


@click.command("indicators")
@click.option("--period", "periods", multiple=True, required=True, callback=period_callback,
              help="2024-25, 2024-25-Q2, ytd:2024-11-30 or 12m:2024-11-30 (repeat for several).")
@la_filter
@click.option("--id", "ids", multiple=True, help="Only this indicator (repeat for several). Default: all.")
@click.option("--by", type=click.Choice(["team", "worker", "age", "sex", "ethnicity", "disability", "uasc"]),
              help="Each figure per group as well: allocated team or worker, DfE age band, sex, ethnic group, "
                   "disability, UASC.")
@format_option
@plain_csv_option
@db_option
@settings_option
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="spark: run the same catalogue on Spark over a `scorecard export` folder (--data); "
                   "needs pip install -e '.[spark]' and Java 17.")
@click.option("--data", type=click.Path(file_okay=False, exists=True),
              help="With --engine spark: the folder scorecard export wrote (Parquet).")
def indicators_command(periods, la, ids, by, fmt, plain_csv, db, settings_path, engine, data):
    """The figures: every indicator (or those asked for) for each period and LA."""
    if by:
        from .worklists import print_breakdown
        return print_breakdown(_project(db, settings_path).breakdown(list(periods), by, la=la, ids=list(ids) or None),
                               fmt)
    if engine == "spark":
        if not data:
            raise click.UsageError("--engine spark needs --data DIR: a folder written by scorecard export.")
        results = _project(db, settings_path).indicators_on_spark(
            data, list(periods), la=la, ids=list(ids) or None, progress=progress_printer())
    else:
        results = _project(db, settings_path).indicators(list(periods), la=la, ids=list(ids) or None)
    rows = [r.as_dict() for r in results]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        _write_csv(RESULT_FIELDS, rows, not plain_csv)
    else:
        table = []
        for r in results:
            if r.status == "ok":
                parts = "" if r.denominator is None or r.unit == "count" else (
                    f"{r.numerator:,.0f} / {r.denominator:,.0f}" if r.unit in ("percent", "rate10k")
                    and r.numerator is not None else f"n = {r.denominator:,.0f}")
                if r.unknown:  # case rows left out of the figure because their answer is not known
                    parts = f"{parts}{'; ' if parts else ''}{r.unknown:,} unknown"
                table.append([r.indicator, r.la, r.period, _number(r.value, r.unit), parts, r.note or ""])
            else:
                table.append([r.indicator, r.la, r.period, "n/a", "", r.reason or ""])
        _table(["indicator", "la", "period", "value", "of", "not available because / note"], table)


@click.command("cases")
@click.option("--indicator", "indicator", required=True, help="The indicator id, e.g. assessments-45wd.")
@click.option("--period", required=True, callback=period_callback, help="2024-25, 2024-25-Q2, ytd:…, 12m:…")
@la_filter
@click.option("--failing", is_flag=True,
              help="Only the cases that do not meet the standard (whatever the indicator's polarity).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the work list to FILE.xlsx, .csv or .json (readable by you only) instead of printing.")
@format_option
@plain_csv_option
@db_option
@settings_option
def cases_command(indicator, period, la, failing, out, fmt, plain_csv, db, settings_path):
    """The children behind a figure: one row per counted unit, numerator rows marked, with
    meets_standard, team and worker, most overdue first.

    This is child-level data. Print or save it only where those reading it may see it.
    """
    cases = _project(db, settings_path).work_list(indicator, period, la=la, failing=failing)
    if fmt == "json" and not out:
        click.echo(json.dumps({"indicator": cases.indicator, "period": cases.period, "la": cases.la,
                               "status": cases.status, "reason": cases.reason, "notes": cases.notes,
                               "columns": cases.columns, "rows": cases.rows}, indent=2, default=_plain))
        return
    if cases.status != "ok":
        click.echo(f"Not available: {cases.reason}", err=True)
        raise SystemExit(1)
    if out:
        from .worklists import write_cases
        click.echo(f"{len(cases.rows):,} rows written to {write_cases(cases, out)}.")
        return
    if fmt == "csv":  # the notes are in the table, JSON and xlsx outputs
        _write_csv(cases.columns, cases.rows, not plain_csv)
        return
    for note in cases.notes:
        click.echo(note)
    click.echo()
    marked = sum(1 for r in cases.rows if r.get("in_numerator") is True)
    _table(cases.columns, [["" if r[c] is None else str(_plain(r[c])) for c in cases.columns] for r in cases.rows])
    unknown = sum(1 for r in cases.rows if "in_numerator" in r and r["in_numerator"] is None)
    summary = f"{len(cases.rows):,} rows" + (f", {marked:,} in the numerator" if "in_numerator" in cases.columns else "")
    if unknown:
        summary += f", {unknown:,} unknown (in neither numerator nor denominator)"
    click.echo(summary)


@click.command("catalogue")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--test", "run_tests", is_flag=True,
              help="Run every indicator's hand-computed test cases (including the LA's own) and report.")
@click.option("--id", "ids", multiple=True, help="Only this indicator (repeat for several). Default: all.")
@settings_option
def catalogue_command(fmt, run_tests, ids, settings_path):
    """The indicators with their definitions (built-in and the LA's own)."""
    from ..indicators.loader import Catalogue

    project = _project("scorecard.duckdb", settings_path)
    catalogue = project.catalogue()
    catalogue = Catalogue(catalogue.select(list(ids))) if ids else catalogue
    if run_tests:
        from ..indicators.testing import collect, run_case

        cases = collect(catalogue)
        failures = 0
        for case in cases:
            problems = run_case(case)
            failures += bool(problems)
            for p in problems:
                click.echo(f"FAIL {p}")
        untested = [i.id for i in catalogue if not i.supplied and not i.test_path.is_file()]
        for iid in untested:
            click.echo(f"NO TESTS {iid}")
        click.echo(f"{len(cases) - failures} of {len(cases)} test cases passed"
                   + (f"; {len(untested)} computed indicators have no tests" if untested else "") + ".")
        if failures or untested:
            raise SystemExit(1)
        return
    items = [i.summary() for i in catalogue]
    if fmt == "json":
        click.echo(json.dumps(items, indent=2, default=str))
    elif fmt == "csv":
        _write_csv(("id", "title", "unit", "aggregate", "polarity", "source", "periods", "origin", "definition"), items)
    else:
        for i in catalogue:
            marks = f"{i.unit}, polarity {i.polarity}, source {i.source}" + (
                f", {i.origin}" if i.origin != "built-in" else "")
            click.echo(f"{i.id}  {i.title}  ({marks})")
            click.echo(f"    {i.definition}")
            if i.settings:
                click.echo("    settings: " + ", ".join(f"{k} = {v}" for k, v in i.settings.items()))


@click.command("supply")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
@settings_option
def supply_command(path, db, settings_path):
    """Import values of supplied indicators from a CSV: indicator,la,period,value[,numerator,denominator]."""
    report = _project(db, settings_path).supply(path, command=f"supply {path}")
    for issue in report.issues:
        click.echo(f"{issue.severity.upper()}: {issue}", err=True)
    stored = sum(f.rows.get("supplied_value", 0) for f in report.files if f.status == "loaded")
    if report.load_id:
        las = sorted({f.la for f in report.files if f.status == "loaded"})
        click.echo(f"{stored:,} values stored for LA {', '.join(las)} (load {report.load_id}) in {db}.")
    elif report.ok:
        click.echo("Nothing new to store: these values were already imported unchanged.")
    if not report.ok:
        click.echo("Nothing was stored.", err=True)
        raise SystemExit(1)
