"""Case lists as CSV and xlsx downloads (child-level: sent only after the role check, and audited)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import xlsxwriter


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def _safe_text(v):
    """A text cell starting = + - @ would run as a formula in Excel: keep it as text."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def as_csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_safe_text(_cell(r.get(c))) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def as_xlsx(columns: list[str], rows: list[dict], title: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Cases")
    bold = wb.add_format({"bold": True, "bottom": 1})
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write(0, 0, title, wb.add_format({"bold": True, "font_size": 13}))
    for j, c in enumerate(columns):
        ws.write(2, j, c, bold)
        longest = max([len(c)] + [len(str(_cell(r.get(c)))) for r in rows[:500]])
        ws.set_column(j, j, min(40, max(10, longest + 2)))
    for i, r in enumerate(rows, start=3):
        for j, c in enumerate(columns):
            v = r.get(c)
            if isinstance(v, datetime):
                ws.write_datetime(i, j, v, day)
            elif isinstance(v, date):
                ws.write_datetime(i, j, datetime(v.year, v.month, v.day), day)
            elif isinstance(v, bool):
                ws.write(i, j, "yes" if v else "no")
            elif v is None:
                ws.write_blank(i, j, None)
            else:
                ws.write(i, j, v)
    ws.freeze_panes(3, 0)
    if columns:
        ws.autofilter(2, 0, 2 + len(rows), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    wb.close()
    return buf.getvalue()
