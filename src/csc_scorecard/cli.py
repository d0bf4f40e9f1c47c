"""The command line: thin, every command calls Project."""

from __future__ import annotations

import importlib
import os
import sys

import click

from .errors import ScorecardError

# Each module defines click commands; listed here so `scorecard --help` stays in one place.
COMMANDS = {
    "load": ("load", "load_command"),
    "loads": ("load", "loads_command"),
    "issues": ("load", "issues_command"),
    "validate": ("validate", "validate_command"),
    "indicators": ("indicators", "indicators_command"),
    "cases": ("indicators", "cases_command"),
    "catalogue": ("indicators", "catalogue_command"),
    "supply": ("indicators", "supply_command"),
    "init": ("scorecard", "init_command"),
    "benchmarks": ("scorecard", "benchmarks_group"),
    "report": ("report", "report_command"),
    "synth": ("synth", "synth_command"),
    "demo": ("synth", "demo_command"),
    "postcodes": ("postcodes", "postcodes_group"),
    "due": ("worklists", "due_command"),
    "caseloads": ("worklists", "caseloads_command"),
    "plan": ("plan", "plan_group"),
    "serve": ("web", "serve_command"),
    "users": ("web", "users_group"),
    "export": ("export", "export_command"),
}


class ErrorHandlingGroup(click.Group):
    """Turn our errors into one plain line and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ScorecardError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug: say so plainly, keep the details for --debug
            if ctx.params.get("debug"):
                raise
            click.echo(f"Internal error ({type(exc).__name__}): {exc}\n"
                       "This is a bug in csc-scorecard. Re-run with --debug for details and report it.",
                       err=True)
            sys.exit(3)


@click.group(cls=ErrorHandlingGroup)
@click.option("--debug", is_flag=True, help="Show full tracebacks for internal errors.")
@click.version_option(package_name="csc-scorecard")
def main(debug):
    """csc-scorecard: children's social care scorecards from SSDA903, CIN census and Annex A files."""
    if debug:  # readers then let a fault in one file surface as a traceback instead of a fatal issue
        os.environ["SCORECARD_DEBUG"] = "1"


for _name, (_module, _attr) in COMMANDS.items():
    main.add_command(getattr(importlib.import_module(f".commands.{_module}", __package__), _attr), _name)
