"""Work out what a file is and hand it to the right reader.

Each reader module offers ``sniff(path, head) -> bool`` (is this file mine?)
and ``read(path, *, year, la) -> list[ReadResult]``. The first reader that
claims a file reads it. A file nobody claims is reported, not guessed at.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from .. import files
from .issues import IssueLog
from .result import ReadResult

# Order matters only where two readers could claim a file; keep the most specific first.
READER_MODULES = ("cin_census", "ssda903_xml", "ssda903", "annex_a", "local")

SUFFIXES = {".csv", ".xml", ".xlsx", ".xlsm", ".txt"}


def parse_year(text: str | int | None) -> int | None:
    """'2025', '2024-25', '2024/25' and 2025 all mean the year ending 31 March 2025."""
    if text is None or text == "":
        return None
    s = str(text).strip()
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        return int(s)
    m = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", s)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year == start + 1:
            return end_year
    raise ValueError(f'"{text}" is not a collection year: write 2025 or 2024-25 for 1 April 2024 - 31 March 2025')


def parse_la(text: str | None) -> str | None:
    if text is None or str(text).strip() == "":
        return None
    s = str(text).strip()
    if not re.fullmatch(r"\d{3}", s):
        raise ValueError(f'"{text}" is not an LA code: give the three-digit DfE code, e.g. 310')
    return s


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, plus the readable files inside any folder (recursively), in a stable order."""
    return files.expand_paths(paths, SUFFIXES)


def _readers() -> list:
    import importlib

    mods = []
    for name in READER_MODULES:
        try:
            mods.append(importlib.import_module(f"{__package__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
    return mods


def read_file(path: Path, *, year: int | None = None, la: str | None = None,
              as_at: date | None = None) -> list[ReadResult]:
    """Read one file with whichever reader claims it. Unreadable files come back as a fatal issue."""
    log = IssueLog(str(path))
    if not path.exists():
        log.add("fatal", "file-not-found", "No such file.", "Check the path and try again.")
        return [ReadResult(path, "unknown", "missing file", year, la, log)]
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError as exc:
        log.add("fatal", "file-unreadable", f"The file cannot be opened ({exc.strerror}).",
                "Check the file's permissions, or close it in the program that has it open.")
        return [ReadResult(path, "unknown", "unreadable file", year, la, log)]
    if not head.strip(b" \r\n\t\x00\xef\xbb\xbf\xff\xfe"):
        log.add("fatal", "empty-file", "The file is empty.",
                "Export the file again from the case management system; an empty file cannot be loaded.")
        return [ReadResult(path, "unknown", "empty file", year, la, log)]
    for reader in _readers():
        if reader.sniff(path, head):
            # Only snapshot formats (Annex A) take an extract date.
            if as_at is not None and "as_at" in inspect.signature(reader.read).parameters:
                return reader.read(path, year=year, la=la, as_at=as_at)
            return reader.read(path, year=year, la=la)
    log.add("fatal", "unknown-file-type",
            "This is not a file csc-scorecard recognises (an SSDA903 CSV or XML, a CIN census XML, "
            "an Ofsted Annex A workbook or a documented local extract).",
            "Check it is the right file; for an SSDA903 CSV the first line must hold the return's column names.")
    return [ReadResult(path, "unknown", "unrecognised file", year, la, log)]
