"""Strengths and weaknesses drafted from the judged scorecard, by plain rules.

Each rule has an id and a description a reader can check (``RULES``). A
row's facts are tested against every rule; any weakness rule makes it a
weakness (a green figure in the bottom quartile is still a weakness to
explain), otherwise any strength rule a strength, otherwise it is not drafted.
Rows of one theme (``theme:`` in the indicator's YAML) and side under one
judgement merge into one point that cites all their refs; a theme with both
strengths and weaknesses in a judgement is called "variable".

A point records the rules that fired for each indicator and the figures it
quotes (``Point.figures``, and a fingerprint of them), so "why does it say
this?" has an answer and a later run can tell when an edited point's figures
have changed.

Significance is assess/significance.py's, as the judge applied it: a change
against an earlier period is significant when the two 95% intervals do not
overlap (Wilson for a percentage, Poisson for a count); against England,
when England's figure lies outside the LA's interval. Means and medians are
not tested: their change counts when it moves beyond 5% of the earlier
value. A low base (fewer cases than the layout's ``low_base``) is never
called significant.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from . import wording
from .framework import Framework

RELATIVE_MOVE = 0.05  # untested units: a change beyond 5% of the earlier value counts


@dataclass(frozen=True)
class Earlier:
    """The figure of an earlier period and how this period stands against it."""

    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    judgement: str | None = None  # better | worse | same | None
    testable: bool = False  # a proportion with both bases known: a significance test was made
    significant: bool = False


@dataclass
class Fact:
    """What the rules read about one scorecard row (from assess/judge.py's RowJudgement)."""

    ref: str
    indicator: str
    title: str
    unit: str
    polarity: str
    period: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    theme: str = "other"
    judgement: str | None = None  # the framework judgement id
    target: float | None = None
    rag: str | None = None
    low_base: bool = False
    quartile: str | None = None
    neighbours: tuple[float | None, str] | None = None  # (value, basis)
    england: tuple[float | None, str] | None = None
    vs_neighbours: str | None = None
    vs_england: str | None = None
    england_significant: bool | None = None  # None: not tested
    previous: Earlier | None = None
    last_year: Earlier | None = None
    strength_last_time: bool = False
    period_label: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    side: str  # strength | weakness
    description: str
    test: Callable[[Fact], bool]


def _sig_better(e: Earlier | None) -> bool:
    return bool(e and e.judgement == "better" and e.significant)


def _sig_worse(e: Earlier | None) -> bool:
    return bool(e and e.judgement == "worse" and e.significant)


RULES: tuple[Rule, ...] = (
    Rule("S-GREEN-COMPARED", "strength",
         "Green against its target, and at or better than the statistical neighbours' average or England.",
         lambda f: f.rag == "green" and (f.vs_neighbours in ("better", "same") or f.vs_england in ("better", "same"))),
    Rule("S-TOP-QUARTILE", "strength", "In the top quartile of LAs (band A, polarity-aware).",
         lambda f: f.quartile == "A"),
    Rule("S-IMPROVED", "strength",
         "A significant improvement against the previous period or the same period last year.",
         lambda f: _sig_better(f.previous) or _sig_better(f.last_year)),
    Rule("W-RED", "weakness", "Red against its target.", lambda f: f.rag == "red"),
    Rule("W-AMBER-WORSE", "weakness",
         "Amber, and significantly worse than England, the previous period or the same period last year.",
         lambda f: f.rag == "amber" and (f.england_significant is True and f.vs_england == "worse"
                                         or _sig_worse(f.previous) or _sig_worse(f.last_year))),
    Rule("W-BOTTOM-QUARTILE", "weakness", "In the bottom quartile of LAs (band D, polarity-aware).",
         lambda f: f.quartile == "D"),
    Rule("W-WORSE-THAN-BOTH", "weakness", "Worse than both the statistical neighbours' average and England.",
         lambda f: f.vs_neighbours == "worse" and f.vs_england == "worse"),
    Rule("W-FELL-FROM-STRENGTH", "weakness",
         "A strength in the previous period's draft, and significantly worse now.",
         lambda f: f.strength_last_time and _sig_worse(f.previous)),
)
RULES_BY_ID = {r.id: r for r in RULES}


def fired(fact: Fact) -> list[Rule]:
    """The rules a row meets (none for context measures or a missing figure)."""
    if fact.value is None or fact.polarity not in ("up", "down"):
        return []
    return [r for r in RULES if r.test(fact)]


def side_of(rules: list[Rule]) -> str | None:
    if any(r.side == "weakness" for r in rules):
        return "weakness"
    if rules:
        return "strength"
    return None


# -- significance (assess/significance.py decides; the judge's Trend carries the answer) ---------

def earlier_from(value: float | None, low: bool, trend: Any, figure: dict | None,
                 label: Callable[[str], str] = str) -> Earlier | None:
    """An Earlier from the judge's Trend (its ``significant``: the two 95% intervals do not overlap, None when
    untested) and the earlier period's engine figure. An untested change (a mean or median) counts when it
    moves beyond 5% of the earlier value; nothing on a low base counts."""
    if trend is None or getattr(trend, "earlier", None) is None:
        return None
    fig = figure or {}
    tested = getattr(trend, "significant", None)
    if tested is not None:
        significant = bool(tested) and not low
    else:
        significant = (not low and value is not None and trend.earlier not in (None, 0)
                       and abs(value - trend.earlier) > RELATIVE_MOVE * abs(trend.earlier))
    return Earlier(label(trend.period) if trend.period else "", trend.earlier, fig.get("numerator"),
                   fig.get("denominator"), trend.judgement, tested is not None, significant)


# -- themes --------------------------------------------------------------------------

def themes() -> dict[str, dict]:
    path = Path(str(resources.files("csc_scorecard.assess") / "themes.yaml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]


def theme_label(theme: str, known: dict[str, dict] | None = None) -> tuple[str, bool]:
    t = (known or themes()).get(theme)
    if t:
        return t["label"], bool(t.get("plural"))
    return theme.replace("-", " ").capitalize(), False


# -- points ----------------------------------------------------------------------------

@dataclass
class Point:
    id: str  # stable across runs: judgement/side/theme
    judgement: str
    side: str  # strength | weakness
    theme: str
    text: str
    refs: list[str]
    rules: dict[str, list[str]]  # ref -> rule ids that fired
    figures: list[dict] = field(default_factory=list)
    fingerprint: str = ""
    origin: str = "drafted"  # drafted | edited | added
    recheck: bool = False  # edited earlier, and the figures it rests on have changed since
    note: str = ""  # e.g. what changed, for the re-check

    def as_dict(self) -> dict:
        return asdict(self)


def quoted(fact: Fact) -> dict:
    """The figures a point quotes for one row (plain data, rounded as printed)."""
    def r(v):
        return None if v is None else round(float(v), 1)
    return {"ref": fact.ref, "indicator": fact.indicator, "period": fact.period, "value": r(fact.value),
            "numerator": r(fact.numerator), "denominator": r(fact.denominator), "target": r(fact.target),
            "rag": fact.rag, "quartile": fact.quartile,
            "neighbours": r(fact.neighbours[0]) if fact.neighbours else None,
            "england": r(fact.england[0]) if fact.england else None,
            "previous": r(fact.previous.value) if fact.previous else None}


def fingerprint(figures: list[dict]) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()[:16]


def _ref_order(ref: str) -> tuple:
    head, _, num = ref.rpartition(" ")
    return (head, int(num)) if num.isdigit() else (ref, 0)


def draft(facts: Iterable[Fact], framework: Framework, *, public: bool = False) -> dict[str, list[Point]]:
    """Points per judgement id of the framework, strengths first, each in the rows' ref order."""
    known = themes()
    facts = [f for f in facts if f.value is not None]
    by_key: dict[tuple[str, str, str], list[tuple[Fact, list[Rule]]]] = {}
    sides: dict[tuple[str, str], set[str]] = {}

    def add(judgement: str, fact: Fact, rules: list[Rule]) -> None:
        side = side_of(rules)
        by_key.setdefault((judgement, side, fact.theme), []).append((fact, rules))
        sides.setdefault((judgement, fact.theme), set()).add(side)

    for fact in facts:
        rules = fired(fact)
        if not rules:
            continue
        if fact.judgement:
            add(fact.judgement, fact, rules)
        for j in framework.assessed:  # leaders also answer for compliance and workforce everywhere
            if fact.theme in j.also_themes and fact.judgement != j.id:
                add(j.id, fact, rules)
    out: dict[str, list[Point]] = {j.id: [] for j in framework.assessed}
    for (judgement, side, theme), rows in by_key.items():
        if judgement not in out:
            continue
        rows.sort(key=lambda fr: _ref_order(fr[0].ref))
        label, plural = theme_label(theme, known)
        variable = sides[(judgement, theme)] == {"strength", "weakness"}
        row_facts = [f for f, _ in rows]
        figures = [quoted(f) for f in row_facts]
        # a public draft keeps no counts of children (a small one could identify a child); its fingerprint
        # is still that of the whole figures, so an edit made on either version is checked the same way
        kept = [{**f, "numerator": None, "denominator": None} for f in figures] if public else figures
        out[judgement].append(Point(
            id=f"{judgement}/{side}/{theme}", judgement=judgement, side=side, theme=theme,
            text=wording.sentence(side, label, plural, row_facts, variable=variable, public=public),
            refs=[f.ref for f in row_facts], rules={f.ref: [r.id for r in rs] for f, rs in rows},
            figures=kept, fingerprint=fingerprint(figures)))
    for points in out.values():
        points.sort(key=lambda p: (p.side != "strength", _ref_order(p.refs[0])))
    return out


def strengths_of(points: dict[str, list[Point]]) -> set[str]:
    """The indicators a draft counted as strengths (for the next period's W-FELL-FROM-STRENGTH)."""
    return {fig["indicator"] for ps in points.values() for p in ps if p.side == "strength" for fig in p.figures}


# -- from the judge's rows ----------------------------------------------------------------

def facts_from(rows: Iterable[Any], framework: Framework, *, themes_of: dict[str, str],
               figures: dict[tuple[str, str], dict] | None = None, strengths_last_time: set[str] = frozenset(),
               period_label: Callable[[str], str] = str) -> list[Fact]:
    """Facts from assess/judge.py's RowJudgements; ``figures`` are the LA's engine results by (indicator,
    period), for the earlier periods' bases. Fields added to the judged row later (a confidence
    interval ``ci_low``/``ci_high``) are used when present."""
    figures = figures or {}
    out = []
    for j in rows:
        # a count is never set against other LAs' counts (INDICATORS.md, "count"): only its target judges it
        comp = j.comparators if j.unit != "count" else None
        neighbours = (comp.neighbours_mean, comp.year_used or comp.source or "") if comp else None
        england = (comp.england, comp.england_basis or comp.year_used or "") if comp else None
        prev_fig = figures.get((j.indicator, j.vs_previous.period)) if j.vs_previous else None
        ly_fig = figures.get((j.indicator, j.vs_last_year.period)) if j.vs_last_year else None
        fact = Fact(
            ref=j.ref, indicator=j.indicator, title=j.title, unit=j.unit, polarity=j.polarity, period=j.period,
            value=j.value, numerator=j.numerator, denominator=j.denominator,
            theme=themes_of.get(j.indicator) or "other",
            judgement=framework.judgement_of(j.indicator, j.judgement), target=j.target, rag=j.rag,
            low_base=j.low_base, quartile=j.quartile if comp else None, neighbours=neighbours, england=england,
            vs_neighbours=j.vs_neighbours if comp else None, vs_england=j.vs_england if comp else None,
            previous=earlier_from(j.value, j.low_base, j.vs_previous, prev_fig, period_label),
            last_year=earlier_from(j.value, j.low_base, j.vs_last_year, ly_fig, period_label),
            strength_last_time=j.indicator in strengths_last_time,
            period_label=getattr(j, "basis_label", "") or period_label(j.period))
        fact.england_significant = _england_significant(j, fact)
        out.append(fact)
    return out


def _england_significant(j: Any, fact: Fact) -> bool | None:
    """England's figure lies outside the LA's 95% interval (the judge's ci_low/ci_high); None: untested."""
    eng = fact.england[0] if fact.england else None
    low, high = getattr(j, "ci_low", None), getattr(j, "ci_high", None)
    if eng is None or fact.low_base or low is None or high is None:
        return None
    return not (low <= eng <= high)
