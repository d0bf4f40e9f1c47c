"""Breakdowns: any indicator per team, worker, age band, sex, ethnic group, disability or UASC.

The engine groups the figure's own unit rows (Engine.compute_by), so each group's numerator
and denominator are counts of the same rows as the LA's figure and add up to it. The LA's
whole figure comes first, as the group "All", so a reader can see what the groups divide.
"""

from __future__ import annotations

from typing import Iterable

from .engine import OK
from .groups import GROUPS
from .period import parse_period

ALL = "All"


def breakdown_for(db_path, settings, periods: Iterable[str], by: str | list[str], *, la: str | None = None,
                  ids: Iterable[str] | None = None) -> list[dict]:
    from .run import catalogue_for, engine_for

    catalogue = catalogue_for(settings)
    with engine_for(db_path, settings, catalogue) as engine, engine.scoped([la] if la else None):
        return breakdown(engine, [parse_period(p) for p in periods], by, la=la, ids=ids)


def breakdown(engine, periods, by: str | list[str], *, la: str | None = None, ids=None) -> list[dict]:
    """Rows: indicator, la, period, by, group, numerator, denominator, value, unit, unknown, status,
    reason. The LA's figure ("All") then its groups; a figure not available is one row saying why.
    Several ``by`` at once (one query per indicator and period): each ``by``'s rows in turn."""
    bys = [by] if isinstance(by, str) else list(by)
    for b in bys:
        if b not in GROUPS:
            raise ValueError(b)
    las = [la] if la else engine.las()
    engine.cache_people(la)
    out = []
    for ind in engine.catalogue.select(ids):
        if ind.supplied:
            continue
        for period in periods:
            figures = engine.compute_indicator(ind, [period], las)
            groups = engine.compute_by(ind, period, las, bys, figures)
            for b in bys:
                for fig in figures:
                    out.append({"indicator": ind.id, "la": fig.la, "period": period.name, "by": b, "group": ALL,
                                "numerator": fig.numerator, "denominator": fig.denominator, "value": fig.value,
                                "unit": ind.unit, "unknown": fig.unknown, "status": fig.status,
                                "reason": fig.reason})
                    if fig.status == OK:
                        out.extend({**g, "status": OK, "reason": None} for g in groups[b] if g["la"] == fig.la)
    return out
