"""Write the full issue list of a load as CSV and XLSX for the analyst."""

from __future__ import annotations

from pathlib import Path

from ..outputs import make_private, private_dir, write_csv
from .issues import Issue

COLUMNS = ["severity", "code", "file", "location", "field", "value", "message", "fix"]
_ORDER = {"fatal": 0, "error": 1, "warning": 2, "info": 3}


def write_issue_reports(issues: list[Issue], out_dir: Path) -> tuple[Path, Path]:
    import xlsxwriter

    private_dir(out_dir)
    rows = sorted((i.as_row() for i in issues), key=lambda r: (_ORDER[r["severity"]], r["file"]))
    csv_path = out_dir / "issues.csv"
    write_csv(csv_path, COLUMNS, rows)  # 0600, formula-like values prefixed with ' (outputs.py)
    xlsx_path = out_dir / "issues.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx_path))
    ws = wb.add_worksheet("Issues")
    head = wb.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "white", "text_wrap": True})
    fills = {"fatal": "#C00000", "error": "#F4B183", "warning": "#FFE699", "info": "#DDEBF7"}
    sev_fmt = {k: wb.add_format({"bg_color": v, "font_color": "white" if k == "fatal" else "black"})
               for k, v in fills.items()}
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    widths = [10, 22, 40, 28, 24, 18, 60, 60]
    for c, (name, width) in enumerate(zip(COLUMNS, widths)):
        ws.write(0, c, name.title(), head)
        ws.set_column(c, c, width, wrap if name in ("message", "fix") else None)
    for r, row in enumerate(rows, 1):
        for c, name in enumerate(COLUMNS):
            # write_string: never let Excel turn a child ID or code into a number or date.
            ws.write_string(r, c, row[name], sev_fmt[row["severity"]] if name == "severity" else None)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    ws.set_landscape()
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    wb.close()
    make_private(xlsx_path)
    return csv_path, xlsx_path
