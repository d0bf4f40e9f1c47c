"""The year-by-year trend chart: the LA, its target, England, its region and its neighbours.

Each series is told apart by colour *and* by line style and marker, and
labelled at its right end, so the chart survives black-and-white printing and
no line hides another: the target (a grey dashed step) is drawn first, England
(purple round dots, wider) over it, so where the target is England's figure
both stay visible. Years where the LA's figure is its published one (its own
returns are not loaded) have hollow markers and a "published" mark under the
axis. The report period's own judged figure may close the LA's line as a
last, labelled point.
"""

from __future__ import annotations

from html import escape

from ..assess.history import from_first_figure
from .charts import (BLUE, DARK_BLUE, FONT, GREY, PURPLE, _id, _place_labels, _short_period, _text, gridlines,
                     scales, value_ticks)
from .formatting import format_value, period_label

GREEN = "#00703c"
ORANGE = "#b35c00"
# (key, label, colour, width, dash, marker): the drawing order, back to front
STYLES = (
    ("target", "Target", GREY, 1.5, "6 4", None),
    ("neighbours", "Neighbours", ORANGE, 1.8, "3 2", "square"),
    ("region", None, GREEN, 1.8, "9 3 2 3", "diamond"),
    ("england", "England", PURPLE, 2.6, "0.1 4.5", None),
)


def history_chart(history, *, unit: str, title: str, la_name: str, current: tuple[str, float] | None = None,
                  width: int = 340, height: int = 170) -> str:
    """One <svg>; ``history`` is an assess.history.History, ``current`` (period name, value) an extra last point."""
    history = from_first_figure(history)
    years = list(history.years)
    la = list(history.la)
    published = list(history.la_published)
    series = {"target": list(history.target), "england": list(history.england),
              "region": list(history.region), "neighbours": list(history.neighbours)}
    if current is not None:
        years.append(current[0])
        la.append(current[1])
        published.append(False)
        for v in series.values():
            v.append(None)
    labels = {"region": history.region_name or "Region"}
    n = len(years)
    ends: dict[str, str] = {}  # each series' end label; one that stops before the last column says its year
    for key, label, *_ in STYLES:
        last = max((i for i, v in enumerate(series[key]) if v is not None), default=None)
        if last is not None:
            when = f" ({_short_period(years[last])})" if last < n - 1 else ""
            ends[key] = f"{labels.get(key, label)} {format_value(series[key][last], unit)}{when}"
    # room on the right for the longest end label (about 5.6 px a character at 9.5 px)
    left, right, top, bottom = 40, max(92, 12 + round(5.6 * max(map(len, ends.values()), default=0))), 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    chart_id = _id("hist")
    known = [v for v in la if v is not None] + [v for s in series.values() for v in s if v is not None]
    words = [f"{la_name}: " + "; ".join(
        f"{period_label(y)} {format_value(v, unit, missing='not available')}"
        f"{' (published)' if p and v is not None else ''}" for y, v, p in zip(years, la, published))]
    for key, label, *_ in STYLES:
        if any(v is not None for v in series[key]):
            words.append(f"{labels.get(key, label)}: " + "; ".join(
                f"{period_label(y)} {format_value(v, unit)}" for y, v in zip(years, series[key]) if v is not None))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend history" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}t {chart_id}d" {FONT}>'
            f'<title id="{chart_id}t">{escape(title)}</title><desc id="{chart_id}d">{escape(". ".join(words))}</desc>')
    if not known:
        return (head.replace(f'viewBox="0 0 {width} {height}"', f'viewBox="0 0 {width} 40"')
                .replace(f'height="{height}"', 'height="40"')
                + _text(width / 2, 24, "No figures for these years", anchor="middle", fill=GREY) + "</svg>")
    ticks = value_ticks(known, unit)
    y_of, x_of, step = scales(ticks, n, left, top, plot_w, plot_h)
    parts = [head] + gridlines(ticks, y_of, left, plot_w, unit)
    for i in _labelled(years, step):
        parts.append(_text(x_of(i), height - 20, _short_period(years[i]), size=10, anchor="middle", fill=GREY))
    if any(p and v is not None for p, v in zip(published, la)):
        parts.append(f'<circle cx="{left + 3:.1f}" cy="{height - 8.5:.1f}" r="3" fill="#ffffff" stroke="{DARK_BLUE}" '
                     'stroke-width="1.5" />')
        parts.append(_text(left + 10, height - 5, f"{la_name}'s published figure (its returns for that year are "
                           "not loaded)", size=8.5, fill=GREY))

    end_labels: list[tuple[float, int]] = []
    end_text: dict[int, tuple[str, str, str]] = {}
    for k, (key, label, colour, width_px, dash, marker) in enumerate(STYLES):
        values = series[key]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        if not points:
            continue
        if key == "target":  # a step: each year's target holds for the whole year
            path = _step(values, x_of, y_of, step)
        else:
            path = _polyline(values, x_of, y_of)
        cap = ' stroke-linecap="round"' if key == "england" else ""
        for d in path:
            parts.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="{width_px}" '
                         f'stroke-dasharray="{dash}"{cap} />')
        for i, v in enumerate(values):
            if v is None:
                continue
            if marker:
                parts.append(_marker(marker, x_of(i), y_of(v), colour))
            elif key != "target" and _alone(values, i):  # a dotted line of one point draws nothing: a dot
                parts.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="2.6" fill="{colour}" />')
        last = max(i for i, v in enumerate(values) if v is not None)
        end_labels.append((y_of(values[last]) + 3.5, k))
        end_text[k] = (ends[key], colour, "normal")

    for d in _polyline(la, x_of, y_of):
        parts.append(f'<polyline points="{d}" fill="none" stroke="{BLUE}" stroke-width="2.5" '
                     'stroke-linejoin="round" />')
    for i, v in enumerate(la):
        if v is None:
            continue
        last = i == n - 1
        fill = "#ffffff" if published[i] else (DARK_BLUE if last else BLUE)
        parts.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="{4.5 if last else 3.2}" fill="{fill}" '
                     f'stroke="{DARK_BLUE}" stroke-width="1.8" />')
    known_la = [i for i, v in enumerate(la) if v is not None]
    if known_la:
        i = known_la[-1]
        end_labels.append((y_of(la[i]) + 4, 99))
        end_text[99] = (format_value(la[i], unit), DARK_BLUE, "bold")
    for key, y in _place_labels(end_labels, 99, 11, top + 4, height - bottom + 4).items():
        text, colour, weight = end_text[key]
        parts.append(_text(left + plot_w + 8, y, text, size=9.5, fill=colour, weight=weight))
    parts.append("</svg>")
    return "".join(parts)


def _polyline(values, x_of, y_of) -> list[str]:
    """Point lists of the runs of consecutive known values (a gap breaks the line; a lone point is a marker)."""
    out, run = [], []
    for i, v in enumerate(list(values) + [None]):
        if v is not None:
            run.append(f"{x_of(i):.1f},{y_of(v):.1f}")
            continue
        if len(run) > 1:
            out.append(" ".join(run))
        run = []
    return out


def _alone(values, i: int) -> bool:
    """values[i] has no known value on either side (so no line is drawn to it)."""
    return (i == 0 or values[i - 1] is None) and (i == len(values) - 1 or values[i + 1] is None)


def _step(values, x_of, y_of, step: float) -> list[str]:
    out, run = [], []
    for i, v in enumerate(list(values) + [None]):
        if v is not None:
            x, y = x_of(i), y_of(v)
            run += [f"{x - step / 2 if i else x:.1f},{y:.1f}", f"{x + step / 2 if i < len(values) - 1 else x:.1f},{y:.1f}"]
            continue
        if run:
            out.append(" ".join(run))
        run = []
    return out


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 2.6:.1f}" y="{y - 2.6:.1f}" width="5.2" height="5.2" fill="{colour}" />'
    return (f'<polygon points="{x:.1f},{y - 3.6:.1f} {x + 3.6:.1f},{y:.1f} {x:.1f},{y + 3.6:.1f} '
            f'{x - 3.6:.1f},{y:.1f}" fill="{colour}" />')


def _labelled(years: list[str], step: float) -> list[int]:
    """The x positions that get a label: from this period's (the last, always shown) leftwards, each
    label that does not overlap the one kept to its right (about 5.8 px a character at 10 px)."""
    def half(i: int) -> float:
        return len(_short_period(years[i])) * 5.8 / 2

    kept = [len(years) - 1]
    for i in range(len(years) - 2, -1, -1):
        if (kept[-1] - i) * step >= half(i) + half(kept[-1]) + 4:
            kept.append(i)
    return sorted(kept)
