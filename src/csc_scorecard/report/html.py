"""scorecard.html: one self-contained page (inline CSS and SVG, no script, no network).

The page holds the same table per section as the workbook, a small trend
chart per indicator and the assessment-timeliness picture; it prints on A4
landscape with each section on a new page.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from . import charts
from .formatting import (action_aim, direction_text, format_count, format_value, ordinal, period_label, rag_text,
                         reading_notes)
from .history_chart import history_chart
from .model import FORECAST_RAG, POLARITY_LABEL, RAG_LETTER, RAG_WORD, RAGS, Line, Scorecard, Section
from .templating import environment

# The indicators whose section the assessment-timeliness chart belongs to.
TIMELINESS_HOME = ("assessment-duration-wd", "assessments-45wd")

_env = environment("csc_scorecard.report")


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
        "reading_notes": reading_notes(card),
        "rag_letter": RAG_LETTER,
        "polarity_label": POLARITY_LABEL,
        "show": {what: card.shows(what) for what in ("target", "previous", "last_year", "neighbours", "region",
                                                     "england", "rank", "quartile")},
        "region_name": next((line.region_name for line in card.lines if line.region_name), None),
        "css": Markup(_env.loader.get_source(_env, "style.css.j2")[0]
                      + _env.loader.get_source(_env, "breakdowns.css.j2")[0]),
        "breakdowns": card.breakdowns,
        "equalities": card.equalities,
        "forecast_to": f"{card.forecast_to:%-d %b %Y}" if card.forecast_to else None,
        "plan_actions": _plan_actions(card),
    }


def _timeliness_home(card: Scorecard) -> Section | None:
    for section in card.sections:
        if any(line.indicator in TIMELINESS_HOME for line in section.lines):
            return section
    return None


def _shown(card: Scorecard, line: Line, fig) -> str:
    if fig.symbol:
        return fig.symbol
    if not fig.available:
        return "n/a"
    return format_value(fig.value, line.unit)


def _base(line: Line, fig) -> str:
    if fig.symbol or fig.denominator is None or fig.numerator is None or line.unit != "percent":
        return ""
    return f"{format_count(fig.numerator)} of {format_count(fig.denominator)}"


def _comparator(c, unit: str) -> dict:
    """A comparator cell: its value, the year under it and its numbered source marker."""
    if c is None or c.value is None:
        return {"value": "", "year": "", "basis": "", "marker": None}
    return {"value": format_value(c.value, unit), "year": c.year or "", "basis": c.source or "",
            "marker": c.marker}


def _row(card: Scorecard, line: Line) -> dict:
    judged = line.shown
    current = line.current
    chart = _chart(card, line)
    interval = ""
    if line.ci_low is not None and line.ci_high is not None:
        interval = (f"95% interval {format_value(line.ci_low, line.unit)} to "
                    f"{format_value(line.ci_high, line.unit)}")
    in_period = None
    if line.judged is not None:  # a cumulative row judged on the rolling 12 months: the period's own beside it
        in_period = {"label": period_label(current.period), "value": _shown(card, line, current),
                     "base": _base(line, current)}
    rank = ""
    if line.rank is not None and line.rank_of:
        rank = f"{ordinal(line.rank)} of {line.rank_of}"
    ranked_published = bool(line.ranked_basis) and not line.ranked_basis.startswith("this figure")
    return {
        "line": line,
        "history": [_shown(card, line, f) for f in line.history],
        "current": _shown(card, line, judged),
        "current_missing": not judged.available,
        "base": _base(line, judged),
        "basis_label": line.basis_label,
        "in_period": in_period,
        "interval": interval,
        "target": format_value(line.target, line.unit, missing=""),
        "target_basis": line.target_basis if line.target is not None and line.target_basis != "annual target"
        else "",
        "neighbours": _comparator(line.neighbours, line.unit),
        "region": _comparator(line.region, line.unit),
        "england": _comparator(line.england, line.unit),
        # the old names, kept for templates that use them
        "neighbours_year": line.neighbours.year if line.neighbours and line.neighbours.value is not None else "",
        "england_year": line.england.year if line.england and line.england.value is not None else "",
        "why": rag_text(line),
        "direction": direction_text(line),
        "direction_class": line.direction if line.polarity != "context" and line.direction in ("better", "worse")
        else "",
        "direction_last_year": direction_text(line, last_year=True),
        "direction_last_year_class": line.direction_last_year if line.polarity != "context"
        and line.direction_last_year in ("better", "worse") else "",
        "rank": rank,
        "quartile": line.quartile or "",
        "ranked_value": format_value(line.ranked_value, line.unit) if ranked_published and line.quartile else "",
        "ranked_basis": line.ranked_basis,
        "ranked_marker": line.ranked_marker,
        "rag": line.rag if line.rag in RAGS else None,
        "notes": _notes(line),
        "chart": Markup(chart),
        "forecast": _forecast(line),
        "actions": [{"id": a.id, "title": a.title, "anchor": action_anchor(a.id)} for a in line.actions],
    }


def _forecast(line: Line) -> dict | None:
    """The forecast cell: the projected year-end figure, its 80% interval and the verdict on the target."""
    f = line.forecast
    if f is None:
        return None
    if f.point is None:
        return {"value": "", "interval": "", "status": "", "class": "", "note": f.note or "not forecast"}
    interval = (f"80%: {format_value(f.low, line.unit)} to {format_value(f.high, line.unit)}"
                if f.low is not None and f.high is not None and f.method != "year complete" else "")
    return {"value": format_value(f.point, line.unit), "interval": interval, "status": f.status or "",
            "class": FORECAST_RAG.get(f.status or "", ""),
            "note": (f.method if f.method != "year complete" else "the year is complete")
            + (f"; {f.note}" if f.note else "")}


def action_anchor(action_id: str) -> str:
    return "action-" + "".join(c if c.isalnum() else "-" for c in action_id)


def _plan_actions(card: Scorecard) -> list[dict]:
    """The plan section: each action once, with the rows it targets (and what it should bring them to)."""
    out = []
    for a in card.plan_actions:
        targets = [{"ref": line.ref, "anchor": line.indicator, "title": line.title, "aim": action_aim(line, mine)}
                   for line, mine in card.targets_of(a.id)]
        out.append({"id": a.id, "anchor": action_anchor(a.id), "title": a.title, "owner": a.owner,
                    "status": a.status, "due": f"{a.due:%-d %b %Y}" if a.due else "", "targets": targets})
    return out


def _chart(card: Scorecard, line: Line) -> str:
    title = f"{line.ref} {line.title}: trend"
    h = line.history_series
    if h is None:  # a scorecard built without history (tests, older callers): the period columns
        values = [(f.period, f.value if f.available else None) for f in line.figures]
        return charts.trend_chart([p for p, _ in values], [v for _, v in values], unit=line.unit, title=title,
                                  target=line.target, england=line.england.value if line.england else None)
    last = None
    judged = line.shown
    if judged.available and (line.kind != "count" or not part_year_name(judged.period)) \
            and judged.period not in h.years:
        last = (judged.period, judged.value)
    return history_chart(h, unit=line.unit, title=title, la_name=card.la_name, current=last)


def part_year_name(name: str) -> bool:
    return "-Q" in name or name.startswith("ytd:")


def _notes(line: Line) -> str:
    bits = []
    shown = line.shown
    if shown.symbol:
        bits.append("c: a small number, not shown in the public version")
    elif not shown.available and shown.reason:
        bits.append(f"Not available: {shown.reason}")
    if line.target is not None and line.target_basis and line.target_basis != "annual target":
        bits.append(f"Target: {line.target_basis}")
    if line.rag is None and line.rag_reason:  # a figure with a target that is deliberately not rated
        bits.append(line.rag_reason[0].upper() + line.rag_reason[1:])
    if line.note and line.note != shown.reason:
        bits.append(line.note)
    return ". ".join(b.rstrip(".") for b in bits)


def _timeliness(card: Scorecard) -> dict:
    t = card.timeliness
    public = card.public
    too_few = public and t.current.total < 10
    hidden = card.timeliness_hidden_shares or [[False] * len(t.labels) for _ in t.series]
    rows = []
    for b, label in enumerate(t.labels):
        rows.append({"label": label, "cells": [
            (None if public else s.counts[b], None if hidden[k][b] else s.shares()[b])
            for k, s in enumerate(t.series)]})
    any_hidden = any(any(h) for h in hidden)
    return {
        "bands": t,
        "chart": None if too_few or any_hidden else
        Markup(charts.duration_bands_chart(t, percentages_only=public)),
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
