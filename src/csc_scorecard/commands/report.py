"""scorecard report: the scorecard as Excel, HTML, JSON and CSV."""

from __future__ import annotations

import click

from ..indicators.engine import NO_VALUE_SUPPLIED
from ..project import Project
from .common import db_option, la_option, period_callback, settings_option


@click.command("report")
@db_option
@click.option("--period", required=True, callback=period_callback,
              help="The period to report: 2024-25, 2024-25-Q2, ytd:2024-11-30 or 12m:2024-11-30.")
@click.option("--compare-to", "compare_to", callback=period_callback,
              help="An earlier period the direction of travel compares with (default: the previous period).")
@click.option("--out", "out_dir", default="scorecard", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write scorecard.xlsx, .html, .json and .csv into.")
@la_option
@settings_option
@click.option("--layout", type=click.Path(exists=True, dir_okay=False),
              help="A layout.yaml: which indicators, in what order, with which refs and targets "
                   "(default: layout: in the settings, else the built-in one).")
@click.option("--public", is_flag=True,
              help="For a public committee paper: DfE disclosure control (counts of 1 to 5 and the figures "
                   "that would reveal them shown as c; England and regional counts rounded to 10).")
@click.option("--allow-empty", is_flag=True,
              help="Write the scorecard even when the loaded data does not cover the period.")
@click.option("--forecast", is_flag=True,
              help="Add a year-end forecast column: each row with a target this year projected to 31 March "
                   "from the data to the period's end, with an 80% interval and on track / at risk / off track.")
def report_command(db, period, compare_to, out_dir, la, settings_path, layout, public, allow_empty, forecast):
    """Write the scorecard for one period: scorecard.xlsx, .html, .json and .csv."""
    project = Project(db, settings=settings_path)
    result = project.report(period, compare_to=compare_to, la=la, layout=layout, public=public, out=out_dir,
                            allow_empty=allow_empty, forecast=forecast)
    card = result.scorecard
    counts = card.rag_counts()
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Scorecard for {card.la_name} ({card.la}), {card.period}"
               + (f", compared with {card.compare_to}" if card.compare_to else "") + ":")
    click.echo(f"  {len(card.lines)} indicators: {counts['green']} green, {counts['amber']} amber, "
               f"{counts['red']} red, {counts['none']} not rated.")
    if forecast:
        f = [line.forecast for line in card.lines if line.forecast and line.forecast.status]
        click.echo(f"  Year-end forecasts for {len(f)} rows with a target: "
                   + ", ".join(f"{sum(x.status == s for x in f)} {s}" for s in ("on track", "at risk", "off track"))
                   + ".")
    linked = sum(1 for line in card.lines if line.actions)
    if linked:
        click.echo(f"  {linked} rows are targeted by {len(card.plan_actions)} improvement-plan actions.")
    missing = [line.ref for line in card.lines if line.shown.reason.startswith(NO_VALUE_SUPPLIED)]
    if missing:
        click.echo(f"  {len(missing)} supplied rows have no value for the period ({', '.join(missing)}): import "
                   "them with: scorecard supply FILE (docs: the README's 'Supplied indicators').")
    for path in result.files.values():
        click.echo(f"  {path}")
