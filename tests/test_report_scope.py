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
