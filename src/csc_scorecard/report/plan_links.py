"""What the scorecard shows of the improvement plan: each row's actions, and (when asked) its
year-end forecast. Both are attached to the plain Scorecard before any renderer sees it."""

from __future__ import annotations

from ..assess import disclosure as dc
from ..indicators.period import Period, financial_year, year_ending
from ..plan.forecast import Forecast
from .model import PlanAction, Scorecard


def attach_actions(card: Scorecard, actions_by_ref: dict[str, list[dict]]) -> None:
    """Rows take the actions whose link names their indicator (or, failing that, their ref): a plan
    written against another layout's refs still finds its rows."""
    by_indicator: dict[str, list[dict]] = {}
    for ref, actions in actions_by_ref.items():
        for a in actions:
            by_indicator.setdefault(a.get("indicator") or ref, []).append(a)
    for line in card.lines:
        found = by_indicator.get(line.indicator) or actions_by_ref.get(line.ref) or []
        line.actions = tuple(PlanAction(a["id"], a["title"], a.get("owner") or "", a.get("status") or "",
                                        a.get("due"), a.get("target"), a.get("by"), a.get("order", 0))
                             for a in found)


def attach_forecasts(card: Scorecard, period: Period, forecasts: list[dict]) -> None:
    """Each row with a target this year takes its year-end forecast. In the public version a row whose
    figure is withheld gets none, nor does a count forecast small enough to give a small number away."""
    card.forecast_to = financial_year(year_ending(period.end)).end
    by_indicator = {f["indicator"]: f for f in forecasts}
    for line in card.lines:
        f = by_indicator.get(line.indicator)
        if f is None:
            continue
        if card.public and (line.shown.symbol is not None
                            or (line.unit == "count" and f.get("low") is not None and round(f["low"]) <= dc.HIGH)):
            continue
        line.forecast = Forecast(line.indicator, card.forecast_to, f["method"], f.get("point"), f.get("low"),
                                 f.get("high"), f.get("target"), f.get("status"), f.get("note"))
