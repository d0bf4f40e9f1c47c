"""Problems found in input files, as data.

Readers collect issues and go on where it is safe; they raise only when they
cannot read a file at all. Every issue names the file, where in it (row number
or XML element path), the field, the value and a plain-English fix.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]

# An "error" means the value (or row) was not stored as given; a "fatal" issue
# means the whole file was not loaded. "warning" rows are stored.
SEVERITIES = ("fatal", "error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    severity: str
    code: str  # stable kebab-case slug, e.g. "invalid-date"
    file: str
    location: str  # "row 12" or "/Message/Children/Child[3]/CINdetails[1]/CINreferralDate"
    field: str
    value: str
    message: str
    fix: str

    def as_row(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.location, self.field) if p)
        shown = f' "{self.value}"' if self.value != "" else ""
        return f"{self.file}:{' ' + where + ':' if where else ''}{shown} {self.message} Fix: {self.fix}"


@dataclass
class IssueLog:
    """Collects issues for one file; knows the file so readers need not repeat it."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        severity: str,
        code: str,
        message: str,
        fix: str,
        *,
        location: str = "",
        field: str = "",
        value: object = "",
    ) -> None:
        assert severity in SEVERITIES, severity
        self.issues.append(
            Issue(severity, code, self.file, location, field, "" if value is None else str(value), message, fix)
        )

    @property
    def fatal(self) -> bool:
        return any(i.severity == "fatal" for i in self.issues)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for i in self.issues:
            out[i.severity] += 1
        return out
