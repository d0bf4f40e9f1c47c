"""Generated returns load through the project's own readers: cleanly, and with every injected defect reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csc_scorecard.project import Project
from csc_scorecard.synth.demo import format_summary, run_demo
from csc_scorecard.synth.generate import generate


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth-load") / "out"
    generate(out, seed=21, size="small", years=2, end_year=2025, las=1)
    return out


def test_every_file_loads_with_no_errors_or_warnings(small, tmp_path):
    project = Project(tmp_path / "store.duckdb")
    for year in (2024, 2025):
        folder = small / "309" / f"{year - 1}-{str(year)[2:]}"
        report = project.load([folder], la="309", year=year)
        assert report.ok
        assert len(report.files) >= 9, [f.path for f in report.files]
        for f in report.files:
            assert f.status == "loaded", f.path
            assert (f.la, f.collection_year) == ("309", year), f.path
        problems = [str(i) for i in report.issues if i.severity in ("fatal", "error", "warning")]
        assert problems == []
    con = project.connect(read_only=True)
    try:
        tables = {t: con.execute(f"SELECT count(*) FROM {t} WHERE la = '309'").fetchone()[0]
                  for t in ("child", "cin_episode", "assessment", "section47", "cp_plan", "cla_episode",
                            "cla_review", "oc2", "oc3", "annex_a_referrals", "annex_a_cla")}
        # one referral is one row of the merged history, however many years' returns it appears in
        dupes = con.execute("SELECT count(*) FROM (SELECT child_id, referral_date FROM cin_episode "
                            "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    finally:
        con.close()
    assert all(n > 0 for n in tables.values()), tables
    assert dupes == 0


# kind -> (file the defect is put in, issue code the reader gives) that must all be reported
EXPECTED = {
    "bad-dates": {("903/episodes.csv", "invalid-date"), ("cin_census.xml", "invalid-date"),
                  ("annex_a.xlsx", "invalid-date")},
    "unknown-codes": {("903/episodes.csv", "unknown-code"), ("903/header.csv", "unknown-code"),
                      ("cin_census.xml", "unknown-code"), ("annex_a.xlsx", "unknown-code")},
    "duplicates": {("903/header.csv", "duplicate-row"), ("cin_census.xml", "duplicate-child"),
                   ("annex_a.xlsx", "duplicate-row")},
    "blank-ids": {("903/episodes.csv", "missing-child-id"), ("cin_census.xml", "missing-child-id"),
                  ("annex_a.xlsx", "blank-id")},
    "missing-columns": {("903/reviews.csv", "missing-column"), ("903/missing.csv", "missing-column"),
                        ("cin_census.xml", "missing-value"), ("annex_a.xlsx", "missing-column")},
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_injected_defect_is_reported(kind, tmp_path):
    out = tmp_path / "out"
    generate(out, seed=4, size="small", years=1, end_year=2025, las=1, defects=[kind])
    folder = out / "309" / "2024-25"
    injected = json.loads((folder / "defects.json").read_text())
    assert injected and {d["kind"] for d in injected} == {kind}
    report = Project(tmp_path / "s.duckdb").load([folder], la="309", year=2025)
    found = {(str(Path(i.file).relative_to(folder)), i.code) for i in report.issues}
    assert EXPECTED[kind] <= found
    # nothing else goes wrong in a file with one kind of defect: every other issue is a note
    expected_codes = {code for _, code in EXPECTED[kind]}
    others = {(f, c) for f, c in found if c not in expected_codes}
    severities = {i.severity for i in report.issues if i.code not in expected_codes}
    assert severities <= {"info"}, others


def test_bad_dates_are_reported_where_they_were_put(tmp_path):
    out = tmp_path / "out"
    generate(out, seed=4, size="small", years=1, end_year=2025, las=1, defects=["bad-dates"])
    folder = out / "309" / "2024-25"
    injected = [d for d in json.loads((folder / "defects.json").read_text()) if d["file"] == "903/episodes.csv"]
    report = Project(tmp_path / "s.duckdb").load([folder], la="309", year=2025)
    located = {(i.location, i.value) for i in report.issues if i.code == "invalid-date" and i.file.endswith("episodes.csv")}
    # row numbers count the header as row 1, so data row 0 is "row 2"
    assert {(f"row {d['where'] + 2}", d["value"]) for d in injected} == located


def test_small_demo_generates_loads_and_summarises(tmp_path):
    summary = run_demo(tmp_path / "demo", seed=3, years=2, las=2, size="small")
    assert [la.code for la in summary.las] == ["309", "320"]
    assert all(la.children > 0 and la.referrals > 0 and la.episodes > 0 for la in summary.las)
    assert all(not la.issues.get("error") and not la.issues.get("warning") for la in summary.las)
    assert summary.db.is_file() and summary.settings.is_file()
    text = "\n".join(format_summary(summary))
    assert "Haringey" in text and "Waltham Forest" in text and str(summary.db) in text
