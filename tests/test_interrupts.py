"""Ctrl-C and kill -9 during a real `scorecard load`, and two commands on one store.

The store must equal its state before the load or after it, never something between, and what the
command says must be true of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.store import database

EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
OC2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
       "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nC,01/01/2010,12,,1,1,1,1,1,0,0,0\n")
ROWS = 60_000
SCORECARD = [sys.executable, "-c", "from csc_scorecard.cli import main; main()"]


@pytest.fixture(scope="module")
def big_set(tmp_path_factory) -> Path:
    """A folder of three large SSDA903 tables, a few seconds to read and store."""
    d = tmp_path_factory.mktemp("903") / "2024-25"
    d.mkdir()
    tables = {
        "episodes": (EPISODES, "C{n},{d:02d}/0{m}/2024,S,C2,N1,U4,PR1,,,,,,SC{k}\n"),
        "reviews": ("CHILD,DOB,REVIEW,REVIEW_CODE\n", "C{n},01/01/2012,{d:02d}/0{m}/2024,PN1\n"),
        "missing": ("CHILD,DOB,MISSING,MIS_START,MIS_END\n", "C{n},01/01/2012,M,{d:02d}/0{m}/2024,\n"),
    }
    for name, (head, row) in tables.items():
        with open(d / f"{name}.csv", "w") as f:
            f.write(head)
            f.write("".join(row.format(n=n, d=1 + n % 28, m=1 + n % 9, k=n % 999) for n in range(ROWS)))
    return d


TABLES = ("src_cla_episode", "cla_episode", "cla_review", "missing", "oc2")


def state(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT count(*) FROM load").fetchall()[0][0],
                *(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES))
    finally:
        con.close()


def store_with_one_load(tmp_path: Path) -> Path:
    db = tmp_path / "s.duckdb"
    oc2 = tmp_path / "oc2.csv"
    oc2.write_text(OC2)
    out = CliRunner().invoke(main, ["load", str(oc2), "--la", "201", "--year", "2025", "--db", str(db), "--quiet",
                                    "--issues-dir", str(tmp_path / "iss")])
    assert out.exit_code == 0, out.output
    return db


BEFORE = (1, 0, 0, 0, 0, 1)
AFTER = (2, ROWS, ROWS, ROWS, ROWS, 1)


def start_load(folder: Path, db: Path, tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen([*SCORECARD, "load", str(folder), "--la", "201", "--db", str(db),
                             "--issues-dir", str(tmp_path / "iss2")],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_for(proc: subprocess.Popen, word: str, lines: list[str]) -> bool:
    for line in proc.stderr:
        lines.append(line)
        if word in line:
            return True
    return False


def finish(proc: subprocess.Popen, lines: list[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, "".join(lines) + err + out


def interrupted_load(folder: Path, tmp_path: Path, after_word: str, delay: float, sig) -> tuple[Path, int, str]:
    """Start a real load, wait for its progress line with ``after_word``, then send ``sig``."""
    db = store_with_one_load(tmp_path)
    proc = start_load(folder, db, tmp_path)
    lines: list[str] = []
    assert wait_for(proc, after_word, lines)
    time.sleep(delay)
    proc.send_signal(sig)
    code, text = finish(proc, lines)
    return db, code, text


def test_ctrl_c_while_reading_stores_nothing_and_says_so(big_set, tmp_path):
    db, code, text = interrupted_load(big_set, tmp_path, "reading", 0.3, signal.SIGINT)
    assert code == 130, text
    assert "Stopped; nothing was stored." in text and "Internal error" not in text and "Traceback" not in text
    assert state(db) == BEFORE


@pytest.mark.parametrize("delay", [0.0, 0.2])
def test_ctrl_c_while_storing_leaves_before_or_after_and_tells_the_truth(big_set, tmp_path, delay):
    db, code, text = interrupted_load(big_set, tmp_path, "storing", delay, signal.SIGINT)
    assert "Internal error" not in text and "Traceback" not in text, text
    if code == 0:
        assert state(db) == AFTER
    else:
        assert code == 130, text
        if "Stopped; nothing was stored." in text:
            assert state(db) == BEFORE
        else:
            assert "Stopped after the load was stored." in text, text
            assert state(db) == AFTER


def test_kill_9_while_storing_leaves_before_or_after(big_set, tmp_path):
    db, _, _ = interrupted_load(big_set, tmp_path, "storing", 0.1, signal.SIGKILL)
    assert state(db) in (BEFORE, AFTER)


def test_a_second_writer_is_told_before_it_reads_any_file(tmp_path):
    db = tmp_path / "s.duckdb"
    holder = database.connect(db)  # this process holds the write lock, as a running load would
    try:
        never_read = tmp_path / "episodes.csv"
        never_read.write_text(EPISODES + "E1,01/05/2024,S,C2,N1,U4,PR1,,,,,,\n")
        out = subprocess.run([*SCORECARD, "load", str(never_read), "--la", "201", "--year", "2025", "--db", str(db)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 1
        assert "Another scorecard command is using this store" in out.stderr
        assert "reading" not in out.stderr  # refused before the files were read
        assert "Conflicting lock" not in out.stderr and "PID" not in out.stderr  # no DuckDB internals
    finally:
        holder.close()


def test_a_reader_waits_for_a_running_load_to_finish(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    database.connect(db).close()
    script = ("import time, duckdb; con = duckdb.connect(%r); print('held', flush=True); time.sleep(2); con.close()"
              % str(db))
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    t = time.monotonic()
    con = database.connect(db, read_only=True)  # waits for the holder to let go (about 2 s)
    waited = time.monotonic() - t
    con.close()
    holder.wait(timeout=30)
    assert 0.5 < waited < database.READ_WAIT_SECONDS + 5

    monkeypatch.setattr(database, "READ_WAIT_SECONDS", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(database.StoreLocked, match="Another scorecard command"):
        database.connect(db, read_only=True)
    holder.wait(timeout=30)


def test_a_failed_rollback_does_not_hide_why_the_transaction_stopped(tmp_path):
    class Flaky:
        def __init__(self):
            self.calls = []

        def execute(self, sql, *a):
            self.calls.append(sql)
            if sql == "ROLLBACK":
                raise RuntimeError("TransactionContext Error: cannot rollback")
            return self

    con = Flaky()
    with pytest.raises(KeyboardInterrupt):
        with database.transaction(con):
            raise KeyboardInterrupt
    assert con.calls == ["BEGIN TRANSACTION", "ROLLBACK"]


def test_ctrl_c_arriving_as_the_commit_returns_is_counted_as_stored(tmp_path):
    """The race CI once hit: the COMMIT reached the file, Ctrl-C arrived before the count moved, and the
    user was told nothing was stored."""
    con = database.connect(tmp_path / "s.duckdb")

    class SignalAfterCommit:
        def execute(self, sql, *args):
            result = con.execute(sql, *args)
            if sql == "COMMIT":
                os.kill(os.getpid(), signal.SIGINT)  # Python runs the handler at its next instruction
            return result

    before = database.commits_in_this_process()
    with pytest.raises(KeyboardInterrupt):
        with database.transaction(SignalAfterCommit()):
            con.execute("CREATE TABLE t AS SELECT 1 AS x")
    assert database.commits_in_this_process() == before + 1
    assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    con.close()
