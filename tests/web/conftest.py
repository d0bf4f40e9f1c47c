"""The dashboard's test rig: a small synthetic store, and `scorecard serve` on it, on SQLite and PostgreSQL.

The server is the real one (a subprocess running `scorecard serve`, waitress, migrations); tests talk to it
over loopback with their own cookie jar (webclient.py), or drive chromium (test_web_browser.py). The first LA's
case rows carry the team and worker of the synthetic Annex A allocations, so the team limit is tested on
real rows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .webclient import PASSWORD, Client

HERE = Path(__file__).resolve().parent
PERIOD = "2024-25"
# name -> (role, team): the users every server gets
USERS = {
    "viewer1": ("viewer", ""),
    "manager-north": ("manager", "North"),
    "manager-all": ("manager", ""),
    "analyst1": ("analyst", ""),
    "admin1": ("admin", ""),
}
@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """Two small synthetic LAs over two years, loaded, with the example improvement plan."""
    from csc_scorecard.project import Project
    from csc_scorecard.synth.generate import generate

    root = tmp_path_factory.mktemp("webstore")
    made = generate(root / "returns", seed=5, size="small", years=2, end_year=2025, las=2, annex_a="first",
                    settings_dir=root)
    db = root / "scorecard.duckdb"
    project = Project(db, settings=made.settings)
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    if hasattr(project, "plan_import"):  # the improvement plan, where this version has one
        from csc_scorecard.synth.demo import EXAMPLE_PLAN

        project.plan_import(EXAMPLE_PLAN, la="309", by="test")
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args, env):
    return subprocess.run([sys.executable, "-c", "from csc_scorecard.cli import main; main()", *args],
                          env=env, capture_output=True, text=True, timeout=120)


def _reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA IF EXISTS public CASCADE")
        con.execute("CREATE SCHEMA public")


class Server:
    def __init__(self, store: Path, backend: str, env: dict, proc, base: str, log: Path | None = None):
        self.store, self.backend, self.env, self.proc, self.base = store, backend, env, proc, base
        self.log = log  # the server's console (stdout and stderr)

    def client(self, user: str | None = None) -> Client:
        c = Client(self.base)
        if user:
            c.login(user, PASSWORD)
        return c


def start_server(store: Path, backend: str, tmp: Path, extra_env: dict | None = None) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    env.update({"SCORECARD_PASSWORD": PASSWORD, "SCORECARD_SECRET_KEY": "test-secret-" + backend,
                **(extra_env or {})})
    if backend == "postgresql":
        url = os.environ.get("SCORECARD_TEST_DATABASE_URL")
        if not url:
            pytest.skip("SCORECARD_TEST_DATABASE_URL is not set (.ci/postgres.sh sets it when PostgreSQL runs)")
        try:
            _reset_postgres(url)
        except Exception as exc:  # the server is not there: say so and skip
            pytest.skip(f"PostgreSQL at SCORECARD_TEST_DATABASE_URL is not reachable: {exc}")
        env["SCORECARD_DATABASE_URL"] = url
    else:
        app_db = store.with_name(store.stem + "-web.sqlite3")
        for p in (app_db, app_db.with_suffix(".secret")):
            p.unlink(missing_ok=True)
    first = "admin1"  # made with the CLI; the others through the Users page
    role, team = USERS[first]
    made = _cli("users", "add", first, "--role", role, "--db", str(store), env=env)
    assert made.returncode == 0, made.stderr
    port = _free_port()
    log = open(tmp / f"serve-{backend}.log", "w")
    proc = subprocess.Popen([sys.executable, "-c", "from csc_scorecard.cli import main; main()", "serve",
                             "--db", str(store), "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError("scorecard serve stopped: " + (tmp / f"serve-{backend}.log").read_text())
            time.sleep(0.1)
    else:
        proc.kill()
        raise AssertionError("scorecard serve did not answer /healthz within 30 s")
    server = Server(store, backend, env, proc, base, tmp / f"serve-{backend}.log")
    admin = server.client("admin1")
    for name, (role, team) in USERS.items():  # the others through the Users page, as an admin adds them
        if name != first:
            admin.add_user(name, role, team)
    return server


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server(request, web_store, tmp_path_factory):
    srv = start_server(web_store, request.param, tmp_path_factory.mktemp(f"serve-{request.param}"))
    yield srv
    srv.proc.terminate()
    srv.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def sqlite_server(web_store, tmp_path_factory):
    srv = start_server(web_store, "sqlite", tmp_path_factory.mktemp("serve-browser"))
    yield srv
    srv.proc.terminate()
    srv.proc.wait(timeout=10)
