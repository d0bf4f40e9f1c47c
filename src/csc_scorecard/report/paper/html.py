"""The paper as HTML (report.html) and, from the same HTML, PDF (report.pdf, WeasyPrint).

The page is self-contained (inline CSS, no script, no network) and prints on
A4 portrait, with the scorecard enclosure on landscape pages. Fonts come from
the system (Debian's fonts-liberation / fonts-dejavu); WeasyPrint fetches
nothing.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ...errors import ScorecardError
from ...assess.wording import SUPPRESSED, disclosive, format_value
from ..formatting import direction_text, period_label
from ..model import RAG_WORD
from ..templating import environment
from .model import Paper, Table

_env = environment("csc_scorecard.report.paper")


class _Shown:
    """A scorecard Figure seen through disclosure control (wording.disclosive reads these names)."""

    def __init__(self, unit, figure):
        self.unit, self.value = unit, figure.value
        self.numerator, self.denominator = figure.numerator, figure.denominator


def enclosure_tables(paper: Paper) -> list[Table]:
    """The scorecard as tables, one per section, with figures suppressed in a public paper."""
    card = paper.scorecard
    quartile = card.shows("quartile")  # only where published figures give one
    out = []
    for section in card.sections:
        header = ["Ref", "Indicator"] + [period_label(p) for p in card.periods[-3:]] + \
                 ["Target", "RAG", "Direction", "Neighbours", "England"] + (["Quartile"] if quartile else [])
        rows = []
        for line in section.lines:
            def shown(fig):
                if not fig.available:
                    return "n/a"
                if paper.public and disclosive(_Shown(line.unit, fig)):
                    return SUPPRESSED
                return format_value(fig.value, line.unit)
            figs = [shown(f) for f in line.figures[-3:]]
            rows.append([line.ref, line.title, *figs, format_value(line.target, line.unit, missing=""),
                         RAG_WORD.get(line.rag or "", "–"), direction_text(line),
                         format_value(line.neighbours.value if line.neighbours else None, line.unit, missing=""),
                         format_value(line.england.value if line.england else None, line.unit, missing=""),
                         *([line.quartile or ""] if quartile else [])])
        out.append(Table(section.title, header, rows))
    return out


def render_html(paper: Paper) -> str:
    css = (Path(__file__).parent / "templates" / "paper.css").read_text(encoding="utf-8")
    generated = paper.scorecard.generated_at
    return _env.get_template("paper.html.j2").render(
        p=paper, css=Markup(css), enclosure=enclosure_tables(paper),
        generated=f"{generated:%d %B %Y %H:%M}" if generated else "")


def write_html(paper: Paper, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_html(paper), encoding="utf-8")
    return path


def write_pdf(paper: Paper, path: str | Path, html: str | None = None) -> Path:
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads the system's pango when imported
        raise ScorecardError(f"report.pdf needs the pango library ({exc}). On Debian or Ubuntu: "
                             "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation.") from None

    path = Path(path)
    HTML(string=html or render_html(paper), base_url=str(path.parent)).write_pdf(str(path))
    return path
