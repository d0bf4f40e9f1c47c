"""Red, amber, green against a target, polarity-aware.

* **green**: the value meets the target (at or above it when higher is
  better, at or below it when lower is better). Equal to the target is green.
* **amber**: it misses the target by no more than the amber tolerance. A
  value exactly at the edge of the tolerance is amber.
* **red**: it misses by more.
* none: a context indicator (no good direction), no target for the year, or
  no value. The reason says which.

The tolerance is a layout field, ``amber:``, in one of two forms:

* a number: absolute, in the indicator's own unit (percentage points for a
  percentage, days for a duration) - ``amber: 5`` with a target of 85%
  makes 80% to 85% amber;
* ``"N% of target"``: relative to the target - ``amber: 10% of target``
  with a target of 426 days (lower is better) makes 426 to 468.6 amber.

Values are compared unrounded; a difference smaller than 1e-9 counts as
none, so 80.0 computed as 79.99999999999999 is still at the edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EPSILON = 1e-9

_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*of\s*(target|previous)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Tolerance:
    """An amount in the indicator's unit (``relative`` False) or a percentage of a reference value."""

    amount: float
    relative: bool = False

    def of(self, reference: float) -> float:
        return abs(reference) * self.amount / 100 if self.relative else self.amount

    def __str__(self) -> str:
        return f"{self.amount:g}% of the reference" if self.relative else f"{self.amount:g}"


def parse_tolerance(value, *, relative_to: str = "target") -> Tolerance:
    """5 -> 5 units; '10% of target' -> 10 percent of the target. ValueError says what to write."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("a tolerance cannot be negative")
        return Tolerance(float(value))
    m = _RELATIVE.match(str(value))
    if m and m.group(2).lower() == relative_to:
        return Tolerance(float(m.group(1)), relative=True)
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(f'write a number in the indicator\'s unit (e.g. 5) or "N% of {relative_to}" '
                         f'(e.g. "10% of {relative_to}")') from None
    return parse_tolerance(number, relative_to=relative_to)


@dataclass(frozen=True)
class Rag:
    rating: str | None  # "green" | "amber" | "red" | None
    reason: str
    shortfall: float | None = None  # how far the value misses the target (0 when it meets it)


def rag(value: float | None, target: float | None, polarity: str, amber: Tolerance | None = None) -> Rag:
    """Rate a value against its target; see the module notes for the rules."""
    if polarity == "context":
        return Rag(None, "context indicator: no good direction, so no RAG rating")
    if polarity not in ("up", "down"):
        raise ValueError(f"polarity must be up, down or context, not {polarity!r}")
    if value is None:
        return Rag(None, "no value")
    if target is None:
        return Rag(None, "no target")
    shortfall = (target - value) if polarity == "up" else (value - target)
    if shortfall <= EPSILON:
        return Rag("green", "meets the target", 0.0)
    allowed = amber.of(target) if amber else 0.0
    if shortfall <= allowed + EPSILON:
        return Rag("amber", f"misses the target by {shortfall:g}, within the amber tolerance of {allowed:g}",
                   shortfall)
    return Rag("red", f"misses the target by {shortfall:g}, beyond the amber tolerance of {allowed:g}", shortfall)
