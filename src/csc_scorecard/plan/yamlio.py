"""The plan as YAML: read into the same Records the workbook gives (so one checker serves both),
and written back from a Plan. Problems are located by section and line (`priorities, line 12, due`).

```yaml
title: Improvement plan 2024-26
themes: child-journey            # a preset name, or a list of theme names
priorities:
  - id: P1
    theme: The front door
    title: Timely, proportionate decisions at the front door
    lead: Head of MASH
    actions:
      - id: A1.1
        title: Daily MASH triage huddle
        owner: MASH team manager
        team: MASH
        start: 2024-04-01
        due: 2024-09-30
        status: Completed
        percent_complete: 100
        indicators:
          - {ref: TS 1, target: 20, by: 2025-03-31}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ScorecardError
from ..yamlfile import line_of, load_yaml
from .model import Plan
from .parse import HEADINGS, Record
from .themes import PRESETS

TOP = ("title", "themes", "priorities")


def read_yaml(path: str | Path) -> tuple[dict[str, list[Record]], str | None, list[str]]:
    """Records per sheet name, the title, and structural problems (as plain messages)."""
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ScorecardError(f"{path}: a plan must be a mapping with title:, themes: and priorities:.")
    unknown = [k for k in data if k not in TOP]
    structural = [f'"{k}" is not a key of a plan (the keys are {", ".join(TOP)}).' for k in unknown]
    themes = data.get("themes")
    if isinstance(themes, str) and themes in PRESETS:
        themes = PRESETS[themes]
    records: dict[str, list[Record]] = {"Themes": [], "Priorities": [], "Actions": [], "Indicators": []}
    if isinstance(themes, list):
        records["Themes"] = [Record(line_of(themes, i), {"theme": t}) for i, t in enumerate(themes)]
    elif themes is not None:
        structural.append(f'themes: "{themes}" is neither a preset ({", ".join(PRESETS)}) nor a list of names.')
    for pi, p in enumerate(data.get("priorities") or []):
        if not isinstance(p, dict):
            structural.append(f"priorities, item {pi + 1}: each priority must be a mapping (id:, theme:, title:).")
            continue
        records["Priorities"].append(Record(line_of(p), {k: p.get(k) for k in HEADINGS["Priorities"]},
                                            lines=_lines(p)))
        for ai, a in enumerate(p.get("actions") or []):
            if not isinstance(a, dict):
                structural.append(f"priority {p.get('id')}, action {ai + 1}: each action must be a mapping.")
                continue
            values = {k: a.get(k) for k in HEADINGS["Actions"]}
            values["priority"] = p.get("id")
            records["Actions"].append(Record(line_of(a), values, lines=_lines(a)))
            for link in a.get("indicators") or []:
                if isinstance(link, (str, int)):
                    link = {"ref": link}
                if not isinstance(link, dict):
                    continue
                records["Indicators"].append(Record(line_of(link) or line_of(a), {
                    "action": a.get("id"), "ref": link.get("ref") or link.get("indicator"),
                    "target": link.get("target"), "by": link.get("by")}, lines=_lines(link)))
    return records, (str(data["title"]) if data.get("title") else None), structural


def _lines(mapping: dict) -> dict[str, int]:
    lines = getattr(mapping, "lines", None)
    return {k: v for k, v in lines.items() if v} if isinstance(lines, dict) else {}


def plan_to_yaml(plan: Plan) -> str:
    data = plan.as_dict()

    def clean(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items() if v is not None and v != []}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        if isinstance(obj, float) and obj.is_integer():
            return int(obj)
        return obj

    head = "# Improvement plan: edit, then `scorecard plan import` this file.\n"
    return head + yaml.safe_dump(clean(data), sort_keys=False, allow_unicode=True, width=100)


def write_yaml(path: str | Path, plan: Plan) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_to_yaml(plan), encoding="utf-8")
    return path

