"""A report computes only the LAs it needs (report/scope.py, Engine.compute(las=)), with the same figures.

Three synthetic LAs in one store; the settings name one of the others as the LA's neighbour, so the
third LA is left out of the report's computation. The report JSON must be the same as when every LA
is computed, and Engine.compute(las=) must give each listed LA the figures the full computation gives.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import yaml

import csc_scorecard.report.run as report_run
from csc_scorecard.indicators.run import engine_for
from csc_scorecard.project import Project
from csc_scorecard.report.scope import report_las
from csc_scorecard.synth.generate import generate

WHEN = datetime(2025, 6, 2, 10, 0)
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope")
    made = generate(root / "data", seed=4, size="small", years=2, las=3, annex_a="none")
    settings = yaml.safe_load(made.settings.read_text(encoding="utf-8"))
    la, neighbour, other = list(settings["las"])
    settings["neighbours"] = [neighbour]
    path = root / "scorecard.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    project = Project(root / "store.duckdb", settings=path)
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    return project, root, (la, neighbour, other)


def _report_json(project, out) -> dict:
    result = project.report("2024-25", out=out, generated_at=WHEN)
    return json.loads(result.files["scorecard.json"].read_text(encoding="utf-8"))


def test_report_is_the_same_computed_for_the_la_and_its_neighbours_only(store, monkeypatch):
    project, root, (la, neighbour, other) = store
    asked = []
    real = report_run.report_las

    def spy(*args, **kwargs):
        asked.append(real(*args, **kwargs))
        return asked[-1]

    monkeypatch.setattr(report_run, "report_las", spy)
    restricted = _report_json(project, root / "restricted")
    assert asked == [[la, neighbour]]  # the third LA is not computed
    monkeypatch.setattr(report_run, "report_las", lambda *a, **k: None)
    everything = _report_json(project, root / "everything")
    text_r, text_e = json.dumps(restricted, sort_keys=True), json.dumps(everything, sort_keys=True)
    # the only difference allowed: the provenance says how many LAs' figures were computed
    assert "computed from 3 LAs in the store" in text_e and "computed from 2 LAs" not in text_e
    assert text_r == text_e.replace("computed from 3 LAs in the store", "computed from 2 LAs in the store")
    # and the comparison is not empty: neighbours' figures computed from the neighbour are on the page
    assert sum(r["neighbours_mean"] is not None for r in restricted["rows"]) >= 10


def test_engine_las_gives_the_full_computation_s_figures(store):
    project, _, (la, neighbour, other) = store
    periods = ["2023-24", "2024-25", "2024-25-Q3", "12m:2024-12-31"]
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        full = {(r.indicator, r.la, r.period): r.as_dict() for r in engine.compute(periods)}
        some = engine.compute(periods, las=[other, la])
        engine.batch = False  # the one-query-per-period path filters the same way
        unbatched = engine.compute(periods, las=[other, la])
    assert {r.la for r in some} == {other, la}
    assert len(some) == len(full) * 2 // 3
    assert sum(r.status == "ok" for r in some) > 50  # real figures, not a store of not-availables
    for r in [*some, *unbatched]:
        assert r.as_dict() == full[r.indicator, r.la, r.period]


def test_no_neighbours_listed_means_every_la():
    assert report_las(["309", "310"], "309", None) is None
    assert report_las(["309", "310"], "309", []) is None
    # neighbours with no data in the store are left out; the LA itself always stays
    assert report_las(["309", "310", "311"], "309", ["311", "999", "309"]) == ["309", "311"]
    assert report_las(["309", "310", "311"], "309", ["311"], region=["310"]) == ["309", "311", "310"]


def test_neighbours_default_to_the_loaded_list_then_the_shipped_dfe_list():
    import duckdb

    from csc_scorecard.benchmarks.tables import ensure_tables
    from csc_scorecard.reference.neighbours import dfe_neighbours
    from csc_scorecard.report.scope import report_neighbours

    shipped = dfe_neighbours("309")  # Haringey's, as DfE's May 2025 file has them (synth/england.yaml)
    assert shipped[:3] == ["320", "307", "209"] and len(shipped) == 10
    assert dfe_neighbours("999") == []
    con = duckdb.connect()
    national = ["309", *shipped, "201", "888"]
    assert report_neighbours(con, "309", ["311", 310], national) == ["311", "310"]  # the settings' list first
    assert report_neighbours(con, "309", None, national) == shipped
    assert report_neighbours(con, "309", [], ["309", "320"]) == shipped  # one neighbour in the store is enough
    assert report_neighbours(con, "309", None, ["309", "201", "888"]) is None  # none in the store: pool them all
    assert report_neighbours(con, "999", None, national) is None  # not an English LA's code
    ensure_tables(con)
    con.executemany("INSERT INTO bench_neighbour VALUES ('sn2025', 'f', '309', 'Haringey', 'London', ?, ?, "
                    "'Close', true)", [[1, "302"], [2, "201"]])
    assert report_neighbours(con, "309", None, national) == ["302", "201"]  # a loaded neighbours file wins


def test_a_report_without_neighbours_listed_computes_only_the_la_s_dfe_neighbours(store, monkeypatch, tmp_path):
    project, root, (la, neighbour, other) = store
    settings = yaml.safe_load(project.settings_path.read_text(encoding="utf-8"))
    del settings["neighbours"]
    path = tmp_path / "scorecard.yaml"
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    asked = []
    real = report_run.report_las
    monkeypatch.setattr(report_run, "report_las", lambda *a, **k: asked.append(real(*a, **k)) or asked[-1])
    Project(project.db_path, settings=path).report("2024-25", out=tmp_path / "out", generated_at=WHEN)
    # the store's three LAs are Haringey and two of its DfE neighbours: all three are computed, as listed
    assert la == "309" and asked == [["309", neighbour, other]]
