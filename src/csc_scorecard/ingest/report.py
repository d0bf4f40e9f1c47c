"""The issue list of a load (or of `scorecard validate`), for the team that fixes the data.

Each row names the child (LAchildID / CHILD) where there is one, the LA and
the collection year, then the file and the place in it (row, or XML element
path as a secondary location). The xlsx opens on a summary (counts by file,
severity and code, with the fix), then identical problems grouped (same code,
file and column: one row with a count and the first rows), then the full list.
It is child-level data: written only where asked, owner-only (0700 folder,
0600 files), into a folder of its own so an earlier list is never overwritten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterable

from ..outputs import make_private, private_dir, write_csv
from .issues import SEVERITIES, Issue
from .result import ReadResult

SOURCE = "csc-scorecard"
_ORDER = {s: n for n, s in enumerate(SEVERITIES)}
FIRST_ROWS = 5  # how many rows a grouped line shows


@dataclass(frozen=True)
class IssueRow:
    """One problem as the team sees it: who, where, what, and how to fix it."""

    source: str  # "csc-scorecard" or "DfE rule 8675Q"
    severity: str
    code: str
    la: str
    year: str  # "2024-25"
    child_id: str
    file: str
    location: str
    field: str
    value: str
    message: str
    fix: str

    def as_row(self) -> dict[str, str]:
        return asdict(self)

    __str__ = Issue.__str__  # "file: row 3, FIELD: "value" message Fix: fix", as for a reader's issue

    @property
    def sort_key(self) -> tuple:
        return (_ORDER.get(self.severity, 9), self.la, self.year, self.file, self.code, self.field)


COLUMNS = [f.name for f in fields(IssueRow)]


def year_label(year: int | None) -> str:
    return f"{year - 1}-{str(year)[2:]}" if year else ""


def issue_row(issue: Issue, *, la: str | None = None, year: int | None = None, child_id: str | None = None,
              source: str = SOURCE) -> IssueRow:
    return IssueRow(source, issue.severity, issue.code, la or "", year_label(year), child_id or "", issue.file,
                    issue.location, issue.field, issue.value, issue.message, issue.fix)


def rows_of(result: ReadResult) -> list[IssueRow]:
    """A file's issues, each with the file's LA and year and, where the reader can tell, the child."""
    find = result.child_at
    out = []
    for i in result.log.issues:
        child = find(i.location) if find and i.location else None
        if child is None and i.location.startswith("child ") and ": " in i.location:  # checks on stored rows
            child = i.location[6:i.location.index(": ")]
        if child is None and i.field in ("CHILD", "CHILDID", "LAchildID", "child_id"):
            child = i.value or None
        out.append(issue_row(i, la=result.la, year=result.collection_year, child_id=child))
    return out


def sorted_rows(rows: Iterable[IssueRow]) -> list[IssueRow]:
    return sorted(rows, key=lambda r: r.sort_key)


@dataclass
class Group:
    """Identical problems: one code in one file and column."""

    first: IssueRow
    count: int
    rows: list[IssueRow]

    @property
    def where(self) -> str:
        """The first few places, with the child where known: "row 12 (child 1001), row 40 (child 77)"."""
        shown = [f"{r.location} (child {r.child_id})" if r.child_id and r.location else r.location or r.child_id
                 for r in self.rows[:FIRST_ROWS]]
        shown = [s for s in shown if s]
        more = self.count - len(self.rows[:FIRST_ROWS])
        return ", ".join(shown) + (f" and {more:,} more" if more > 0 and shown else "")


def grouped(rows: Iterable[IssueRow]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for r in sorted_rows(rows):
        key = (r.source, r.severity, r.code, r.file, r.field)
        g = groups.get(key)
        if g is None:
            groups[key] = Group(r, 1, [r])
        else:
            g.count += 1
            if len(g.rows) < FIRST_ROWS:
                g.rows.append(r)
    return list(groups.values())


def summary(rows: Iterable[IssueRow]) -> list[tuple[str, str, str, str, int, str]]:
    """(file, severity, source, code, count, fix) for every file, severity and code, the worst first."""
    counts: Counter = Counter()
    fixes: dict[tuple, str] = {}
    for r in rows:
        key = (r.file, r.severity, r.source, r.code)
        counts[key] += 1
        fixes.setdefault(key, r.fix)
    keys = sorted(counts, key=lambda k: (_ORDER.get(k[1], 9), k[0], -counts[k], k[3]))  # the worst first
    return [(*k, counts[k], fixes[k]) for k in keys]


# -- writing -------------------------------------------------------------------------------------------
def fresh_folder(wanted: Path) -> Path:
    """``wanted``, or ``wanted-2``, ``-3`` ... when it already holds files: never overwrite a list.
    Created owner-only (0700), its missing parents too (outputs.private_dir)."""
    out, n = wanted, 1
    while out.exists() and any(out.iterdir()):
        n += 1
        out = wanted.with_name(f"{wanted.name}-{n}")
    return private_dir(out)


def write_issue_reports(rows: Iterable[IssueRow | Issue], out_dir: Path, *, title: str = "Load issues",
                        fresh: bool = True) -> tuple[Path, Path]:
    """Write issues.csv and issues.xlsx into ``out_dir`` (a new folder beside it when it holds files)."""
    rows = sorted_rows(r if isinstance(r, IssueRow) else issue_row(r) for r in rows)
    out_dir = fresh_folder(Path(out_dir)) if fresh else private_dir(Path(out_dir))
    # 0600, formula-like values prefixed with ' (outputs.py); UTF-8 with a BOM, for Excel
    csv_path = write_csv(out_dir / "issues.csv", COLUMNS, (r.as_row() for r in rows))
    xlsx_path = out_dir / "issues.xlsx"
    from .report_xlsx import write_workbook
    write_workbook(xlsx_path, rows, grouped(rows), summary(rows), title=title)
    make_private(xlsx_path)
    return csv_path, xlsx_path
