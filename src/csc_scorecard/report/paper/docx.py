"""The paper as Word (report.docx), through python-docx, on a template.

The default template (template.docx beside this module, made by
tools/make_paper_template.py) carries the styles: Title, Heading 1-3,
List Number (Word's own numbering, so paragraphs renumber as officers edit),
Table Grid. A council's own template (`--template FILE.docx`) replaces it: its
body is cleared and its styles, headers, footers and logo are kept; a style
it lacks falls back to Normal, so the paper still opens.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ...errors import ScorecardError
from .html import enclosure_tables
from .model import Paper, Table

TEMPLATE = Path(__file__).parent / "template.docx"
RAG_FILL = {"Green": "8FD19E", "Amber": "FFD966", "Red": "F4A6A6"}
_BODY_PT = 11  # the shipped template's Normal (Arial 11); a table too wide at it is set smaller (Writer._widths)


class _Writer:
    def __init__(self, template: Path | None):
        try:
            self.doc = Document(str(template or TEMPLATE))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise ScorecardError(f"{template}: cannot be opened as a Word template ({type(exc).__name__}: "
                                 f"{exc}). Save the council's template as a Word document (.docx).") from None
        body = self.doc.element.body
        for child in list(body):  # keep the final section properties (page size, headers, footers)
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        names = {s.name for s in self.doc.styles}
        self.styles = names

    def _style(self, name: str, fallback: str = "Normal") -> str | None:
        return name if name in self.styles else (fallback if fallback in self.styles else None)

    def heading(self, text: str, level: int) -> None:
        style = self._style("Title" if level == 0 else f"Heading {level}")
        self.doc.add_paragraph(text, style=style)

    def para(self, text: str, style: str = "Normal", bold_lead: str = "") -> None:
        p = self.doc.add_paragraph(style=self._style(style))
        if bold_lead:
            p.add_run(bold_lead).bold = True
        p.add_run(text)

    def numbered(self, texts: list[str]) -> None:
        for t in texts:
            self.para(t, "List Number")

    def table(self, t: Table, rag: bool = False, font: float | None = None) -> None:
        if t.caption:
            self.para(t.caption, bold_lead="")
            self.doc.paragraphs[-1].runs[0].bold = True
        has_header = any(t.header)
        table = self.doc.add_table(rows=1 if has_header else 0, cols=len(t.header))
        if "Table Grid" in self.styles:
            table.style = "Table Grid"
        if has_header:
            for cell, text in zip(table.rows[0].cells, t.header):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            _repeat_header(table.rows[0])
        for row in t.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = str(text)
                if rag and text in RAG_FILL:
                    cell.text = text[0]
                    _shade(cell, RAG_FILL[text])
        font = self._widths(table, t, font)
        if font:
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(font)
        if t.note:
            self.para(t.note)

    def _widths(self, table, t: Table, font: float | None = None) -> float | None:
        """Columns as wide as their longest text needs (capped), across the page: Word's equal columns
        squeeze an indicator's title into a sliver. No column is narrower than its longest word, nor than a
        short cell whole (a date, "100%"), since Word and LibreOffice break a word that does not fit ("Du e",
        "10 0 %"); a table too wide for that at the body size is set smaller, down to 8 pt. Returns the font
        size to set (None: the body's)."""
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        texts = [[str(h) for h in t.header[i:i + 1]] + [str(r[i]) for r in t.rows if i < len(r)]
                 for i in range(len(t.header))]
        need = [max([len(x) for x in col] + [3]) for col in texts]
        least = [max([len(x) if len(x) <= 12 else max(map(len, x.split()), default=0) for x in col] + [3]) + 2
                 for col in texts]  # + the cell's margins
        wants = [max(min(n, 45), m) for n, m in zip(need, least)]

        def room(size: float) -> float:  # characters across the page (12,700 EMU a point), ~0.6 em each
            return usable / 12700 / (size * 0.6)

        if font is None:
            font = next((size for size in (None, 10, 9, 8) if sum(least) <= room(size or _BODY_PT)), 8)
        spare = room(font or _BODY_PT) - sum(least)
        if spare <= 0 or sum(wants) <= room(font or _BODY_PT):
            weights = least if spare <= 0 else wants
        else:  # every column its least, the rest shared as each wants more
            more = sum(w - m for w, m in zip(wants, least))
            weights = [m + spare * (w - m) / more for w, m in zip(wants, least)]
        total = sum(weights)
        table.autofit = False
        for i, col in enumerate(table.columns):
            width = int(usable * weights[i] / total)
            col.width = width  # the table grid (LibreOffice reads this) ...
            for cell in col.cells:  # ... and each cell (Word reads this)
                cell.width = width
        return font

    def landscape(self) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        if section.page_width < section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def write_docx(paper: Paper, path: str | Path, template: str | Path | None = None) -> Path:
    w = _Writer(Path(template) if template else None)
    w.para(f"{paper.la_name} Council", bold_lead="")
    w.table(Table("", ["", ""], [[a, b] for a, b in paper.header]))
    w.heading(paper.title, 0)
    w.heading("1. Summary and recommendations", 1)
    w.numbered(paper.summary)
    w.heading("Recommendations", 2)
    w.numbered(paper.recommendations)
    w.heading("2. Introduction", 1)
    w.numbered(paper.introduction)
    w.heading("3. The inspection framework and its judgements", 1)
    w.numbered(paper.framework_text)
    w.heading("4. The council's latest Ofsted judgements", 1)
    w.numbered(paper.ofsted)
    if paper.ofsted_table:
        w.table(paper.ofsted_table)
    w.heading("5. Self-assessment: strengths and areas for improvement", 1)
    if paper.recheck:
        w.para("For re-check before publication (figures changed since these points were edited): "
               + "; ".join(paper.recheck) + ".")
    for n, s in enumerate(paper.judgements, 1):
        w.heading(f"5.{n} {s.title}", 2)
        if s.grade:
            w.para(s.grade, bold_lead="Latest Ofsted grade: ")
        for label, points in (("Strengths", s.strengths), ("Areas for improvement", s.weaknesses)):
            w.heading(label, 3)
            if not points:
                w.para(f"No {'strength' if label == 'Strengths' else 'area for improvement'} is drawn from the "
                       "figures for this judgement.")
            w.numbered([p.text + (f" [Re-check: {p.note}]" if p.recheck else "") for p in points])
        if s.commentary:
            w.heading("What is behind the figures, and the action being taken", 3)
            for c in s.commentary:
                w.para(f"{c['behind']}" + (f" Action: {c['action']}" if c["action"] else "")
                       + f" ({c['author']})", "List Number", bold_lead=f"{c['ref']} {c['title']}. ")
        if s.not_available:
            w.para(f"Not available for {paper.period_label}: " + "; ".join(s.not_available) + ".")
    if paper.evidence:
        w.table(paper.evidence)
    w.heading("6. Assessment and conference timeliness", 1)
    for n, t in enumerate(paper.timeliness, 1):
        w.heading(f"6.{n} {t.title}", 2)
        w.numbered(t.paragraphs)
        for tab in t.tables:
            w.table(tab)
    w.heading("7. Improvement priorities and progress", 1)
    w.numbered(paper.priorities)
    if paper.priorities_table:
        w.table(paper.priorities_table, rag=True)
    w.heading("8. Implications", 1)
    for n, (heading, paras) in enumerate(paper.implications, 1):
        w.heading(f"8.{n} {heading}", 2)
        w.numbered(paras)
        if heading == "Equalities implications":
            for tab in paper.equalities:
                w.table(tab, font=8)
    w.heading("9. Statutory officer clearance", 1)
    w.table(paper.clearance)
    w.heading("10. Contacts", 1)
    w.table(paper.contacts)
    w.heading("11. Background papers", 1)
    w.numbered(paper.background)
    w.landscape()
    w.heading(f"Enclosure 1: Performance scorecard, {paper.period_label}", 1)
    w.para("G Green: meets the target. A Amber: misses it by no more than the tolerance. R Red: misses it by more. "
           f"– not rated. Direction: better or worse than {paper.compare_to}."
           + (" Quartile: A best, D worst among LAs." if paper.scorecard.shows("quartile") else "")
           + (" c: suppressed (a count from one to five children)." if paper.public else ""))
    for tab in enclosure_tables(paper):
        w.table(tab, rag=True, font=8)
    path = Path(path)
    w.doc.save(str(path))
    return path
