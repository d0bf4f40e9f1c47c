"""What the Project does for `scorecard plan report` and for the paper's plan section.

One read-only connection serves the engine; plan/evaluate.py computes; the renderers
(plan_html.py, plan_xlsx.py, JSON here) get the plain PlanReport.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from ..assess.layout import load_layout
from ..indicators.period import Period, parse_period
from ..indicators.run import engine_for
from ..plan.evaluate import PlanReport, evaluate, themed
from ..plan.run import current_plan, require_plan

FORMATS = ("xlsx", "html", "json")


def plan_report(project, period: str | Period, *, la: str | None = None, out: str | Path | None = None,
                formats=FORMATS) -> tuple[PlanReport, dict[str, Path]]:
    period = parse_period(period)
    la, plan, header = require_plan(project, la)
    report = _evaluate(project, plan, header, la, period)
    files: dict[str, Path] = {}
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        if "json" in formats:
            files["plan-report.json"] = write_json(report, out / "plan-report.json")
        if "html" in formats:
            from .plan_html import write_plan_html
            files["plan-report.html"] = write_plan_html(report, out / "plan-report.html")
        if "xlsx" in formats:
            from .plan_xlsx import write_plan_xlsx
            files["plan-report.xlsx"] = write_plan_xlsx(report, out / "plan-report.xlsx")
    return report, files


def _evaluate(project, plan, header, la, period: Period, *, scorecard_forecasts: bool = True,
              layout=None) -> PlanReport:
    settings = project.config
    catalogue = project.catalogue()
    layout = load_layout(layout or settings.layout, catalogue)
    with engine_for(project.db_path, settings, catalogue) as engine:
        return evaluate(engine, plan, header, la, period, la_name=settings.name_of(la), layout=layout,
                        catalogue=catalogue, scorecard_forecasts=scorecard_forecasts)


def plan_for_paper(project, period: str | Period, *, la: str | None = None) -> list[dict]:
    """The plan's themes, priorities and actions with each linked indicator's movement, for the paper;
    [] when the LA has no plan."""
    la, plan, header = current_plan(project, la)
    if plan is None:
        return []
    report = _evaluate(project, plan, header, la, parse_period(period), scorecard_forecasts=False)
    out = []
    for theme in themed(report):
        for p in theme["priorities"]:
            out.append({"theme": theme["theme"], "priority": p["priority"], "actions": [{
                "id": a["id"], "title": a["title"], "owner": a["owner"], "due": a["due"], "status": a["status"],
                "rag": a["rag"], "percent_complete": a["percent_complete"],
                "indicators": [{"ref": i["ref"], "indicator": i["indicator"], "movement": i["movement"]}
                               for i in a["indicators"]]} for a in p["actions"]]})
    return out


def year_end_forecasts(project, period: str | Period, *, la: str | None = None, layout=None) -> list[dict]:
    """The year-end forecast of every scorecard row with a target this year, plan or no plan, for the
    scorecard's forecast column ({ref, indicator, point, low, high, target, status, method, note, ...} per
    row, in layout order)."""
    from ..plan.model import Plan
    from ..plan.run import which_la

    la = which_la(project, la)
    return _evaluate(project, Plan("", []), {}, la, parse_period(period), layout=layout).forecasts


def _default(obj):
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(type(obj).__name__)


def write_json(report: PlanReport, path: Path) -> Path:
    path.write_text(json.dumps(report.as_dict(), indent=2, default=_default), encoding="utf-8")
    return path
