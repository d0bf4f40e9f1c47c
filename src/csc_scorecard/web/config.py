"""Where the web app's settings come from: the environment, parsed once here.

`scorecard serve` and `scorecard users` set SCORECARD_DB (and SCORECARD_SETTINGS) from their options;
a production deployment (gunicorn) sets them itself (docs/web.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from ..errors import ScorecardError

ENV_STORE = "SCORECARD_DB"
ENV_SETTINGS = "SCORECARD_SETTINGS"
ENV_DATABASE_URL = "SCORECARD_DATABASE_URL"
ENV_SECRET = "SCORECARD_SECRET_KEY"
ENV_HTTPS = "SCORECARD_HTTPS"
ENV_HOSTS = "SCORECARD_ALLOWED_HOSTS"
ENV_SESSION_MINUTES = "SCORECARD_SESSION_MINUTES"
ENV_OIDC = "SCORECARD_OIDC"  # "1" turns OpenID Connect sign-in on (docs/web.md)


def store_path() -> Path:
    return Path(os.environ.get(ENV_STORE, "scorecard.duckdb"))


def settings_path() -> Path | None:
    """The LA's scorecard.yaml: SCORECARD_SETTINGS, else a scorecard.yaml beside the store (as the demo writes)."""
    given = os.environ.get(ENV_SETTINGS)
    if given:
        return Path(given)
    beside = store_path().with_name("scorecard.yaml")
    return beside if beside.is_file() else None


def app_database_path() -> Path:
    """The app's own SQLite file: beside the store, named after it."""
    store = store_path()
    return store.with_name(store.stem + "-web.sqlite3")


def database_setting(url: str | None = None) -> dict:
    """Django's DATABASES['default'] from SCORECARD_DATABASE_URL (postgresql://user:pass@host:port/name), else SQLite."""
    url = url if url is not None else os.environ.get(ENV_DATABASE_URL, "")
    if not url:
        # WAL and synchronous=NORMAL: a session touch per request must not wait for a disk flush each time
        # (a crash can lose the last moments of session activity, never corrupt the file).
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(app_database_path()),
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ScorecardError(f'{ENV_DATABASE_URL} "{parts.scheme}://..." is not a PostgreSQL URL: give '
                             "postgresql://USER:PASSWORD@HOST:5432/DATABASE, or leave it unset for SQLite.")
    name = parts.path.lstrip("/")
    if not name:
        raise ScorecardError(f"{ENV_DATABASE_URL} names no database: add /DATABASE after the host.")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return {"ENGINE": "django.db.backends.postgresql", "NAME": unquote(name),
            "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "", "PORT": str(parts.port or ""), "OPTIONS": options,
            "CONN_MAX_AGE": 60}


def secret_key() -> str:
    """SCORECARD_SECRET_KEY, else one made once and kept beside the app database, readable by its owner only."""
    given = os.environ.get(ENV_SECRET)
    if given:
        return given
    path = app_database_path().with_suffix(".secret")
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key)
    return key


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def session_minutes() -> int:
    text = os.environ.get(ENV_SESSION_MINUTES, "30")
    try:
        minutes = int(text)
    except ValueError:
        raise ScorecardError(f'{ENV_SESSION_MINUTES} "{text}" is not a whole number of minutes.') from None
    if minutes < 1:
        raise ScorecardError(f"{ENV_SESSION_MINUTES} must be at least 1 (minutes of inactivity).")
    return minutes


def allowed_hosts() -> list[str]:
    text = os.environ.get(ENV_HOSTS, "")
    return [h.strip() for h in text.split(",") if h.strip()] or ["127.0.0.1", "localhost", "[::1]"]


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ScorecardError(f"{name} is not set: OpenID Connect sign-in ({ENV_OIDC}=1) needs it (docs/web.md).")
    return value
