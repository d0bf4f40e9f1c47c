"""scorecard.xlsx: the council scorecard layout, ready for a committee pack.

A Summary sheet (RAG counts per section, how to read the scorecard), one
sheet per section (ref, indicator, earlier periods, this period with the
counts behind it, target, RAG, neighbours, region, England, direction against
the previous period and the same period last year, rank, quartile, notes), a
Trends sheet of native Excel line charts (the LA, its target, England, its
region and its neighbours year by year), a Sources sheet the numbered markers
in the comparator cells refer to, and a Definitions sheet. Values are written
unrounded (percentages as 0-100, as the engine computes them) and shown
through number formats, so a figure copied out is the real one; a source
marker is part of the number format ('22.6% [1]'), so the cell stays a number.

Print: every sheet is A4 landscape, one page wide, and its columns are sized
so that fitting to the page keeps 10 pt text at 8 pt or more (PRINT_WIDTH).
"""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_range

from .formatting import direction_text, format_count, ordinal, period_label, rag_text, reading_notes
from .model import POLARITY_LABEL, RAG_LETTER, RAGS, Line, Scorecard, Section
from .xlsx_charts import trends_sheet
from .xlsx_plan import forecast_cells, forecast_note, plan_actions_sheet, plan_cell

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
# A4 landscape less the margins is about 10.9 inches; at 96 dpi, Excel's 7 pixels per unit of column
# width (plus 5 per column) must stay under this for fit-to-width to scale 10 pt text to 8 pt or more.
PRINT_WIDTH_PX = 1300

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
        self.centre = wb.add_format({**base, "align": "center", "bottom": 1, "bottom_color": "#B1B4B6",
                                     "text_wrap": True})
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
            "better": wb.add_format({**base, "font_color": "#005A30", "bottom": 1, "bottom_color": "#B1B4B6",
                                     "text_wrap": True}),
            "worse": wb.add_format({**base, "font_color": "#942514", "bottom": 1, "bottom_color": "#B1B4B6",
                                    "text_wrap": True}),
            None: wb.add_format({**base, "bottom": 1, "bottom_color": "#B1B4B6", "text_wrap": True}),
        }
        self.low_base = wb.add_format({**base, "italic": True, "font_color": "#594D00", "bottom": 1,
                                       "bottom_color": "#B1B4B6"})
        self.count_cell = wb.add_format({**base, "num_format": "#,##0", "align": "center", "border": 1,
                                         "border_color": "#B1B4B6"})
        self.count_total = wb.add_format({**base, "num_format": "#,##0", "align": "center", "bold": True,
                                          "top": 2, "border_color": "#0B0C0C"})
        self.total_label = wb.add_format({**base, "bold": True, "top": 2, "border_color": "#0B0C0C"})
        self.table_text = wb.add_format({**base, "border": 1, "border_color": "#B1B4B6"})

    def number(self, unit: str, current: bool = False, marker: int | None = None):
        """A number format for the unit; ``marker`` appends a source marker (' [1]') to the shown text."""
        key = (unit, current, marker)
        if key not in self._numbers:
            fmt = NUMBER_FORMATS.get(unit, "General")
            if marker:
                fmt = f'{fmt}" [{marker}]"' if fmt != "General" else f'0.0" [{marker}]"'
            self._numbers[key] = self.wb.add_format({
                **self.base, "num_format": fmt, "bottom": 1,
                "bottom_color": "#B1B4B6", "bold": current, **({"bg_color": BAND_FILL} if current else {})})
        return self._numbers[key]


def write_xlsx(card: Scorecard, path: str | Path) -> Path:
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": card.title, "subject": card.layout_title,
                       "author": "csc-scorecard", "company": card.la_name, **(
                           {"created": card.generated_at} if card.generated_at else {})})
    fmt = _Formats(wb)
    taken: set[str] = {"summary", "trends", "sources", "definitions", "chart data", "plan actions"}
    names = [sheet_name(s.title, taken) for s in card.sections]
    _summary_sheet(wb, fmt, card, names)
    for section, name in zip(card.sections, names):
        _section_sheet(wb, fmt, card, section, name)
    trends_sheet(wb, fmt, card, _print_setup)
    if card.plan_actions:
        plan_actions_sheet(wb, fmt, card, _print_setup)
    _sources_sheet(wb, fmt, card)
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
    ws.set_header(f'&L&"Arial,Bold"{la}&C&"Arial,Regular"{what.replace("&", "&&")}&R&"Arial,Bold"{period_label(card.period)}')
    as_at = f"Data as at {card.data_as_at:%d %B %Y}" if card.data_as_at else ""
    ws.set_footer(f'&L&"Arial,Regular"{as_at}&CPage &P of &N&R&"Arial,Regular"csc-scorecard')


def _wrapped_rows(ws, r: int, text: str, width_chars: float, fmt, last_col: int) -> None:
    """A paragraph across merged cells, its row tall enough for the wrapped text (Excel does not grow it)."""
    ws.merge_range(r, 0, r, last_col, text, fmt)
    lines = max(1, -(-len(text) // max(int(width_chars), 1)))
    ws.set_row(r, 13.0 * lines + 4)


def _summary_sheet(wb, fmt: _Formats, card: Scorecard, names: list[str]) -> None:
    ws = wb.add_worksheet("Summary")
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 50)
    ws.set_column(1, 5, 12)
    ws.set_column(6, 7, 20)
    ws.write(0, 0, card.title, fmt.title)
    ws.set_row(0, 24)
    rows = [("Local authority", f"{card.la_name} ({card.la})"), ("Period", period_label(card.period))]
    if card.compare_to:
        rows.append(("Direction of travel compared with", f"{card.compare_to} and the same period last year"))
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
        # as text: a date-time in a 12-wide column would print as ###
        ws.write_string(r, 1, f"{card.generated_at:%-d %B %Y %H:%M}", fmt.plain)
        r += 1
    for note in card.notes + (["Public version: DfE disclosure control applied (see Sources for the symbols)."]
                              if card.public else []):
        r += 1
        _wrapped_rows(ws, r, note, 150, fmt.wrap, 7)

    r += 2
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
    for text in reading_notes(card):
        r += 1
        _wrapped_rows(ws, r, text, 150, fmt.wrap, 7)
    _print_setup(ws, card, "Summary")
    ws.activate()


# (key, header, width): the section sheet's columns after the period figures, in order
_TAIL = (
    ("count", "Counts", 9.5), ("target", "Target", 7.5), ("rag", "RAG", 4.5), ("forecast", "Forecast", 9.5),
    ("forecast_status", "Forecast vs target", 9), ("neighbours", "Stat neighbours", 9),
    ("region", "Region", 9), ("england", "England", 9), ("previous", "vs previous", 10.5),
    ("last_year", "vs last year", 10.5), ("rank", "Rank", 8), ("quartile", "Quartile", 7),
    ("plan", "Plan actions", 8), ("notes", "Notes", 22),
)


def _columns(card: Scorecard, section: Section) -> list[tuple[str, str, float]]:
    history = [(f"p{i}", period_label(p), 7.5) for i, p in enumerate(card.periods[:-1])]
    cols = [("ref", "Ref", 5.5), ("indicator", "Indicator", 27)] + history + [
        ("now", f"This period\n{period_label(card.period)}", 9.5)]
    optional = {"target", "neighbours", "region", "england", "previous", "last_year", "rank", "quartile"}
    region = next((line.region_name for line in section.lines if line.region_name), None)
    for key, header, width in _TAIL:
        if key in optional and not card.shows(key, section):
            continue
        if key.startswith("forecast") and not card.forecast_to:
            continue
        if key == "plan" and not any(line.actions for line in section.lines):
            continue
        if key == "forecast":
            header = f"Forecast to\n{card.forecast_to:%-d %b %Y}"
        cols.append((key, region or header if key == "region" else header, width))
    # Keep the sheet narrow enough for fit-to-width to leave 10 pt text at 8 pt or more: the indicator
    # and notes columns give way first.
    excess = (sum(7 * w + 5 for _, _, w in cols) - PRINT_WIDTH_PX) / 7
    if excess > 0:
        cols = [(k, h, max(w - excess / 2, 16) if k in ("indicator", "notes") else w) for k, h, w in cols]
    return cols


def _section_sheet(wb, fmt: _Formats, card: Scorecard, section: Section, name: str) -> None:
    ws = wb.add_worksheet(name)
    ws.hide_gridlines(2)
    cols = _columns(card, section)
    at = {key: c for c, (key, _, _) in enumerate(cols)}
    for c, (_, _, width) in enumerate(cols):
        ws.set_column(c, c, width)

    ws.write(0, 0, section.title, fmt.title)
    ws.set_row(0, 24)
    sub = f"{card.la_name} ({card.la}) · {period_label(card.period)}"
    if card.compare_to:
        sub += f" · direction compared with {card.compare_to} and the same period last year"
    if card.data_as_at:
        sub += f" · data as at {card.data_as_at:%d %B %Y}"
    ws.write(1, 0, sub, fmt.subtitle)
    header_row = 3
    ws.set_row(header_row, 30)
    right = {k for k, _, _ in cols if k.startswith("p") and k != "plan"
             or k in ("target", "forecast", "neighbours", "region", "england", "rank")}
    for c, (key, header, _) in enumerate(cols):
        style = fmt.header_current if key == "now" else fmt.header_right if key in right else fmt.header
        ws.write(header_row, c, header, style)

    r = header_row
    for line in section.lines:
        r += 1
        notes = _notes(line)
        title = f"{line.title} ({POLARITY_LABEL.get(line.polarity, line.polarity)})"
        ws.set_row(r, row_height([(title, cols[at["indicator"]][2] * 1.35),
                                   (notes, cols[at["notes"]][2] * 1.6)]))
        ws.write_string(r, at["ref"], line.ref, fmt.ref)
        ws.write_string(r, at["indicator"], title, fmt.text)
        for i, fig in enumerate(line.history):
            _figure_cell(ws, r, at[f"p{i}"], line, fig, fmt, False)
        _figure_cell(ws, r, at["now"], line, line.shown, fmt, True)
        shown = line.shown
        counts = ""
        if shown.available and line.unit == "percent" and shown.numerator is not None and shown.denominator:
            counts = f"{format_count(shown.numerator)} of {format_count(shown.denominator)}"
        elif shown.available and line.unit == "rate10k" and shown.numerator is not None:
            counts = f"{format_count(shown.numerator)} children"
        ws.write_string(r, at["count"], counts, fmt.muted)
        if "target" in at:
            _write_number_or_blank(ws, r, at["target"], line.target, fmt.number(line.unit), fmt.text)
        if line.rag in RAGS:
            ws.write_string(r, at["rag"], RAG_LETTER[line.rag], fmt.rag[line.rag])
        else:
            ws.write_blank(r, at["rag"], None, fmt.centre)
        if "forecast" in at:
            forecast_cells(ws, r, at["forecast"], at["forecast_status"], line, fmt)
        if "plan" in at:
            plan_cell(ws, r, at["plan"], line, card, fmt.text)
        for key, comp in (("neighbours", line.neighbours), ("region", line.region), ("england", line.england)):
            if key in at:
                _write_number_or_blank(ws, r, at[key], comp.value if comp else None,
                                       fmt.number(line.unit, marker=comp.marker if comp else None), fmt.text)
        if "previous" in at:
            ws.write_string(r, at["previous"], direction_text(line), fmt.direction.get(
                line.direction if line.polarity != "context" else None, fmt.direction[None]))
        if "last_year" in at:
            ws.write_string(r, at["last_year"], direction_text(line, last_year=True), fmt.direction.get(
                line.direction_last_year if line.polarity != "context" else None, fmt.direction[None]))
        if "rank" in at:
            rank = f"{ordinal(line.rank)} of {line.rank_of}" if line.rank is not None and line.rank_of else ""
            if rank and line.ranked_marker:
                rank += f" [{line.ranked_marker}]"
            ws.write_string(r, at["rank"], rank, fmt.centre)
        if "quartile" in at:
            ws.write_string(r, at["quartile"], line.quartile or "", fmt.centre)
        ws.write_string(r, at["notes"], notes, fmt.muted)

    ws.freeze_panes(header_row + 1, 2)
    ws.autofilter(header_row, 0, max(r, header_row + 1), len(cols) - 1)
    _print_setup(ws, card, section.title, (header_row, header_row))
    ws.print_area(0, 0, max(r, header_row), len(cols) - 1)


def _figure_cell(ws, r: int, c: int, line: Line, fig, fmt: _Formats, current: bool) -> None:
    if fig.symbol:
        ws.write_string(r, c, fig.symbol, fmt.missing)
    elif fig.available:
        ws.write_number(r, c, fig.value, fmt.number(line.unit, current))
    else:
        ws.write_string(r, c, "n/a", fmt.missing)


def row_height(texts: list[tuple[str, float]]) -> float:
    """Tall enough for the longest wrapped text (Excel does not grow a row whose height is set).
    `width` is about how many characters of the cell's font fit on one line: Arial 10 fits ~1.35 per
    unit of column width, Arial 9 ~1.6."""
    lines = max((max(1, -(-len(text) // max(int(width) - 2, 1))) for text, width in texts if text), default=1)
    return max(26.0, 12.0 * lines + 6)


def _write_number_or_blank(ws, r: int, c: int, value, number_fmt, blank_fmt) -> None:
    if value is None:
        ws.write_blank(r, c, None, blank_fmt)
    else:
        ws.write_number(r, c, value, number_fmt)


def _notes(line: Line) -> str:
    bits = []
    if line.low_base:
        bits.append("Low base: fewer than 10 cases, so one case moves the figure a lot")
    if line.judged is not None:
        own = line.current
        alone = own.symbol or ("n/a" if not own.available else
                               (f"{own.value:.1f}%" if line.unit == "percent" else f"{own.value:,.1f}"))
        base = (f" ({format_count(own.numerator)} of {format_count(own.denominator)})"
                if own.available and line.unit == "percent" and own.denominator else "")
        bits.append(f"Judged on the {line.basis_label}; {period_label(own.period)} alone: {alone}{base}, not rated")
    if line.shown.symbol:
        bits.append("c: a small number, not shown in the public version")
    elif not line.shown.available and line.shown.reason:
        bits.append(f"Not available: {line.shown.reason}")
    if line.target is not None and line.target_basis and line.target_basis != "annual target":
        bits.append(f"Target: {line.target_basis}")
    why = rag_text(line) or (line.rag_reason if line.rag is None else "")
    if why and not line.shown.symbol:
        bits.append(why[0].upper() + why[1:])
    if line.ci_low is not None and line.ci_high is not None:
        unit = "%" if line.unit == "percent" else ""
        bits.append(f"95% interval {line.ci_low:.1f}{unit} to {line.ci_high:.1f}{unit}")
    if line.quartile and line.ranked_basis and not line.ranked_basis.startswith("this figure") \
            and line.ranked_value is not None:
        unit = "%" if line.unit == "percent" else ""
        bits.append(f"Rank and quartile of the {line.ranked_basis} figure, {line.ranked_value:.1f}{unit}")
    if line.note and line.note != line.shown.reason:
        bits.append(line.note)
    if line.forecast is not None:
        bits.append(forecast_note(line))
    return ". ".join(b.rstrip(".") for b in bits if b) + ("." if bits else "")


def _sources_sheet(wb, fmt: _Formats, card: Scorecard) -> None:
    ws = wb.add_worksheet("Sources")
    ws.hide_gridlines(2)
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 140)
    ws.write(0, 0, "Sources", fmt.title)
    ws.set_row(0, 24)
    r = 2
    _wrapped_rows(ws, r, "The number in square brackets after a comparator figure refers to this list. The council's "
                  "own figures are computed from the returns loaded in the store"
                  + (f" (data as at {card.data_as_at:%d %B %Y})." if card.data_as_at else "."), 170, fmt.wrap, 1)
    if card.synthetic:
        r += 1
        _wrapped_rows(ws, r, "This is the synthetic demo: the council's figures, and any figure computed from the "
                      "LAs in this store, are made up.", 170, fmt.wrap, 1)
    r += 2
    ws.write(r, 0, "Marker", fmt.header)
    ws.write(r, 1, "Source", fmt.header)
    for s in card.sources:
        r += 1
        ws.write_string(r, 0, f"[{s.marker}]", fmt.ref)
        ws.write_string(r, 1, s.text, fmt.text)
    if card.legend:
        r += 2
        ws.write(r, 0, "Symbols", fmt.label)
        for text in card.legend:
            r += 1
            ws.write_string(r, 1, text, fmt.plain)
    _print_setup(ws, card, "Sources")


def _definitions_sheet(wb, fmt: _Formats, card: Scorecard) -> None:
    ws = wb.add_worksheet("Definitions")
    ws.hide_gridlines(2)
    cols = [("Ref", 6), ("Indicator", 30), ("Definition", 62), ("Unit", 8), ("Polarity", 8), ("Source", 8),
            ("Judged as", 11), ("Judgement area", 24), ("Indicator id", 22)]
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
                      POLARITY_LABEL.get(line.polarity, line.polarity), line.source, line.kind,
                      line.judgement_area, line.indicator]
            ws.set_row(r, row_height([(line.definition, 62 * 1.35), (line.title, 30 * 1.35),
                                       (line.judgement_area, 24 * 1.35)]))
            for c, v in enumerate(values):
                ws.write_string(r, c, v or "", fmt.text)
    ws.freeze_panes(3, 2)
    _print_setup(ws, card, "Definitions", (2, 2))
