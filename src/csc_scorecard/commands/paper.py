"""scorecard paper and scorecard commentary: the committee paper and the words officers add to it."""

from __future__ import annotations

import getpass
import click

from ..errors import ScorecardError
from ..project import Project
from .common import date_callback, db_option, la_option, settings_option

period_option = click.option("--period", required=True,
                             help="The period: 2024-25, 2024-25-Q2, ytd:2024-11-30 or 12m:2024-11-30.")


@click.command("paper")
@db_option
@period_option
@click.option("--compare-to", "compare_to", help="The period to compare with (default: the previous period).")
@click.option("--public", is_flag=True, help="The public version: no child-level data, DfE suppression of 1 to 5.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False),
              help="The council's own Word template (.docx) for report.docx.")
@click.option("--date", "paper_date", callback=date_callback,
              help="The meeting date (default: paper: meeting_date in scorecard.yaml, else today); it picks the "
                   "framework in force.")
@click.option("--out", "out_dir", default="paper", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write report.docx, report.pdf and report.html into.")
@la_option
@settings_option
def paper_command(db, period, compare_to, public, template, paper_date, out_dir, la, settings_path):
    """Write the self-assessment committee paper: report.docx, report.pdf and report.html."""
    if template and not template.lower().endswith(".docx"):
        raise ScorecardError(f"{template}: the template must be a Word .docx file.")
    project = Project(db, settings=settings_path)
    paper, files = project.paper(period, compare_to=compare_to, la=la, public=public, out=out_dir,
                                 template=template, paper_date=paper_date)
    points = sum(len(s.strengths) + len(s.weaknesses) for s in paper.judgements)
    click.echo(f"Committee paper for {paper.la_name} ({paper.la}), {paper.period_label}"
               f"{' (public)' if public else ''}: {points} points under {len(paper.judgements)} judgements "
               f"of {paper.framework.short} {paper.framework.version}.")
    if paper.recheck:
        click.echo(f"  {len(paper.recheck)} edited point(s) to re-check: their figures changed: "
                   + "; ".join(paper.recheck))
    for path in files.values():
        click.echo(f"  {path}")


@click.group("commentary")
def commentary_group():
    """Commentary on the figures and edits to the drafted points, kept in the store."""


@commentary_group.command("export")
@db_option
@period_option
@la_option
@settings_option
@click.option("--out", "out_dir", default="commentary", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write commentary.xlsx and commentary.yaml into.")
def commentary_export(db, period, la, settings_path, out_dir):
    """Write commentary.xlsx (and .yaml) to fill in: the drafted points and a row per indicator."""
    from ..report.paper.commentary_file import export

    project = Project(db, settings=settings_path)
    paper, _ = project.paper(period, la=la)
    files = export(paper, project.commentary(paper.period, la=paper.la), out_dir)
    click.echo(f"Commentary for {paper.la_name}, {paper.period_label}: fill in and run "
               f"scorecard commentary import {files['commentary.xlsx']}")
    for path in files.values():
        click.echo(f"  {path}")


@commentary_group.command("import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--author", default=None, help="Who wrote it (default: the author column, else your user name).")
@settings_option
def commentary_import(db, file, author, settings_path):
    """Store a filled-in commentary.xlsx or commentary.yaml (every version is kept)."""
    from ..report.paper.commentary_file import entries_from, read

    project = Project(db, settings=settings_path)
    data = read(file)
    if not data.get("period") or not data.get("la"):
        raise ScorecardError(f"{file}: it does not say which LA and period it is for (the About sheet, or la: and "
                             "period: in the YAML); export a fresh file.")
    con = project.connect(read_only=True)
    try:
        ids = {r[0] for r in con.execute("SELECT DISTINCT child_id FROM child WHERE la = ?", [data["la"]]).fetchall()}
    finally:
        con.close()
    entries = entries_from(data, child_ids=ids)
    n = project.save_commentary(data["period"], entries, la=data["la"], author=author or getpass.getuser(),
                                source=str(file))
    click.echo(f"Stored {n} changed entr{'y' if n == 1 else 'ies'} of {len(entries)} for LA {data['la']}, "
               f"{data['period']}. Re-run scorecard paper to see them.")
