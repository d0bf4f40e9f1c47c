"""The scorecard renderers on a hand-made, judged scorecard (tests/report_sample.py).

Every expected value below is read off the sample by hand.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile

import openpyxl
import pytest
from lxml import html as lxml_html

from csc_scorecard.report import write_scorecard
from csc_scorecard.report.charts import duration_bands_chart, nice_ticks, trend_chart
from csc_scorecard.report.formatting import rag_text
from csc_scorecard.report.model import BandSeries, DurationBands, band_series
from csc_scorecard.report.xlsx import sheet_name

from report_sample import sample_scorecard

HELP = "Help and protection"
# openpyxl cannot read sparklines (they are checked in the raw XML below).
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("scorecard")
    return write_scorecard(sample_scorecard(), out)


@pytest.fixture(scope="module")
def written_public(tmp_path_factory):
    out = tmp_path_factory.mktemp("public")
    return write_scorecard(sample_scorecard(public=True), out)


def _rows_by_ref(ws, header_row=4):
    headers = [c.value for c in ws[header_row]]
    out = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[0].value:
            out[row[0].value] = {h: cell for h, cell in zip(headers, row) if h}
    return headers, out


# -- xlsx ------------------------------------------------------------------------

def test_workbook_has_summary_one_sheet_per_section_and_definitions(written):
    wb = openpyxl.load_workbook(written["scorecard.xlsx"])
    assert wb.sheetnames == ["Summary", HELP, "Looked after and permanence", "Care leavers",
                             "Leadership and workforce", "Trends", "Chart data", "Sources", "Definitions"]
    assert wb["Chart data"].sheet_state == "hidden"


def test_section_sheet_values_formats_and_rag_fills(written):
    ws = openpyxl.load_workbook(written["scorecard.xlsx"])[HELP]
    assert ws["A1"].value == "Children in need of help and protection"
    headers, rows = _rows_by_ref(ws)
    assert headers[:8] == ["Ref", "Indicator", "2020-21", "2021-22", "2022-23", "2023-24",
                           "This period\n2024-25", "Counts"]
    # a year's previous period is the same period last year: one direction column (a quarter has both)
    assert headers[8:] == ["Target", "RAG", "Stat neighbours", "Region", "England", "vs previous",
                           "Rank", "Quartile", "Notes"]
    assert list(rows) == ["TS 1", "TS 2", "TS 23", "TS 24"]

    ts1 = rows["TS 1"]
    assert [ts1[p].value for p in ("2020-21", "2021-22", "2022-23", "2023-24", "This period\n2024-25")] == \
        [21.0, 22.5, 23.0, 24.0, 26.5]
    assert ts1["Indicator"].value == "Re-referrals within 12 months (↓ good)"
    assert ts1["Counts"].value == "265 of 1,000"  # the counts behind the percentage
    assert ts1["Target"].value == 22.0
    assert ts1["RAG"].value == "R"
    assert ts1["RAG"].fill.fgColor.rgb == "FFF4CDC6"
    assert ts1["RAG"].font.color.rgb == "FF942514"
    assert ts1["Stat neighbours"].value == 21.4 and ts1["England"].value == 22.6
    assert ts1["vs previous"].value == "▲ worse" and "vs last year" not in ts1
    assert ts1["Quartile"].value == "D"
    assert ts1["Notes"].value == "4.5 percentage points above the target of 22.0%."  # 26.5 - 22.0
    # Percentages are stored 0-100, unrounded; the % is literal text in the number format.
    assert ts1["This period\n2024-25"].number_format == '0.0"%"'

    ts2 = rows["TS 2"]
    assert ts2["2020-21"].value == "n/a"  # not available, never 0
    assert ts2["2022-23"].value == 81.25  # unrounded in the cell
    assert (ts2["RAG"].value, ts2["RAG"].fill.fgColor.rgb) == ("G", "FFCCE2D8")
    assert ts2["vs previous"].value == "▲ better"

    ts23 = rows["TS 23"]
    assert (ts23["RAG"].value, ts23["RAG"].fill.fgColor.rgb) == ("A", "FFFFF7BF")
    assert ts23["This period\n2024-25"].value == 37.5  # shown in the internal scorecard

    ts24 = rows["TS 24"]
    assert ts24["RAG"].value is None and ts24["Target"].value is None
    assert ts24["This period\n2024-25"].number_format == "#,##0"
    assert ts24["vs previous"].value == "▼ better"


def test_count_and_context_lines(written):
    ws = openpyxl.load_workbook(written["scorecard.xlsx"])["Looked after and permanence"]
    _, rows = _rows_by_ref(ws)
    assert rows["TS 15"]["This period\n2024-25"].value == 14
    assert rows["TS 15"]["This period\n2024-25"].number_format == "#,##0"
    assert rows["TS 21"]["Indicator"].value.endswith("(context)")
    assert rows["TS 21"]["RAG"].value is None
    assert rows["TS 21"]["vs previous"].value == "▶ no significant change"
    assert rows["TS 21"]["This period\n2024-25"].number_format == "#,##0.0"


def test_sheet_layout_freeze_print_setup(written):
    ws = openpyxl.load_workbook(written["scorecard.xlsx"])[HELP]
    assert ws.freeze_panes == "C5"
    assert ws.page_setup.orientation == "landscape"
    # one page wide (1 is the default, left out of the file), as many pages long as needed
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    assert "Sampleshire (999)" in ws.oddHeader.left.text
    assert ws.oddHeader.right.text == "2024-25"
    assert "Data as at 31 March 2025" in ws.oddFooter.left.text


def test_native_charts_for_the_trends(written):
    with zipfile.ZipFile(written["scorecard.xlsx"]) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = z.read(charts[0]).decode()
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert len(charts) == 1  # only TS 1 has a year-by-year history in the sample
    assert "<x14:sparkline>" not in sheets  # sparklines print as dots: none
    # the LA, its published years, target, England, region and neighbours, each its own series
    assert xml.count("<c:ser>") == 6
    for name in ("Sampleshire", "Sampleshire (published)", "Target", "England", "Sampleshire region",
                 "Statistical neighbours (mean)"):
        assert f"<c:v>{name}</c:v>" in xml
    assert 'prstDash val="sysDot"' in xml and 'prstDash val="dash"' in xml  # England dotted, target dashed


def test_summary_counts_and_definitions(written):
    wb = openpyxl.load_workbook(written["scorecard.xlsx"], data_only=True)
    ws = wb["Summary"]
    table = {row[0]: row[1:6] for row in ws.iter_rows(values_only=True) if row[0]}
    assert table["Section"] == ("Indicators", "Green", "Amber", "Red", "Not rated")
    assert table["Children in need of help and protection"] == (4, 1, 1, 1, 1)
    assert table["Children looked after and achieving permanence"] == (3, 1, 1, 0, 1)
    assert table["All sections"] == (9, 2, 2, 2, 3)
    header_cells = [c for c in ws[table_row(ws, "Section")] if c.value in ("Green", "Amber", "Red")]
    assert [c.fill.fgColor.rgb for c in header_cells] == ["FFCCE2D8", "FFFFF7BF", "FFF4CDC6"]

    defs = wb["Definitions"]
    rows = [r for r in defs.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 9
    ts2 = next(r for r in rows if r[0] == "TS 2")
    assert ts2[1] == "Assessments completed within 45 working days"
    assert ts2[2].startswith("Of the assessments authorised in the period")
    assert ts2[4] == "↑ good" and ts2[5] == "cin" and ts2[6] == "snapshot" and ts2[8] == "assessments-45wd"
    notes = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith(("RAG:", "Rank and"))]
    assert len(notes) == 2  # RAG and quartile explained on the summary


def table_row(ws, first_value):
    return next(r[0].row for r in ws.iter_rows() if r[0].value == first_value)


def test_public_workbook_suppresses_small_numbers(written_public):
    ws = openpyxl.load_workbook(written_public["scorecard.xlsx"])[HELP]
    _, rows = _rows_by_ref(ws)
    # 3 of 8, 2 of 9, 1 of 6: numerators of 1 to 5 -> c; the counts go with them
    assert [rows["TS 23"][p].value for p in ("2022-23", "2023-24", "This period\n2024-25")] == ["c", "c", "c"]
    assert rows["TS 23"]["Counts"].value == ""
    assert rows["TS 1"]["This period\n2024-25"].value == 26.5  # 265 of 1,000: shown
    ws = openpyxl.load_workbook(written_public["scorecard.xlsx"])["Looked after and permanence"]
    _, rows = _rows_by_ref(ws)
    assert rows["TS 15"]["This period\n2024-25"].value == 14  # a count over 5 is shown


def test_sheet_names_are_excel_safe_and_unique():
    taken: set[str] = set()
    assert sheet_name("Children looked after and achieving permanence", taken) == "Looked after and permanence"
    long = "Adoption: timeliness [local] / permanence and stability measures"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not re.search(r"[\[\]:*?/\\]", first + second)


# -- html ------------------------------------------------------------------------

def test_html_is_self_contained_with_every_section(written):
    text = written["scorecard.html"].read_text(encoding="utf-8")
    assert "<script" not in text
    # the only URLs are the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}
    doc = lxml_html.fromstring(text)
    h2 = [h.text_content() for h in doc.iter("h2")]
    assert h2 == ["Summary", "Children in need of help and protection",
                  "Children looked after and achieving permanence", "Care leavers", "Leadership and workforce",
                  "Sources", "Definitions and how to read the scorecard"]
    # one trend chart per line, plus the timeliness chart; each with a title for screen readers
    svgs = doc.xpath("//svg[contains(@class, 'chart')]")
    assert len(svgs) == 9 + 1
    assert all(s.find("title") is not None and s.find("title").text for s in svgs)


def test_html_table_cells(written):
    doc = lxml_html.fromstring(written["scorecard.html"].read_text(encoding="utf-8"))
    row = doc.get_element_by_id("assessments-45wd")
    assert row.find("th").get("scope") == "row"
    cells = [c.text_content().strip() for c in row.findall("td")]
    # indicator, polarity, 4 previous, this period (with its base), target, RAG, SN, region, England,
    # direction vs previous (a year's previous period is the same period last year), rank, quartile
    assert cells[0] == "Assessments completed within 45 working days"
    assert cells[1] == "↑ good"
    assert cells[2:6] == ["n/a", "78.0%", "81.2%", "84.0%"]
    assert cells[6] == "88.4%530 of 600"
    assert cells[7] == "85.0%"
    assert cells[8] == "GGreen"  # the letter, and the word for screen readers
    # comparators with the year they describe beneath
    assert cells[9:13] == ["83.1%2023-24", "", "85.7%2024-25", "▲ better"]
    assert cells[14] == "B"
    headers = doc.xpath("//section[@id='children-in-need-of-help-and-protection']//thead/tr/th")
    assert all(h.get("scope") == "col" for h in headers)


def test_html_timeliness_table_and_chart(written):
    doc = lxml_html.fromstring(written["scorecard.html"].read_text(encoding="utf-8"))
    block = doc.get_element_by_id("assessment-timeliness")
    # inside the help and protection section, where the assessment indicators are
    assert block.getparent().get("id") == "children-in-need-of-help-and-protection"
    rows = {r.find("th").text_content(): [c.text_content() for c in r.findall("td")]
            for r in block.xpath(".//table//tr[th[@scope='row']]")}
    assert rows["Same day"] == ["20 (3%)", "30 (5%)"]
    assert rows["61+"] == ["34 (6%)", "20 (3%)"]
    assert rows["Median"] == ["35", "33"]
    assert rows["All"] == ["600", "600"]
    text = block.text_content()
    assert "The median was 33 working days (35 in 2023-24)." in text
    assert "530 of 600 were authorised within 45 working days." in text  # 30+60+80+120+140+100


def test_public_html_suppresses_small_numbers_and_counts(written_public):
    doc = lxml_html.fromstring(written_public["scorecard.html"].read_text(encoding="utf-8"))
    cells = [c.text_content().strip() for c in doc.get_element_by_id("cp-second-plan").findall("td")]
    assert cells[2:7] == ["c", "c", "c", "c", "c"]  # every period's numerator is 1 to 5
    assert "3 of 8" not in written_public["scorecard.html"].read_text(encoding="utf-8")
    assert "c = confidential" in doc.get_element_by_id("sources").text_content()
    block = doc.get_element_by_id("assessment-timeliness")
    rows = {r.find("th").text_content(): [c.text_content() for c in r.findall("td")]
            for r in block.xpath(".//table//tr[th[@scope='row']]")}
    assert rows["Same day"] == ["3%", "5%"]  # shares only: no counts in a public paper
    assert "All" not in rows


# -- json / csv ------------------------------------------------------------------

def test_json_rows_long_format(written):
    data = json.loads(written["scorecard.json"].read_text(encoding="utf-8"))
    assert data["scorecard"]["la"] == "999" and data["scorecard"]["period"] == "2024-25"
    rows = data["rows"]
    assert len(rows) == 9 * 5
    current = [r for r in rows if r["indicator"] == "assessments-45wd" and r["current"]]
    assert len(current) == 1
    r = current[0]
    assert (r["value"], r["numerator"], r["denominator"]) == (88.4, 530, 599.5)
    assert (r["rag"], r["target"], r["direction_vs_previous"], r["compared_with"]) == ("green", 85.0, "better", "2023-24")
    assert (r["neighbours_mean"], r["neighbours_median"], r["neighbours_year"]) == (83.1, 84.0, "2023-24")
    assert (r["england"], r["england_year"], r["quartile_band"], r["low_base"]) == (85.7, "2024-25", "B", False)
    earlier = [r for r in rows if r["indicator"] == "assessments-45wd" and not r["current"]]
    assert [r["period"] for r in earlier] == ["2020-21", "2021-22", "2022-23", "2023-24"]
    assert earlier[0]["status"] == "not available" and earlier[0]["value"] is None
    assert all(r["rag"] is None and r["target"] is None for r in earlier)
    bands = data["assessment_duration_bands"]
    assert len(bands) == 16
    assert bands[0] == {"period": "2023-24", "band": "Same day", "lowest_wd": 0, "highest_wd": 0,
                        "assessments": 20, "share": pytest.approx(100 * 20 / 600), "median_wd": 35.0}


def test_csv_matches_json(written):
    data = json.loads(written["scorecard.json"].read_text(encoding="utf-8"))
    with open(written["scorecard.csv"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == data["columns"]
    assert len(rows) == len(data["rows"])
    for c, j in zip(rows, data["rows"]):
        for k, v in j.items():
            expected = "" if v is None else ("true" if v is True else "false" if v is False else
                                             " | ".join(v) if isinstance(v, list) else str(v))
            assert c[k] == expected, (k, c[k], v)


def test_public_json_withholds(written_public):
    data = json.loads(written_public["scorecard.json"].read_text(encoding="utf-8"))
    r = next(r for r in data["rows"] if r["indicator"] == "cp-second-plan" and r["current"])
    assert (r["value"], r["numerator"], r["denominator"]) == (None, None, None)
    assert r["status"] == "suppressed (c: a small number)"
    assert all(b["assessments"] is None for b in data["assessment_duration_bands"])


# -- charts, bands and wording ---------------------------------------------------

def test_rag_text_in_the_indicator_unit():
    card = sample_scorecard()
    by_ref = {line.ref: line for line in card.lines}
    assert rag_text(by_ref["TS 2"]) == "meets the target of 85.0%"
    assert rag_text(by_ref["TS 10"]) == "3.0 percentage points below the target of 60.0%"  # 57 vs 60
    assert rag_text(by_ref["TS 24"]) == ""  # no target, no rating
    assert rag_text(by_ref["TS 15"]) == "meets the target of 12"

def test_band_series_edges_and_median():
    s = band_series("2024-25", [0, 1, 10, 11, 45, 46, 60, 61, None, -1])
    assert s.counts == (1, 2, 1, 0, 0, 1, 2, 1)
    assert s.median == 28.0  # median of 0, 1, 10, 11, 45, 46, 60, 61
    assert s.total == 8


def test_nice_ticks_cover_the_range():
    assert nice_ticks(16, 31.5, 5) == [15, 20, 25, 30, 35]
    assert nice_ticks(0, 10, 5) == [0, 2.5, 5, 7.5, 10]
    assert nice_ticks(5, 5) == [4.5, 5, 5.5]  # a flat series still gets a range around it


def test_trend_chart_describes_every_value_and_breaks_at_gaps():
    svg = trend_chart(["2022-23", "2023-24", "2024-25"], [None, 80.0, 85.5], unit="percent", title="T",
                      target=85.0)
    assert "2022-23: not available; 2023-24: 80.0%; 2024-25: 85.5%. Target 85.0%" in svg
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 2
    assert "Target 85.0%" in svg
    empty = trend_chart(["2024-25"], [None], unit="count", title="T")
    assert "No figures for these periods" in empty


def test_bands_chart_marks_medians_and_limit():
    bands = DurationBands(current=BandSeries("2024-25", (1, 0, 0, 0, 1, 0, 0, 0), 16.0),
                          previous=BandSeries("2023-24", (0, 0, 0, 0, 0, 0, 1, 1), 60.5))
    svg = duration_bands_chart(bands)
    assert "Median 2024-25: 16 working days" in svg
    assert "Median 2023-24: 60.5 working days" in svg
    assert "45 working days" in svg
    assert svg.count("<rect") == 16 + 2  # bars + legend keys


# -- assembling: periods and comparator years -----------------------------------

def test_trend_periods_step_back_by_kind():
    from csc_scorecard.indicators.period import parse_period
    from csc_scorecard.report.assemble import trend_periods

    assert [p.name for p in trend_periods(parse_period("2024-25"), 4)] == \
        ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert [p.name for p in trend_periods(parse_period("2024-25-Q2"), 4)] == \
        ["2023-24-Q2", "2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2"]
    assert [p.name for p in trend_periods(parse_period("ytd:2024-11-30"), 2)] == \
        ["ytd:2022-11-30", "ytd:2023-11-30", "ytd:2024-11-30"]


def test_comparator_years_and_period_labels():
    from csc_scorecard.report.assemble import short_year
    from csc_scorecard.report.formatting import period_label

    assert short_year("2023-24 published") == "2023-24"
    assert short_year("2024/25 academic year (provisional) published") == "2024/25"
    assert short_year("ytd:2024-12-31 (computed)") == "Apr–Dec 2024"  # not "2024-12"
    assert short_year("computed from 11 LAs in the store") is None
    assert period_label("2024-25-Q3") == "2024-25 Q3"
    assert period_label("12m:2024-11-30") == "12m to Nov 2024"
    assert period_label("ytd:2024-04-30") == "Apr 2024"


def test_bands_chart_with_no_earlier_period():
    bands = DurationBands(current=BandSeries("2024-25", (1, 2, 3, 4, 5, 6, 7, 8), 40.0), previous=None)
    svg = duration_bands_chart(bands)
    assert svg.count("<rect") == 8 + 1
    assert "Assessment duration in working days: 2024-25<" in svg


def test_whole_number_ticks_never_repeat_a_label():
    # 32.5-34.5 days would give ticks 0.5 apart, all shown as whole days (34, 34, 33, ...)
    assert nice_ticks(32.5, 34.5, 5) == [32.5, 33.0, 33.5, 34.0, 34.5]
    assert nice_ticks(32.5, 34.5, 5, whole=True) == [32, 33, 34, 35]


def test_trend_axis_labels_never_overlap_and_always_show_this_period():
    from csc_scorecard.report.history_chart import _labelled

    years = [f"20{y}-{y + 1}" for y in range(18, 24)] + ["2024-25-Q3"]  # six years, then "Q3 24-25"
    # 18 px apart: "22-23" (29 px) and "Q3 24-25" (46 px) need 42 px between their centres
    kept = _labelled(years, 18.0)
    assert kept[-1] == 6 and 5 not in kept
    assert all((b - a) * 18 >= 29 + 4 for a, b in zip(kept, kept[1:-1]))  # the year labels among themselves
    assert _labelled(years, 60.0) == list(range(7))  # room for all


def test_columns_no_row_has_a_figure_for_are_left_out(tmp_path):
    """Region, rank and quartile come only from published or regional figures: with none loaded, every row
    would show an empty column, so the column is left out (the layout's show: still decides otherwise)."""
    card = sample_scorecard()
    assert card.shows("region") and card.shows("rank") and card.shows("quartile")
    for line in card.lines:
        line.region, line.rank, line.quartile = None, None, None
    assert not (card.shows("region") or card.shows("rank") or card.shows("quartile"))
    assert card.shows("england") and card.shows("neighbours")  # these stay, empty or not, as the layout says
    files = write_scorecard(card, tmp_path)
    headers = [c.text_content().strip() for c in lxml_html.fromstring(files["scorecard.html"].read_text(
        encoding="utf-8")).xpath("//section[@id='children-in-need-of-help-and-protection']//thead/tr/th")]
    assert "England" in headers and not {"Region", "Rank", "Quartile"} & set(headers)
    ws = openpyxl.load_workbook(files["scorecard.xlsx"])[HELP]
    row = [c.value for c in next(r for r in ws.iter_rows() if r[0].value == "Ref")]
    assert "England" in row and not {"Region", "Rank", "Quartile"} & set(row)


def test_history_chart_keeps_the_years_with_figures_dots_lone_points_and_dates_stale_labels():
    """The years before any figure (only the target drawn across them) are left out; England given for one
    year only is a dot (a dotted line of one point draws nothing); a series that stops before the last column
    says which year its end label is (the neighbours' 2023-24 figure beside the LA's December one)."""
    from csc_scorecard.assess.history import History
    from csc_scorecard.report.history_chart import history_chart

    years = [f"20{y}-{y + 1}" for y in range(18, 24)]
    none4 = [None] * 4
    h = History(years=years, la=none4 + [12.5, 12.6], la_published=[False] * 6, target=[10.0] * 6,
                england=none4 + [None, 10.0], region=[None] * 6, neighbours=none4 + [9.0, 9.4])
    svg = history_chart(h, unit="percent", title="TS 8", la_name="Haringey", current=("12m:2024-12-31", 11.0))
    labels = re.findall(r">(\d\d-\d\d|Dec 24|18-19|19-20)<", svg)
    assert "18-19" not in labels and "19-20" not in labels and "22-23" in labels and "Dec 24" in labels
    assert ">Neighbours 9.4% (23-24)<" in svg and ">England 10.0% (23-24)<" in svg
    assert re.search(r'<circle [^>]*r="2.6" fill="#4c2c92"', svg)  # England's lone point
    assert "12m to Dec 2024 11.0%" in svg  # the screen reader's text names the period as people do
    width = float(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    assert width == 340  # the labels fit: the plot gave them room rather than the svg growing


def test_the_same_period_last_year_is_its_own_column_only_when_it_is_not_the_previous_period():
    card = sample_scorecard()
    assert card.compare_to == "2023-24" and not card.shows("last_year")  # 2024-25's previous is 2023-24
    card.compare_to = "2022-23"  # --compare-to another year: both columns say something
    assert card.shows("last_year")
    card.period, card.compare_to = "2024-25-Q3", "2024-25-Q2"  # a quarter: Q2 and Q3 of 2023-24 differ
    assert card.shows("last_year")
