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


@pytest.fixture(scope="module")
def with_defects(tmp_path_factory):
    """One LA-year with every kind of defect (each kind touches tables the others leave alone)."""
    root = tmp_path_factory.mktemp("defects")
    generate(root / "out", seed=4, size="small", years=1, end_year=2025, las=1, defects=["all"])
    folder = root / "out" / "309" / "2024-25"
    report = Project(root / "s.duckdb").load([folder], la="309", year=2025)
    return folder, json.loads((folder / "defects.json").read_text()), report


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_injected_defect_is_reported(kind, with_defects):
    folder, injected, report = with_defects
    assert kind in {d["kind"] for d in injected}
    found = {(str(Path(i.file).relative_to(folder)), i.code) for i in report.issues}
    assert EXPECTED[kind] <= found


def test_nothing_but_the_injected_defects_is_reported(with_defects):
    folder, _, report = with_defects
    expected_codes = {code for pairs in EXPECTED.values() for _, code in pairs}
    others = {(i.file, i.code, i.severity) for i in report.issues if i.code not in expected_codes}
    assert {sev for _, _, sev in others} <= {"info"}, others


def test_bad_dates_are_reported_where_they_were_put(with_defects):
    folder, injected, report = with_defects
    put = {(f"row {d['where'] + 2}", d["value"]) for d in injected
           if d["file"] == "903/episodes.csv" and d["kind"] == "bad-dates"}
    located = {(i.location, i.value) for i in report.issues
               if i.code == "invalid-date" and i.file.endswith("episodes.csv")}
    # row numbers count the header as row 1, so data row 0 is "row 2"
    assert len(put) == 3 and put == located


def test_small_demo_generates_loads_and_summarises(tmp_path):
    summary = run_demo(tmp_path / "demo", seed=3, years=2, las=2, size="small")
    assert [la.code for la in summary.las] == ["309", "320"]
    assert all(la.children > 0 and la.referrals > 0 and la.episodes > 0 for la in summary.las)
    assert all(not la.issues.get("error") and not la.issues.get("warning") for la in summary.las)
    assert summary.db.is_file() and summary.settings.is_file()
    text = "\n".join(format_summary(summary))
    assert "Haringey" in text and "Waltham Forest" in text and str(summary.db) in text
    # the improvement plan path: template filled with the example plan, imported, reported on at 2023-24 Q3
    html = summary.outputs["plan report"].read_text(encoding="utf-8")
    assert "Improvement plan 2024-26" in html and "Year-end forecast" in html
    assert summary.outputs["plan"].name == "plan.xlsx"
    # the committee paper, with the plan's priorities in it
    from docx import Document
    paper = Document(str(summary.outputs["paper"]))
    headings = [p.text for p in paper.paragraphs if p.style.name.startswith("Heading")]
    assert "7. Improvement priorities and progress" in headings
    assert any(h.endswith("The experiences and progress of care leavers") for h in headings)
    assert (summary.outputs["paper"].parent / "report.pdf").is_file()


def test_the_903_xml_form_loads_cleanly_too(tmp_path):
    out = tmp_path / "out"
    generate(out, seed=8, size="small", years=1, end_year=2024, las=1, xml_903=True, annex_a="none")
    report = Project(tmp_path / "s.duckdb").load([out / "309" / "2023-24"], la="309", year=2024)
    assert sorted(Path(f.path).name for f in report.files) == ["allocations.csv", "cin_census.xml",
                                                               "health_assessments.csv", "ssda903.xml"]
    assert all(f.status == "loaded" for f in report.files)
    assert [str(i) for i in report.issues if i.severity != "info"] == []
    xml903 = next(f for f in report.files if f.path.endswith("ssda903.xml"))
    assert xml903.rows["cla_episode"] > 10 and xml903.rows["child"] > 10


def test_annex_a_placements_match_the_903_and_name_the_postcodes_la(small, tmp_path):
    from csc_scorecard.reference.sample import default_sampler

    project = Project(tmp_path / "store.duckdb")
    assert project.load([small / "309" / "2024-25"], la="309", year=2025).ok
    con = project.connect(read_only=True)
    try:
        # the child's episode open at the extract date (31 March 2025), or the last one before it
        rows = con.execute("""
            SELECT a.child_id, a.placement_postcode, a.placement_location, a.placement_la,
                   arg_max(e.pl_post, e.decom) AS pl_post
            FROM annex_a_cla a JOIN cla_episode e ON e.la = a.la AND e.child_id = a.child_id
                 AND e.decom <= DATE '2025-03-31'
            WHERE a.la = '309' GROUP BY ALL""").fetchall()
    finally:
        con.close()
    assert len(rows) > 10
    sampler = default_sampler()
    seen = set()
    for child, postcode, location, la_name, pl_post in rows:
        assert postcode == pl_post, child
        placed_in = sampler.locate(postcode)[2]
        assert (location, placed_in == "309") in (("In LA", True), ("Out of LA", False)), child
        assert (la_name == "Haringey") == (placed_in == "309"), child
        seen.add(location)
    assert seen == {"In LA", "Out of LA"}
