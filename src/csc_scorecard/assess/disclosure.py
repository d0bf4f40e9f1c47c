"""DfE disclosure control for public outputs (INDICATORS.md "Public outputs: disclosure control").

A pure function over a table of figures: nothing here reads a file or the
store. The caller describes each cell (``Figure``) and, for secondary
suppression, which cells add up to which total (``sums``); ``protect``
returns what may be shown in each cell.

The rules, as the DfE applies them to children's social care statistics:

* an LA count from 1 to 5 is replaced by ``c``; 0 is shown;
* **secondary suppression**: in every line of cells that adds up to a shown
  total, a single suppressed cell could be recovered by subtraction, so the
  next smallest non-zero cell of that line is suppressed too (the total
  itself when there is no other); repeated until no line has exactly one;
* a percentage or rate is suppressed when its numerator is 1 to 5, or when
  its base is shown and base minus numerator is 1 to 5 (0 of 3 is 0% and
  tells that all 3 were not); also when a count it was worked out from is
  suppressed (``derived_from``);
* LA figures are not rounded; England and regional counts are rounded to the
  nearest 10, and one that rounds to 0 but is not 0 shows ``k``;
* GSS symbols: ``c`` confidential, ``k`` rounds to zero but is not zero,
  ``x`` unavailable, ``z`` not applicable, ``:`` not available; ``LEGEND``
  is the text for a key under the table.

A low-base caution (a small denominator) is separate: it is shown, not
hidden, and is no business of this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Mapping, Sequence

LOW, HIGH = 1, 5  # counts in this range are suppressed
CONFIDENTIAL, ROUNDS_TO_ZERO, UNAVAILABLE, NOT_APPLICABLE, NOT_AVAILABLE = "c", "k", "x", "z", ":"
LEGEND = {
    CONFIDENTIAL: "c = confidential: a count of 1 to 5, or a figure from which one could be worked out",
    ROUNDS_TO_ZERO: "k = rounds to zero, but is not zero",
    UNAVAILABLE: "x = not available (no data for this period)",
    NOT_APPLICABLE: "z = not applicable",
    NOT_AVAILABLE: ": = not available",
}
KINDS = ("count", "percent", "rate", "value")  # value: a mean, median or score (no numerator)
LEVELS = ("la", "region", "england")


@dataclass(frozen=True)
class Figure:
    """One cell. ``value`` None shows as ``symbol_if_missing`` (``x`` unless told otherwise)."""

    value: float | None
    kind: str = "count"
    numerator: float | None = None  # percent/rate: the count it is a share of
    denominator: float | None = None  # percent: the base
    base_shown: bool = True  # the base is printed beside it (then base - numerator is protected too)
    level: str = "la"
    derived_from: tuple = ()  # keys of count cells this figure was worked out from
    symbol_if_missing: str = UNAVAILABLE

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")


@dataclass(frozen=True)
class Shown:
    """What a cell shows: ``value`` (a number, possibly rounded) or a GSS ``symbol``."""

    value: float | None
    symbol: str | None = None
    why: str = ""

    @property
    def suppressed(self) -> bool:
        return self.symbol == CONFIDENTIAL

    def text(self, fmt=lambda v: f"{v:g}") -> str:
        return self.symbol if self.symbol is not None else fmt(self.value)


def small(n: float | None) -> bool:
    """True for a count from 1 to 5 (the ones suppressed)."""
    return n is not None and LOW <= n <= HIGH


def round_national(n: float) -> Shown:
    """An England or regional count rounded to the nearest 10 (half up); ``k`` when that is 0 but n is not."""
    rounded = int((abs(n) + 5) // 10 * 10) * (1 if n >= 0 else -1)
    if rounded == 0 and n != 0:
        return Shown(None, ROUNDS_TO_ZERO, "rounds to 0")
    return Shown(float(rounded), None, "rounded to the nearest 10")


def _primary(fig: Figure) -> Shown:
    if fig.value is None:
        return Shown(None, fig.symbol_if_missing, "no figure")
    if fig.kind == "count":
        if fig.level != "la":
            return round_national(fig.value)
        if small(fig.value):
            return Shown(None, CONFIDENTIAL, "a count of 1 to 5")
        return Shown(fig.value)
    if fig.kind in ("percent", "rate") and fig.level == "la":
        if small(fig.numerator):
            return Shown(None, CONFIDENTIAL, "its numerator is 1 to 5")
        if (fig.kind == "percent" and fig.base_shown and fig.numerator is not None
                and fig.denominator is not None and small(fig.denominator - fig.numerator)):
            return Shown(None, CONFIDENTIAL, "its base minus its numerator is 1 to 5")
    return Shown(fig.value)


def protect(cells: Mapping[Hashable, Figure], sums: Iterable[Sequence[Hashable]] = ()) -> dict[Hashable, Shown]:
    """What each cell may show in public.

    ``sums`` lists the lines of LA counts that add up: each a sequence of
    keys whose **last** is the total of the others (a row with its total, a
    column with its total). Keys in a line that are not in ``cells`` are
    ignored.
    """
    shown = {key: _primary(fig) for key, fig in cells.items()}
    lines = [[k for k in line if k in cells] for line in sums]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [k for k in line if shown[k].suppressed]
            if len(hidden) != 1:
                continue
            members, total = line[:-1], line[-1]
            open_cells = [k for k in members if not shown[k].suppressed and (shown[k].value or 0) > 0]
            if open_cells:
                pick = min(open_cells, key=lambda k: shown[k].value)
            elif total not in hidden and (shown[total].value or 0) > 0:
                pick = total
            else:
                continue  # the others are all 0, so the hidden one equals the total: nothing else to hide
            shown[pick] = Shown(None, CONFIDENTIAL, "secondary suppression: it would reveal a suppressed cell")
            changed = True
    for key, fig in cells.items():
        if not shown[key].suppressed and any(shown.get(d, Shown(0)).suppressed for d in fig.derived_from):
            shown[key] = Shown(None, CONFIDENTIAL, "worked out from a suppressed count")
    return shown


@dataclass
class Grid:
    """A table of LA counts with optional row and column totals, protected as one."""

    rows: list[str]
    columns: list[str]
    counts: dict[tuple[str, str], float | None]
    row_totals: dict[str, float | None] = field(default_factory=dict)
    column_totals: dict[str, float | None] = field(default_factory=dict)
    grand_total: float | None = None

    def protect(self) -> dict[tuple[str, str], Shown]:
        """Keys (row, column); totals are (row, "Total"), ("Total", column) and ("Total", "Total")."""
        T = "Total"
        cells: dict[tuple[str, str], Figure] = {k: Figure(v) for k, v in self.counts.items()}
        for r, v in self.row_totals.items():
            cells[(r, T)] = Figure(v)
        for c, v in self.column_totals.items():
            cells[(T, c)] = Figure(v)
        if self.grand_total is not None:
            cells[(T, T)] = Figure(self.grand_total)
        sums = [[(r, c) for c in self.columns] + [(r, T)] for r in self.rows if r in self.row_totals]
        sums += [[(r, c) for r in self.rows] + [(T, c)] for c in self.columns if c in self.column_totals]
        if self.grand_total is not None:
            sums.append([(r, T) for r in self.rows] + [(T, T)])
            sums.append([(T, c) for c in self.columns] + [(T, T)])
        return protect(cells, sums)


def legend(used: Iterable[str] | None = None) -> list[str]:
    """The key lines for the symbols used (all of them when ``used`` is None), in GSS order."""
    wanted = set(LEGEND) if used is None else set(used)
    return [text for sym, text in LEGEND.items() if sym in wanted]
