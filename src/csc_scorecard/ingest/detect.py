"""Work out what a file is and hand it to the right reader.

Each reader module offers ``sniff(path, head) -> bool`` (is this file mine?)
and ``read(path, *, year, la) -> list[ReadResult]``. The first reader that
claims a file reads it. A file nobody claims is reported, not guessed at.
"""

from __future__ import annotations

import inspect
import os
import re
import stat
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from .. import files
from ..errors import IngestError
from .issues import IssueLog
from .result import ReadResult
from .values import FIRST_YEAR, LAST_YEAR

# Order matters only where two readers could claim a file; keep the most specific first.
READER_MODULES = ("cin_census", "ssda903_xml", "ssda903", "annex_a", "local", "export_parquet")

SUFFIXES = {".csv", ".xml", ".xlsx", ".xlsm", ".txt", ".parquet"}


def parse_year(text: str | int | None) -> int | None:
    """'2025', '2024-25', '2024/25' and 2025 all mean the year ending 31 March 2025."""
    if text is None or text == "":
        return None
    s = str(text).strip()
    m = re.fullmatch(r"([0-9]{4})", s)
    if m:
        return _sensible_year(int(s), text)
    m = re.fullmatch(r"([0-9]{4})\s*[-/]\s*([0-9]{2}|[0-9]{4})", s)
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_year == start + 1:
            return _sensible_year(end_year, text)
    raise ValueError(f'"{text}" is not a collection year: write 2025 or 2024-25 for 1 April 2024 - 31 March 2025')


def _sensible_year(year: int, text: object) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f'"{text}" is outside the years csc-scorecard works with ({FIRST_YEAR} to {LAST_YEAR}): '
                         "write the collection year, e.g. 2025 or 2024-25")
    return year


def parse_la(text: str | None) -> str | None:
    if text is None or str(text).strip() == "":
        return None
    s = str(text).strip()
    if not re.fullmatch(r"[0-9]{3}", s):  # not \d: Unicode digits (e.g. Arabic-Indic) are no LA code
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
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A named pipe would block the load forever and a device (/dev/zero) never ends: never read them.
            log.add("fatal", "not-a-file", "This is not an ordinary file (it is a named pipe, a device or a "
                    "socket), so it was not read.", "Give the path of the exported file itself.")
            return [ReadResult(path, "unknown", "not a file", year, la, log)]
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
            return _read_guarded(reader, path, year=year, la=la, as_at=as_at)
    log.add("fatal", "unknown-file-type",
            "This is not a file csc-scorecard recognises (an SSDA903 CSV or XML, a CIN census XML, "
            "an Ofsted Annex A workbook or a documented local extract).",
            "Check it is the right file; for an SSDA903 CSV the first line must hold the return's column names.")
    return [ReadResult(path, "unknown", "unrecognised file", year, la, log)]


def _read_guarded(reader, path: Path, *, year, la, as_at) -> list[ReadResult]:
    """reader.read, but a file that trips a fault in a reader is reported as not loaded, and the other
    files of the load are still read: one bad file never aborts the whole load."""
    try:
        # Only snapshot formats (Annex A) take an extract date.
        if as_at is not None and "as_at" in inspect.signature(reader.read).parameters:
            return reader.read(path, year=year, la=la, as_at=as_at)
        return reader.read(path, year=year, la=la)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - the file is the unit of failure
        if os.environ.get("SCORECARD_DEBUG"):
            raise
        log = IssueLog(str(path))
        # The exception's type only: its text may quote a value from the file (child-level data).
        log.add("fatal", "reader-failed",
                f"csc-scorecard could not read this file ({type(exc).__name__} in the "
                f"{reader.__name__.rsplit('.', 1)[-1]} reader); it was not loaded. The other files were read.",
                "This is a bug in csc-scorecard: report it (with --debug's details if you can). Meanwhile check "
                "the file opens in Excel or a text editor and export it again.")
        return [ReadResult(path, getattr(reader, "SOURCE", "unknown"), "unreadable file", year, la, log)]


def read_all(paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
             as_at: date | None = None, progress: Callable[[str], None] | None = None,
             la_of: Callable[[Path], str | None] | None = None) -> list[ReadResult]:
    """Read every file under ``paths``; ``la_of(path)``, when given, names each file's LA (tree.py)."""
    check_options(year, as_at)
    results: list[ReadResult] = []
    paths = list(paths)
    files = expand_paths(paths)
    if not files:
        return no_files(paths)
    for n, path in enumerate(files, 1):
        if progress:
            progress(f"[{n}/{len(files)}] reading {path.name}")
        results.extend(read_file(path, year=year, la=la_of(path) if la_of else la, as_at=as_at))
    return results


def check_options(year: int | None, as_at: date | None) -> None:
    """The --year and --as-at of a load, checked before any file is read (read_all, ingest/parallel.py)."""
    if as_at is not None and not FIRST_YEAR <= as_at.year <= LAST_YEAR:
        raise IngestError(f"The extract date {as_at:%d/%m/%Y} (--as-at) is outside the years csc-scorecard works "
                          f"with ({FIRST_YEAR} to {LAST_YEAR}). Give the date the lists were extracted, e.g. "
                          "--as-at 2025-03-31.")
    if year is not None:
        try:
            _sensible_year(year, year)
        except ValueError as exc:
            raise IngestError(str(exc)) from None


def no_files(paths: list) -> list[ReadResult]:
    folders = ", ".join(str(p) for p in paths)
    raise IngestError(f"No files to load were found in {folders}: csc-scorecard reads "
                      f"{', '.join(sorted(SUFFIXES))} files (hidden files and Excel's lock files are skipped).")
