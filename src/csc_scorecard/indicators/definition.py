"""An indicator definition (<id>.yaml + <id>.sql) and its validation.

The YAML says what the indicator means, for people (title, definition,
polarity, judgement area, published benchmark) and for the engine (unit,
aggregate, the tables it needs, its timescale settings). See
docs/contracts.md for the shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..yamlfile import where
from .period import Period, add_months

UNITS = ("percent", "count", "rate10k", "days", "score", "number")
AGGREGATES = ("percent", "count", "rate10k", "median", "mean")
POLARITIES = ("up", "down", "context")
SOURCES = ("cin", "ssda903", "annex_a", "local", "supplied")
PERIODS = ("any", "financial-year")
# How a part-year period is judged (INDICATORS.md "Judging part-year periods"): a snapshot at a date,
# a share or median of events each judged on its own, a cumulative share that grows with the length of
# the period (judged on the rolling 12 months in a part-year), or a raw count (only against the LA's
# own target, never against England's total, never ranked or banded).
KINDS = ("snapshot", "per-event", "cumulative", "count")
JUDGEMENTS = {
    "sif2013": ("help-and-protection", "looked-after-and-permanence", "adoption", "care-leavers", "leadership"),
    "ilacs2023": ("help-and-protection", "children-in-care", "care-leavers", "impact-of-leaders"),
}
# Which units an aggregate can produce.
AGGREGATE_UNITS = {
    "percent": ("percent",),
    "count": ("count",),
    "rate10k": ("rate10k",),
    "median": ("days", "score", "number"),
    "mean": ("days", "score", "number", "percent"),
}
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SETTING_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
REQUIRED = ("id", "title", "definition", "unit", "polarity", "source", "judgement")


@dataclass
class Indicator:
    id: str
    title: str
    definition: str
    unit: str
    aggregate: str | None  # None for supplied indicators: their value is imported as it is
    polarity: str
    source: str
    counts: str
    periods: str
    requires: tuple[str, ...]
    settings: dict[str, Any]
    judgement: dict[str, str]
    benchmark: dict[str, Any]
    sql: str | None
    path: Path  # the YAML file
    lookback_months: int = 0  # history before the period's start the query reads (coverage must include it)
    history_months_before_end: int = 0  # or: the months up to the period's end the query reads
    origin: str = "built-in"  # or the LA's catalogue folder
    kind: str = "snapshot"  # one of KINDS
    extra: dict[str, Any] = field(default_factory=dict)  # any other keys, kept for renderers

    @property
    def supplied(self) -> bool:
        return self.source == "supplied"

    def history_from(self, period: Period) -> date:
        """The earliest date whose records the query reads for the period (coverage needs its year).

        ``lookback_months`` counts back from the period's start (a re-referral's earlier referral,
        12 months before a referral in the period); ``history_months_before_end`` from its end (a
        child looked after for 30 months at the end: records dated after the day 30 months before
        it). Where both are given the earlier date wins.
        """
        first = add_months(period.start, -self.lookback_months)
        if self.history_months_before_end:
            first = min(first, add_months(period.end, -self.history_months_before_end) + timedelta(days=1))
        return first

    @property
    def test_path(self) -> Path:
        return self.path.with_name(f"{self.id}.test.yaml")

    def summary(self) -> dict[str, Any]:
        """Plain data for `scorecard catalogue` and the API."""
        return {
            "id": self.id, "title": self.title, "definition": self.definition, "unit": self.unit,
            "aggregate": self.aggregate, "polarity": self.polarity, "source": self.source,
            "counts": self.counts, "periods": self.periods, "requires": list(self.requires),
            "settings": dict(self.settings), "judgement": dict(self.judgement),
            "benchmark": dict(self.benchmark), "lookback_months": self.lookback_months,
            "history_months_before_end": self.history_months_before_end, "origin": self.origin,
            "kind": self.kind,
        }


def build(meta: dict, sql: str | None, path: Path, origin: str, tables: set[str]) -> Indicator:
    """Check the metadata of one indicator and build it; errors name the file and line."""

    def bad(key: str, message: str) -> ConfigError:
        return ConfigError(f"{where(path, meta, key)}: {message}")

    if not isinstance(meta, dict):
        raise ConfigError(f"{path}: an indicator file must be a mapping of keys (id:, title:, ...).")
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            raise ConfigError(f"{where(path, meta)}: the key {key}: is missing. Every indicator needs "
                              + ", ".join(REQUIRED) + ".")
    iid = str(meta["id"])
    if not ID_PATTERN.fullmatch(iid):
        raise bad("id", f'the id "{iid}" must be lower case letters, digits and hyphens, e.g. assessments-45wd.')
    stem = path.name[: -len(".yaml")]
    if stem != iid:
        raise bad("id", f'the id "{iid}" differs from the file name "{path.name}"; name the file {iid}.yaml.')

    def choice(key: str, allowed, default=None):
        value = meta.get(key, default)
        if value not in allowed:
            raise bad(key, f'{key}: "{value}" is not one of: {", ".join(map(str, allowed))}.')
        return value

    source = choice("source", SOURCES)
    unit = choice("unit", UNITS)
    polarity = choice("polarity", POLARITIES)
    periods = choice("periods", PERIODS, "any")
    # An LA's own older definitions may not say: a count is a count, anything else a snapshot.
    kind = choice("kind", KINDS, "count" if unit == "count" else "snapshot")
    if (kind == "count") != (unit == "count"):
        raise bad("kind", f'kind: "{kind}" does not fit unit "{unit}": a raw number (unit: count) is '
                          'kind: count, and kind: count needs unit: count.')
    if source == "supplied":
        aggregate = None
        if meta.get("aggregate") not in (None, "supplied"):
            raise bad("aggregate", "a supplied indicator has no aggregate: its value is imported as it is.")
    else:
        aggregate = choice("aggregate", AGGREGATES)
        if unit not in AGGREGATE_UNITS[aggregate]:
            raise bad("unit", f'unit "{unit}" does not fit aggregate "{aggregate}" '
                              f'(use {" or ".join(AGGREGATE_UNITS[aggregate])}).')
    requires = meta.get("requires") or []
    if not isinstance(requires, list):
        raise bad("requires", "requires: must be a list of table names, e.g. [assessment].")
    for name in requires:
        if name not in tables:
            raise bad("requires", f'requires: "{name}" is not a table in the store '
                                  f'(tables: {", ".join(sorted(tables))}).')
    if source != "supplied" and not requires:
        raise bad("requires", "requires: must name the tables whose data the indicator needs, so that "
                              "a missing return shows as 'not available' rather than 0.")
    settings = meta.get("settings") or {}
    if not isinstance(settings, dict):
        raise bad("settings", "settings: must map setting names to their default values, e.g. {visit_wd: 10}.")
    for name, default in settings.items():
        if not SETTING_PATTERN.fullmatch(str(name)) or name in ("period_start", "period_end"):
            raise bad("settings", f'the setting name "{name}" must be lower case with underscores '
                                  "and not period_start/period_end.")
        if not isinstance(default, (int, float, str)) or isinstance(default, bool):
            raise bad("settings", f'the setting {name} needs a number or text default, not "{default}".')
    judgement = meta.get("judgement")
    if not isinstance(judgement, dict):
        raise bad("judgement", "judgement: must give the area under both frameworks, e.g. "
                               "{sif2013: help-and-protection, ilacs2023: help-and-protection}.")
    for framework, allowed in JUDGEMENTS.items():
        area = judgement.get(framework)
        if area not in allowed:
            raise bad("judgement", f'judgement {framework}: "{area}" is not one of: {", ".join(allowed)}.')
    benchmark = meta.get("benchmark") or {}
    if not isinstance(benchmark, dict):
        raise bad("benchmark", "benchmark: must be a mapping (lait:, ees:, england_2024_25:).")
    if source == "supplied":
        if sql:
            raise bad("source", "a supplied indicator has no SQL: remove the .sql file or change source:.")
    elif not sql or not sql.strip():
        raise ConfigError(f"{path.with_suffix('.sql')}: the query is missing or empty. Every computed "
                          "indicator needs <id>.sql beside its YAML.")
    months = {}
    for key in ("lookback_months", "history_months_before_end"):
        months[key] = meta.get(key, 0)
        if not isinstance(months[key], int) or isinstance(months[key], bool) or months[key] < 0:
            raise bad(key, f"{key}: must be a whole number of months, e.g. 12.")
    known = {*REQUIRED, "aggregate", "kind", "counts", "periods", "requires", "settings", "benchmark", *months}
    return Indicator(
        id=iid, title=str(meta["title"]).strip(), definition=" ".join(str(meta["definition"]).split()),
        unit=unit, aggregate=aggregate, polarity=polarity, source=source,
        counts=str(meta.get("counts") or "cases"), periods=periods, requires=tuple(requires),
        settings=dict(settings), judgement={k: judgement[k] for k in JUDGEMENTS}, benchmark=dict(benchmark),
        sql=sql, path=path, lookback_months=months["lookback_months"],
        history_months_before_end=months["history_months_before_end"], origin=origin, kind=kind,
        extra={k: v for k, v in meta.items() if k not in known},
    )
