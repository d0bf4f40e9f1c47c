"""scorecard report: the scorecard as Excel, HTML, JSON and CSV."""

from __future__ import annotations

import click

from ..project import Project
from .common import db_option, la_option


@click.command("report")
@db_option
@click.option("--period", required=True,
              help="The period to report: 2024-25, 2024-25-Q2, ytd:2024-11-30 or 12m:2024-11-30.")
@click.option("--compare-to", "compare_to",
              help="The period the direction of travel compares with (default: the previous period).")
@click.option("--out", "out_dir", default="scorecard", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write scorecard.xlsx, .html, .json and .csv into.")
@la_option
@click.option("--settings", type=click.Path(exists=True, dir_okay=False),
              help="The LA's scorecard.yaml (names, populations, the LA the scorecard is for).")
@click.option("--layout", type=click.Path(exists=True, dir_okay=False),
              help="A layout.yaml: which indicators, in what order, with which refs and targets.")
@click.option("--public", is_flag=True,
              help="For a public committee paper: withhold low-base figures and assessment counts.")
def report_command(db, period, compare_to, out_dir, la, settings, layout, public):
    """Write the scorecard for one period: scorecard.xlsx, .html, .json and .csv."""
    project = Project(db, settings=settings)
    result = project.report(period, compare_to=compare_to, la=la, layout=layout, public=public, out=out_dir)
    card = result.scorecard
    counts = card.rag_counts()
    click.echo(f"Scorecard for {card.la_name} ({card.la}), {card.period}"
               + (f", compared with {card.compare_to}" if card.compare_to else "") + ":")
    click.echo(f"  {len(card.lines)} indicators: {counts['green']} green, {counts['amber']} amber, "
               f"{counts['red']} red, {counts['none']} not rated.")
    for path in result.files.values():
        click.echo(f"  {path}")
