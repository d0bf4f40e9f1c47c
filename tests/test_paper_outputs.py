"""`scorecard paper` end to end on a small synthetic region: Word, PDF, HTML; public scan; commentary kept."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from csc_scorecard.assess.narrative import Point
from csc_scorecard.cli import main
from csc_scorecard.project import Project
from csc_scorecard.report.paper.edits import apply_edits
from csc_scorecard.synth.generate import generate

LA = "309"
WHEN = datetime(2025, 6, 2, 10, 0)
MEETING = date(2025, 7, 10)  # ILACS 2023: overall effectiveness still a judgement


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("paper")
    made = generate(root / "data", size="small", years=2, las=2, annex_a="first")
    settings = yaml.safe_load(made.settings.read_text())
    settings["paper"] = {
        "committee": "Children and Young People Scrutiny Panel",
        "evidence": [{"ref": "EV 1", "title": "Case-file audits graded good or better", "value": 48, "target": 70,
                      "unit": "percent", "judgement": "impact-of-leaders", "source": "Quality assurance audit, Q4"},
                     {"ref": "EV 2", "title": "Complaints", "judgement": "impact-of-leaders", "side": "weakness",
                      "text": "Only half of stage 1 complaints were answered within 10 working days"}]}
    made.settings.write_text(yaml.safe_dump(settings))
    project = Project(root / "store.duckdb", settings=made.settings)
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    return project, root


@pytest.fixture(scope="module")
def written(region):
    project, root = region
    private = project.paper("2024-25", out=root / "private", paper_date=MEETING, generated_at=WHEN)
    public = project.paper("2024-25", out=root / "public", public=True, paper_date=MEETING, generated_at=WHEN)
    return private, public


def docx_text(path) -> tuple[list[tuple[str, str]], str, list]:
    doc = Document(str(path))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    return paras, "\n".join(t for _, t in paras) + "\n" + cells, doc.tables


def test_docx_has_the_sections_judgements_refs_and_tables(written):
    paper, files = written[0]
    paras, text, tables = docx_text(files["report.docx"])
    headings = [t for s, t in paras if s.startswith("Heading")]
    for wanted in ("1. Summary and recommendations", "2. Introduction", "3. The inspection framework and its judgements",
                   "4. The council's latest Ofsted judgements", "6. Assessment and conference timeliness",
                   "7. Improvement priorities and progress", "8. Implications", "9. Statutory officer clearance",
                   "10. Contacts", "11. Background papers"):
        assert wanted in headings
    for title in ("The impact of leaders on social work practice with children and families",
                  "The experiences and progress of children who need help and protection",
                  "The experiences and progress of children in care",
                  "The experiences and progress of care leavers"):
        assert any(h.endswith(title) for h in headings), title
    assert paper.framework.id == "ilacs-2023"
    assert [s for s, t in paras if s == "Title"], "the paper title is a Word Title"
    points = [t for s, t in paras if s == "List Number" and re.search(r"\((TS|EV) \d+(, (TS|EV) \d+)*\)\.", t)]
    assert len(points) >= 4
    # every drafted point quotes a real figure of the scorecard it cites
    values = {line.ref: line.current.value for line in paper.scorecard.lines}
    for s in paper.judgements:
        for p in s.strengths + s.weaknesses:
            for fig in p.figures:
                if fig["ref"].startswith("TS"):
                    assert f"{values[fig['ref']]:.1f}%" in p.text or f"{values[fig['ref']]:,.0f}" in p.text
    assert "EV 1" in text and "48.0%" in text and "(EV 2)" in text
    assert "Assessments: working days, 2024-25 against 2023-24" in text
    assert len(tables) >= 8
    assert any(t.rows[0].cells[0].text == "Ref" for t in tables), "the scorecard enclosure"


def test_paper_text_in_html_and_pdf(written):
    paper, files = written[0]
    html = files["report.html"].read_text()
    assert "Enclosure 1: Performance scorecard" in html and 'class="rag red"' in html
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = subprocess.run(["pdftotext", "-layout", str(files["report.pdf"]), "-"], capture_output=True, text=True).stdout
    assert "Assessment and conference timeliness" in pdf and "TS 2" in pdf


def test_pdf_renders_to_png_pages(written, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    _, files = written[0]
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(files["report.pdf"]), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 4 and all(p.stat().st_size > 1000 for p in pages)


def _all_text(files) -> str:
    _, text, _ = docx_text(files["report.docx"])
    out = [text, re.sub(r"<[^>]+>", " ", files["report.html"].read_text())]
    if shutil.which("pdftotext"):
        out.append(subprocess.run(["pdftotext", str(files["report.pdf"]), "-"], capture_output=True, text=True).stdout)
    return "\n".join(out)


# a count of 1 to 5 in a counting context: "3 of 40", "of 4", "(2", "5 children" (a page footer "Page 2 of 9" is not one)
SMALL_COUNT = re.compile(r"(?<![\w.,])(?<!Page )([1-5]) (of|children|child|assessments|conferences|initial|plans|young)\b"
                         r"|\bof ([1-5])(?![\w.,%])|\(([1-5])(?![\w.,%])")


def test_public_paper_has_no_child_ids_and_no_counts_of_1_to_5(region, written):
    project, _ = region
    _, files = written[1]
    text = _all_text(files)
    con = project.connect(read_only=True)
    ids = {r[0] for r in con.execute("SELECT DISTINCT child_id FROM child").fetchall()}
    con.close()
    words = set(re.findall(r"[A-Za-z0-9_-]+", text))
    assert not ids & words
    hits = [m.group(0) for m in SMALL_COUNT.finditer(text)]
    assert not hits, hits[:10]
    assert "c: suppressed" in text
    assert SMALL_COUNT.search("well within (3 of 40)") and not SMALL_COUNT.search("Page 2 of 9, TS 3, 2024-25")


def test_scan_catches_a_small_count_in_the_private_paper(written):
    # the private paper shows small bases as they are: the scan above is not vacuous when any exist
    paper, files = written[0]
    small = [line for line in paper.scorecard.lines if line.current.numerator is not None
             and 0 < line.current.numerator <= 5 and line.unit == "percent"]
    if not small:
        pytest.skip("no figure rests on 1 to 5 children in this region")
    assert SMALL_COUNT.search(_all_text(files))


def test_commentary_edits_survive_a_rerun(region, tmp_path):
    project, root = region
    runner = CliRunner()
    db, settings = str(project.db_path), str(project.settings_path)
    r = runner.invoke(main, ["commentary", "export", "--db", db, "--settings", settings, "--period", "2024-25",
                             "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    data = yaml.safe_load((tmp_path / "commentary.yaml").read_text())
    edit, drop = data["points"][0], data["points"][1]
    edit.update({"do": "edit", "your text": "Our own words on this point (TS 1)."})
    drop["do"] = "drop"
    data["points"].append({"do": "add", "judgement": "impact-of-leaders", "side": "strength", "refs": "EV 9",
                           "your text": "Managers meet weekly to review every late assessment (EV 9)."})
    data["commentary"][0].update({"behind the figure": "A new front door team started in January.",
                                  "action being taken": "Daily triage huddles.", "author": "A. Analyst"})
    (tmp_path / "filled.yaml").write_text(yaml.safe_dump(data))
    r = runner.invoke(main, ["commentary", "import", "--db", db, str(tmp_path / "filled.yaml"), "--author", "Tester"])
    assert r.exit_code == 0, r.output
    assert "Stored 4 changed entries" in r.output
    paper, _ = project.paper("2024-25", paper_date=MEETING)
    texts = [p.text for s in paper.judgements for p in s.strengths + s.weaknesses]
    assert "Our own words on this point (TS 1)." in texts
    assert drop["drafted"] not in texts
    assert any("Managers meet weekly" in t for t in texts)
    comments = [c for s in paper.judgements for c in s.commentary]
    assert comments and comments[0]["author"] == "A. Analyst" and "front door" in comments[0]["behind"]
    assert not paper.recheck
    # importing the same file again changes nothing; history keeps one version each
    r = runner.invoke(main, ["commentary", "import", "--db", db, str(tmp_path / "filled.yaml")])
    assert "Stored 0 changed entries" in r.output
    assert len(project.commentary("2024-25", la=LA)) == 4


def test_a_store_with_supplied_values_still_makes_a_paper(region, tmp_path):
    """Supplied values are stored as a load with no collection year (each row names its period): the paper's
    background list says so instead of failing (the web download answered 500 on such a store)."""
    project, _ = region
    db = tmp_path / "store.duckdb"
    shutil.copy(project.db_path, db)
    copy = Project(db, settings=project.settings_path)
    (tmp_path / "supplied.csv").write_text(f"indicator,la,period,value\nsw-caseload,{LA},2024-25,17.5\n")
    assert copy.supply(tmp_path / "supplied.csv").ok
    paper, _ = copy.paper("2024-25", paper_date=MEETING)
    assert "Supplied figures: from 1 file loaded." in paper.background
    assert any(b.startswith("Children in need census: collection years 2023-24 to 2024-25") for b in paper.background)


def test_an_edited_point_whose_figures_changed_is_flagged_for_recheck():
    def point(fp):
        return Point(id="help-and-protection/weakness/timeliness", judgement="help-and-protection", side="weakness",
                     theme="timeliness", text="Drafted text (TS 2).", refs=["TS 2"], rules={"TS 2": ["W-RED"]},
                     fingerprint=fp)
    entries = [{"kind": "point", "key": "help-and-protection/weakness/timeliness", "status": "edited",
                "text": "Edited (TS 2).", "fingerprint": "aaaa"}]
    same = apply_edits({"help-and-protection": [point("aaaa")]}, entries)["help-and-protection"][0]
    assert same.text == "Edited (TS 2)." and not same.recheck
    moved = apply_edits({"help-and-protection": [point("bbbb")]}, entries)["help-and-protection"][0]
    assert moved.text == "Edited (TS 2)." and moved.recheck and "Drafted text (TS 2)." in moved.note
    dropped = [dict(entries[0], status="dropped")]
    assert apply_edits({"help-and-protection": [point("aaaa")]}, dropped)["help-and-protection"] == []
    assert apply_edits({"help-and-protection": [point("bbbb")]}, dropped)["help-and-protection"][0].recheck


def test_import_reports_every_bad_row_and_stores_nothing(region, tmp_path):
    project, _ = region
    bad = {"la": LA, "period": "2024-25", "points": [{"id": "x", "do": "rewrite"}, {"do": "edit", "id": "y"}],
           "commentary": []}
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(bad))
    before = project.commentary("2024-25", la=LA)
    r = CliRunner().invoke(main, ["commentary", "import", "--db", str(project.db_path), str(tmp_path / "bad.yaml")])
    assert r.exit_code == 1
    assert "'rewrite' is not one of keep, edit, drop, add" in r.output and "points item 2" in r.output
    assert project.commentary("2024-25", la=LA) == before
    con = project.connect(read_only=True)
    child = con.execute("SELECT child_id FROM child WHERE la = ? LIMIT 1", [LA]).fetchone()[0]
    con.close()
    named = {"la": LA, "period": "2024-25", "points": [],
             "commentary": [{"indicator": "icpc-15wd", "behind the figure": f"Late for child {child} only."}]}
    (tmp_path / "named.yaml").write_text(yaml.safe_dump(named))
    r = CliRunner().invoke(main, ["commentary", "import", "--db", str(project.db_path), str(tmp_path / "named.yaml")])
    assert r.exit_code == 1 and "contains a child's ID" in r.output and child not in r.output
    assert project.commentary("2024-25", la=LA) == before


def test_cli_paper_with_a_council_template(region, tmp_path, written):
    project, _ = region
    template = tmp_path / "council.docx"
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Borough of Testing - Committee Report"
    doc.add_paragraph("placeholder body to be cleared")
    doc.save(str(template))
    r = CliRunner().invoke(main, ["paper", "--db", str(project.db_path), "--settings", str(project.settings_path),
                                  "--period", "2024-25", "--template", str(template), "--out", str(tmp_path / "out"),
                                  "--date", "2025-07-10"])
    assert r.exit_code == 0, r.output
    doc = Document(str(tmp_path / "out" / "report.docx"))
    assert doc.sections[0].header.paragraphs[0].text == "Borough of Testing - Committee Report"
    assert "placeholder body to be cleared" not in [p.text for p in doc.paragraphs]
    assert (tmp_path / "out" / "report.pdf").read_bytes()[:4] == b"%PDF"
    (tmp_path / "not.docx").write_text("not a Word file")
    r = CliRunner().invoke(main, ["paper", "--db", str(project.db_path), "--settings", str(project.settings_path),
                                  "--period", "2024-25", "--template", str(tmp_path / "not.docx"), "--out",
                                  str(tmp_path / "out2")])
    assert r.exit_code == 1 and "cannot be opened as a Word template" in r.output


def test_latest_ofsted_judgements_from_the_loaded_outcomes_file(region, tmp_path, shared_data):
    from csc_scorecard.benchmarks.load import load_benchmarks

    ods = shared_data / "benchmarks" / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    if not ods.exists():
        pytest.skip(f"{ods} is not in this checkout")
    project, _ = region
    store = tmp_path / "store.duckdb"
    shutil.copy(project.db_path, store)
    copy = Project(store, settings=project.settings_path)
    con = copy.connect()
    try:
        load_benchmarks(con, [ods])
        expected = con.execute("SELECT leaders, care_leavers FROM bench_ofsted WHERE ons_code = 'E09000014' "
                               "ORDER BY inspection_date DESC LIMIT 1").fetchone()
    finally:
        con.close()
    paper, _ = copy.paper("2024-25", paper_date=MEETING)
    rows = {r[0]: r[1] for r in paper.ofsted_table.rows}
    assert rows["The impact of leaders on social work practice with children and families"] == expected[0]
    leaders = next(s for s in paper.judgements if s.id == "impact-of-leaders")
    assert leaders.grade == expected[0]
    assert "Ofsted last inspected the council's children's services on" in paper.ofsted[0]


def test_commentary_round_trip_through_the_workbook(region, tmp_path):
    import openpyxl

    project, _ = region
    runner = CliRunner()
    db = str(project.db_path)
    r = runner.invoke(main, ["commentary", "export", "--db", db, "--settings", str(project.settings_path),
                             "--period", "2024-25", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(tmp_path / "commentary.xlsx")
    ws = wb["Commentary"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("ref")].value == "TS 3")
    row[header.index("behind the figure")].value = "Two conference chairs were on long-term leave."
    row[header.index("action being taken")].value = "Cover from the neighbouring service until September."
    wb.save(tmp_path / "filled.xlsx")
    r = runner.invoke(main, ["commentary", "import", "--db", db, str(tmp_path / "filled.xlsx"), "--author", "QA"])
    assert r.exit_code == 0, r.output
    stored = {e["key"]: e for e in project.commentary("2024-25", la=LA)}
    assert stored["icpc-15wd"]["behind"] == "Two conference chairs were on long-term leave."
    assert stored["icpc-15wd"]["author"] == "QA" and stored["icpc-15wd"]["saved_at"] is not None
    paper, _ = project.paper("2024-25", paper_date=MEETING)
    hp = next(s for s in paper.judgements if s.id == "help-and-protection")
    assert any(c["ref"] == "TS 3" and "long-term leave" in c["behind"] for c in hp.commentary)


def test_framework_by_meeting_date_and_sif_as_a_setting(region, tmp_path):
    project, _ = region
    paper, _ = project.paper("2024-25", paper_date=date(2026, 5, 1))
    assert paper.framework.id == "ilacs-2026"
    assert "Overall effectiveness" not in " ".join(paper.framework_text)
    settings = yaml.safe_load(project.settings_path.read_text())
    settings["paper"]["framework"] = "sif-2013"
    sif_settings = project.settings_path.with_name("sif.yaml")
    sif_settings.write_text(yaml.safe_dump(settings))
    paper, _ = Project(project.db_path, settings=sif_settings).paper("2024-25", paper_date=MEETING)
    titles = [s.title for s in paper.judgements]
    assert titles[0] == "Children who need help and protection"
    assert "Leadership, management and governance" in titles and "Adoption performance" in titles
    hp = paper.judgements[0]
    assert all(r.startswith("TS") for p in hp.strengths + hp.weaknesses for r in p.refs)
