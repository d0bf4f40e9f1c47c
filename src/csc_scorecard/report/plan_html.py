"""plan-report.html: the plan's progress and impact on one self-contained page (no script, no network)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..plan.evaluate import DUE_SOON_DAYS, PlanReport, themed
from .formatting import format_value, period_label
from .templating import environment

_env = environment("csc_scorecard.report")


def fmt_pct(value) -> str:
    return "–" if value is None else f"{value:.0f}%"


def movement_class(evidence: dict) -> str:
    if evidence.get("significant") and evidence.get("direction") == "better":
        return "movement-better"
    if evidence.get("significant") and evidence.get("direction") == "worse":
        return "movement-worse"
    return "movement-none"


def span_text(fig: dict) -> str:
    """A before/after window as people say it: '1 Apr–31 Dec 2024', or '31 Mar 2024' for a snapshot."""
    from datetime import date
    s, e = date.fromisoformat(fig["start"]), date.fromisoformat(fig["end"])
    if ".." not in fig["period"]:
        return period_label(fig["period"])
    if s == e:
        return e.strftime("%-d %b %Y")
    return f"{s.strftime('%-d %b' + (' %Y' if s.year != e.year else ''))}–{e.strftime('%-d %b %Y')}"


def render_plan_html(report: PlanReport) -> str:
    data = report.as_dict()
    attention = sorted((a for t in data["themes"] for p in t["priorities"] for a in p["actions"]
                        if a["overdue"] or a["due_soon"]),
                       key=lambda a: (not a["overdue"], -(a["days_overdue"] or 0), a["due"]))
    return _env.get_template("plan.html.j2").render(
        r=report, c=report.counts(), themes=themed(report), forecasts=data["forecasts"], attention=attention,
        period=period_label(report.period), due_soon_days=DUE_SOON_DAYS,
        year_end=f"31 March {report.as_at.year + (report.as_at.month > 3)}",
        css=Markup(_env.loader.get_source(_env, "style.css.j2")[0]),
        fmt=lambda v, unit: format_value(v, unit), fmt_pct=fmt_pct, movement_class=movement_class,
        span=span_text, short=period_label)


def write_plan_html(report: PlanReport, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_plan_html(report), encoding="utf-8")
    return path
