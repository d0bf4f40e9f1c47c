"""scorecard validate: our checks and the DfE rule sets on the same files, one issue list."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import click

from ..ingest import dfe_rules
from ..ingest.report import write_issue_reports
from ..project import Project
from .common import files_la_option, progress_printer, year_option
from .load import settings_near

SHOWN = 12  # rules named on the terminal; the issue list has them all


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@year_option
@files_la_option
@click.option("--settings", type=click.Path(exists=True, dir_okay=False),
              help="scorecard.yaml: with one LA in it, files with no LA of their own are that LA's.")
@click.option("--issues", "issues_dir", type=click.Path(file_okay=False),
              help="Where to write the combined issue list (child-level, owner-only). "
                   "Default: scorecard-issues/validate-<date-time>/.")
@click.option("--setup", is_flag=True, help="Make the DfE validators' own environment (once) and stop.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def validate_command(paths, year, la, settings, issues_dir, setup, quiet):
    """Check files with csc-scorecard's checks and the DfE's own rules (CIN census, SSDA903); store nothing.

    The DfE validators (csc-validator-be-903, -cin) run in a virtual environment of their own under the
    user's cache folder, made on the first run (or with --setup)."""
    progress = progress_printer(not quiet)
    if setup:
        venv = dfe_rules.setup(progress)
        click.echo(f"The DfE validators are ready in {venv}.")
        return
    if not paths:
        raise click.UsageError("Give the files or folders to check, or --setup.")
    project = Project("scorecard.duckdb", settings=settings_near(paths, settings))
    rows, rules = project.validate(paths, year=year, la=la, progress=progress)
    out = Path(issues_dir) if issues_dir else Path("scorecard-issues") / f"validate-{datetime.now():%Y%m%d-%H%M%S}"
    by_source = Counter("DfE rules" if r.source.startswith("DfE") and r.code != "rule-not-run" else r.source
                        for r in rows if r.code not in ("rule-not-run", "rules-not-run"))
    for where, rs in rules.rulesets.items():
        click.echo(f"DfE rule set {rs or '(none)'}: {where}")
    fired = sorted(Counter(r.code for r in rules.issues).items(), key=lambda kv: (-kv[1], kv[0]))
    if fired:
        more = f" and {len(fired) - SHOWN:,} more" if len(fired) > SHOWN else ""
        click.echo(f"DfE rules that fired ({len(fired):,}): "
                   + ", ".join(f"{c} ({n:,})" for c, n in fired[:SHOWN]) + more)
    not_run: dict[tuple[str, str], set[str]] = {}
    for r in rules.not_run:
        why = r.message.split(": ", 1)[-1].rstrip(".")
        not_run.setdefault((r.file, why), set()).add(r.source.removeprefix("DfE rule "))
    for (where, why), codes in sorted(not_run.items()):
        click.echo(f"DfE rules that did not run on {where} ({len(codes):,}), {why}: {', '.join(sorted(codes))}")
    click.echo(f"{by_source.get('csc-scorecard', 0):,} csc-scorecard issues, {by_source.get('DfE rules', 0):,} DfE "
               "rule results.")
    if rows:
        csv_path, _ = write_issue_reports(rows, out, title="Validation: csc-scorecard checks and DfE rules")
        click.echo(f"Issue list (child-level) written to {csv_path.parent}/ (issues.xlsx, issues.csv).")
