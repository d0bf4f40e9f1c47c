"""How figures read on the page, shared by the HTML and chart renderers.

Percentages are stored 0-100 (never rounded in storage); they are shown to
one decimal place with a % sign. Excel gets the same picture through number
formats on the unrounded value (see xlsx.NUMBER_FORMATS).
"""

from __future__ import annotations

from ..indicators.period import period_label
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


def direction_text(line: Line, *, last_year: bool = False) -> str:
    """'▲ better': the arrow shows the movement, the word whether it is good news. A change within the
    tolerance or within chance variation is '▶ no significant change'."""
    judged, change = (line.direction_last_year, line.change_last_year) if last_year else (line.direction, line.change)
    if not judged and not change:
        return ""
    arrow = ARROW.get(change or "", "")
    if change == "same" or judged == "same":
        return f"{ARROW['same']} no significant change"
    if line.polarity == "context" or not judged:
        word = {"up": "up", "down": "down"}.get(change or "", "")
    else:
        word = DIRECTION_WORD.get(judged, judged)
    return f"{arrow} {word}".strip()


def ordinal(n: int) -> str:
    """12 -> '12th', 1 -> '1st', 22 -> '22nd', 111 -> '111th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# what a source or a unit is, in words (the indicator page, the paper's background)
SOURCE_NAMES = {"cin": "Children in need census", "ssda903": "SSDA903 children looked after return",
                "annex_a": "Ofsted Annex A", "local": "Local extract", "supplied": "Supplied figures"}
UNIT_WORDS = {"percent": "percentage", "count": "number", "rate10k": "rate per 10,000 children aged 0-17",
              "days": "days", "score": "score", "number": "number"}


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
    value, target = line.shown.value, line.target  # the figure rated: a cumulative row's rolling 12 months
    if line.rag is None or value is None or target is None:
        return ""
    if line.rag == "green":
        return f"meets the target of {format_value(target, line.unit)}"
    side = "above" if value > target else "below"
    return f"{format_gap(abs(value - target), line.unit)} {side} the target of {format_value(target, line.unit)}"


def action_aim(line: Line, action) -> str:
    """What a plan action should bring a row to: 'to 90.0% by 31 Mar 2025' ('' without a target)."""
    if action.target is None:
        return ""
    return f"to {format_value(action.target, line.unit)}" + (f" by {action.by:%-d %b %Y}" if action.by else "")


def reading_notes(card) -> list[str]:
    """How to read the scorecard, for the HTML and the workbook's summary sheet (one wording for both)."""
    compared = period_label(card.compare_to) if card.compare_to else "the previous period"
    notes = [
        "RAG: G = green (meets the target), A = amber (close to it), R = red (short of it); the letter is always "
        "shown so the rating survives black-and-white printing. Context indicators have no good direction and "
        "no rating.",
        f"Direction of travel: against {compared} and against the same period last year. A change is called "
        "better or worse only when it is bigger than the layout's tolerance and than chance variation (the 95% "
        "intervals of the two figures do not overlap: Wilson intervals for a percentage, Poisson for a count or "
        "rate); otherwise it is \"no significant change\". Averages and medians are judged on the tolerance "
        "alone.",
        "Part-year periods: a measure that grows with the length of the period (3 or more placements, went "
        "missing) is judged on the 12 months to the period's end, with the period's own figure beside it, not "
        "rated, and its earlier columns are the 12 months to each of their ends, so the row compares like with "
        "like; a raw count is rated only against the council's own profiled target and is never compared with "
        "England, a region or other LAs.",
        "Rank and quartile: the council's place among all LAs with a published figure for the same measure and "
        "year (1st is the best; quartile A is the best quarter, D the worst). They are given only from published "
        "figures and only when the council has a figure for the period; where they belong to the council's "
        "published figure, that figure is shown with them.",
        "Low base: the figure rests on fewer than 10 children or events, so one case moves it a lot.",
        "Stat neighbours, region and England: the latest figures available, with the year they describe beneath "
        "and a numbered source listed under Sources.",
    ]
    if card.forecast_to:
        notes.append(f"Forecast: the year-end figure (to {card.forecast_to:%-d %B %Y}) projected from the data to "
                     "the period's end, with an 80% interval: for a count or rate over a window, the year to date "
                     "plus the same months of last year scaled by this year's growth; for a snapshot, the latest "
                     "figure plus its average monthly change over the last 12 months, damped the further ahead it "
                     "looks. On track: the forecast meets the target; at risk: it misses it but the 80% interval "
                     "reaches it; off track: the whole interval misses it.")
    if card.public:
        notes.append("Public version (DfE disclosure control): counts of 1 to 5, and percentages, rates and "
                     "averages that would reveal one, are shown as c.")
    return notes
