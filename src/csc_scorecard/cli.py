"""The command line: thin, every command calls Project."""

from __future__ import annotations

import importlib
import os
import signal
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
    "paper": ("paper", "paper_command"),
    "commentary": ("paper", "commentary_group"),
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
        _note_interrupts()
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
            _stopped()
        except OSError as exc:  # a folder not there or not writable, a full disk: the user's to fix
            if _INTERRUPTED:
                _stopped()
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"Error: cannot use{where}: {exc.strerror or exc}. Check the path and that you may "
                       "read and write there.", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: say so plainly, keep the details for --debug
            if _INTERRUPTED:  # Ctrl-C reached DuckDB mid-statement: it comes back as its own exception
                _stopped()
            if ctx.params.get("debug"):
                raise
            click.echo(f"Internal error ({type(exc).__name__}): {exc}\n"
                       "This is a bug in csc-scorecard. Re-run with --debug for details and report it.",
                       err=True)
            sys.exit(3)


_INTERRUPTED: list[int] = []


def _note_interrupts() -> None:
    """Remember a Ctrl-C, then interrupt as Python does: DuckDB turns one that arrives mid-query into
    InterruptException, RuntimeError("Query interrupted") or "transaction is aborted", never KeyboardInterrupt."""
    def on_sigint(signum, frame):
        _INTERRUPTED.append(signum)
        signal.default_int_handler(signum, frame)

    try:
        signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread (e.g. a test runner's worker): Python's own handling stays
        pass


def _stopped() -> None:
    """Ctrl-C: say truthfully whether anything reached the store (a load is one transaction)."""
    from .store.database import commits_in_this_process

    stored = commits_in_this_process() > 0
    try:
        click.echo("Stopped after the load was stored." if stored else "Stopped; nothing was stored.", err=True)
    finally:
        sys.exit(130)


@click.group(cls=ErrorHandlingGroup)
@click.option("--debug", is_flag=True, help="Show full tracebacks for internal errors.")
@click.version_option(package_name="csc-scorecard")
def main(debug):
    """csc-scorecard: children's social care scorecards from SSDA903, CIN census and Annex A files."""
    if debug:  # readers then let a fault in one file surface as a traceback instead of a fatal issue
        os.environ["SCORECARD_DEBUG"] = "1"


for _name, (_module, _attr) in COMMANDS.items():
    main.add_command(getattr(importlib.import_module(f".commands.{_module}", __package__), _attr), _name)
