"""Engine.groups_of_all: a report's breakdowns in one query give the groups of one query per indicator.

Three synthetic LAs in one store. For each LA and period, every computed indicator with a figure is
grouped by team, sex, ethnicity, disability and age band both ways; the groups, their numerators,
denominators and unknowns are the same, and the values the same to rounding (the stacked query
averages its values as doubles). Indicators whose parameters would clash in one query, and an LA's own
kinds of query (a team of its own, a DECIMAL value), go one by one; a stacked query that fails falls
back to one query each. Engine.values gives the values of the case rows.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from csc_scorecard.errors import IndicatorError
from csc_scorecard.indicators.engine import OK, Engine
from csc_scorecard.indicators.loader import Catalogue
from csc_scorecard.indicators.period import parse_period
from csc_scorecard.indicators.run import engine_for
from csc_scorecard.report import breakdowns

from conftest import loaded_synthetic

BYS = list(breakdowns.BYS)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    project, made = loaded_synthetic(tmp_path_factory.mktemp("stacked"), seed=5, size="small", years=2, las=3,
                                     annex_a="all")
    return project, sorted({w.la for w in made.written})


def _grouped(engine, period, la):
    """The computed indicators with a figure for the LA and period, and each one's own groups."""
    chosen, one_by_one = [], {}
    for ind in engine.catalogue:
        if ind.supplied:
            continue
        figure = engine.compute_indicator(ind, [period], [la])[0]
        if figure.status == OK:
            chosen.append(ind)
            one_by_one[ind.id] = engine.compute_by(ind, period, [la], BYS, [figure])
    return chosen, one_by_one


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _same(stacked: dict, one_by_one: dict) -> None:
    assert stacked.keys() == one_by_one.keys()
    for iid, by in one_by_one.items():
        assert stacked[iid].keys() == by.keys()
        for b, rows in by.items():
            got = stacked[iid][b]
            assert [(r["la"], r["group"], r["denominator"], r["unknown"], r["unit"]) for r in got] == \
                [(r["la"], r["group"], r["denominator"], r["unknown"], r["unit"]) for r in rows], (iid, b)
            for mine, theirs in zip(got, rows):
                assert _close(mine["numerator"], theirs["numerator"]), (iid, b, mine, theirs)
                assert _close(mine["value"], theirs["value"]), (iid, b, mine, theirs)


@pytest.mark.parametrize("period", ["2024-25", "2024-25-Q3", "12m:2024-12-31"])
def test_one_stacked_query_gives_each_indicator_s_own_groups(store, period):
    project, las = store
    period = parse_period(period)
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        for la in las:
            chosen, one_by_one = _grouped(engine, period, la)
            assert len(chosen) >= 20, la  # most of the catalogue: a real comparison
            assert sum(len(r) for by in one_by_one.values() for r in by.values()) > 200
            _same(engine.groups_of_all(chosen, period, la, BYS), one_by_one)


def test_indicators_whose_parameters_clash_are_grouped_one_by_one(store, monkeypatch):
    """Two indicators asking one parameter name with different values cannot share a query: the second
    goes through groups_of, and the groups are still each indicator's own."""
    project, las = store
    period = parse_period("2024-25")
    real = Engine.parameters
    odd = "cla-missing"

    def parameters(self, ind, p):  # this indicator counts from a day later: a value no other one uses
        values = real(self, ind, p)
        if ind.id == odd and "period_start" in values:
            values["period_start"] = p.start.replace(day=2)
        return values

    monkeypatch.setattr(Engine, "parameters", parameters)
    alone = []
    real_groups_of = Engine.groups_of

    def groups_of(self, ind, *args, **kwargs):
        alone.append(ind.id)
        return real_groups_of(self, ind, *args, **kwargs)

    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        chosen, one_by_one = _grouped(engine, period, las[0])
        assert odd in one_by_one
        alone.clear()
        monkeypatch.setattr(Engine, "groups_of", groups_of)
        stacked = engine.groups_of_all(chosen, period, las[0], BYS)
    assert alone == [odd]
    _same(stacked, one_by_one)


def test_a_failing_stacked_query_falls_back_to_one_query_each(store, monkeypatch):
    project, las = store
    period = parse_period("2024-25")
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        ids = [ind.id for ind in engine.catalogue]
        together = breakdowns.collect(engine, ids, las[0], period, public=True)

        def fail(*args, **kwargs):
            raise IndicatorError("the breakdowns of 30 indicators failed together: Binder Error")

        monkeypatch.setattr(Engine, "groups_of_all", fail)
        apart = breakdowns.collect(engine, ids, las[0], period, public=True)
    assert together and together.keys() == apart.keys()
    assert {iid: [[(c.group, c.base, c.suppressed) for c in b.cells] for b in bs] for iid, bs in together.items()} == \
        {iid: [[(c.group, c.base, c.suppressed) for c in b.cells] for b in bs] for iid, bs in apart.items()}


def test_values_are_the_case_rows_values(store):
    project, las = store
    with engine_for(project.db_path, project.config, project.catalogue()) as engine:
        for period in ("2024-25", "2023-24-Q4"):
            cases = engine.cases("assessment-duration-wd", period, las[1])
            assert cases.status == OK and len(cases.rows) > 20
            assert engine.values("assessment-duration-wd", period, las[1]) == sorted(
                (r["value"] for r in cases.rows), key=lambda v: (v is None, v or 0))  # unknown last
        assert engine.values("assessment-duration-wd", "2019-20", las[1]) is None  # not loaded
        assert engine.values("cla-rate", "2024-25", las[1]) is None  # a rate: no value per child


def test_an_la_s_own_kinds_of_query_are_grouped_as_on_their_own(store):
    """An LA's own indicators may give what the built-in ones do not: a team of their own, a DECIMAL value
    (whose median DuckDB rounds to the column's scale), an unused column that is not a number. Each is
    grouped exactly as groups_of groups it, and none of them stops the others sharing one query."""
    project, las = store
    period = parse_period("2024-25")
    catalogue = project.catalogue()
    durations, share = catalogue.get("assessment-duration-wd"), catalogue.get("assessments-45wd")
    own = [
        dataclasses.replace(share, id="own-team", sql=f"SELECT *, 'Our team' AS team FROM ({share.sql}) q"),
        dataclasses.replace(durations, id="decimal-median",
                            sql=f"SELECT * REPLACE (CAST(value / 2 AS DECIMAL(9, 1)) AS value) FROM ({durations.sql}) q"),
        dataclasses.replace(durations, id="decimal-mean", aggregate="mean",
                            sql=f"SELECT * REPLACE (CAST(value / 3 AS DECIMAL(9, 2)) AS value) FROM ({durations.sql}) q"),
        dataclasses.replace(durations, id="integer-median",
                            sql=f"SELECT * REPLACE (CAST(value AS INTEGER) AS value) FROM ({durations.sql}) q"),
        dataclasses.replace(share, id="text-value", sql=f"SELECT *, 'n/a' AS value FROM ({share.sql}) q"),
    ]
    mixed = Catalogue(list(catalogue) + own)
    with engine_for(project.db_path, project.config, mixed) as engine:
        chosen, one_by_one = _grouped(engine, period, las[0])
        assert {ind.id for ind in own} <= one_by_one.keys()
        stacked = engine.groups_of_all(chosen + chosen[:3], period, las[0], BYS)  # listed twice: counted once
    for iid in one_by_one:  # exactly: a median of a DECIMAL as DuckDB gives it
        assert stacked[iid] == one_by_one[iid], iid
    assert {r["group"] for r in stacked["own-team"]["team"]} == {"Our team"}
