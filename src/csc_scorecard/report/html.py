"""scorecard.html: one self-contained page (inline CSS and SVG, no script, no network).

The page holds the same table per section as the workbook, a small trend
chart per indicator and the assessment-timeliness picture; it prints on A4
landscape with each section on a new page.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import charts
from .formatting import direction_text, format_count, format_value, period_label, rag_text
from .model import LOW_BASE_TEXT, POLARITY_LABEL, RAG_LETTER, RAG_WORD, RAGS, Line, Scorecard, Section

# The indicators whose section the assessment-timeliness chart belongs to.
TIMELINESS_HOME = ("assessment-duration-wd", "assessments-45wd")

_env = Environment(loader=PackageLoader("csc_scorecard.report", "templates"),
                   autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def render_html(card: Scorecard) -> str:
    return _env.get_template("scorecard.html.j2").render(**_context(card))


def write_html(card: Scorecard, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_html(card), encoding="utf-8")
    return path


def _context(card: Scorecard) -> dict:
    home = _timeliness_home(card)
    sections = []
    for section in card.sections:
        sections.append({
            "title": section.title,
            "slug": section.slug,
            "counts": card.rag_counts(section),
            "rows": [_row(card, line) for line in section.lines],
            "timeliness": card.timeliness is not None and section is home,
        })
    totals = card.rag_counts()
    red = [(line, rag_text(line)) for line in card.lines if line.rag == "red"]
    return {
        "card": card,
        "sections": sections,
        "totals": totals,
        "red": red,
        "history": [period_label(p) for p in card.periods[:-1]],
        "period_label": period_label,
        "timeliness": _timeliness(card) if card.timeliness else None,
        "timeliness_alone": card.timeliness is not None and home is None,
        "rag_word": RAG_WORD,
        "rag_letter": RAG_LETTER,
        "polarity_label": POLARITY_LABEL,
        "css": Markup(_env.loader.get_source(_env, "style.css.j2")[0]
                      + _env.loader.get_source(_env, "breakdowns.css.j2")[0]),
        "breakdowns": card.breakdowns,
        "equalities": card.equalities,
    }


def _timeliness_home(card: Scorecard) -> Section | None:
    for section in card.sections:
        if any(line.indicator in TIMELINESS_HOME for line in section.lines):
            return section
    return None


def _shown(card: Scorecard, line: Line, fig) -> str:
    if card.withheld(line, fig):
        return LOW_BASE_TEXT
    if not fig.available:
        return "n/a"
    return format_value(fig.value, line.unit)


def _row(card: Scorecard, line: Line) -> dict:
    current = line.current
    withheld = card.withheld(line, current)
    comparators = [(f.period, f.value if f.available and not card.withheld(line, f) else None)
                   for f in line.figures]
    chart = charts.trend_chart([p for p, _ in comparators], [v for _, v in comparators], unit=line.unit,
                               title=f"{line.ref} {line.title}: trend", target=line.target,
                               england=line.england.value if line.england else None)
    base = ""
    if not withheld and current.denominator is not None and current.numerator is not None and line.unit == "percent":
        base = f"{format_count(current.numerator)} of {format_count(current.denominator)}"
    return {
        "line": line,
        "history": [_shown(card, line, f) for f in line.history],
        "current": _shown(card, line, current),
        "current_missing": withheld or not current.available,
        "base": base,
        "target": format_value(line.target, line.unit, missing=""),
        "neighbours": format_value(line.neighbours.value if line.neighbours else None, line.unit, missing=""),
        "neighbours_year": line.neighbours.year if line.neighbours and line.neighbours.value is not None else "",
        "neighbours_basis": line.neighbours.source if line.neighbours else "",
        "england": format_value(line.england.value if line.england else None, line.unit, missing=""),
        "england_year": line.england.year if line.england and line.england.value is not None else "",
        "england_basis": line.england.source if line.england else "",
        "why": rag_text(line),
        "direction": direction_text(line),
        "direction_class": line.direction if line.polarity != "context" and line.direction in ("better", "worse")
        else "",
        "rag": line.rag if line.rag in RAGS else None,
        "notes": _notes(line),
        "chart": Markup(chart),
    }


def _notes(line: Line) -> str:
    bits = []
    if not line.current.available and line.current.reason:
        bits.append(f"Not available: {line.current.reason}")
    if line.note and line.note != line.current.reason:
        bits.append(line.note)
    return ". ".join(b.rstrip(".") for b in bits)


def _timeliness(card: Scorecard) -> dict:
    t = card.timeliness
    public = card.public
    too_few = public and t.current.total < 10
    rows = []
    for b, label in enumerate(t.labels):
        rows.append({"label": label, "cells": [
            (None if public else s.counts[b], s.shares()[b]) for s in t.series]})
    return {
        "bands": t,
        "chart": None if too_few else Markup(charts.duration_bands_chart(t, percentages_only=public)),
        "rows": rows,
        "too_few": too_few,
        "public": public,
        "within_limit": [sum(s.counts[i] for i, (_, _, high) in enumerate(t.bands)
                             if high is not None and high <= t.limit_wd) for s in t.series],
    }


def page_parts(card: Scorecard) -> dict:
    """The scorecard page's parts (sections with rows and charts, totals, the red list, timeliness), for
    other pages that show the scorecard in their own frame, such as the web dashboard."""
    return _context(card)
