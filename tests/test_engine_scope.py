"""Engine.scoped(las): the engine reads only some LAs' rows (store/subset.py), with the same figures.

Three synthetic LAs in one store. Inside a scope of two, every indicator's figure, note and case list
for those two is the one the whole store gives; the third LA is not seen at all; leaving the scope
restores the whole store (and an outer scope), and the store file is unchanged. A store whose views
are older than the tool (they are then this connection's temporary views) scopes the same way. A
report made with scoping switched off is the same report.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from datetime import datetime

import duckdb
import pytest
import yaml

import csc_scorecard.report.run as report_run
from csc_scorecard.indicators.engine import Engine
from csc_scorecard.indicators.run import engine_for
from csc_scorecard.project import Project
from csc_scorecard.store import database

from conftest import loaded_synthetic

PERIODS = ["2023-24", "2024-25", "2024-25-Q3", "12m:2024-12-31"]
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine-scope")
    project, made = loaded_synthetic(root, seed=11, size="small", years=2, las=3, annex_a="none")
    return project, root, sorted({w.la for w in made.written})


def _figures(results) -> dict:
    return {(r.indicator, r.la, r.period): r.as_dict() for r in results}


def _temporary(con) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'").fetchall()}


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_scoped_engine_gives_the_whole_store_s_figures_and_cases(store):
    project, _, (a, b, c) = store
    before = _digest(project.db_path)
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        full = _figures(engine.compute(PERIODS))
        full_cases = engine.cases("cla-3-placements", "2024-25", a)
        untouched = _temporary(engine.con)
        with engine.scoped([c, a]):
            assert engine.las() == [a, c]  # the other LA is not in the store as the engine sees it
            made = _temporary(engine.con)
            assert {"cla_episode", "src_cla_episode", "cla_episode_care"} <= made - untouched
            some = _figures(engine.compute(PERIODS, las=[a, c]))
            scoped_cases = engine.cases("cla-3-placements", "2024-25", a)
            everyone = engine.cases("cla-3-placements", "2024-25")
            b_seen = engine.con.execute("SELECT count(*) FROM cla_episode WHERE la = ?", [b]).fetchone()[0]
        assert _temporary(engine.con) == untouched  # nothing left behind
        assert engine.las() == [a, b, c]
        after = _figures(engine.compute(PERIODS))
    assert b_seen == 0
    assert sum(r["status"] == "ok" for r in some.values()) > 100  # real figures, not not-availables
    assert some == {k: v for k, v in full.items() if k[1] in (a, c)}
    assert after == full
    assert full_cases.rows and scoped_cases.rows == full_cases.rows
    assert {row["la"] for row in everyone.rows} == {a, c}
    assert _digest(project.db_path) == before  # the store is read, never changed


def test_scopes_nest_and_an_inner_one_is_undone_on_leaving_it(store):
    project, _, (a, b, c) = store
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        full = _figures(engine.compute(PERIODS))
        with engine.scoped([a, b]):
            with engine.scoped([a]):
                assert engine.las() == [a]
                only_a = _figures(engine.compute(PERIODS, la=a))
            assert engine.las() == [a, b]
            pair = _figures(engine.compute(PERIODS, las=[a, b]))
            with contextlib.suppress(RuntimeError), engine.scoped([c]):
                raise RuntimeError("an error inside a scope still undoes it")
            assert engine.las() == [a, b]
        with engine.scoped(None):  # None: the whole store
            assert engine.las() == [a, b, c]
        with engine.scoped([c, b, a]):  # every LA: nothing is narrowed
            assert _temporary(engine.con) == set()
    assert only_a == {k: v for k, v in full.items() if k[1] == a}
    assert pair == {k: v for k, v in full.items() if k[1] in (a, b)}


def test_a_store_with_older_views_scopes_the_same_way(store, tmp_path):
    project, _, (a, b, c) = store
    old = tmp_path / "old.duckdb"
    shutil.copy(project.db_path, old)
    con = duckdb.connect(str(old))
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'views_version'")
    con.close()
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        full = _figures(engine.compute(PERIODS, las=[b]))
    con = database.connect(old, read_only=True)  # gets the current views as temporary views
    try:
        assert "cla_episode_care" in _temporary(con)
        engine = Engine(con, project.catalogue(), settings=project.config.settings,
                        population=project.config.population())
        with engine.scoped([b]):
            some = _figures(engine.compute(PERIODS, las=[b]))
    finally:
        con.close()
    assert some == full


@pytest.mark.parametrize("every_la", [False, True], ids=["la-and-neighbour", "every-la"])
def test_a_report_is_the_same_without_scoping(store, monkeypatch, every_la):
    """With its neighbour listed, the report computes a and b in a scope that leaves c out, and the LA's
    durations and breakdowns within it; where every LA is computed (no neighbours in the store), those
    get a scope of the LA alone."""
    project, root, (a, b, c) = store
    settings = yaml.safe_load(project.settings_path.read_text(encoding="utf-8"))
    settings["neighbours"] = [b]
    path = root / "neighbours.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    project = Project(project.db_path, settings=path)
    if every_la:
        monkeypatch.setattr(report_run, "report_las", lambda *args, **kwargs: None)
    when = datetime(2025, 6, 2, 10, 0)
    scopes = []
    real = Engine.scoped

    def spy(self, las):
        scopes.append(None if las is None else sorted(las))
        return real(self, las)

    def report(out):
        result = project.report("2024-25", la=a, out=out, generated_at=when)
        return json.loads(result.files["scorecard.json"].read_text(encoding="utf-8")), result.scorecard.breakdowns

    monkeypatch.setattr(Engine, "scoped", spy)
    scoped, scoped_groups = report(root / f"scoped-{every_la}")
    assert scopes == ([None, [a]] if every_la else [[a, b], [a, b]])
    monkeypatch.setattr(Engine, "scoped", contextlib.contextmanager(lambda self, las: (yield self)))
    whole, whole_groups = report(root / f"whole-{every_la}")
    assert scoped == whole
    assert sum(r["neighbours_mean"] is not None for r in scoped["rows"]) >= 10
    assert scoped_groups and scoped_groups == whole_groups


def test_one_la_s_work_list_and_due_lists_are_the_same_scoped(store, monkeypatch):
    """Project.work_list and Project.due for one LA read only its rows; the lists are those of the whole
    store."""
    project, _, (a, b, c) = store
    scopes = []
    real = Engine.scoped

    def spy(self, las):
        scopes.append(None if las is None else list(las))
        return real(self, las)

    monkeypatch.setattr(Engine, "scoped", spy)
    work, due = project.work_list("cla-reviews-in-time", "2024-25", la=b), project.due("2025-03-31", la=b)
    assert scopes == [[b], [b]]
    monkeypatch.setattr(Engine, "scoped", contextlib.contextmanager(lambda self, las: (yield self)))
    assert work.rows and project.work_list("cla-reviews-in-time", "2024-25", la=b) == work
    assert any(d.rows for d in due) and project.due("2025-03-31", la=b) == due
