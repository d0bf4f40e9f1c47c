"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import sys

import click

from ..ingest.detect import parse_la, parse_year

db_option = click.option(
    "--db", default="scorecard.duckdb", show_default=True, envvar="SCORECARD_DB",
    help="The DuckDB store file.", type=click.Path(dir_okay=False))


def year_callback(ctx, param, value):
    try:
        return parse_year(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def la_callback(ctx, param, value):
    try:
        return parse_la(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


year_option = click.option("--year", callback=year_callback,
                           help="Collection year, e.g. 2025 or 2024-25 (1 April 2024 - 31 March 2025).")
la_option = click.option("--la", callback=la_callback, help="The LA's three-digit DfE code, e.g. 310.")


def progress_printer(enabled: bool = True):
    """Progress lines on stderr, so stdout stays clean for piping."""
    if not enabled:
        return None

    def show(msg: str) -> None:
        click.echo(f"  {msg}", err=True)
        sys.stderr.flush()

    return show


def date_callback(ctx, param, value):
    """A date option written as 2025-03-31, parsed once here."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" is not a date: write it as 2025-03-31.') from None


def settings_callback(ctx, param, value):
    from ..settings import find_settings

    return find_settings(value)


# The one way every command finds the LA's settings (settings.find_settings).
settings_option = click.option(
    "--settings", "settings_path", type=click.Path(dir_okay=False), callback=settings_callback,
    help="The LA's scorecard.yaml (names, populations, settings, own catalogue, layout). "
         "Default: $SCORECARD_SETTINGS, else scorecard.yaml in the current folder, if there is one.")
