"""Store tables for the improvement plan (plan/), append-only.

Every change to an LA's plan (an import, an update of one action) writes a new *version*: one
``plan_version`` row saying who, when, from what and why, and the whole plan as it then stood in
``plan_priority``, ``plan_action`` and ``plan_link``. Nothing is updated or deleted, so any earlier
plan can be shown again and the history of every field (who changed what and when) is a comparison
of consecutive versions (plan/history.py). Plans are small (tens of actions), so whole copies cost
nothing and make each version self-contained.
"""

from __future__ import annotations

D, V, I, F, T = "DATE", "VARCHAR", "INTEGER", "DOUBLE", "TIMESTAMP"

PLAN_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "plan_version": (("la", V), ("version", I), ("saved_at", T), ("saved_by", V), ("source", V),
                     ("note", V), ("title", V), ("themes", V)),  # themes: JSON list, in order
    "plan_priority": (("la", V), ("version", I), ("seq", I), ("id", V), ("theme", V), ("title", V),
                      ("lead", V)),
    "plan_action": (("la", V), ("version", I), ("seq", I), ("id", V), ("priority", V), ("title", V),
                    ("owner", V), ("team", V), ("start_date", D), ("due_date", D), ("status", V),
                    ("percent_complete", F), ("rag", V), ("notes", V)),
    "plan_link": (("la", V), ("version", I), ("seq", I), ("action", V), ("ref", V), ("indicator", V),
                  ("target", F), ("target_date", D)),
}


def plan_ddl() -> str:
    return "\n".join(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(f'{c} {t}' for c, t in cols)});"
                     for name, cols in PLAN_TABLES.items())
