"""`scorecard report` end to end: a small synthetic region loaded into a real store.

The synthetic package writes two small LAs' returns for three years; they are
loaded through Project.load, and the scorecard must agree with
Project.indicators() figure for figure, in every output.
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime

import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import ScorecardError
from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate

LA, OTHER = "309", "320"
WHEN = datetime(2025, 6, 2, 10, 0)
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    made = generate(root / "data", size="small", years=3, las=2, annex_a="none")
    project = Project(root / "store.duckdb", settings=made.settings)
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    result = project.report("2024-25", out=root / "out", generated_at=WHEN)
    return project, result, root


@pytest.fixture(scope="module")
def engine_figures(region):
    """Project.indicators() for every LA and the periods with data: {(la, period): {indicator: Result}}."""
    project = region[0]
    out: dict = {}
    for r in project.indicators(["2022-23", "2023-24", "2024-25"]):
        out.setdefault((r.la, r.period), {})[r.indicator] = r
    return out


def test_writes_the_four_files(region):
    _, result, root = region
    assert sorted(p.name for p in result.files.values()) == \
        ["scorecard.csv", "scorecard.html", "scorecard.json", "scorecard.xlsx"]
    assert all(p.parent == root / "out" and p.stat().st_size > 0 for p in result.files.values())
    card = result.scorecard
    assert (card.la, card.la_name, card.period, card.compare_to) == (LA, "Haringey", "2024-25", "2023-24")
    # 2020-21 and 2021-22 have no figure on any row (the data begins in 2022-23): no empty columns
    assert card.periods == ["2022-23", "2023-24", "2024-25"]
    assert card.data_as_at.isoformat() == "2025-03-31"


def test_json_agrees_with_the_engine_for_every_period(region, engine_figures):
    project, result, _ = region
    rows = json.loads(result.files["scorecard.json"].read_text(encoding="utf-8"))["rows"]
    checked = 0
    for period in ("2022-23", "2023-24", "2024-25"):
        engine = engine_figures[(LA, period)]
        for row in (r for r in rows if r["period"] == period):
            fig = engine[row["indicator"]]
            assert row["status"] == fig.status, row["indicator"]
            assert row["value"] == fig.value, (row["indicator"], period)
            assert row["numerator"] == fig.numerator and row["denominator"] == fig.denominator
            checked += fig.status == "ok"
    assert checked >= 20  # most of the catalogue computes on the synthetic data
    # before the data begins: no column at all, rather than a column of n/a
    assert not [r for r in rows if r["period"] in ("2020-21", "2021-22")]


def test_neighbours_are_the_other_la_in_the_store(region, engine_figures):
    # No published benchmarks and no neighbours in the settings: the assess stage
    # compares with every other LA in the store, here the one other LA.
    project, result, _ = region
    other = engine_figures[(OTHER, "2024-25")]
    compared = 0
    for line in result.scorecard.lines:
        theirs = other[line.indicator]
        if theirs.status == "ok" and line.neighbours is not None:
            assert line.neighbours.value == pytest.approx(theirs.value, rel=1e-12)
            compared += 1
    assert compared >= 10


def test_workbook_this_period_column_matches(region, engine_figures):
    project, result, _ = region
    engine = engine_figures[(LA, "2024-25")]
    wb = openpyxl.load_workbook(result.files["scorecard.xlsx"])
    seen = 0
    for name in wb.sheetnames[1:-4]:  # the section sheets (then Trends, Chart data, Sources, Definitions)
        ws = wb[name]
        headers = [c.value for c in ws[4]]
        col = headers.index("This period\n2024-25")
        for row in ws.iter_rows(min_row=5, values_only=True):
            line = next(x for x in result.scorecard.lines if x.ref == row[0])
            fig = engine[line.indicator]
            if fig.status == "ok":  # xlsxwriter writes 16 significant digits, repr 17
                assert row[col] == pytest.approx(fig.value, rel=1e-14, abs=0), line.ref
            else:
                assert row[col] == "n/a", line.ref
            seen += 1
    assert seen == len(result.scorecard.lines)


def test_timeliness_bands_are_the_duration_indicator_cases(region, engine_figures):
    project, result, _ = region
    t = result.scorecard.timeliness
    now = engine_figures[(LA, "2024-25")]["assessment-duration-wd"]
    before = engine_figures[(LA, "2023-24")]["assessment-duration-wd"]
    assert (t.current.period, t.current.total, t.current.median) == ("2024-25", now.denominator, now.value)
    assert (t.previous.period, t.previous.total, t.previous.median) == ("2023-24", before.denominator, before.value)
    within = [r for r in project.cases("assessments-45wd", "2024-25", la=LA).rows]
    on_time = sum(1 for r in within if r["in_numerator"])
    assert sum(t.current.counts[:6]) == on_time  # bands up to 41-45 are the 45-day indicator's numerator


def test_no_child_level_data_in_any_output(region):
    project, result, _ = region
    ids = {str(r["child_id"]) for r in project.cases("assessment-duration-wd", "2024-25", la=LA).rows}
    assert len(ids) > 20
    texts = [result.files[n].read_text(encoding="utf-8-sig") for n in ("scorecard.html", "scorecard.json",
                                                                        "scorecard.csv")]
    with zipfile.ZipFile(result.files["scorecard.xlsx"]) as z:
        texts += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
    blob = "\n".join(texts)
    assert not [i for i in ids if i in blob]


def test_compare_to_and_public(region, engine_figures):
    project, _, root = region
    result = project.report("2024-25", compare_to="2022-23", public=True, out=root / "public", generated_at=WHEN)
    card = result.scorecard
    assert card.compare_to == "2022-23" and card.public
    assert card.timeliness.previous.period == "2022-23"
    then = engine_figures[(LA, "2022-23")]
    line = next(x for x in card.lines if x.indicator == "assessments-45wd")
    now = line.current.value
    before = then["assessments-45wd"].value
    assert line.judged is None and line.kind == "per-event"
    from csc_scorecard.assess.significance import proportions_differ
    real = proportions_differ(line.current.numerator, line.current.denominator,
                              then["assessments-45wd"].numerator, then["assessments-45wd"].denominator)
    assert line.significant is real
    assert line.change == (("up" if now > before else "down") if real else "same")
    data = json.loads(result.files["scorecard.json"].read_text(encoding="utf-8"))
    assert all(b["assessments"] is None for b in data["assessment_duration_bands"])


def test_unknown_la_is_a_plain_error(region):
    project, _, _ = region
    with pytest.raises(ScorecardError, match="LA 999 has no data"):
        project.report("2024-25", la="999")


def test_cli_report(region):
    project, _, root = region
    out = root / "cli"
    run = CliRunner().invoke(main, ["report", "--db", str(project.db_path), "--settings",
                                    str(project.settings_path), "--period", "2024-25", "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "Scorecard for Haringey (309), 2024-25, compared with 2023-24:" in run.output
    assert str(out / "scorecard.xlsx") in run.output
    bad = CliRunner().invoke(main, ["report", "--db", str(project.db_path), "--period", "2024-26"])
    assert bad.exit_code != 0 and "not a financial year" in bad.output
