"""scorecard users and scorecard serve from the command line, and the settings read from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from csc_scorecard.errors import ScorecardError
from csc_scorecard.web import config


def run(*args, env_extra=None, input=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", "from csc_scorecard.cli import main; main()", *args],
                          env=env, capture_output=True, text=True, input=input, timeout=120)


def test_users_add_list_disable(tmp_path):
    db = tmp_path / "store.duckdb"
    db.touch()
    made = run("users", "add", "head-of-service", "--role", "admin", "--approver", "--db", str(db),
               env_extra={"SCORECARD_PASSWORD": "a-good-long-password"})
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Added head-of-service (admin, approver)."
    app_db = tmp_path / "store-web.sqlite3"
    assert app_db.is_file() and (app_db.stat().st_mode & 0o777) == 0o600  # beside the store, owner only
    prompted = run("users", "add", "tm", "--role", "manager", "--team", "North", "--db", str(db),
                   input="another-good-password\nanother-good-password\n")
    assert prompted.returncode == 0, prompted.stderr
    weak = run("users", "add", "weak", "--role", "viewer", "--db", str(db), env_extra={"SCORECARD_PASSWORD": "12345"})
    assert weak.returncode == 1 and weak.stderr.startswith("Error: The password is not strong enough")
    again = run("users", "add", "tm", "--role", "viewer", "--db", str(db),
                env_extra={"SCORECARD_PASSWORD": "a-good-long-password"})
    assert again.returncode == 1 and 'already a user "tm"' in again.stderr
    assert run("users", "disable", "tm", "--db", str(db)).returncode == 0
    listed = run("users", "list", "--db", str(db)).stdout.splitlines()
    assert [line.split() for line in listed] == [["head-of-service", "admin", "-", "approver", "active"],
                                                ["tm", "manager", "North", "disabled"]]
    missing = run("users", "disable", "nobody", "--db", str(db))
    assert missing.returncode == 1 and 'There is no user "nobody"' in missing.stderr


def test_serve_needs_a_store(tmp_path):
    got = run("serve", "--db", str(tmp_path / "none.duckdb"))
    assert got.returncode == 1 and got.stderr.startswith("Error: There is no store at")


def test_database_url(monkeypatch):
    pg = config.database_setting("postgresql://perf:p%40ss@db.council.local:5433/scorecard?sslmode=require")
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["OPTIONS"]) == (
        "django.db.backends.postgresql", "scorecard", "perf", "p@ss", "db.council.local", "5433",
        {"sslmode": "require"})
    monkeypatch.setenv("SCORECARD_DB", "/data/la/scorecard.duckdb")
    lite = config.database_setting("")
    assert lite["ENGINE"] == "django.db.backends.sqlite3" and lite["NAME"] == "/data/la/scorecard-web.sqlite3"
    with pytest.raises(ScorecardError, match="is not a PostgreSQL URL"):
        config.database_setting("mysql://x@y/z")
    with pytest.raises(ScorecardError, match="names no database"):
        config.database_setting("postgresql://x@y")


def test_session_minutes_and_hosts(monkeypatch):
    monkeypatch.setenv("SCORECARD_SESSION_MINUTES", "abc")
    with pytest.raises(ScorecardError, match="whole number of minutes"):
        config.session_minutes()
    monkeypatch.setenv("SCORECARD_SESSION_MINUTES", "15")
    assert config.session_minutes() == 15
    monkeypatch.setenv("SCORECARD_ALLOWED_HOSTS", "scorecard.council.gov.uk, localhost")
    assert config.allowed_hosts() == ["scorecard.council.gov.uk", "localhost"]


OIDC_ENV = {"SCORECARD_OIDC": "1", "SCORECARD_OIDC_CLIENT_ID": "scorecard-app", "SCORECARD_OIDC_CLIENT_SECRET": "s",
            "SCORECARD_OIDC_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
            "SCORECARD_OIDC_TOKEN_ENDPOINT": "https://login.example/token",
            "SCORECARD_OIDC_USER_ENDPOINT": "https://login.example/userinfo",
            "SCORECARD_OIDC_JWKS_ENDPOINT": "https://login.example/keys"}
OIDC_PROBE = """
import django
from csc_scorecard.web import server
server.setup(STORE)
from django.conf import settings
settings.ALLOWED_HOSTS.append("testserver")
from django.test import Client
from csc_scorecard.web.oidc import Backend
from csc_scorecard.web import users
users.add("pat@council.example", "a-good-long-password", role="viewer")
c = Client()
page = c.get("/login/").content.decode()
go = c.get("/oidc/authenticate/")
b = Backend()
print("link" if "Sign in with your council account" in page else "no link")
print(go.status_code, go["Location"].split("?")[0], "client_id=scorecard-app" in go["Location"])
print([u.username for u in b.filter_users_by_claims({"email": "PAT@council.example"})],
      list(b.filter_users_by_claims({"email": "stranger@council.example"})), b.create_user({"email": "x@y"}))
"""


def test_openid_connect_is_off_by_default_and_signs_in_only_existing_accounts(tmp_path):
    store = tmp_path / "s.duckdb"
    store.touch()
    probe = "STORE = " + repr(str(store)) + "\n" + OIDC_PROBE
    off = run("users", "list", "--db", str(store))
    assert off.returncode == 0
    got = subprocess.run([sys.executable, "-c", probe], env={**{k: v for k, v in os.environ.items()
                                                                if not k.startswith("SCORECARD_")}, **OIDC_ENV},
                         capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines() == ["link", "302 https://login.example/authorize True",
                                       "['pat@council.example'] [] None"]
