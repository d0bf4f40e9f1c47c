"""The plan as plain data: themes, priorities, actions, and each action's links to indicators.

A plan is stored whole at every change (store/plan_store.py keeps every version), so these
objects are what one version holds. Field names are those of the YAML file; the workbook's
column headings map onto them (workbook.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

STATUSES = ("Not started", "In progress", "Completed", "On hold", "Cancelled")
RAGS = ("Red", "Amber", "Green")
CLOSED = ("Completed", "Cancelled")  # never overdue


@dataclass
class Link:
    """An indicator an action should move: the scorecard ref (or indicator id), the target, and by when."""

    ref: str
    indicator: str
    target: float | None
    by: date | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Action:
    id: str
    priority: str
    title: str
    owner: str
    team: str | None = None
    start: date | None = None
    due: date | None = None
    status: str = "Not started"
    percent_complete: float | None = None
    rag: str | None = None  # as the owner gives it; blank = worked out from progress against time
    notes: str | None = None
    indicators: list[Link] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Priority:
    id: str
    theme: str
    title: str
    lead: str | None = None


@dataclass
class Plan:
    title: str
    themes: list[str]
    priorities: list[Priority] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def actions_of(self, priority_id: str) -> list[Action]:
        return [a for a in self.actions if a.priority == priority_id]

    def action(self, action_id: str) -> Action:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def as_dict(self) -> dict:
        """The YAML shape: actions nested under their priority, links under their action."""
        return {
            "title": self.title,
            "themes": list(self.themes),
            "priorities": [
                {**asdict(p), "actions": [{k: v for k, v in a.as_dict().items() if k != "priority"}
                                          for a in self.actions_of(p.id)]}
                for p in self.priorities
            ],
        }
