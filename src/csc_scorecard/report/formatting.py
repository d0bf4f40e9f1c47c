"""How figures read on the page, shared by the HTML and chart renderers.

Percentages are stored 0-100 (never rounded in storage); they are shown to
one decimal place with a % sign. Excel gets the same picture through number
formats on the unrounded value (see xlsx.NUMBER_FORMATS).
"""

from __future__ import annotations

import calendar

from .model import Line

ARROW = {"up": "▲", "down": "▼", "same": "▶"}
DIRECTION_WORD = {"better": "better", "worse": "worse", "same": "same"}


def format_value(value: float | None, unit: str, *, missing: str = "–") -> str:
    if value is None:
        return missing
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "days":
        return f"{value:,.0f}"
    if unit in ("rate10k", "score"):
        return f"{value:,.1f}"
    return f"{value:,.1f}" if value != int(value) else f"{value:,.0f}"


def format_count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def direction_text(line: Line) -> str:
    """'▲ better': the arrow shows the movement, the word whether it is good news."""
    if not line.direction and not line.change:
        return ""
    arrow = ARROW.get(line.change or "", "")
    if line.polarity == "context" or not line.direction:
        word = {"up": "up", "down": "down", "same": "same"}.get(line.change or "", "")
    else:
        word = DIRECTION_WORD.get(line.direction, line.direction)
    return f"{arrow} {word}".strip()


def unit_label(unit: str) -> str:
    return {"percent": "%", "count": "number", "rate10k": "per 10,000 children", "days": "days",
            "score": "score", "number": ""}.get(unit, unit)


def format_gap(gap: float, unit: str) -> str:
    """A difference in the indicator's unit: '1.5 points', '12 days'."""
    if unit == "percent":
        return f"{gap:.1f} percentage points"
    if unit == "days":
        return f"{gap:,.0f} days" if round(gap) != 1 else "1 day"
    if unit == "count":
        return f"{gap:,.0f}"
    return f"{gap:,.1f}"


def rag_text(line: Line) -> str:
    """Why the rating, in the indicator's unit: '1.5 percentage points above the target of 10.0%'."""
    value, target = line.current.value, line.target
    if line.rag is None or value is None or target is None:
        return ""
    if line.rag == "green":
        return f"meets the target of {format_value(target, line.unit)}"
    side = "above" if value > target else "below"
    return f"{format_gap(abs(value - target), line.unit)} {side} the target of {format_value(target, line.unit)}"


def period_label(name: str) -> str:
    """A period as a column header: '2024-25', '2024-25 Q2', 'Apr–Nov 2024', '12m to Nov 2024'."""
    if len(name) == 10 and name[7:9] == "-Q":
        return f"{name[:7]} {name[8:]}"
    if name[:4] in ("ytd:", "12m:") and len(name) == 14 and name[9:11].isdigit():
        month, year = calendar.month_abbr[int(name[9:11])], name[4:8]
        return f"Apr–{month} {year}" if name.startswith("ytd") and month != "Apr" else \
            f"Apr {year}" if name.startswith("ytd") else f"12m to {month} {year}"
    return name
