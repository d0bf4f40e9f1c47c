"""scorecard postcodes load."""

from __future__ import annotations


import click

from ..errors import ScorecardError
from .common import db_option, progress_printer, settings_option


@click.group("postcodes")
def postcodes_group():
    """The ONS postcode directory, for placement distances (cla-placed-20-miles)."""


@postcodes_group.command("load")
@db_option
@settings_option
@click.option("--only-used", is_flag=True,
              help="Store only the postcodes the loaded SSDA903 episodes use (a few KB instead of ~40 MB); "
                   "run it again after loading new returns.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def load_command(db, settings_path, only_used, quiet):
    """Store the ONS postcode directory (every UK postcode) so placement distances can be worked out."""
    from ..reference.areas import own_codes
    from ..reference.postcodes import load_postcodes, used_postcodes
    from ..settings import load_settings
    from ..store import database

    own = own_codes(load_settings(settings_path).las.values()) if settings_path else {}
    con = database.connect(db)
    try:
        only = used_postcodes(con) if only_used else None
        if only_used and not only:
            raise ScorecardError(f"{db} holds no SSDA903 episodes with postcodes, so --only-used would store none. "
                                 "Load the returns first, or leave out --only-used to store the whole directory.")
        done = load_postcodes(con, own=own, only=only, progress=progress_printer(not quiet),
                              command="postcodes load" + (" --only-used" if only_used else ""))
    finally:
        con.close()
    click.echo(f"Stored {done.rows:,} postcodes from {done.source} ({done.version}) in {db}, load {done.load_id}, "
               f"in {done.seconds:.1f} s.")
    if done.without_grid_reference:
        click.echo(f"{done.without_grid_reference:,} of them have no grid reference: a child whose home or placement "
                   "is at one counts as unknown, not as 0 miles.")
    for issue in done.log.issues:
        click.echo(f"  Warning: {issue.value}: {issue.message} Fix: {issue.fix}")
