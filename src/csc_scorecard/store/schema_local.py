"""Canonical tables for local extracts and supplied indicator values.

Local extracts (docs/local-extracts.md) hold process data no statutory return
carries, e.g. initial health assessment dates. An extract is a full list of
its kind for the LA, so loading a new one replaces that LA's previous extract
of the same table (version = the return itself), rather than being merged
year by year like the statutory returns.

Supplied values (``scorecard supply FILE``) are the figures of indicators the
LA holds no child-level data for (virtual school, youth justice, workforce).
Every import is kept; for each indicator, LA and period the latest wins.
"""

from __future__ import annotations

from .schema import Table

D, V, F = "DATE", "VARCHAR", "DOUBLE"

LOCAL_TABLES: list = [
    Table(
        "health_assessment",
        (("child_id", V), ("health_assessment_date", D),
         ("assessment_type", V)),  # initial | review
        key=("child_id", "health_assessment_date", "assessment_type"),
        version=("source_return",),  # a new extract replaces the LA's previous one
        description="Local extract: health assessments of children looked after (date, initial or review).",
    ),
    Table(
        "allocation",
        (("child_id", V), ("team", V), ("worker", V), ("from_date", D), ("to_date", D)),
        key=("child_id", "from_date", "team", "worker"),
        version=("source_return",),  # a new extract replaces the LA's previous one
        description="Local extract: which team and worker a child was allocated to, from and to which date.",
    ),
    Table(
        "supplied_value",
        (("indicator", V), ("period", V), ("period_start", D), ("period_end", D),
         ("value", F), ("numerator", F), ("denominator", F)),
        key=("indicator", "period"),
        version=("load_id",),  # every import kept; the latest import of a figure wins
        description="Values of supplied indicators imported with `scorecard supply` (one per indicator, LA, period).",
    ),
]
