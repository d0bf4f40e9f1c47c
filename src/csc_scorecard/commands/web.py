"""scorecard serve and scorecard users: the web dashboard and its accounts."""

from __future__ import annotations

import os

import click

from ..errors import ScorecardError
from .common import db_option

settings_option = click.option("--settings", "settings_path", type=click.Path(exists=True, dir_okay=False),
                               help="The LA's scorecard.yaml (default: a scorecard.yaml beside the store).")


@click.command("serve")
@db_option
@settings_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
def serve_command(db, settings_path, host, port, threads):
    """Start the web dashboard on the store (users first: scorecard users add NAME --role admin).

    The app's own database (users, sessions, audit log, commentary) is SQLite beside the store, or
    PostgreSQL with SCORECARD_DATABASE_URL; it is created and migrated here. For production behind a
    reverse proxy with HTTPS, see docs/web.md.
    """
    from ..web import config, server

    if not os.path.isfile(db):
        raise ScorecardError(f"There is no store at {db}. Load returns first (scorecard load), or give --db.")
    server.setup(db, settings_path)
    where = os.environ.get(config.ENV_DATABASE_URL) and "PostgreSQL (SCORECARD_DATABASE_URL)" \
        or str(config.app_database_path())

    def ready(srv):
        shown = "[" + host + "]" if ":" in host else host
        click.echo(f"Dashboard for {db} at http://{shown}:{srv.effective_port}/  (app database: {where})")
        if host not in ("127.0.0.1", "localhost", "::1") and not os.environ.get(config.ENV_HOSTS):
            click.echo(f"It answers only to 127.0.0.1 and localhost until {config.ENV_HOSTS} lists the names "
                       "people will use (and use HTTPS off this machine: docs/web.md).")
        click.echo("Stop it with Ctrl+C.")

    server.serve(host, port, threads=threads, ready=ready)


@click.group("users")
def users_group():
    """The dashboard's accounts: add, list, disable."""


@users_group.command("add")
@db_option
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["viewer", "manager", "analyst", "admin"]),
              help="viewer: aggregates; manager: + case and due lists; analyst: + loads, commentary, plan; "
                   "admin: users and the audit log.")
@click.option("--team", default="", help="For a manager: sees only this team's children.")
@click.option("--approver", is_flag=True, help="May approve commentary (as an admin may).")
def users_add(db, name, role, team, approver):
    """Add a user; the password comes from SCORECARD_PASSWORD or a prompt."""
    from ..web import server

    password = os.environ.get("SCORECARD_PASSWORD") or click.prompt(
        f"Password for {name}", hide_input=True, confirmation_prompt=True)
    server.setup(db)
    from ..web import users  # models: only once Django is set up

    users.add(name, password, role=role, team=team, approver=approver)
    click.echo(f"Added {name} ({role}{', team ' + team if team else ''}{', approver' if approver else ''}).")


@users_group.command("list")
@db_option
def users_list(db):
    """The accounts, their roles and teams."""
    from ..web import server

    server.setup(db)
    from ..web import users  # models: only once Django is set up

    rows = users.listed()
    if not rows:
        click.echo("No users yet: scorecard users add NAME --role admin")
    for u in rows:
        click.echo(f"{u['username']:<20} {u['role']:<8} {u['team'] or '-':<16} "
                   f"{'approver' if u['approver'] else '':<9} {'active' if u['active'] else 'disabled'}")


@users_group.command("disable")
@db_option
@click.argument("name")
def users_disable(db, name):
    """Stop a user signing in (their audit entries stay)."""
    from ..web import server

    server.setup(db)
    from ..web import users  # models: only once Django is set up

    users.disable(name)
    click.echo(f"{name} can no longer sign in.")
