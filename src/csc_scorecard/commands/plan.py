"""scorecard plan: the improvement plan (init, import, export, update, history, report)."""

from __future__ import annotations


import click

from ..plan.history import show_value
from ..project import Project
from .common import date_callback as _date, db_option, la_option, settings_callback

# Found the one way every command finds it: --settings, $SCORECARD_SETTINGS, ./scorecard.yaml.
settings_option = click.option("--settings", type=click.Path(dir_okay=False), callback=settings_callback,
                               help="The LA's scorecard.yaml (the LA, its layout and refs, plan_themes). Default: "
                                    "$SCORECARD_SETTINGS, else scorecard.yaml in the current folder.")


@click.group("plan")
def plan_group():
    """The improvement plan: priorities, actions, owners, the indicators they should move."""


@plan_group.command("init")
@db_option
@settings_option
@click.option("--out", default="plan.xlsx", show_default=True, type=click.Path(dir_okay=False),
              help="The template workbook to write.")
@click.option("--themes", help="A theme preset: child-journey (default) or national-framework.")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False),
              help="Fill the template with this plan (a YAML or workbook), e.g. to move a plan into the template.")
def init_command(db, settings, out, themes, source):
    """Write a blank plan workbook, with the LA's indicators and refs as a drop-down."""
    path = Project(db, settings=settings).plan_init(out, themes=themes, source=source)
    what = "check it" if source else "fill in the Priorities, Actions and Indicators sheets"
    click.echo(f"Wrote {path}: {what}, then run `scorecard plan import {path}`.")


@plan_group.command("import")
@db_option
@settings_option
@la_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--by", help="Who is making the change (default: your login name).")
@click.option("--note", help="Why: kept in the plan's history.")
def import_command(db, settings, la, file, by, note):
    """Check a plan workbook or YAML file and store it (nothing is stored if it has any problem)."""
    outcome = Project(db, settings=settings).plan_import(file, la=la, by=by, note=note)
    plan = outcome.plan
    what = (f"{len(plan.priorities)} priorities, {len(plan.actions)} actions, "
            f"{sum(len(a.indicators) for a in plan.actions)} indicator links")
    if outcome.version is None:
        click.echo(f"{file}: the same as the plan already stored for LA {outcome.la} ({what}); nothing changed.")
    else:
        click.echo(f"{file}: stored as version {outcome.version} of LA {outcome.la}'s plan ({what}).")


@plan_group.command("export")
@db_option
@settings_option
@la_option
@click.option("--out", default="plan.xlsx", show_default=True, type=click.Path(dir_okay=False),
              help="plan.xlsx (the template's layout) or plan.yaml.")
@click.option("--version", "version", type=int, help="An earlier version (default: the latest).")
def export_command(db, settings, la, out, version):
    """Write the stored plan back out as a workbook or YAML file, to edit and import again."""
    click.echo(f"Wrote {Project(db, settings=settings).plan_export(out, la=la, version=version)}")


@plan_group.command("update")
@db_option
@settings_option
@la_option
@click.argument("action")
@click.option("--status", help="Not started, In progress, Completed, On hold or Cancelled.")
@click.option("--percent", help="% complete, 0-100.")
@click.option("--rag", help="Red, Amber, Green, or none (worked out from progress against time).")
@click.option("--notes", help="The action's progress notes (replaces them).")
@click.option("--due", callback=_date, help="A new due date, e.g. 2025-06-30.")
@click.option("--by", help="Who is making the change (default: your login name).")
@click.option("--note", help="Why: kept in the plan's history.")
def update_command(db, settings, la, action, status, percent, rag, notes, due, by, note):
    """Record progress on one action (a new version of the plan; the old one is kept)."""
    version = Project(db, settings=settings).plan_update(action, la=la, by=by, status=status, percent=percent,
                                                         rag=rag, notes=notes, due=due, note=note)
    click.echo(f"{action}: no change." if version is None else f"{action}: stored as plan version {version}.")


@plan_group.command("history")
@db_option
@settings_option
@la_option
@click.option("--action", "action", help="Only the changes to this action.")
def history_command(db, settings, la, action):
    """Every change to the plan: version, when, who, what, old and new value."""
    la, changes = Project(db, settings=settings).plan_history(la=la)
    if action:
        changes = [c for c in changes if c.item == f"action {action}" or c.item.startswith(f"action {action} ->")]
    if not changes:
        click.echo(f"No plan changes stored for LA {la}.")
        return
    for c in changes:
        what = (f"{c.item}: {c.new or c.old}" if c.field is None
                else f"{c.item}: {c.field} {_v(c.old)} -> {_v(c.new)}")
        why = f"; {c.note}" if c.note else ""
        click.echo(f"v{c.version}  {c.saved_at:%Y-%m-%d %H:%M}  {c.saved_by:<12} {what}   ({c.source}{why})")


def _v(value) -> str:
    shown = show_value(value)
    return "(blank)" if shown is None else f'"{shown}"'


@plan_group.command("report")
@db_option
@settings_option
@la_option
@click.option("--period", required=True, help="The period whose end is the progress date, e.g. 2024-25-Q3.")
@click.option("--out", "out_dir", default="plan-report", show_default=True, type=click.Path(file_okay=False),
              help="The folder to write plan-report.xlsx, .html and .json into.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["xlsx", "html", "json"]),
              help="Only these formats (default: all three).")
def report_command(db, settings, la, period, out_dir, formats):
    """Progress and impact: actions, overdue flags, linked indicators' movement, year-end forecasts."""
    report, files = Project(db, settings=settings).plan_report(period, la=la, out=out_dir,
                                                               formats=formats or ("xlsx", "html", "json"))
    c = report.counts()
    click.echo(f"Plan for {report.la_name} ({report.la}) at {report.as_at:%d %B %Y}: {c['actions']} actions, "
               f"{c['completed']} completed, {c['overdue']} overdue, {c['due_soon']} due soon; "
               f"RAG {c['red']} red, {c['amber']} amber, {c['green']} green.")
    for a in report.plan.actions:
        st = report.actions[a.id]
        flag = (f"OVERDUE {st.days_overdue} days" if st.overdue else "due soon" if st.due_soon else "")
        click.echo(f"  {a.id:<6} {a.status:<12} {(st.rag or '-'):<6} {flag}")
        for link in a.indicators:
            click.echo(f"           {link.ref:<6} {report.links[(a.id, link.indicator)]['movement']}")
    statuses = [fc["status"] for fc in report.forecasts if fc["status"]]
    click.echo(f"  Year-end forecasts: {statuses.count('on track')} on track, {statuses.count('at risk')} at risk, "
               f"{statuses.count('off track')} off track, {len(report.forecasts) - len(statuses)} not forecast.")
    for path in files.values():
        click.echo(f"  {path}")
