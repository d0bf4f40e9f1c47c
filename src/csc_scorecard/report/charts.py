"""Charts as small inline SVG strings: no JavaScript, no network, no heavy dependency.

Each chart is a function of plain numbers returning one <svg> element with a
<title> and <desc> (read by screen readers; the desc lists every value, so the
chart never holds information the page does not also give in words).
Colours follow the GOV.UK palette and every series is also told apart by
line style or label, so the charts survive black-and-white printing.
"""

from __future__ import annotations

import calendar
import math
from html import escape
from itertools import count

from .formatting import format_value
from .model import DurationBands

BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREY = "#505a5f"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"
TEXT = "#0b0c0c"
PURPLE = "#4c2c92"
RED = "#d4351c"
# A white outline behind text that may sit on a line.
HALO = 'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
FONT = 'font-family="Helvetica Neue, Helvetica, Arial, sans-serif"'

_ids = count(1)


def _id(prefix: str) -> str:
    # Charts share one page; ids only need to be unique within it.
    return f"{prefix}{next(_ids)}"


def nice_ticks(low: float, high: float, target_count: int = 4, whole: bool = False) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart).

    ``whole``: the values are shown as whole numbers (days, counts), so ticks are at least 1 apart and
    never 2.5 apart; otherwise two ticks could carry the same label."""
    if high < low:
        low, high = high, low
    if math.isclose(high, low):
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(target_count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    first = math.floor(low / step) * step
    ticks = []
    t = first
    while t < high + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def value_ticks(values: list[float], unit: str) -> list[float]:
    """The y axis ticks of a line chart over these values: percentages padded 5 points within 0-100,
    other units by a share of their span, never below 0."""
    low, high = min(values), max(values)
    if unit == "percent":
        low, high = max(0.0, low - 5), min(100.0, high + 5)
    else:
        span = (high - low) or abs(high) * 0.2 or 1.0
        low, high = max(0.0, low - span * 0.15), high + span * 0.1
    return nice_ticks(low, high, 5, whole=unit in ("count", "days"))


def scales(ticks: list[float], n: int, left: float, top: float, plot_w: float, plot_h: float):
    """(y_of(value), x_of(index), step between points) of a plot area."""
    lo, hi = ticks[0], ticks[-1]
    step = plot_w / max(n - 1, 1)

    def y_of(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    def x_of(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    return y_of, x_of, step


def gridlines(ticks: list[float], y_of, left: float, plot_w: float, unit: str) -> list[str]:
    """Light gridlines with their values on the left."""
    parts = []
    for t in ticks:
        y = y_of(t)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LIGHT_GREY}" />')
        parts.append(_text(left - 5, y + 3.5, format_value(t, unit if unit != "percent" else "number") +
                           ("%" if unit == "percent" else ""), size=10, anchor="end", fill=GREY))
    return parts


def _text(x: float, y: float, s: str, *, size: int = 11, anchor: str = "start", fill: str = TEXT,
          weight: str = "normal", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}" {extra}>{escape(s)}</text>')


def _place_labels(wanted: list[tuple[float, int]], first: int, gap: float, low: float, high: float) -> dict[int, float]:
    """Label y positions at least `gap` apart: label `first` keeps its place, the others move least."""
    placed: dict[int, float] = {}
    for y, key in sorted(wanted, key=lambda t: (t[1] != first, t[0])):
        options = sorted((y + k * gap * sign for k in range(8) for sign in (1, -1)), key=lambda c: abs(c - y))
        placed[key] = next((c for c in options if low <= c <= high and
                            all(abs(c - p) >= gap for p in placed.values())), y)
    return placed


def trend_chart(periods: list[str], values: list[float | None], *, unit: str, title: str,
                target: float | None = None, england: float | None = None,
                width: int = 320, height: int = 150) -> str:
    """A line over the periods (oldest first), with the target (dashed) and England (dotted)."""
    left, right, top, bottom = 40, 84, 14, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for v in values if v is not None]
    refs = [v for v in (target, england) if v is not None]
    chart_id = _id("trend")
    described = "; ".join(f"{p}: {format_value(v, unit, missing='not available')}" for p, v in zip(periods, values))
    if target is not None:
        described += f". Target {format_value(target, unit)}"
    if england is not None:
        described += f". England {format_value(england, unit)}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}t {chart_id}d" {FONT}>'
            f'<title id="{chart_id}t">{escape(title)}</title><desc id="{chart_id}d">{escape(described)}</desc>')
    if not known:  # a short strip, not an empty frame
        return (head.replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} 40"')
                .replace(f'height="{height}"', 'height="40"')
                + _text(width / 2, 24, "No figures for these periods", anchor="middle", fill=GREY) + "</svg>")

    ticks = value_ticks(known + refs, unit)
    n = len(periods)
    y_of, x_of, step = scales(ticks, n, left, top, plot_w, plot_h)
    parts = [head] + gridlines(ticks, y_of, left, plot_w, unit)
    for i, p in enumerate(periods):  # period labels: short, e.g. 23-24
        parts.append(_text(x_of(i), height - 8, _short_period(p), size=10, anchor="middle", fill=GREY))

    labels: list[tuple[float, int]] = []
    label_text: dict[int, tuple[str, str, str]] = {}
    if target is not None:
        y = y_of(target)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GREY}" '
                     f'stroke-width="1.5" stroke-dasharray="6 4" />')
        labels.append((y + 3.5, 0))
        label_text[0] = (f"Target {format_value(target, unit)}", GREY, "normal")
    if england is not None:
        y = y_of(england)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{PURPLE}" '
                     f'stroke-width="1.5" stroke-dasharray="1.5 3" stroke-linecap="round" />')
        labels.append((y + 3.5, 1))
        label_text[1] = (f"England {format_value(england, unit)}", PURPLE, "normal")

    # The line, broken where a period has no figure.
    segment: list[str] = []
    for i, v in enumerate(values + [None]):
        if v is not None:
            segment.append(f"{x_of(i):.1f},{y_of(v):.1f}")
            continue
        if len(segment) > 1:
            parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BLUE}" stroke-width="2.5" '
                         'stroke-linejoin="round" />')
        segment = []
    for i, v in enumerate(values):
        if v is None:
            continue
        last = i == n - 1
        parts.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="{4.5 if last else 3}" '
                     f'fill="{DARK_BLUE if last else "#ffffff"}" stroke="{DARK_BLUE if last else BLUE}" '
                     'stroke-width="2" />')
    if values[-1] is not None:
        labels.append((y_of(values[-1]) + 4, 2))
        label_text[2] = (format_value(values[-1], unit), DARK_BLUE, "bold")

    for key, y in _place_labels(labels, 2, 12, top + 4, height - bottom + 4).items():
        text, colour, weight = label_text[key]
        parts.append(_text(left + plot_w + 8, y, text, size=10, fill=colour, weight=weight))
    parts.append("</svg>")
    return "".join(parts)


def _short_period(name: str) -> str:
    """Axis labels: '2023-24' -> '23-24', '2024-25-Q2' -> 'Q2 24-25', 'ytd:2024-11-30' -> 'Nov 24'."""
    if len(name) == 7 and name[4] == "-":
        return name[2:]
    if len(name) == 10 and name[7:9] == "-Q":
        return f"{name[8:]} {name[2:7]}"
    if name[:4] in ("ytd:", "12m:") and len(name) == 14:
        month = int(name[9:11])
        return f"{calendar.month_abbr[month]} {name[6:8]}"
    return name


def duration_bands_chart(bands: DurationBands, *, width: int = 760, height: int = 320,
                         percentages_only: bool = False) -> str:
    """Grouped bars: the share of assessments per working-day band, this period against the previous.

    The medians are marked on the band axis (placed within their band in
    proportion) and the statutory limit is drawn between the 41-45 and 46-60
    bands, so "how many were late, and by how much" reads at a glance.
    """
    left, right, top, bottom = 48, 16, 56, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    chart_id = _id("bands")
    series = bands.series
    colours = [MID_GREY, BLUE] if len(series) == 2 else [BLUE]
    shares = [s.shares() for s in series]
    words = []
    for s, sh in zip(series, shares):
        median_text = f"median {s.median:g} working days" if s.median is not None else "no median"
        per_band = ", ".join(f"{label} {v:.0f}%" for label, v in zip(bands.labels, sh))
        total = "" if percentages_only else f"{s.total:,} assessments, "
        words.append(f"{s.period}: {total}{median_text}; {per_band}")
    title = "Assessment duration in working days" + (
        f": {series[-1].period} against {series[0].period}" if len(series) == 2 else f": {series[-1].period}")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bands" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}t {chart_id}d" {FONT}>'
             f'<title id="{chart_id}t">{escape(title)}</title><desc id="{chart_id}d">{escape(". ".join(words))}</desc>']

    top_share = max((v for sh in shares for v in sh), default=0.0)
    ticks = nice_ticks(0, max(top_share * 1.12, 10), 5)
    hi = ticks[-1]

    def y_of(v: float) -> float:
        return top + plot_h - v / hi * plot_h

    for t in ticks:
        y = y_of(t)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{LIGHT_GREY if t else GREY}" />')
        parts.append(_text(left - 6, y + 4, f"{t:g}%", size=11, anchor="end", fill=GREY))
    parts.append(_text(12, top + plot_h / 2, "Share of assessments", size=11, anchor="middle", fill=GREY,
                       extra=f'transform="rotate(-90 12 {top + plot_h / 2:.1f})"'))

    group_w = plot_w / len(bands.labels)
    # Medians: a line from a label above the plot down to the band axis, placed
    # within its band in proportion, drawn behind the bars; the previous period's dotted.
    for k, s in enumerate(series):
        if s.median is None:
            continue
        x = _band_position(s.median, bands.bands, left, group_w)
        current = k == len(series) - 1
        colour = DARK_BLUE if current else GREY
        label_y = top - 8 if current else top - 22
        dash = "" if current else 'stroke-dasharray="2 3"'
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 3:.1f}" y2="{top + plot_h}" stroke="{colour}" '
                     f'stroke-width="{2 if current else 1.5}" {dash} />')
        label = f"Median {s.period}: {s.median:g} working days"
        right_half = x > left + plot_w / 2
        parts.append(_text(x - 4 if right_half else x + 4, label_y, label, size=10,
                           anchor="end" if right_half else "start", fill=colour,
                           weight="bold" if current else "normal", extra=HALO))

    bar_w = min(28.0, group_w * 0.8 / max(len(series), 1))
    for b, label in enumerate(bands.labels):
        gx = left + b * group_w
        parts.append(_text(gx + group_w / 2, top + plot_h + 18, label, size=11, anchor="middle"))
        start = gx + (group_w - bar_w * len(series)) / 2
        for k, (s, sh) in enumerate(zip(series, shares)):
            x, v = start + k * bar_w, sh[b]
            y = y_of(v)
            tip = f"{s.period}, {label}: {v:.1f}%" + ("" if percentages_only else f" ({s.counts[b]:,})")
            parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{top + plot_h - y:.1f}" '
                         f'fill="{colours[k]}"><title>{escape(tip)}</title></rect>')
            if v > 0:
                parts.append(_text(x + bar_w / 2, y - 4, f"{v:.0f}%", size=9, anchor="middle",
                                   fill=TEXT if k == len(series) - 1 else GREY, extra=HALO))
    parts.append(_text(left + plot_w / 2, height - 16, "Working days from the start of the assessment to its "
                       "authorisation", size=11, anchor="middle", fill=GREY))

    # The statutory limit: between the band that ends at the limit and the next.
    limit_band = next((i for i, (_, _, high) in enumerate(bands.bands) if high == bands.limit_wd), None)
    if limit_band is not None:
        x = left + (limit_band + 1) * group_w
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="{RED}" '
                     'stroke-width="1.5" stroke-dasharray="5 3" />')
        parts.append(_text(x + 5, top + 12, f"{bands.limit_wd} working days", size=10, fill=RED))

    # Legend, top left.
    lx = left
    for k, s in enumerate(series):
        parts.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{colours[k]}" />')
        text = s.period + ("" if percentages_only else f" ({s.total:,} assessments)")
        parts.append(_text(lx + 17, 16, text, size=11))
        lx += 30 + len(text) * 6.2
    parts.append("</svg>")
    return "".join(parts)


def _band_position(value: float, bands, left: float, group_w: float) -> float:
    """Where a duration falls on the band axis: within its band, in proportion."""
    for i, (_, low, high) in enumerate(bands):
        if value >= low and (high is None or value <= high):
            frac = 0.5 if high is None else (value - low + 0.5) / (high - low + 1)
            return left + (i + frac) * group_w
    return left
