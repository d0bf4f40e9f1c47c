"""plan-report.xlsx: the plan report as a workbook: Actions (one row per action and linked
indicator, with flags, movement and the test), Forecast, and About. Prints on A4 landscape."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from ..plan.evaluate import DUE_SOON_DAYS, PlanReport, themed

NUMBER = {"percent": "0.0", "count": "#,##0", "rate10k": "0.0", "days": "0", "score": "0.0", "number": "0.0"}
RAG_COLOURS = {"Red": ("#F4CDC6", "#942514"), "Amber": ("#FFF7BF", "#594D00"), "Green": ("#CCE2D8", "#005A30")}
STATUS_COLOURS = {"on track": "Green", "target met": "Green", "at risk": "Amber", "off track": "Red",
                  "target missed": "Red"}


def _dt(d: date | None):
    return datetime(d.year, d.month, d.day) if d else None


def write_plan_xlsx(report: PlanReport, path: str | Path) -> Path:
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    try:
        f = {
            "head": wb.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
                                   "valign": "top", "border": 1}),
            "title": wb.add_format({"bold": True, "font_size": 14}),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top", "font_size": 9}),
            "date": wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
            "pct0": wb.add_format({"num_format": "0", "valign": "top"}),
            "flag": wb.add_format({"bold": True, "font_color": "#942514", "bg_color": "#F4CDC6", "valign": "top"}),
            "soon": wb.add_format({"bold": True, "font_color": "#594D00", "bg_color": "#FFF7BF", "valign": "top"}),
            **{f"rag{k}": wb.add_format({"bold": True, "bg_color": bg, "font_color": fg, "valign": "top",
                                         "align": "center"}) for k, (bg, fg) in RAG_COLOURS.items()},
            **{f"n{u}": wb.add_format({"num_format": nf, "valign": "top"}) for u, nf in NUMBER.items()},
        }
        _actions_sheet(wb, report, f)
        _forecast_sheet(wb, report, f)
        about = wb.add_worksheet("About")
        about.set_column(0, 0, 120)
        lines = [
            f"{report.plan.title}: {report.la_name} ({report.la}), progress as at {report.as_at:%d %B %Y} "
            f"(period {report.period}); plan version {report.version['version']}, saved "
            f"{report.version['saved_at']:%d %B %Y %H:%M} by {report.version['saved_by']}.",
            f"Overdue: due before {report.as_at:%d %B %Y} and neither Completed nor Cancelled. Due soon: due in the "
            f"next {DUE_SOON_DAYS} days.",
            "RAG marked * was left blank in the plan and is worked out from % complete against the share of the "
            "time from start to due that has passed (90%+ of it Green, 70-90% Amber, less Red; overdue Red).",
            "Movement: the indicator over the time since the action started (up to the last 12 months) against the "
            "same length of time just before it (snapshots: the day before the start against the report date). "
            "Beyond chance variation = the two figures' 95% intervals do not overlap (the scorecard's test).",
            "Forecast: the figure expected at 31 March with an 80% interval; methods in docs/plan.md.",
        ]
        about.write(0, 0, "About this report", f["title"])
        for i, line in enumerate(lines, 2):
            about.write(i, 0, line, f["wrap"])
    finally:
        wb.close()
    return path


# The columns a meeting reads; the bases, intervals and windows are in the JSON and the HTML.
ACTION_COLS = [("Theme / priority", 24), ("ID", 6), ("Action", 32), ("Owner", 16), ("Due", 10.5), ("Status", 10),
               ("% done", 6.5), ("RAG", 6.5), ("Flag", 11), ("Ref", 6), ("Indicator", 24), ("Before", 7.5),
               ("After", 7.5), ("Movement since the action began", 26), ("Target", 7), ("By", 10.5),
               ("On track?", 10), ("Notes", 26)]


def _sheet(wb, name: str, cols, f):
    ws = wb.add_worksheet(name)
    for c, (h, w) in enumerate(cols):
        ws.write(0, c, h, f["head"])
        ws.set_column(c, c, w)
    ws.set_row(0, 30)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.autofilter(0, 0, 0, len(cols) - 1)
    return ws


def _actions_sheet(wb, report: PlanReport, f) -> None:
    ws = _sheet(wb, "Actions", ACTION_COLS, f)
    r = 1
    for theme in themed(report):
        for p in theme["priorities"]:
            for a in p["actions"]:
                for i in a["indicators"] or [None]:
                    ws.set_row(r, 45)
                    ws.write(r, 0, f"{theme['theme']}: {p['id']}. {p['priority']}", f["wrap"])
                    ws.write(r, 1, a["id"], f["wrap"])
                    ws.write(r, 2, a["title"], f["wrap"])
                    ws.write(r, 3, a["owner"], f["wrap"])
                    if a["due"]:
                        ws.write_datetime(r, 4, _dt(a["due"]), f["date"])
                    ws.write(r, 5, a["status"], f["wrap"])
                    if a["percent_complete"] is not None:
                        ws.write_number(r, 6, a["percent_complete"], f["pct0"])
                    if a["rag"]:
                        ws.write(r, 7, a["rag"] + ("*" if a["rag_source"] == "worked out" else ""),
                                 f[f"rag{a['rag']}"])
                    if a["overdue"]:
                        ws.write(r, 8, f"Overdue {a['days_overdue']}d", f["flag"])
                    elif a["due_soon"]:
                        ws.write(r, 8, "Due soon", f["soon"])
                    if i is not None:
                        num = f.get(f"n{i['unit']}", f["wrap"])
                        ws.write(r, 9, i["ref"], f["wrap"])
                        ws.write(r, 10, i["indicator"], f["wrap"])
                        e = i["evidence"]
                        for c, fig in ((11, e["before"]), (12, e["after"])):
                            if fig and fig["value"] is not None:
                                ws.write_number(r, c, fig["value"], num)
                        ws.write(r, 13, i["movement"] + (f" ({e['reason']})" if e["reason"] else ""), f["wrap"])
                        if i["target"] is not None:
                            ws.write_number(r, 14, i["target"], num)
                        if i["by"]:
                            ws.write_datetime(r, 15, _dt(i["by"]), f["date"])
                        st = i["on_track"]["status"]
                        if st:
                            ws.write(r, 16, st, f[f"rag{STATUS_COLOURS[st]}"])
                    if a["notes"]:
                        ws.write(r, 17, a["notes"], f["wrap"])
                    r += 1


FORECAST_COLS = [("Ref", 7), ("Indicator", 44), ("Forecast at 31 March", 11), ("80% low", 9), ("80% high", 9),
                 ("Target", 9), ("Status", 11), ("Method", 26), ("Note", 50), ("Target from", 34)]


def _forecast_sheet(wb, report: PlanReport, f) -> None:
    ws = _sheet(wb, "Forecast", FORECAST_COLS, f)
    for r, fc in enumerate(report.forecasts, 1):
        num = f.get(f"n{fc['unit']}", f["wrap"])
        ws.write(r, 0, fc["ref"], f["wrap"])
        ws.write(r, 1, fc["title"], f["wrap"])
        for c, key in ((2, "point"), (3, "low"), (4, "high"), (5, "target")):
            if fc[key] is not None:
                ws.write_number(r, c, fc[key], num)
        if fc["status"]:
            ws.write(r, 6, fc["status"], f[f"rag{STATUS_COLOURS[fc['status']]}"])
        ws.write(r, 7, fc["method"], f["wrap"])
        ws.write(r, 8, fc["note"] or "", f["wrap"])
        ws.write(r, 9, fc["target_source"], f["wrap"])
