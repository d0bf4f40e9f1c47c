"""The scorecard a committee can trust, end to end (issue 10's "done when").

A small synthetic region (Haringey, 309, and Waltham Forest, 320) is loaded
into a real store with the real published benchmarks (LAIT, EES) from
../shared/data/benchmarks, and a Q3 report is judged and written. Every
check below reads the real outputs.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from conftest import SHARED_DATA
from csc_scorecard.benchmarks.load import load_benchmarks
from csc_scorecard.benchmarks import published as pub
from csc_scorecard.cli import main
from csc_scorecard.errors import ScorecardError
from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate

BENCH = SHARED_DATA / "benchmarks"
LA = "309"
Q3 = "2024-25-Q3"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    if not (BENCH / "lait").is_dir():
        pytest.skip(f"public benchmark files not found at {BENCH} (set CSC_SHARED_DATA)")
    root = tmp_path_factory.mktemp("committee")
    made = generate(root / "data", size="small", years=3, las=2, annex_a="none")
    project = Project(root / "store.duckdb", settings=made.settings)
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    con = duckdb.connect(str(project.db_path))
    try:
        load_benchmarks(con, [BENCH / "lait", BENCH / "ees", BENCH / "neighbours"])
    finally:
        con.close()
    return project, root, made


@pytest.fixture(scope="module")
def q3(store):
    project, root, _ = store
    return project.report(Q3, out=root / "q3")


@pytest.fixture(scope="module")
def public(store):
    project, root, _ = store
    return project.report(Q3, out=root / "public", public=True)


def test_cumulative_rows_are_judged_on_the_rolling_12_months(q3):
    lines = {line.indicator: line for line in q3.scorecard.lines}
    placements = lines["cla-3-placements"]
    assert placements.kind == "cumulative" and placements.basis == "rolling 12 months"
    assert placements.shown.period == "12m:2024-12-31" and placements.basis_label == "12 months to 31 Dec 2024"
    assert placements.current.period == Q3  # the quarter's own figure, beside it
    # the rolling figure counts at least as many children as the quarter alone
    assert placements.shown.numerator >= placements.current.numerator
    assert lines["cla-missing"].basis == "rolling 12 months"
    assert lines["assessments-45wd"].basis == "period"  # per-event: judged in the quarter
    data = json.loads(q3.files["scorecard.json"].read_text(encoding="utf-8"))
    row = next(r for r in data["rows"] if r["indicator"] == "cla-3-placements" and r["current"])
    assert (row["kind"], row["basis"], row["judged_period"]) == ("cumulative", "rolling 12 months", "12m:2024-12-31")
    assert row["ci_low"] < row["judged_value"] < row["ci_high"]


def test_no_count_row_carries_england_rank_or_quartile(q3):
    counts = [line for line in q3.scorecard.lines if line.kind == "count"]
    assert counts, "the default layout has a count row (adoptions)"
    for line in counts:
        assert line.england is None and line.region is None and line.neighbours is None
        assert line.rank is None and line.quartile is None
        assert line.target is None or line.target_basis.startswith("profiled")  # no annual target in Q3


def test_no_row_without_a_figure_carries_a_quartile_or_rank_and_rank_region_appear(q3):
    lines = q3.scorecard.lines
    for line in lines:
        if not line.shown.available:
            assert line.quartile is None and line.rank is None, line.indicator
    ranked = [line for line in lines if line.rank is not None]
    assert ranked and all(line.rank_of >= 100 for line in ranked)  # among all LAs' published figures
    assert all(line.ranked_marker for line in ranked)
    assert any(line.region is not None and line.region_name == "London" for line in lines)
    html = q3.files["scorecard.html"].read_text(encoding="utf-8")
    assert ">London</th>" in html and re.search(r">\d+(st|nd|rd|th) of \d{3}<", html)


def test_trend_charts_show_englands_real_series(q3, store):
    project, _, _ = store
    line = next(line for line in q3.scorecard.lines if line.indicator == "re-referrals-12m")
    h = line.history_series
    con = duckdb.connect(str(project.db_path), read_only=True)
    try:
        key = pub.resolve(con, pub.MeasureKey("lait", "ReReferral"))
        expected = [pub.published(con, key, int(y[:4]) + 1).england for y in h.years]
    finally:
        con.close()
    assert h.england == expected and len(set(expected)) > 1  # the real year-by-year series, not a flat line
    assert h.la_published[0] and not h.la_published[-1]  # early years from the published figures
    html = q3.files["scorecard.html"].read_text(encoding="utf-8")
    assert "published figure (its returns for that year are not loaded)" in html


def test_data_as_at_is_never_after_the_period_and_sources_are_listed(q3):
    card = q3.scorecard
    assert card.data_as_at.isoformat() == "2024-12-31"
    assert card.sources and any(s.text.startswith("LAIT") for s in card.sources)
    assert card.synthetic and "made up" in " ".join(card.notes)
    html = q3.files["scorecard.html"].read_text(encoding="utf-8")
    assert 'id="sources"' in html and "[1]" in html


def test_an_uncovered_period_and_a_later_compare_to_are_refused(store):
    project, root, _ = store
    with pytest.raises(ScorecardError, match="does not cover 2026-27-Q1"):
        project.report("2026-27-Q1")
    assert project.report("2026-27-Q1", allow_empty=True).scorecard.period == "2026-27-Q1"
    with pytest.raises(ScorecardError, match="compares with an earlier period"):
        project.report("2024-25-Q2", compare_to="2024-25-Q3")


def test_report_in_a_folder_with_scorecard_yaml_uses_it(store, tmp_path, monkeypatch):
    project, _, made = store
    folder = tmp_path / "council"
    folder.mkdir()
    settings = Path(made.settings).read_text(encoding="utf-8")
    (folder / "layout.yaml").write_text(
        "title: Corporate parenting scorecard\n"
        "defaults: {show: [target, england]}\n"
        "sections:\n  - name: Help\n    rows:\n      - {ref: H1, indicator: assessments-45wd, target: 61.5}\n",
        encoding="utf-8")
    (folder / "scorecard.yaml").write_text(settings + "layout: layout.yaml\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.delenv("SCORECARD_SETTINGS", raising=False)
    run = CliRunner().invoke(main, ["report", "--db", str(project.db_path), "--period", Q3, "--out", "out"])
    assert run.exit_code == 0, run.output
    assert "Scorecard for Haringey (309)" in run.output
    data = json.loads((folder / "out" / "scorecard.json").read_text(encoding="utf-8"))
    assert data["scorecard"]["title"] == "Corporate parenting scorecard"
    row = next(r for r in data["rows"] if r["current"])
    assert row["target"] == 61.5
    html = (folder / "out" / "scorecard.html").read_text(encoding="utf-8")
    assert "Corporate parenting scorecard" in html
    assert ">Stat neighbours</th>" not in html and ">England</th>" in html  # show: honoured


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_workbook_converts_to_readable_a4_pages(q3, tmp_path):
    xlsx = q3.files["scorecard.xlsx"]
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                          capture_output=True, timeout=180)
    pdf = tmp_path / "scorecard.pdf"
    assert pdf.exists(), done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)  # A4 landscape
    sheets = len(openpyxl.load_workbook(xlsx).sheetnames) - 1  # the chart data sheet is hidden
    assert sheets <= pages <= 30
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "###" not in text
    assert "Children in need of help and protection" in text and "Sources" in text
    # one page wide: every section sheet's header row, with its last column (Notes), is on the page
    assert text.count("Notes") >= 4
    # readable: no text on a section page below 8 pt after fitting to the page. Word boxes are measured
    # against the footer's, which is 10 pt Arial and never scaled.
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    words = [(float(m.group(2)) - float(m.group(1)), m.group(3)) for m in
             re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', bbox)]
    ten_pt = next(h for h, w in words if w == "csc-scorecard")
    smallest = min(h for h, _ in words) / ten_pt * 10
    assert smallest >= 7.95, smallest


def _numbers_1_to_5(text: str) -> list[str]:
    return re.findall(r"(?<![\d.,])[1-5] of [\d,]+", text)


def test_public_outputs_hold_no_count_of_1_to_5_and_no_child_id(public, store):
    project, _, _ = store
    files = public.files
    card = public.scorecard
    con = duckdb.connect(str(project.db_path), read_only=True)
    try:
        ids = {r[0] for r in con.execute("SELECT DISTINCT child_id FROM cin_episode UNION "
                                         "SELECT DISTINCT child_id FROM cla_episode").fetchall()}
    finally:
        con.close()
    ids = {i for i in ids if len(str(i)) >= 6}
    assert ids
    count_rows = {line.indicator for line in card.lines if line.unit == "count"}

    # JSON and CSV: no count of 1-5 in a count row's value, and no numerator or denominator of 1-5 anywhere
    data = json.loads(files["scorecard.json"].read_text(encoding="utf-8"))
    with open(files["scorecard.csv"], encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    for rows in (data["rows"], csv_rows):
        for r in rows:
            for key in ("numerator", "denominator", "judged_numerator", "judged_denominator"):
                assert not (r[key] not in (None, "") and 1 <= float(r[key]) <= 5), (r["indicator"], key, r[key])
            if r["indicator"] in count_rows:
                for key in ("value", "judged_value"):
                    assert not (r[key] not in (None, "") and 1 <= float(r[key]) <= 5), (r["indicator"], key)
    for band in data["assessment_duration_bands"]:
        assert band["assessments"] is None
    # HTML: no "n of N" with n from 1 to 5, and no count row cell of 1-5
    html = files["scorecard.html"].read_text(encoding="utf-8")
    assert not _numbers_1_to_5(html)
    for indicator in count_rows:
        row = re.search(rf'<tr id="{indicator}".*?</tr>', html, re.S).group(0)
        cells = re.findall(r'<td class="num[^"]*">([^<]*)<', row)
        assert not [c for c in cells if c.strip() in ("1", "2", "3", "4", "5")], (indicator, cells)
    # xlsx: no count row cell of 1-5, no "n of N" text with n from 1 to 5
    wb = openpyxl.load_workbook(files["scorecard.xlsx"])
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not _numbers_1_to_5(v), (ws.title, v)
    for ws in wb.worksheets[1:5]:
        for row in ws.iter_rows(min_row=5, values_only=True):
            line = next((x for x in card.lines if x.ref == row[0]), None)
            if line is not None and line.unit == "count":
                assert not [v for v in row if isinstance(v, (int, float)) and 1 <= v <= 5], (line.ref, row)
    # no child ID in any public output
    texts = [files[n].read_text(encoding="utf-8-sig") for n in ("scorecard.html", "scorecard.json", "scorecard.csv")]
    with zipfile.ZipFile(files["scorecard.xlsx"]) as z:
        texts += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")]
    for text in texts:
        for child in ids:
            assert str(child) not in text
    assert "c = confidential" in html
