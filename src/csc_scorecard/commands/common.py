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


def english_la_callback(ctx, param, value):
    """For files being loaded or checked: the code must be an English LA's (a store may hold others)."""
    from ..ingest.tree import la_problem

    code = la_callback(ctx, param, value)
    if code is not None and la_problem(code):
        raise click.BadParameter(f"{la_problem(code)}. Give the LA's three-digit DfE code.")
    return code


year_option = click.option("--year", callback=year_callback,
                           help="Collection year, e.g. 2025 or 2024-25 (1 April 2024 - 31 March 2025).")
la_option = click.option("--la", callback=la_callback, help="The LA's three-digit DfE code, e.g. 310.")
files_la_option = click.option("--la", callback=english_la_callback,
                               help="The LA's three-digit DfE code, e.g. 310 (default: an LA folder such as "
                                    "310/2024-25/, or the one LA of scorecard.yaml).")


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


def period_callback(ctx, param, value):
    """Periods are parsed once, here at the edge: the Project gets Period objects (a tuple for a repeated option)."""
    from ..errors import IndicatorError
    from ..indicators.period import parse_period

    if value is None:
        return None
    try:
        return tuple(parse_period(v) for v in value) if isinstance(value, tuple) else parse_period(value)
    except IndicatorError as exc:
        raise click.BadParameter(str(exc)) from None
