"""Start Django on a store: the environment set from the CLI's options, the app database migrated, waitress."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ScorecardError
from . import config


def setup(db: str | Path, settings: str | Path | None = None, *, migrate: bool = True) -> None:
    """Point the app at a store, configure Django and bring the app's database up to date (creating it)."""
    os.environ[config.ENV_STORE] = str(db)
    if settings:
        os.environ[config.ENV_SETTINGS] = str(settings)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_scorecard.web.settings")
    if not os.environ.get(config.ENV_DATABASE_URL):
        path = config.app_database_path()
        if not path.parent.is_dir():
            raise ScorecardError(f"The folder {path.parent} for the app database does not exist.")
    import django
    from django.core.management import call_command
    from django.db.utils import OperationalError

    django.setup()
    if migrate:
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except OperationalError as exc:
            raise ScorecardError(f"Could not open the app database: {exc}. Check {config.ENV_DATABASE_URL} "
                                 "or the folder beside the store.") from None
        if not os.environ.get(config.ENV_DATABASE_URL):
            config.app_database_path().chmod(0o600)


def serve(host: str, port: int, *, threads: int = 8, ready=None) -> None:
    """Serve with waitress (a production-grade pure-Python WSGI server) until stopped."""
    from waitress.server import create_server

    from .wsgi import application

    server = create_server(application, host=host, port=port, threads=threads, ident="csc-scorecard",
                           clear_untrusted_proxy_headers=True)
    if ready:
        ready(server)
    server.run()
