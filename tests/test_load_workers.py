"""`scorecard load --workers 2` stores exactly what a load on one process stores.

Two synthetic LAs over two years (two versions of every table, so the merge ranks them), loaded year
by year into two stores through the CLI, one with --workers 2: every table, source and merged, must hold the same
rows, and the command must say the same.
"""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.synth.generate import generate


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("workers")
    generate(root / "data", seed=9, size="small", years=2, end_year=2025, las=2, annex_a="first")
    return root


def _contents(db, leave_out: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; timestamps (when the load ran) and the columns named left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        for t in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY ordinal_position", [t]).fetchall() if r[0] not in leave_out]
            out[t] = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def test_two_workers_store_what_one_stores(files):
    runner = CliRunner()
    said = {}
    for n in (1, 2):
        db = files / f"store-{n}.duckdb"
        said[n] = ""
        # four loads: each later one rebuilds only its own LA's merged rows, the second year ranks versions
        for folder in sorted((files / "data").glob("3*/20*")):
            la, year = folder.parent.name, folder.name
            result = runner.invoke(main, ["load", str(folder), "--la", la, "--year", year, "--db", str(db), "--quiet",
                                          "--workers", str(n), "--issues-dir", str(files / f"issues-{n}")])
            assert result.exit_code == 0, result.output
            said[n] += result.output.replace(str(db), "DB").replace(f"issues-{n}", "ISSUES")
    assert said[1] == said[2]
    one, two = _contents(files / "store-1.duckdb"), _contents(files / "store-2.duckdb")
    assert one.keys() == two.keys()
    for table in one:
        assert one[table] == two[table], table
    # a real load: both years of both LAs, episodes merged from two versions
    assert {r[0] for r in duckdb.connect(str(files / "store-2.duckdb"), read_only=True).execute(
        "SELECT DISTINCT la FROM cla_episode").fetchall()} == {"309", "320"}
    assert len(one["cla_episode"]) > 100 and len(one["cin_episode"]) > 100


def test_workers_must_be_at_least_one(files):
    result = CliRunner().invoke(main, ["load", str(files / "data"), "--db", str(files / "x.duckdb"), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_one_load_of_every_la_and_year_merges_as_loads_one_at_a_time(files):
    """The set-based rebuild (store/database.py _rebuild_merged) of several LAs, each with two versions, in
    one load: the merged tables are those of the four loads one LA-year at a time."""
    from csc_scorecard.ingest.detect import read_all
    from csc_scorecard.store import database

    if not (files / "store-1.duckdb").exists():
        pytest.skip("needs the stores of test_two_workers_store_what_one_stores")
    results = []
    for folder in sorted((files / "data").glob("3*/20*")):
        results += read_all([folder], la=folder.parent.name, year=int(folder.name[:4]) + 1)
    con = database.connect(files / "at-once.duckdb")
    try:
        database.load_results(con, results, command="at once")
    finally:
        con.close()
    # the load number differs (one load against four): everything else must not
    at_once = _contents(files / "at-once.duckdb", ("load_id",))
    one_by_one = _contents(files / "store-1.duckdb", ("load_id",))
    # the tables versioned by collection year (the returns): a local extract holds the LA's whole history,
    # so one load takes only one of its two files
    from csc_scorecard.store.schema import TABLES

    merged = [t for t in one_by_one if t in TABLES
              and "collection_year" in TABLES[TABLES[t].parent or t].version]
    assert len(merged) > 20
    for table in merged:
        assert at_once[table] == one_by_one[table], table
    # both years are in the source tables, only one version of each episode is merged
    assert len(at_once["src_cla_episode"]) > len(at_once["cla_episode"]) > 100
