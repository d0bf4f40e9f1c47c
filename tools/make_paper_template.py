"""Make the committee paper's default Word template (src/csc_scorecard/report/paper/template.docx).

Run once when the house style changes: .venv/bin/python tools/make_paper_template.py
A council replaces it with its own (`scorecard paper --template FILE.docx`).
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "src/csc_scorecard/report/paper/template.docx"

doc = Document()
section = doc.sections[0]
section.page_width, section.page_height = Mm(210), Mm(297)  # A4
for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
    setattr(section, side, Mm(20))
normal = doc.styles["Normal"]
normal.font.name = "Arial"
normal.font.size = Pt(11)
normal.paragraph_format.space_after = Pt(6)
for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
    st = doc.styles[name]
    st.font.name = "Arial"
    st.font.size = Pt(size)
    st.font.bold = True
    st.font.color.rgb = RGBColor(0, 0, 0)
doc.styles["List Number"].font.name = "Arial"
footer = section.footer.paragraphs[0]
footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
run = footer.add_run("Page ")
fld = OxmlElement("w:fldSimple")
fld.set(qn("w:instr"), "PAGE")
footer._p.append(fld)
section.header.paragraphs[0].text = "Children's social care self-assessment"
body = doc.element.body
for child in list(body):
    if child.tag != qn("w:sectPr"):
        body.remove(child)
doc.save(str(OUT))
print(OUT)
