"""Breakdowns and the equalities table of the scorecard, with disclosure control.

Per indicator: the figure by allocated team and by the child's characteristics (sex, ethnic
group, disability, age band), each group from the figure's own unit rows (Engine.compute_by), so
the groups add up to the LA's figure. The equalities table puts each judged percentage by those
characteristics beside the LA's whole cohort: the evidence for a committee paper's equalities
section.

A public scorecard applies DfE disclosure control (assess/disclosure.py) to every cell: counts of
1 to 5 and percentages resting on them become ``c``, and a second cell of a group line is
suppressed where the hidden one could be worked out from the LA's total. Nothing child-level is
kept: the renderers get the text of each cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assess import disclosure
from ..errors import IndicatorError
from ..indicators.engine import OK
from .formatting import format_count, format_value

CHARACTERISTICS = ("sex", "ethnicity", "disability", "age")
BYS = ("team",) + CHARACTERISTICS
LABELS = {"team": "Allocated team", "sex": "Sex", "ethnicity": "Ethnic group", "disability": "Disability",
          "age": "Age band"}
ALL = "All children"


@dataclass
class Cell:
    group: str
    text: str  # the figure as shown, or a disclosure symbol (c)
    base: str = ""  # "12 of 40", "n = 40", or "" when withheld
    suppressed: bool = False


@dataclass
class Breakdown:
    by: str
    label: str
    cells: list[Cell]  # the LA's figure first, then each group

    @property
    def total(self) -> Cell:
        return self.cells[0]

    @property
    def groups(self) -> list[Cell]:
        return self.cells[1:]


@dataclass
class EqualityTable:
    by: str
    label: str
    groups: list[str]  # column headings after "All children"
    rows: list[dict] = field(default_factory=list)  # {ref, title, cells: [Cell for All, then each group]}


def collect(engine, ids, la: str, period, *, public: bool, results=()) -> dict[str, list[Breakdown]]:
    """{indicator: [Breakdown by team, sex, ...]} for the LA: each computed indicator with a figure.

    ``results``: the engine Results the report already computed; the LA's figure for the period is
    taken from them rather than computed again (the engine gives the same figure either way). The
    groups of every indicator come from one query (Engine.groups_of_all); should it fail, from one
    query each, which names the indicator whose query fails."""
    known = {(r.indicator, r.period): r for r in results if r.la == la and r.period == period.name}
    figures = {}
    for ind in _grouped(engine, ids):
        figure = known.get((ind.id, period.name)) or engine.compute_indicator(ind, [period], [la])[0]
        if figure.status == OK:
            figures[ind.id] = figure
    chosen = [engine.catalogue.get(iid) for iid in figures]
    try:
        found = engine.groups_of_all(chosen, period, la, list(BYS))
    except IndicatorError:
        engine.cache_people(la)  # the allocations and characteristics worked out once for the queries below
        found = {ind.id: engine.compute_by(ind, period, [la], list(BYS), [figures[ind.id]]) for ind in chosen}
    return {ind.id: [_protected(ind.unit, ind.aggregate, by, figures[ind.id], found[ind.id][by], public)
                     for by in BYS if found[ind.id][by]]
            for ind in chosen}


def _grouped(engine, ids):
    """The indicators of ``ids`` (once each, in order) that have unit rows to group."""
    for iid in dict.fromkeys(ids):
        if iid in engine.catalogue and not engine.catalogue.get(iid).supplied:
            yield engine.catalogue.get(iid)


def _protected(unit: str, aggregate: str, by: str, fig, groups: list[dict], public: bool) -> Breakdown:
    rows = [(ALL, fig.numerator, fig.denominator, fig.value)] + [
        (g["group"], g["numerator"], g["denominator"], g["value"]) for g in groups]
    shown = _protect(rows, aggregate) if public else {}
    cells = []
    for i, (name, num, den, value) in enumerate(rows):
        hidden = shown.get(("value", i))
        if hidden is not None and hidden.suppressed:
            cells.append(Cell(name, hidden.symbol, "", True))
            continue
        text = format_value(value, unit if aggregate != "rate10k" or i == 0 else "count")
        if aggregate == "rate10k" and i > 0:
            text = format_count(num)  # a group has no population: its count, not a rate
        base = ""
        if aggregate == "percent" and num is not None and den is not None:
            base = f"{format_count(num)} of {format_count(den)}"
        elif aggregate in ("mean", "median") and den is not None:
            base = f"n = {format_count(den)}"
        cells.append(Cell(name, text, base))
    return Breakdown(by, LABELS.get(by, by), cells)


def _protect(rows, aggregate: str) -> dict:
    """Disclosure control over one group line: row 0 is the LA's total of the others."""
    cells: dict = {}
    count_kinds = ("numerator",) if aggregate in ("count", "rate10k") else (
        ("numerator", "denominator") if aggregate == "percent" else ("denominator",))
    for i, (_, num, den, value) in enumerate(rows):
        counts = {"numerator": num, "denominator": den}
        for kind in count_kinds:
            cells[(kind, i)] = disclosure.Figure(counts[kind], "count", symbol_if_missing=disclosure.NOT_APPLICABLE)
        derived = tuple((kind, i) for kind in count_kinds)
        if aggregate == "percent":
            cells[("value", i)] = disclosure.Figure(value, "percent", numerator=num, denominator=den,
                                                    derived_from=derived)
        elif aggregate in ("count", "rate10k"):
            cells[("value", i)] = disclosure.Figure(num, "count", derived_from=derived)
        else:
            cells[("value", i)] = disclosure.Figure(value, "value", derived_from=derived)
    # each line: the groups, then the total (disclosure.protect wants the total last)
    sums = [[(kind, i) for i in range(1, len(rows))] + [(kind, 0)] for kind in count_kinds]
    return disclosure.protect(cells, sums)


def equalities(lines, breakdowns: dict[str, list[Breakdown]]) -> list[EqualityTable]:
    """Each judged percentage (polarity up or down) by each characteristic, against the whole cohort."""
    tables = []
    for by in CHARACTERISTICS:
        chosen = [(line, next((b for b in breakdowns.get(line.indicator, []) if b.by == by), None))
                  for line in lines if line.unit == "percent" and line.polarity in ("up", "down")]
        chosen = [(line, b) for line, b in chosen if b is not None]
        if not chosen:
            continue
        names: list[str] = []
        for _, b in chosen:
            names += [c.group for c in b.groups if c.group not in names]
        order = {n: i for i, n in enumerate(_ordered(by, names))}
        names.sort(key=order.get)
        table = EqualityTable(by, LABELS[by], names)
        for line, b in chosen:
            found = {c.group: c for c in b.groups}
            table.rows.append({"ref": line.ref, "title": line.title,
                               "cells": [b.total] + [found.get(n, Cell(n, "–")) for n in names]})
        tables.append(table)
    return tables


def _ordered(by: str, names: list[str]) -> list[str]:
    from ..indicators.groups import GROUPS, sort_key
    return sorted(names, key=sort_key(GROUPS[by][0]))
