"""What every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    def row_counts(self) -> dict[str, int]:
        return {name: (rows.num_rows if hasattr(rows, "num_rows") else len(rows)) for name, rows in self.tables.items()}

    @property
    def loadable(self) -> bool:
        return not self.log.fatal
