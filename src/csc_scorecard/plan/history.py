"""Plans to and from store rows, and the history of edits: who changed what, and when.

The store keeps every version whole (store/schema_plan.py); the history is the comparison of each
version with the one before it, field by field, so it cannot disagree with what was stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .model import Action, Link, Plan, Priority

ACTION_FIELDS = ("priority", "title", "owner", "team", "start", "due", "status", "percent_complete", "rag", "notes")
_ACTION_COLUMNS = {"start": "start_date", "due": "due_date"}


def plan_to_items(plan: Plan) -> tuple[dict, dict[str, list[dict]]]:
    header = {"title": plan.title, "themes": plan.themes}
    items = {
        "plan_priority": [{"id": p.id, "theme": p.theme, "title": p.title, "lead": p.lead} for p in plan.priorities],
        "plan_action": [{_ACTION_COLUMNS.get(f, f): getattr(a, f) for f in ("id", *ACTION_FIELDS)}
                        for a in plan.actions],
        "plan_link": [{"action": a.id, "ref": link.ref, "indicator": link.indicator, "target": link.target,
                       "target_date": link.by} for a in plan.actions for link in a.indicators],
    }
    return header, items


def items_to_plan(header: dict, items: dict[str, list[dict]]) -> Plan:
    links: dict[str, list[Link]] = {}
    for row in items["plan_link"]:
        links.setdefault(row["action"], []).append(Link(row["ref"], row["indicator"], row["target"],
                                                        row["target_date"]))
    actions = [Action(r["id"], **{f: r[_ACTION_COLUMNS.get(f, f)] for f in ACTION_FIELDS},
                      indicators=links.get(r["id"], [])) for r in items["plan_action"]]
    priorities = [Priority(r["id"], r["theme"], r["title"], r["lead"]) for r in items["plan_priority"]]
    return Plan(header["title"], list(header["themes"]), priorities, actions)


@dataclass(frozen=True)
class Change:
    version: int
    saved_at: datetime
    saved_by: str
    source: str
    note: str | None
    item: str  # "action A1.2", "priority P1", "A1.2 -> TS 2", "plan"
    field: str | None  # None for an item added or removed
    old: Any
    new: Any

    def as_dict(self) -> dict:
        return {"version": self.version, "saved_at": self.saved_at.isoformat(sep=" "), "saved_by": self.saved_by,
                "source": self.source, "note": self.note, "item": self.item, "field": self.field,
                "old": show_value(self.old), "new": show_value(self.new)}


def show_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _flat(plan: Plan) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {"plan": {"title": plan.title, "themes": "; ".join(plan.themes)}}
    for p in plan.priorities:
        out[f"priority {p.id}"] = {"theme": p.theme, "title": p.title, "lead": p.lead}
    for a in plan.actions:
        out[f"action {a.id}"] = {f: getattr(a, f) for f in ACTION_FIELDS}
        for link in a.indicators:
            out[f"action {a.id} -> {link.ref}"] = {"target": link.target, "by": link.by}
    return out


def diff(before: Plan | None, after: Plan) -> list[tuple[str, str | None, Any, Any]]:
    """(item, field, old, new) for every difference; field None = the item was added (old None) or removed."""
    a, b = _flat(before) if before else {}, _flat(after)
    out = []
    for item, fields in b.items():
        if item not in a:
            out.append((item, None, None, "added"))
            continue
        for f, v in fields.items():
            if a[item].get(f) != v:
                out.append((item, f, a[item].get(f), v))
    for item in a:
        if item not in b:
            out.append((item, None, "removed", None))
    return out


def history(versions: list[tuple[dict, Plan]]) -> list[Change]:
    """Every change, oldest first: versions are (plan_version row, Plan) in version order."""
    out: list[Change] = []
    previous = None
    for header, plan in versions:
        stamp = (header["version"], header["saved_at"], header["saved_by"], header["source"], header.get("note"))
        if previous is None:  # the first version: one line, not one per item
            links = sum(len(a.indicators) for a in plan.actions)
            out.append(Change(*stamp, "plan", None, None, f"created: {len(plan.priorities)} priorities, "
                              f"{len(plan.actions)} actions, {links} indicator links"))
        else:
            out.extend(Change(*stamp, item, f, old, new) for item, f, old, new in diff(previous, plan))
        previous = plan
    return out
