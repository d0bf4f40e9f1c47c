"""The workbook's Trends sheet: one native Excel line chart per indicator, year by year.

Native charts (xlsxwriter) print as real lines at any size, where sparklines
print as dots. Each chart has the LA (solid blue; its published years, where
its returns are not loaded, as a separate paler dashed series), its target
(grey dashes), England (purple round dots, drawn over the target so where
they coincide both show), its region (green dash-dot) and its statistical
neighbours' mean (orange dashes).
The figures sit on a hidden "Chart data" sheet, plotted with
show_hidden_data so Excel and LibreOffice still draw them.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from ..assess.history import from_first_figure
from .charts import value_ticks
from .formatting import period_label

CHART_W, CHART_H = 500, 280  # pixels
PER_ROW = 2
ROWS_PER_CHART = 15  # at 20 px a row, with a little space below the chart
# (key, name, colour, dash, width, marker)
SERIES = (
    ("target", "Target", "#505A5F", "dash", 1.5, None),
    ("neighbours", "Statistical neighbours (mean)", "#B35C00", "square_dot", 1.75, "square"),
    ("region", None, "#00703C", "dash_dot", 1.75, "diamond"),
    ("england", "England", "#4C2C92", "round_dot", 2.5, "circle"),  # a marker: often one year only
)


def _number_format(unit: str) -> str:
    return {"percent": '0"%"', "count": "#,##0", "days": "#,##0", "rate10k": "#,##0"}.get(unit, "0.0")


def trends_sheet(wb, fmt, card, print_setup) -> None:
    lines = [line for line in card.lines if line.history_series is not None
             and any(v is not None for v in line.history_series.la + line.history_series.england)]
    ws = wb.add_worksheet("Trends")
    ws.hide_gridlines(2)
    ws.write(0, 0, "Trends, year by year", fmt.title)
    ws.set_row(0, 24)
    ws.write(1, 0, f"{card.la_name} against its target, England, its region and its statistical neighbours. "
                   "The paler, dashed line: the council's published figure for years whose returns are not loaded.",
             fmt.subtitle)
    data = wb.add_worksheet("Chart data")
    data.hide()
    if not lines:
        ws.write(3, 0, "No indicator has figures for these years.", fmt.plain)
    r = 0
    for n, line in enumerate(lines):
        h = from_first_figure(line.history_series)
        years = [period_label(y) for y in h.years]
        data.write_string(r, 0, f"{line.ref} {line.title}")
        for c, y in enumerate(years, start=1):
            data.write_string(r + 1, c, y)
        rows = {}
        own = [v if not p else None for v, p in zip(h.la, h.la_published)]
        published = [v if p else None for v, p in zip(h.la, h.la_published)]
        values = {"la": own, "published": published, "target": h.target, "england": h.england,
                  "region": h.region, "neighbours": h.neighbours}
        for k, (key, series) in enumerate(values.items(), start=2):
            rows[key] = r + k
            data.write_string(r + k, 0, key)
            for c, v in enumerate(series, start=1):
                if v is not None:
                    data.write_number(r + k, c, v)
        chart = wb.add_chart({"type": "line"})
        cats = ["Chart data", r + 1, 1, r + 1, len(years)]

        def add(key, name, colour, dash, width, marker, line_on=True):
            if not any(v is not None for v in values[key]):
                return
            spec = {"name": name, "categories": cats, "values": ["Chart data", rows[key], 1, rows[key], len(years)]}
            spec["line"] = {"color": colour, "width": width, "dash_type": dash} if line_on else {"none": True}
            if marker:
                spec["marker"] = marker
            else:
                spec["marker"] = {"type": "none"}
            chart.add_series(spec)

        for key, name, colour, dash, width, marker in SERIES:
            label = name or (h.region_name or "Region")
            add(key, label, colour, dash, width, {"type": marker, "size": 5, "fill": {"color": colour},
                                                  "border": {"color": colour}} if marker else None)
        add("la", card.la_name, "#1D70B8", "solid", 2.5,
            {"type": "circle", "size": 6, "fill": {"color": "#1D70B8"}, "border": {"color": "#003078"}})
        # a separate, paler series: not every viewer draws a hollow marker, so it is told apart by colour too
        add("published", f"{card.la_name} (published)", "#8CB8E0", "dash", 2.0,
            {"type": "circle", "size": 6, "fill": {"color": "#FFFFFF"}, "border": {"color": "#1D70B8"}})
        chart.set_title({"name": f"{line.ref} {line.title}", "name_font": {"size": 10, "bold": True}})
        chart.set_x_axis({"num_font": {"size": 9}})
        ticks = value_ticks([v for series in values.values() for v in series if v is not None], line.unit)
        chart.set_y_axis({"num_font": {"size": 9}, "num_format": _number_format(line.unit),
                          "min": ticks[0], "max": ticks[-1], "major_unit": ticks[1] - ticks[0],
                          "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
        chart.set_legend({"position": "bottom", "font": {"size": 8}})
        chart.set_size({"width": CHART_W, "height": CHART_H})
        chart.show_blanks_as("gap")
        chart.show_hidden_data()
        row = 3 + (n // PER_ROW) * ROWS_PER_CHART
        col = (n % PER_ROW) * 8
        ws.insert_chart(xl_rowcol_to_cell(row, col), chart, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        r += 9
    for c in range(PER_ROW * 8):
        ws.set_column(c, c, 8.43)
    print_setup(ws, card, "Trends")
    last_row = 3 + max(1, -(-len(lines) // PER_ROW)) * ROWS_PER_CHART
    ws.print_area(0, 0, last_row, PER_ROW * 8 - 1)
    breaks = [3 + k * ROWS_PER_CHART * 2 for k in range(1, -(-len(lines) // (PER_ROW * 2)))]
    if breaks:  # two rows of charts to an A4 landscape page
        ws.set_h_pagebreaks(breaks)
