"""scorecard export: the store's tables as Parquet, for pooling (pseudonymised) and for Spark."""

from __future__ import annotations

import click

from ..project import Project
from .common import db_option, la_callback, progress_printer


def _las(ctx, param, values):
    return tuple(la_callback(ctx, param, v) for v in values)


@click.command("export")
@db_option
@click.option("--out", required=True, type=click.Path(file_okay=False), help="The folder to write the export to.")
@click.option("--la", "las", multiple=True, callback=_las, help="Only this LA (repeat for several; default all).")
@click.option("--pseudonymise", is_flag=True,
              help="Replace child IDs by a keyed hash, dates of birth by their month, postcodes by their sector, "
                   "and drop free text: for pooling with other LAs.")
@click.option("--salt-file", type=click.Path(dir_okay=False, exists=True),
              help="The LA's secret salt for --pseudonymise (at least 16 bytes; keep it, and keep it secret: "
                   "the same salt gives the same pseudonyms next time).")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def export_command(db, out, las, pseudonymise, salt_file, quiet):
    """Write the canonical tables as Parquet, partitioned by LA and collection year.

    `scorecard load DIR` reads an export back, so a region can pool its LAs' exports into one store;
    `scorecard indicators --engine spark --data DIR` runs the catalogue on it with Spark."""
    if pseudonymise and not salt_file:
        raise click.UsageError("--pseudonymise needs --salt-file FILE: the LA's secret salt.")
    if salt_file and not pseudonymise:
        raise click.UsageError("--salt-file is only used with --pseudonymise.")
    summary = Project(db).export(out, las=las or None, salt_file=salt_file, progress=progress_printer(not quiet))
    las_done = sorted({f["la"] for f in summary.files})
    click.echo(f"Exported {summary.rows:,} rows of {len(las_done)} LA{'s' if len(las_done) != 1 else ''} "
               f"({', '.join(las_done)}) in {len(summary.files)} files to {summary.out}"
               f"{' (pseudonymised)' if summary.pseudonymised else ''}.")
    if not summary.pseudonymised:
        click.echo("This export holds child-level data as stored: keep it as safe as the store itself.")
