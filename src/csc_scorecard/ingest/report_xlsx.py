"""The issue list as an xlsx: Summary, Problems (grouped), All issues; each prints on A4 landscape."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .issues import SEVERITIES

_FILLS = {"fatal": "#C00000", "error": "#F4B183", "warning": "#FFE699", "info": "#DDEBF7"}
_WORDS = {"fatal": "Fatal (file not loaded)", "error": "Error (value or row not stored)",
          "warning": "Warning (stored, doubtful)", "info": "Note"}
_A4 = 9


def _short(path: str, keep: int = 3) -> str:
    """The last folders and the file name: enough to tell one LA-year's file from another's."""
    parts = Path(path).parts
    return str(Path(*parts[-keep:])) if len(parts) > keep else path


class _Book:
    def __init__(self, path: Path):
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(str(path))
        add = self.wb.add_format
        self.head = add({"bold": True, "bg_color": "#1F4E79", "font_color": "white", "text_wrap": True,
                         "valign": "top", "border": 1})
        self.title = add({"bold": True, "font_size": 14})
        self.note = add({"italic": True, "font_color": "#404040", "text_wrap": False})
        self.wrap = add({"text_wrap": True, "valign": "top", "border": 1})
        self.cell = add({"valign": "top", "border": 1})
        self.num = add({"valign": "top", "border": 1, "num_format": "#,##0"})
        self.sev = {k: add({"bg_color": v, "font_color": "white" if k == "fatal" else "black", "valign": "top",
                            "border": 1}) for k, v in _FILLS.items()}

    def sheet(self, name: str, columns: list[tuple[str, int]], first_row: int, footer: str):
        ws = self.wb.add_worksheet(name)
        for c, (label, width) in enumerate(columns):
            ws.set_column(c, c, width)
            ws.write_string(first_row, c, label, self.head)
        ws.freeze_panes(first_row + 1, 0)
        ws.set_paper(_A4)
        ws.set_landscape()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(first_row)
        ws.fit_to_pages(1, 0)  # every column on the page's width; as many pages down as needed
        ws.set_header(f"&L&8{footer}&R&8{name}")
        ws.set_footer("&L&8Child-level data: keep within the team&R&8Page &P of &N")
        return ws

    @staticmethod
    def fit(ws, r: int, cells: list[tuple[str, int]]) -> None:
        """Set a row's height to its longest wrapped cell: spreadsheet programs do not grow rows written by
        xlsxwriter, so wrapped text would print over the next row."""
        # ~0.85 characters per unit of column width in the default font, as LibreOffice and Excel print it
        lines = max((-(-len(text) // max(int(width * 0.85), 1)) for text, width in cells if text), default=1)
        if lines > 1:
            ws.set_row(r, 15 * min(lines, 20))

    def text(self, ws, r: int, c: int, value, fmt=None) -> None:
        # write_string: never let Excel turn a child ID or a code into a number or a date.
        ws.write_string(r, c, "" if value is None else str(value), fmt or self.wrap)


def write_workbook(path: Path, rows, groups, summary, *, title: str) -> None:
    book = _Book(path)
    _summary_sheet(book, rows, summary, title)
    _groups_sheet(book, groups, title)
    _all_sheet(book, rows, title)
    book.wb.close()


def _summary_sheet(book: _Book, rows, summary, title: str) -> None:
    cols = [("File", 38), ("Severity", 12), ("Source", 14), ("Code", 24), ("Count", 8), ("Fix", 70)]
    by_sev = Counter(r.severity for r in rows)
    las = sorted({f"{r.la} {r.year}".strip() for r in rows if r.la or r.year})
    intro = [
        ", ".join(f"{by_sev[s]:,} {_WORDS[s].split(' (')[0].lower()}" for s in SEVERITIES if by_sev[s])
        or "No issues.",
        ("LA and year: " + "; ".join(las[:12]) + (" ..." if len(las) > 12 else "")) if las else "",
        "Problems: one row per problem, file and column, with its first rows. All issues: every issue.",
    ]
    first = 2 + len([t for t in intro if t]) + 1
    ws = book.sheet("Summary", cols, first, title)
    ws.write_string(0, 0, title, book.title)
    r = 1
    for line in intro:
        if line:
            ws.write_string(r, 0, line, book.note)
            r += 1
    for n, (file, sev, source, code, count, fix) in enumerate(summary, first + 1):
        book.text(ws, n, 0, _short(file))
        book.text(ws, n, 1, sev, book.sev.get(sev))
        book.text(ws, n, 2, source)
        book.text(ws, n, 3, code)
        ws.write_number(n, 4, count, book.num)
        book.text(ws, n, 5, fix)
        book.fit(ws, n, [(_short(file), 38), (code, 24), (fix, 70)])
    ws.activate()


def _groups_sheet(book: _Book, groups, title: str) -> None:
    cols = [("Severity", 10), ("Source", 13), ("Code", 20), ("LA", 5), ("Year", 8), ("File", 30),
            ("Field", 14), ("Count", 7), ("First rows (child)", 38), ("Message", 48), ("Fix", 40)]
    ws = book.sheet("Problems", cols, 0, title)
    for n, g in enumerate(groups, 1):
        r = g.first
        book.text(ws, n, 0, r.severity, book.sev.get(r.severity))
        for c, v in enumerate((r.source, r.code, r.la, r.year, _short(r.file), r.field), 1):
            book.text(ws, n, c, v)
        ws.write_number(n, 7, g.count, book.num)
        book.text(ws, n, 8, g.where)
        # The message of the first row; a group's rows differ only in their value and place.
        book.text(ws, n, 9, r.message)
        book.text(ws, n, 10, r.fix)
        book.fit(ws, n, [(_short(r.file), 30), (r.code, 20), (g.where, 38), (r.message, 48), (r.fix, 40)])
    ws.autofilter(0, 0, max(len(groups), 1), len(cols) - 1)


def _all_sheet(book: _Book, rows, title: str) -> None:
    cols = [("Severity", 10), ("Source", 13), ("Code", 20), ("LA", 5), ("Year", 8), ("Child ID", 14),
            ("File", 28), ("Location", 22), ("Field", 14), ("Value", 14), ("Message", 48), ("Fix", 40)]
    ws = book.sheet("All issues", cols, 0, title)
    for n, r in enumerate(rows, 1):
        book.text(ws, n, 0, r.severity, book.sev.get(r.severity))
        for c, v in enumerate((r.source, r.code, r.la, r.year, r.child_id, _short(r.file), r.location, r.field,
                               r.value, r.message, r.fix), 1):
            book.text(ws, n, c, v)
        book.fit(ws, n, [(_short(r.file), 28), (r.location, 22), (r.message, 48), (r.fix, 40)])
    ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)
