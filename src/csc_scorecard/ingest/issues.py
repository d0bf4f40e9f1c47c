"""Problems found in input files, as data.

Readers collect issues and go on where it is safe; they raise only when they
cannot read a file at all. Every issue names the file, where in it (row number
or XML element path), the field, the value and a plain-English fix.
"""

from __future__ import annotations

from collections import Counter
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


# A file can hold millions of the same problem (a header repeated across ten million columns, a date
# column all blank): the list keeps the first LISTED_PER_CODE issues of each code and counts the rest.
LISTED_PER_CODE = 1000


@dataclass
class IssueLog:
    """Collects issues for one file; knows the file so readers need not repeat it."""

    file: str
    listed: list[Issue] = field(default_factory=list)
    per_code: Counter = field(default_factory=Counter)  # code -> issues added, listed or not
    unlisted: Counter = field(default_factory=Counter)  # (severity, code) -> issues not listed

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
        self.per_code[code] += 1
        if self.per_code[code] > LISTED_PER_CODE and severity != "fatal":
            self.unlisted[(severity, code)] += 1
            return
        self.listed.append(
            Issue(severity, code, self.file, location, field, "" if value is None else str(value), message, fix)
        )

    @property
    def issues(self) -> list[Issue]:
        """The listed issues, plus one line per code that had more than LISTED_PER_CODE."""
        if not self.unlisted:
            return self.listed
        more = [Issue(sev, code, self.file, "", "", "",
                      f"{n:,} more issues like this ({code}) in this file are not listed; the first "
                      f"{LISTED_PER_CODE:,} are.", "Fix the cause of the ones listed and load the file again.")
                for (sev, code), n in sorted(self.unlisted.items())]
        return self.listed + more

    @property
    def fatal(self) -> bool:
        return any(i.severity == "fatal" for i in self.listed)

    def counts(self) -> dict[str, int]:
        """Issues by severity, the unlisted ones included."""
        out = {s: 0 for s in SEVERITIES}
        for i in self.listed:
            out[i.severity] += 1
        for (sev, _), n in self.unlisted.items():
            out[sev] += n
        return out
