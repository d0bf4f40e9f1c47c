"""The synthetic health assessment extract (synth/health.py): written per year, loads cleanly, feeds iha-20wd."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.project import Project
from csc_scorecard.synth.demo import run_demo
from csc_scorecard.synth.generate import generate
from csc_scorecard.synth.health import FILE_NAME, _initial
from csc_scorecard.synth.workdays import WorkDays

YEARS = ("2022-23", "2023-24", "2024-25")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth-health") / "out"
    generate(out, seed=5, size="small", years=3, end_year=2025, las=1, annex_a="none")
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _dmy(text: str) -> date:
    d, m, y = map(int, text.split("/"))
    return date(y, m, d)


def test_each_year_holds_the_full_list_as_at_its_year_end(small):
    extracts = {y: _rows(small / "309" / y / FILE_NAME) for y in YEARS}
    for y, rows in extracts.items():
        assert rows, y
        assert list(rows[0]) == ["la", "child_id", "health_assessment_date", "assessment_type"]
        year_end = date(int(y[:4]) + 1, 3, 31)
        dates = [_dmy(r["health_assessment_date"]) for r in rows]
        assert min(dates) >= date(2022, 4, 1) and max(dates) <= year_end, y
        assert {r["la"] for r in rows} == {"309"} and {r["assessment_type"] for r in rows} == {"initial", "review"}
    # a later extract is the earlier one plus what happened since
    for earlier, later in zip(YEARS, YEARS[1:]):
        end = date(int(earlier[:4]) + 1, 3, 31)
        kept = [r for r in extracts[later] if _dmy(r["health_assessment_date"]) <= end]
        assert kept == extracts[earlier]
        assert len(extracts[later]) > len(extracts[earlier])


def test_initial_assessments_follow_a_start_of_care_in_that_period(small):
    """Each initial assessment lies within a period of care that started on or after 1 April 2022."""
    episodes = _rows(small / "309" / "2024-25" / "903" / "episodes.csv")
    for y in YEARS[:2]:  # periods that ended before 2024-25 are in the earlier returns
        episodes += _rows(small / "309" / y / "903" / "episodes.csv")
    periods: dict[str, set[tuple[date, date | None]]] = {}
    starts = {(e["CHILD"], _dmy(e["DECOM"])) for e in episodes if e["RNE"] == "S"}
    ends = {}
    for e in episodes:
        if e["REC"] and e["REC"] != "X1":
            ends[e["CHILD"], _dmy(e["DEC"])] = True
    for child, start in starts:
        later_ends = sorted(d for (c, d) in ends if c == child and d >= start)
        periods.setdefault(child, set()).add((start, later_ends[0] if later_ends else None))
    initials = [r for r in _rows(small / "309" / "2024-25" / FILE_NAME) if r["assessment_type"] == "initial"]
    assert len(initials) >= 10
    for r in initials:
        seen = _dmy(r["health_assessment_date"])
        assert any(s < seen and (e is None or seen <= e) and s >= date(2022, 4, 1)
                   for s, e in periods[r["child_id"]]), r


def test_every_year_loads_with_no_issues_and_iha_20wd_has_a_sensible_figure(small, tmp_path):
    project = Project(tmp_path / "s.duckdb", small / "scorecard.yaml")
    for y in YEARS:  # year by year, as an LA loads: each extract replaces the one before
        report = project.load([small / "309" / y / FILE_NAME], la="309")
        assert [str(i) for i in report.issues] == []
        [f] = report.files
        assert f.status == "loaded" and (f.la, f.collection_year) == ("309", int(y[:4]) + 1)
        assert f.rows["health_assessment"] == len(_rows(small / "309" / y / FILE_NAME))
        report = project.load([small / "309" / y / "903"], la="309", year=int(y[:4]) + 1)
        assert report.ok and not [i for i in report.issues if i.severity != "info"]
    con = project.connect(read_only=True)
    try:
        stored = con.execute("SELECT count(*), count(DISTINCT source_file) FROM src_health_assessment").fetchone()
    finally:
        con.close()
    assert stored == (len(_rows(small / "309" / "2024-25" / FILE_NAME)), 1)
    [result] = project.indicators("2024-25", ids=["iha-20wd"])
    assert result.status == "ok"
    # a small LA starts ~10 children a year: any figure from a half to all of them in time is plausible
    assert 5 <= result.denominator <= 30 and 50 <= result.value <= 100, (result.numerator, result.denominator)


def test_the_in_time_share_follows_the_las_rate():
    """Open periods starting every day for a year: ~98% are assessed (2% never), `in_time` of those within 20."""
    wd = WorkDays(2023, 2026)
    rng = random.Random(1)
    start0 = date(2024, 4, 1).toordinal()
    for rate in (0.6, 0.85):
        days = []
        for i in range(4000):
            start = start0 + i % 365
            seen = _initial(rng, wd, start, date(2026, 3, 31).toordinal(), rate)
            days.append(None if seen is None else wd.between(start, seen))
        held = [d for d in days if d is not None]
        assert 0.97 <= len(held) / len(days) <= 0.99
        assert rate - 0.03 <= sum(d <= 20 for d in held) / len(held) <= rate + 0.03
        assert min(held) >= 1 and max(held) <= 90


def test_a_child_who_left_care_is_assessed_before_leaving_or_not_at_all():
    wd = WorkDays(2023, 2026)
    rng = random.Random(2)
    start = date(2024, 6, 3).toordinal()  # a Monday
    end = date(2024, 6, 7).toordinal()  # left care that Friday: 4 working days later
    seen = [_initial(rng, wd, start, end, 0.8) for _ in range(2000)]
    assert all(s is None or start < s <= end for s in seen)
    assert 0.3 <= sum(s is not None for s in seen) / len(seen) <= 0.5
    assert _initial(random.Random(3), wd, start, start, 0.8) is None  # a same-day period: no working day


def test_the_demo_loads_only_the_latest_extract_and_shows_iha_20wd(tmp_path):
    summary = run_demo(tmp_path / "demo", seed=9, years=2, las=1, size="small")
    assert not summary.las[0].issues.get("error") and not summary.las[0].issues.get("warning")
    assert not summary.las[0].issues.get("fatal")
    project = Project(summary.db, summary.settings)
    con = project.connect(read_only=True)
    try:
        sources = con.execute("SELECT DISTINCT source_file FROM src_health_assessment").fetchall()
    finally:
        con.close()
    assert [Path(s).parent.name for (s,) in sources] == ["2024-25"]
    [result] = project.indicators("2024-25", ids=["iha-20wd"])
    assert result.status == "ok" and result.denominator > 0
