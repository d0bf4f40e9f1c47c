"""scorecard.xlsx: the council scorecard layout, with real Excel formatting.

A Summary sheet (RAG counts per section), one sheet per section (ref,
indicator, polarity, previous periods, this period, trend sparkline, target,
RAG, neighbours, England, direction, quartile, low base, comparator years,
notes) and a Definitions sheet. Values are written unrounded (percentages as
0-100, exactly as the indicator engine computes them) and shown through
number formats, so a figure copied out of the workbook is the real one.
"""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_range, xl_range_abs

from .formatting import direction_text, period_label, rag_text
from .model import LOW_BASE_TEXT, POLARITY_LABEL, RAG_LETTER, RAGS, Line, Scorecard, Section

# Percentages are stored 0-100, so the % sign is literal text, not Excel's x100 format.
NUMBER_FORMATS = {
    "percent": '0.0"%"',
    "count": "#,##0",
    "days": "#,##0",
    "rate10k": "#,##0.0",
    "score": "0.0",
    "number": "#,##0.0",
}

# The same pairs as the HTML (GOV.UK tag colours): pale fill, dark text, letter always shown.
RAG_COLOURS = {
    "green": ("#CCE2D8", "#005A30"),
    "amber": ("#FFF7BF", "#594D00"),
    "red": ("#F4CDC6", "#942514"),
}
HEADER_FILL = "#1D70B8"
BAND_FILL = "#F3F2F1"
FONT = "Arial"

SHORT_SHEET_NAMES = {
    "children in need of help and protection": "Help and protection",
    "children looked after and achieving permanence": "Looked after and permanence",
    "care leavers": "Care leavers",
    "leadership and workforce": "Leadership and workforce",
}


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel-safe sheet name (31 characters, none of []:*?/\\ or control characters, not starting or ending
    with an apostrophe, not "History"), unique in the workbook."""
    name = SHORT_SHEET_NAMES.get(title.strip().lower()) or re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", " ", title)
    name = " ".join(name.split())[:31].strip().strip("'").strip()
    if not name or name.lower() == "history":  # Excel keeps "History" for itself
        name = f"Section {name}".strip()[:31]
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


class _Formats:
    """All cell formats of the workbook, created once (xlsxwriter formats are workbook-wide)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": FONT, "font_size": 10, "valign": "top"}
        self.wb = wb
        self.base = base
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "font_color": "#0B0C0C"})
        self.subtitle = wb.add_format({**base, "font_size": 11, "font_color": "#505A5F"})
        self.header = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL,
                                     "text_wrap": True, "valign": "bottom", "border": 1,
                                     "border_color": "#FFFFFF"})
        self.header_current = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#003078",
                                             "text_wrap": True, "valign": "bottom", "border": 1,
                                             "border_color": "#FFFFFF", "align": "right"})
        self.header_right = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL,
                                           "text_wrap": True, "valign": "bottom", "border": 1,
                                           "border_color": "#FFFFFF", "align": "right"})
        self.text = wb.add_format({**base, "text_wrap": True, "bottom": 1, "bottom_color": "#B1B4B6"})
        self.ref = wb.add_format({**base, "bold": True, "bottom": 1, "bottom_color": "#B1B4B6"})
        self.muted = wb.add_format({**base, "font_color": "#505A5F", "text_wrap": True, "bottom": 1,
                                    "bottom_color": "#B1B4B6", "font_size": 9})
        self.centre = wb.add_format({**base, "align": "center", "bottom": 1, "bottom_color": "#B1B4B6"})
        self.missing = wb.add_format({**base, "align": "right", "font_color": "#505A5F", "bottom": 1,
                                      "bottom_color": "#B1B4B6"})
        self.label = wb.add_format({**base, "bold": True})
        self.plain = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.date = wb.add_format({**base, "num_format": "d mmmm yyyy", "align": "left"})
        self.datetime = wb.add_format({**base, "num_format": "d mmmm yyyy hh:mm", "align": "left"})
        self._numbers: dict[tuple[str, bool], object] = {}
        self.rag = {r: wb.add_format({**base, "bold": True, "align": "center", "bg_color": fill, "font_color": ink,
                                      "border": 1, "border_color": "#FFFFFF"})
                    for r, (fill, ink) in RAG_COLOURS.items()}
        self.rag_header = {r: wb.add_format({**base, "bold": True, "align": "center", "valign": "bottom",
                                             "bg_color": fill,
                                             "font_color": ink, "border": 1, "border_color": "#B1B4B6"})
                           for r, (fill, ink) in RAG_COLOURS.items()}
        self.direction = {
            "better": wb.add_format({**base, "font_color": "#005A30", "bottom": 1, "bottom_color": "#B1B4B6"}),
            "worse": wb.add_format({**base, "font_color": "#942514", "bottom": 1, "bottom_color": "#B1B4B6"}),
            None: wb.add_format({**base, "bottom": 1, "bottom_color": "#B1B4B6"}),
        }
        self.low_base = wb.add_format({**base, "italic": True, "font_color": "#594D00", "bottom": 1,
                                       "bottom_color": "#B1B4B6"})
        self.count_cell = wb.add_format({**base, "num_format": "#,##0", "align": "center", "border": 1,
                                         "border_color": "#B1B4B6"})
        self.count_total = wb.add_format({**base, "num_format": "#,##0", "align": "center", "bold": True,
                                          "top": 2, "border_color": "#0B0C0C"})
        self.total_label = wb.add_format({**base, "bold": True, "top": 2, "border_color": "#0B0C0C"})
        self.table_text = wb.add_format({**base, "border": 1, "border_color": "#B1B4B6"})

    def number(self, unit: str, current: bool = False):
        key = (unit, current)
        if key not in self._numbers:
            self._numbers[key] = self.wb.add_format({
                **self.base, "num_format": NUMBER_FORMATS.get(unit, "General"), "bottom": 1,
                "bottom_color": "#B1B4B6", "bold": current, **({"bg_color": BAND_FILL} if current else {})})
        return self._numbers[key]


def write_xlsx(card: Scorecard, path: str | Path) -> Path:
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": card.title, "subject": "Children's social care scorecard",
                       "author": "csc-scorecard", "company": card.la_name, **(
                           {"created": card.generated_at} if card.generated_at else {})})
    fmt = _Formats(wb)
    taken: set[str] = {"summary", "definitions"}
    names = [sheet_name(s.title, taken) for s in card.sections]
    _summary_sheet(wb, fmt, card, names)
    for section, name in zip(card.sections, names):
        _section_sheet(wb, fmt, card, section, name)
    _definitions_sheet(wb, fmt, card)
    wb.close()
    return path


def _print_setup(ws, card: Scorecard, what: str, header_rows: tuple[int, int] | None = None) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as long as it needs
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    if header_rows:
        ws.repeat_rows(*header_rows)
    # & starts a code in Excel headers: a literal one is written &&.
    la = f"{card.la_name} ({card.la})".replace("&", "&&")
    # No font-size codes (&10): one followed by text starting with a digit ("2024-25") swallows it.
    ws.set_header(f'&L&"Arial,Bold"{la}&C&"Arial,Regular"{what.replace("&", "&&")}&R&"Arial,Bold"{card.period}')
    as_at = f"Data as at {card.data_as_at:%d %B %Y}" if card.data_as_at else ""
    ws.set_footer(f'&L&"Arial,Regular"{as_at}&CPage &P of &N&R&"Arial,Regular"csc-scorecard')


def _summary_sheet(wb, fmt: _Formats, card: Scorecard, names: list[str]) -> None:
    ws = wb.add_worksheet("Summary")
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 5, 12)
    ws.write(0, 0, card.title, fmt.title)
    ws.set_row(0, 24)
    rows = [("Local authority", f"{card.la_name} ({card.la})"), ("Period", card.period)]
    if card.compare_to:
        rows.append(("Direction of travel compared with", card.compare_to))
    r = 2
    for label, value in rows:
        ws.write(r, 0, label, fmt.label)
        ws.write_string(r, 1, value, fmt.plain)
        r += 1
    if card.data_as_at:
        ws.write(r, 0, "Data as at", fmt.label)
        ws.write_datetime(r, 1, card.data_as_at, fmt.date)
        r += 1
    if card.generated_at:
        ws.write(r, 0, "Produced", fmt.label)
        ws.write_datetime(r, 1, card.generated_at, fmt.datetime)
        r += 1
    if card.public:
        ws.write(r, 0, "Public version: figures on a low base (fewer than 10) are withheld.", fmt.plain)
        r += 1

    r += 1
    head = ["Section", "Indicators", "Green", "Amber", "Red", "Not rated"]
    for c, h in enumerate(head):
        style = fmt.rag_header[h.lower()] if h.lower() in RAGS else fmt.header
        ws.write(r, c, h, style)
    first = r + 1
    for section, name in zip(card.sections, names):
        r += 1
        counts = card.rag_counts(section)
        ws.write_url(r, 0, f"internal:'{name.replace(chr(39), chr(39) * 2)}'!A1", fmt.table_text,
                     string=section.title)  # an apostrophe in a sheet reference is written twice
        ws.write_number(r, 1, len(section.lines), fmt.count_cell)
        for c, key in enumerate(("green", "amber", "red", "none"), start=2):
            ws.write_number(r, c, counts[key], fmt.count_cell)
    r += 1
    ws.write(r, 0, "All sections", fmt.total_label)
    for c in range(1, 6):
        total = sum(len(s.lines) for s in card.sections) if c == 1 else \
            card.rag_counts()[("green", "amber", "red", "none")[c - 2]]
        ws.write_formula(r, c, f"=SUM({xl_range(first, c, r - 1, c)})", fmt.count_total, total)

    r += 2
    ws.write(r, 0, "How to read the scorecard", fmt.label)
    for text in _reading_notes(card):
        r += 1
        ws.merge_range(r, 0, r, 5, text, fmt.wrap)
        ws.set_row(r, 28)
    _print_setup(ws, card, "Summary")
    ws.activate()


def _reading_notes(card: Scorecard) -> list[str]:
    return [
        "RAG: G = green (meets the target), A = amber (close to it), R = red (short of it); the letter is always "
        "shown so the rating survives black-and-white printing. Context indicators have no good direction and no "
        "rating.",
        "Direction: the arrow shows which way the figure moved since "
        f"{card.compare_to or 'the previous period'}; the word says whether that is better or worse.",
        "Percentages are shown to one decimal place; the cells hold the unrounded figure.",
        "Low base: the figure rests on fewer than 10 children or events, so one case moves it a lot."
        + (" In this public version such figures are withheld." if card.public else ""),
        "Neighbours and England are the latest published figures; the Comparator years column says which year.",
    ]


def _section_sheet(wb, fmt: _Formats, card: Scorecard, section: Section, name: str) -> None:
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    history = [period_label(p) for p in card.periods[:-1]]
    cols = (["Ref", "Indicator", "Polarity"] + history
            + [f"This period\n{period_label(card.period)}", "Trend", "Target", "RAG", "Stat neighbours", "England",
               "Direction", "Quartile", "Low base", "Comparator years", "Notes"])
    c_hist = 3
    c_now = c_hist + len(history)
    c_trend, c_target, c_rag = c_now + 1, c_now + 2, c_now + 3
    c_sn, c_eng, c_dir, c_q, c_low, c_years, c_notes = range(c_now + 4, c_now + 11)
    c_data = c_notes + 1  # hidden: the trend figures as plain numbers, for the sparklines

    # Narrow enough to print one page wide on A4 landscape at about 70%.
    widths = {0: 6, 1: 36, 2: 8, c_now: 10, c_trend: 12, c_target: 8, c_rag: 5, c_sn: 10, c_eng: 8, c_dir: 10,
              c_q: 8, c_low: 8, c_years: 20, c_notes: 24}
    for c in range(len(cols)):
        ws.set_column(c, c, widths.get(c, 8))
    ws.set_column(c_data, c_data + len(card.periods) - 1, 9, None, {"hidden": True})

    ws.write(0, 0, section.title, fmt.title)
    ws.set_row(0, 24)
    sub = f"{card.la_name} ({card.la}) · {card.period}"
    if card.compare_to:
        sub += f" · direction compared with {card.compare_to}"
    if card.data_as_at:
        sub += f" · data as at {card.data_as_at:%d %B %Y}"
    ws.write(1, 0, sub, fmt.subtitle)
    header_row = 3
    ws.set_row(header_row, 30)
    right_aligned = set(range(c_hist, c_now)) | {c_target, c_sn, c_eng}
    for c, h in enumerate(cols):
        style = fmt.header_current if c == c_now else fmt.header_right if c in right_aligned else fmt.header
        ws.write(header_row, c, h, style)

    r = header_row
    for line in section.lines:
        r += 1
        notes = _notes(line)
        ws.set_row(r, _row_height([(line.title, widths[1] * 1.35), (line.comparator_notes, widths[c_years] * 1.6),
                                   (notes, widths[c_notes] * 1.6)]))
        ws.write_string(r, 0, line.ref, fmt.ref)
        ws.write_string(r, 1, line.title, fmt.text)
        ws.write_string(r, 2, POLARITY_LABEL.get(line.polarity, line.polarity), fmt.centre)
        for i, fig in enumerate(line.figures):
            col = c_hist + i
            current = i == len(line.figures) - 1
            if card.withheld(line, fig):
                ws.write_string(r, col, LOW_BASE_TEXT, fmt.missing)
            elif fig.available:
                ws.write_number(r, col, fig.value, fmt.number(line.unit, current))
            else:
                ws.write_string(r, col, "n/a", fmt.missing)
        ws.write_blank(r, c_trend, None, fmt.text)
        # Sparklines read hidden copies of the figures holding numbers only:
        # Excel would plot the "n/a" and "low base" text of the visible cells as 0.
        shown = [f for f in line.figures if f.available and not card.withheld(line, f)]
        for i, fig in enumerate(line.figures):
            if fig in shown:
                ws.write_number(r, c_data + i, fig.value)
        if len(shown) >= 2:
            ws.add_sparkline(r, c_trend, {
                "range": f"'{name}'!{xl_range_abs(r, c_data, r, c_data + len(line.figures) - 1)}",
                "type": "line", "markers": True, "last_point": True, "series_color": "#1D70B8",
                "markers_color": "#1D70B8", "last_color": "#003078", "empty_cells": "gaps", "weight": 1.5,
                "show_hidden": True,
            })
        _write_number_or_blank(ws, r, c_target, line.target, fmt.number(line.unit), fmt.text)
        if line.rag in RAGS:
            ws.write_string(r, c_rag, RAG_LETTER[line.rag], fmt.rag[line.rag])
        else:
            ws.write_blank(r, c_rag, None, fmt.centre)
        _write_number_or_blank(ws, r, c_sn, line.neighbours.value if line.neighbours else None,
                               fmt.number(line.unit), fmt.text)
        _write_number_or_blank(ws, r, c_eng, line.england.value if line.england else None,
                               fmt.number(line.unit), fmt.text)
        ws.write_string(r, c_dir, direction_text(line), fmt.direction.get(
            line.direction if line.polarity != "context" else None, fmt.direction[None]))
        ws.write_string(r, c_q, line.quartile or "", fmt.centre)
        ws.write_string(r, c_low, "Low base" if line.low_base else "", fmt.low_base)
        ws.write_string(r, c_years, line.comparator_notes, fmt.muted)
        ws.write_string(r, c_notes, notes, fmt.muted)

    ws.freeze_panes(header_row + 1, 2)
    ws.autofilter(header_row, 0, max(r, header_row + 1), len(cols) - 1)
    _print_setup(ws, card, section.title, (header_row, header_row))
    ws.print_area(0, 0, max(r, header_row), len(cols) - 1)


def _row_height(texts: list[tuple[str, float]]) -> float:
    """Tall enough for the longest wrapped text (Excel does not grow a row whose height is set),
    and never under 30 points, so the sparkline has room. `width` is about how many characters
    of the cell's font fit on one line: Arial 10 fits ~1.35 per unit of column width, Arial 9 ~1.6."""
    lines = max((max(1, -(-len(text) // max(int(width) - 2, 1))) for text, width in texts if text), default=1)
    return max(30.0, 12.0 * lines + 6)


def _write_number_or_blank(ws, r: int, c: int, value, number_fmt, blank_fmt) -> None:
    if value is None:
        ws.write_blank(r, c, None, blank_fmt)
    else:
        ws.write_number(r, c, value, number_fmt)


def _notes(line: Line) -> str:
    bits = []
    if not line.current.available and line.current.reason:
        bits.append(f"Not available: {line.current.reason}")
    why = rag_text(line)
    if why:
        bits.append(why[0].upper() + why[1:])
    if line.note and line.note != line.current.reason:
        bits.append(line.note)
    return ". ".join(b.rstrip(".") for b in bits) + ("." if bits else "")


def _definitions_sheet(wb, fmt: _Formats, card: Scorecard) -> None:
    ws = wb.add_worksheet("Definitions")
    ws.hide_gridlines(2)
    cols = [("Ref", 7), ("Indicator", 40), ("Definition", 70), ("Unit", 10), ("Polarity", 10), ("Source", 10),
            ("Judgement area", 22), ("Section", 30), ("Indicator id", 26)]
    ws.write(0, 0, "Definitions", fmt.title)
    ws.set_row(0, 24)
    for c, (h, w) in enumerate(cols):
        ws.set_column(c, c, w)
        ws.write(2, c, h, fmt.header)
    r = 2
    for section in card.sections:
        for line in section.lines:
            r += 1
            values = [line.ref, line.title, line.definition, line.unit,
                      POLARITY_LABEL.get(line.polarity, line.polarity), line.source, line.judgement_area,
                      section.title, line.indicator]
            for c, v in enumerate(values):
                ws.write_string(r, c, v or "", fmt.text)
    ws.freeze_panes(3, 2)
    _print_setup(ws, card, "Definitions", (2, 2))
