"""The workbook's share of the improvement plan: the forecast columns, the plan-actions column (a link
into the Plan actions sheet) and that sheet. Formats come from xlsx.py's one set."""

from __future__ import annotations

from .formatting import action_aim, format_value
from .model import FORECAST_RAG, Line, Scorecard

SHEET = "Plan actions"
FIRST_ROW = 4  # the header row; actions follow it in card.plan_actions order


def forecast_cells(ws, r: int, c_value: int, c_status: int, line: Line, fmt) -> None:
    f = line.forecast
    if f is None or f.point is None:
        ws.write_blank(r, c_value, None, fmt.text)
        ws.write_string(r, c_status, "" if f is None else "not forecast", fmt.muted)
        return
    ws.write_number(r, c_value, f.point, fmt.number(line.unit))
    if f.status in FORECAST_RAG:
        ws.write_string(r, c_status, f.status, fmt.rag[FORECAST_RAG[f.status]])
    else:
        ws.write_blank(r, c_status, None, fmt.text)


def forecast_note(line: Line) -> str:
    f = line.forecast
    if f is None:
        return ""
    if f.point is None:
        return f"No year-end forecast: {f.note}" if f.note else "No year-end forecast"
    if f.method == "year complete":
        return "Forecast: the year is complete, so it is the year's figure"
    return (f"Forecast {format_value(f.point, line.unit)} at {f.year_end:%-d %B %Y} (80% interval "
            f"{format_value(f.low, line.unit)} to {format_value(f.high, line.unit)}; {f.method})")


def plan_cell(ws, r: int, c: int, line: Line, card: Scorecard, text_fmt) -> None:
    """The ids of the actions that target the row, linked to the first one's row on the Plan actions sheet
    (which lists card.plan_actions in order, from the row after FIRST_ROW)."""
    if not line.actions:
        ws.write_blank(r, c, None, text_fmt)
        return
    ids = ", ".join(a.id for a in line.actions)
    row = FIRST_ROW + 1 + [a.id for a in card.plan_actions].index(line.actions[0].id)
    ws.write_url(r, c, f"internal:'{SHEET}'!A{row + 1}", text_fmt, string=ids,
                 tip="Go to the action on the Plan actions sheet")


def plan_actions_sheet(wb, fmt, card: Scorecard, print_setup) -> None:
    ws = wb.add_worksheet(SHEET)
    ws.hide_gridlines(2)
    cols = [("Action", 8), ("Title", 44), ("Owner", 24), ("Status", 12), ("Due", 12.5), ("Targets", 60)]
    ws.write(0, 0, "Improvement plan actions", fmt.title)
    ws.set_row(0, 24)
    ws.write(1, 0, "The actions of the improvement plan that target a row of this scorecard. Their progress, and "
             "whether each indicator has moved since the action began, are in the plan report "
             "(scorecard plan report).", fmt.plain)
    for c, (h, w) in enumerate(cols):
        ws.set_column(c, c, w)
        ws.write(FIRST_ROW, c, h, fmt.header)
    due_fmt = wb.add_format({**fmt.base, "num_format": "d mmm yyyy", "align": "left", "bottom": 1,
                             "bottom_color": "#B1B4B6"})
    r = FIRST_ROW
    for a in card.plan_actions:
        r += 1
        targets = []
        for line, mine in card.targets_of(a.id):
            aim = action_aim(line, mine)
            targets.append(f"{line.ref} {line.title}" + (f" ({aim})" if aim else ""))
        text = "\n".join(targets)
        lines = max(sum(-(-len(t) // 78) for t in targets), -(-len(a.title) // 55), -(-len(a.owner) // 30))
        ws.set_row(r, max(26.0, 12.0 * lines + 6))
        ws.write_string(r, 0, a.id, fmt.ref)
        ws.write_string(r, 1, a.title, fmt.text)
        ws.write_string(r, 2, a.owner, fmt.text)
        ws.write_string(r, 3, a.status, fmt.text)
        if a.due:
            ws.write_datetime(r, 4, a.due, due_fmt)
        else:
            ws.write_blank(r, 4, None, fmt.text)
        ws.write_string(r, 5, text, fmt.text)
    ws.freeze_panes(FIRST_ROW + 1, 1)
    print_setup(ws, card, SHEET, (FIRST_ROW, FIRST_ROW))
