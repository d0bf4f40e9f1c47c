"""scorecard.json and scorecard.csv: flat rows for Power BI and other tools.

One row per indicator and period shown (the trend periods and this one, in
long format, so a tool can draw its own trend lines). The judgement columns
(target, RAG, direction, comparators, quartile) belong to this period's row;
on the earlier periods' rows they are empty. Values are unrounded;
percentages are 0-100. A public scorecard withholds low-base figures: value,
numerator and denominator are empty and status says "withheld (low base)".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..outputs import write_csv as write_safe_csv
from .model import Comparator, Line, Scorecard

COLUMNS = [
    "ref", "indicator", "title", "section", "la", "la_name", "period", "current", "value", "numerator",
    "denominator", "unit", "polarity", "status", "reason", "target", "rag", "direction_vs_previous",
    "compared_with", "direction_vs_last_year", "neighbours_mean", "neighbours_median", "neighbours_year", "england",
    "england_year", "quartile_band", "low_base",
    # added with the part-year judgement (never rename the columns above: tools read them)
    "kind", "basis", "judged_period", "judged_value", "judged_numerator", "judged_denominator", "target_basis",
    "ci_low", "ci_high", "significant", "direction_words", "change_vs_last_year", "significant_vs_last_year",
    "direction_last_year_words", "region", "region_name", "region_year", "rank", "rank_of", "ranked_value",
    "ranked_basis", "sources",
    # added with the improvement plan: the year-end forecast (when asked for) and the actions targeting the row
    "forecast_year_end", "forecast", "forecast_low", "forecast_high", "forecast_target", "forecast_status",
    "forecast_method", "plan_actions",
]
WITHHELD = "suppressed (c: a small number)"


def rows(card: Scorecard) -> list[dict[str, Any]]:
    out = []
    for section in card.sections:
        for line in section.lines:
            for fig in line.figures:
                out.append(_row(card, section.title, line, fig))
    return out


def _row(card: Scorecard, section: str, line: Line, fig) -> dict[str, Any]:
    current = fig is line.current
    withheld = card.withheld(line, fig)
    row: dict[str, Any] = {
        "ref": line.ref, "indicator": line.indicator, "title": line.title, "section": section,
        "la": card.la, "la_name": card.la_name, "period": fig.period, "current": current,
        "value": None if withheld else fig.value,
        "numerator": None if withheld else fig.numerator,
        "denominator": None if withheld else fig.denominator,
        "unit": line.unit, "polarity": line.polarity,
        "status": WITHHELD if withheld else fig.status, "reason": fig.reason or None,
        "low_base": fig.low_base or (current and line.low_base),
    }
    judged = {k: None for k in COLUMNS if k not in row}
    if current:
        judged.update({
            "target": line.target, "rag": line.rag, "direction_vs_previous": line.direction,
            "compared_with": card.compare_to, "direction_vs_last_year": line.direction_last_year,
            "neighbours_mean": _value(line.neighbours_mean), "neighbours_median": _value(line.neighbours_median),
            "neighbours_year": _year(line.neighbours_mean or line.neighbours_median),
            "england": _value(line.england), "england_year": _year(line.england),
            "quartile_band": line.quartile,
            "kind": line.kind, "basis": line.basis,
            "judged_period": line.shown.period, "judged_value": _shown_value(card, line, "value"),
            "judged_numerator": _shown_value(card, line, "numerator"),
            "judged_denominator": _shown_value(card, line, "denominator"), "target_basis": line.target_basis or None,
            "ci_low": line.ci_low, "ci_high": line.ci_high, "significant": line.significant,
            "direction_words": line.direction_words or None, "change_vs_last_year": line.change_last_year,
            "significant_vs_last_year": line.significant_last_year,
            "direction_last_year_words": line.direction_last_year_words or None,
            "region": _value(line.region), "region_name": line.region_name if line.region else None,
            "region_year": _year(line.region), "rank": line.rank, "rank_of": line.rank_of,
            "ranked_value": line.ranked_value, "ranked_basis": line.ranked_basis or None,
            "sources": _sources(card, line),
            "plan_actions": [a.id for a in line.actions],
        })
        f = line.forecast
        if f is not None:
            judged.update({"forecast_year_end": f.year_end.isoformat(), "forecast": f.point, "forecast_low": f.low,
                           "forecast_high": f.high, "forecast_target": f.target, "forecast_status": f.status,
                           "forecast_method": f.method})
    else:
        judged["kind"] = line.kind
    row.update(judged)
    return {k: row[k] for k in COLUMNS}


def _shown_value(card: Scorecard, line: Line, what: str):
    if card.withheld(line, line.shown):
        return None
    return getattr(line.shown, what)


def _sources(card: Scorecard, line: Line) -> list[str]:
    """The Sources entries this row's comparators come from, as "[n] text"."""
    texts = {s.marker: s.text for s in card.sources}
    markers = [c.marker for c in (line.neighbours, line.england, line.region) if c and c.marker]
    markers += [line.ranked_marker] if line.ranked_marker else []
    return [f"[{m}] {texts[m]}" for m in dict.fromkeys(markers) if m in texts]


def _value(c: Comparator | None):
    return c.value if c else None


def _year(c: Comparator | None):
    return c.year if c and c.value is not None else None


def timeliness_rows(card: Scorecard) -> list[dict[str, Any]]:
    """The assessment-duration bands, one row per period and band (counts left out when public)."""
    t = card.timeliness
    if t is None:
        return []
    out = []
    hidden = card.timeliness_hidden_shares or [[False] * len(t.bands) for _ in t.series]
    for k, s in enumerate(t.series):
        too_few = card.public and s.total < 10
        for b, ((label, low, high), n, share) in enumerate(zip(t.bands, s.counts, s.shares())):
            out.append({"period": s.period, "band": label, "lowest_wd": low, "highest_wd": high,
                        "assessments": None if card.public else n,
                        "share": None if too_few or hidden[k][b] else share,
                        "median_wd": None if too_few else s.median})
    return out


def as_json(card: Scorecard) -> dict[str, Any]:
    return {
        "scorecard": {
            "la": card.la, "la_name": card.la_name, "period": card.period, "compared_with": card.compare_to,
            "periods": list(card.periods), "public": card.public,
            "data_as_at": card.data_as_at.isoformat() if card.data_as_at else None,
            "generated_at": card.generated_at.isoformat(timespec="seconds") if card.generated_at else None,
            "sections": [s.title for s in card.sections],
            "title": card.layout_title, "synthetic": card.synthetic,
            "sources": [{"marker": x.marker, "text": x.text} for x in card.sources],
            "notes": list(card.notes),
            "forecast_to": card.forecast_to.isoformat() if card.forecast_to else None,
            "plan_actions": [{"id": a.id, "title": a.title, "owner": a.owner, "status": a.status,
                              "due": a.due.isoformat() if a.due else None,
                              "refs": [line.ref for line, _ in card.targets_of(a.id)]} for a in card.plan_actions],
        },
        "columns": COLUMNS,
        "rows": rows(card),
        "assessment_duration_bands": timeliness_rows(card),
    }


def write_json(card: Scorecard, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(as_json(card), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                    encoding="utf-8")
    return path


def write_csv(card: Scorecard, path: str | Path) -> Path:
    """UTF-8 with a byte-order mark, so Excel shows the en dashes and arrows in titles."""
    # Cells starting = + - @ are prefixed with ' (outputs.py). Figures, not child-level rows: not 0600.
    return write_safe_csv(path, COLUMNS, ({k: _csv_cell(v) for k, v in row.items()} for row in rows(card)),
                          private=False)


def _csv_cell(v: Any) -> Any:
    if isinstance(v, list):
        return " | ".join(map(str, v))
    return v
