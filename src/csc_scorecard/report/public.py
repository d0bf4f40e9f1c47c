"""The public scorecard: DfE disclosure control applied to the figures before any renderer sees them.

The rules are assess/disclosure.py's (INDICATORS.md "Public outputs:
disclosure control"); this module says what each scorecard figure is for
them. A suppressed figure keeps its place and shows the GSS symbol ``c``;
its numerator, denominator, interval and the words that would give it away
(the gap to the target) go with it. Everything is done on the Scorecard, so
the HTML, the workbook, the JSON and the CSV cannot disagree.

* a count (unit count): the LA's count of 1-5;
* a percentage: numerator 1-5, or base minus numerator 1-5, or a base of
  1-5 (the base is printed beside it);
* a rate per 10,000: its count (numerator) 1-5;
* a mean or median: fewer than 6 children or events behind it.
England and regional comparators on the scorecard are percentages, rates and
averages (counts are never compared with England), so nothing there needs
rounding; assessment-duration bands lose their counts and any share whose
band count (or the rest) is 1-5.
"""

from __future__ import annotations

from dataclasses import replace

from ..assess import disclosure as dc
from .model import Figure, Line, Scorecard


def _cell(unit: str, fig: Figure) -> dc.Figure:
    if unit == "count":
        return dc.Figure(fig.value, "count")
    if unit == "percent":
        return dc.Figure(fig.value, "percent", numerator=fig.numerator, denominator=fig.denominator)
    if unit == "rate10k":
        return dc.Figure(fig.value, "rate", numerator=fig.numerator)
    return dc.Figure(fig.value, "count" if fig.denominator is not None and dc.small(fig.denominator) else "value")


def _hidden(unit: str, fig: Figure | None) -> bool:
    if fig is None or fig.value is None:
        return False
    if unit == "percent" and dc.small(fig.denominator):
        return True
    if unit not in ("count", "percent", "rate10k"):  # a mean or median of 1-5 units
        return dc.small(fig.denominator)
    return dc.protect({0: _cell(unit, fig)})[0].suppressed


def _suppress(fig: Figure) -> Figure:
    return replace(fig, value=None, numerator=None, denominator=None, symbol=dc.CONFIDENTIAL,
                   reason="confidential: a small number (DfE disclosure control)")


def protect_line(line: Line) -> None:
    line.figures = [_suppress(f) if _hidden(line.unit, f) else f for f in line.figures]
    if line.judged is not None and _hidden(line.unit, line.judged):
        line.judged = _suppress(line.judged)
    if line.shown.symbol is not None:
        line.ci_low = line.ci_high = None
        line.rag_reason = ""
    h = line.history_series
    if h is not None:
        # published years' values are public already; the LA's own computed ones follow the rules
        h.la = [None if not pub and _hidden(line.unit, Figure("", v, *(base or (None, None)))) else v
                for v, pub, base in zip(h.la, h.la_published, h.la_base or [None] * len(h.la))]


def protect_scorecard(card: Scorecard) -> None:
    """Apply disclosure control to every figure of a public scorecard, in place (once)."""
    if card.protected:
        return
    card.protected = True
    for line in card.lines:
        protect_line(line)
    t = card.timeliness
    if t is not None:
        card.timeliness_hidden_shares = [
            [dc.small(n) or dc.small(s.total - n) for n in s.counts] for s in t.series]
    card.legend = dc.legend([dc.CONFIDENTIAL, dc.UNAVAILABLE])
