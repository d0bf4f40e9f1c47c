"""Writing files the tool hands to people: private by default, and CSVs safe to open in Excel.

Child-level outputs (the store, issue lists, case lists) must be readable by
their owner only, whatever the umask: folders 0700, files 0600. ``os.open``
with a mode is still filtered by the umask, so the mode is set again with
``chmod`` after creation.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a TAB or a CR is a
formula to Excel (OWASP "CSV injection"): a child's name or a free-text field
from a case management system could run a command on the analyst's machine.
Such cells get a leading ``'``, which Excel shows as text and hides. Machine
readers (Power BI, pandas) can turn that off. Booleans are written ``true`` /
``false`` in every CSV, blanks as empty cells.
"""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path
from typing import IO, Any, Iterable, Mapping

from .errors import ScorecardError

class OutputError(ScorecardError):
    """An output cannot be written where the user asked (no such folder, no permission, disk full)."""


FOLDER_MODE = 0o700
FILE_MODE = 0o600
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def private_dir(path: str | Path) -> Path:
    """Create ``path`` (and missing parents) as folders only the owner can open; return it.

    A folder that already exists is left as it is: it may be the analyst's own, shared on purpose."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    try:
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=FOLDER_MODE)
            except FileExistsError:
                continue
            os.chmod(folder, FOLDER_MODE)
        if not path.is_dir():
            raise NotADirectoryError(20, "Not a folder", str(path))
    except OSError as exc:
        raise OutputError(f"Cannot write to the folder {path} ({exc.strerror or exc}). Give a folder you may "
                          "write to.") from None
    return path


def make_private(path: str | Path) -> None:
    """Make an existing file readable by its owner only (the store's WAL, a file DuckDB created)."""
    try:
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, FILE_MODE)
    except FileNotFoundError:
        pass


def private_file_open(path: str | Path, mode: str = "w", **kw) -> IO:
    """``open(path, mode)`` that creates (or truncates) the file 0600, whatever the umask.

    An existing file is made 0600 too: an earlier run may have left it readable by others."""
    path = Path(path)
    if not any(c in mode for c in "wax"):
        return open(path, mode, **kw)
    flags = os.O_CREAT | (os.O_EXCL if "x" in mode else 0)
    flags |= os.O_RDWR if "+" in mode else os.O_WRONLY
    flags |= os.O_APPEND if "a" in mode else (os.O_TRUNC if "w" in mode else 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    except OSError as exc:
        raise OutputError(f"Cannot write the file {path} ({exc.strerror or exc}). Give a folder you may "
                          "write to.") from None
    try:
        os.fchmod(fd, FILE_MODE)
        return os.fdopen(fd, mode, **kw)
    except BaseException:
        os.close(fd)
        raise


def csv_cell(value: Any, *, neutralise: bool = True) -> str:
    """One value as CSV text: None -> "", booleans -> true/false, formula-like text prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else str(value)
    if neutralise and text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """A negative number (-3, -0.25) is data, not a formula: Excel reads it as a number either way."""
    if not text.startswith(("-", "+")) or len(text) < 2:
        return False
    body = text[1:]
    if not body[0].isascii() or not (body[0].isdigit() or body[0] == "."):
        return False
    try:
        float(body)
    except ValueError:
        return False
    return body.isascii() and "n" not in body.lower()  # not "-nan" / "-inf"


class SafeCSVWriter:
    """csv.DictWriter-like: rows are mappings; every cell goes through :func:`csv_cell`."""

    def __init__(self, fh: IO, fieldnames: Iterable[str], *, neutralise: bool = True,
                 extrasaction: str = "ignore", **csv_kw):
        self.fieldnames = list(fieldnames)
        self.neutralise = neutralise
        self.extrasaction = extrasaction
        self._w = csv.writer(fh, **csv_kw)

    def writeheader(self) -> None:
        self._w.writerow([csv_cell(f, neutralise=self.neutralise) for f in self.fieldnames])

    def writerow(self, row: Mapping[str, Any]) -> None:
        if self.extrasaction == "raise":
            extra = set(row) - set(self.fieldnames)
            if extra:
                raise ValueError(f"fields not in fieldnames: {sorted(extra)}")
        self._w.writerow([csv_cell(row.get(f), neutralise=self.neutralise) for f in self.fieldnames])

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def write_csv(path: str | Path, fieldnames: Iterable[str], rows: Iterable[Mapping[str, Any]], *,
              neutralise: bool = True, private: bool = True) -> Path:
    """A whole CSV file, UTF-8 with a byte-order mark (so Excel picks the encoding); 0600 unless not private."""
    path = Path(path)
    opener = private_file_open if private else open
    with opener(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = SafeCSVWriter(fh, fieldnames, neutralise=neutralise)
        w.writeheader()
        w.writerows(rows)
    return path
