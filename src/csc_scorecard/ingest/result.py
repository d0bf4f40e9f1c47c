"""What every reader returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .issues import IssueLog


@dataclass
class ReadResult:
    """One file turned into canonical rows plus the issues found in it.

    ``tables`` maps a canonical table name (store/schema.py) to its rows: a
    list of dicts keyed by canonical column names (provenance columns are
    added by the store), or a pyarrow Table with those columns.
    """

    path: Path
    source_return: str  # "ssda903" | "cin" | "annex_a" | "local"
    description: str  # what the file is, for people: "SSDA903 Episodes (CSV)"
    collection_year: int | None
    la: str | None
    log: IssueLog
    tables: dict[str, Any] = field(default_factory=dict)
    # Values of version columns that are not provenance (e.g. Annex A's extract_date), so that a table the
    # file brings with no rows still replaces the same version's old rows.
    version: dict[str, Any] = field(default_factory=dict)
    # The child an issue's location is about ("row 12" -> its CHILD), where the reader can tell.
    child_at: Callable[[str], str | None] | None = None

    def row_counts(self) -> dict[str, int]:
        return {name: (rows.num_rows if hasattr(rows, "num_rows") else len(rows)) for name, rows in self.tables.items()}

    @property
    def loadable(self) -> bool:
        return not self.log.fatal


def child_lookup(pattern: str, ids: Callable[[int], str | None]) -> Callable[[str], str | None]:
    """A ReadResult.child_at: the number ``pattern`` finds in a location (a row, a Child[n]) -> its child."""
    rx = re.compile(pattern)

    def find(location: str) -> str | None:
        m = rx.search(location or "")
        try:
            return ids(int(m.group(1))) if m else None
        except (IndexError, KeyError):
            return None

    return find
