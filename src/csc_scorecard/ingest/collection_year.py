"""Which collection year a file belongs to, from its name or its dates.

A collection year is named by the year of its 31 March: 2025 is 1 April 2024
to 31 March 2025 ("2024-25"). Readers use these when ``--year`` is not given.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Iterable

from .values import FIRST_YEAR, LAST_YEAR

_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_ ]?((?:19|20)?\d\d)(?!\d)")
_SINGLE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d[-_]\d\d[-_]\d\d(?!\d)")


def year_in_name(text: str) -> int | None:
    """'2024-25', '2024_25', '202425', '2024-2025' -> 2025; a lone 4-digit year '2025' -> 2025.

    Full dates (2025-01-31) are ignored, and so is a name with two different years.
    """
    text = _ISO_DATE.sub(" ", text)
    found = set()
    for m in _RANGE.finditer(text):
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else start - start % 100 + int(end)
        if len(end) == 2 and end_year < start:
            end_year += 100  # 1999-00
        if end_year == start + 1:
            found.add(end_year)
            text = text.replace(m.group(0), " ")
    for m in _SINGLE.finditer(text):
        found.add(int(m.group(1)))
    return found.pop() if len(found) == 1 else None


def year_from_path(path: Path) -> tuple[int | None, str]:
    """The collection year named by the file, else its folder, else the folder above; and where it was found."""
    # absolute(), not resolve(): a file linked into a "2024-25" folder takes that folder's year.
    parts = [path.stem, *(p.name for p in list(Path(os.path.abspath(path)).parents)[:2])]
    for part in parts:
        y = year_in_name(part)
        if y:
            return y, part
    return None, ""


def collection_year_of(d: date) -> int:
    return d.year + 1 if d.month >= 4 else d.year


def infer_year(dates: Iterable[date | None]) -> int | None:
    """The latest collection year holding at least 1% of the dates (a stray typo'd date cannot win)."""
    # Sentinel dates (31/12/2099 for "no end date") and typos never name a collection year.
    counts = Counter(collection_year_of(d) for d in dates if d is not None and FIRST_YEAR <= d.year <= LAST_YEAR)
    total = sum(counts.values())
    for y in sorted(counts, reverse=True):
        if counts[y] * 100 >= total:
            return y
    return None
