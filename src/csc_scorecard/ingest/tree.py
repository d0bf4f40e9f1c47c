"""Reading a tree of returns: `<LA code>/<yyyy-yy>/...` folders, and English LA codes.

Many LAs keep their returns in a folder per year, and `scorecard synth` writes
one folder per LA and year. A folder named exactly three digits is the LA of
every file under it and a folder named like ``2024-25`` its collection year
(the readers already read the year from the folder; the LA they cannot).
--la wins over the folder, the folder over the one LA of scorecard.yaml.

Every LA a file is stored under is checked against the English LAs in
reference/la_codes.csv: a code that is not one is an error naming the
nearest codes (the rows are still stored, under the code as given).
"""

from __future__ import annotations

import csv
import difflib
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .detect import read_all
from .result import ReadResult

_LA_FOLDER = re.compile(r"\d{3}")
_YEAR_FOLDER = re.compile(r"(19|20)\d\d[-_ ]?(\d\d)?")
LA_CODES = Path(__file__).resolve().parents[1] / "reference" / "la_codes.csv"


@lru_cache(maxsize=1)
def _la_rows() -> tuple[dict, ...]:
    """reference/la_codes.csv, current codes first (a current name wins over a former one)."""
    with open(LA_CODES, newline="", encoding="utf-8") as f:
        return tuple(sorted(csv.DictReader(f), key=lambda r: r["current"] != "yes"))


@lru_cache(maxsize=1)
def english_las() -> dict[str, str]:
    """DfE three-digit code -> LA name, for every English LA (current and former codes)."""
    names: dict[str, str] = {}
    for r in _la_rows():
        names.setdefault(r["la_code"], r["la_name"])
    return names


def ons_of(code: str | None) -> str | None:
    """The current ONS code (E09000014) of an English LA's DfE code (309)."""
    return next((r["ons_code"] for r in _la_rows() if r["la_code"] == code), None)


def nearest_las(code: str, n: int = 3) -> list[str]:
    """The English LA codes nearest to ``code``, as "310 Harrow"."""
    las = english_las()
    if code.isdigit():  # neighbouring numbers: a typo in the last digit, or a neighbour's code
        near = sorted(las, key=lambda c: (abs(int(c) - int(code)), c))
    else:
        near = difflib.get_close_matches(code, list(las), n=n, cutoff=0.3)
    return [f"{c} {las[c]}" for c in near[:n]]


def la_problem(code: str) -> str | None:
    """Why ``code`` is not an English LA's DfE code, or None when it is one."""
    if code in english_las():
        return None
    near = ", ".join(nearest_las(code))
    return f"{code} is not the DfE code of an English local authority (the nearest codes are {near})"


def la_from_folders(path: Path) -> tuple[str | None, str]:
    """The LA named by a folder above ``path``, and that folder: the nearest folder named an English LA's
    code, or three digits with a year folder (2024-25) inside it on the way to the file. A folder "903"
    (SSDA903 files) is not an LA, as no English LA has that code."""
    parents = list(Path(os.path.abspath(path)).parents)[:4]  # <LA>/<year>/903/episodes.csv at most
    for below, parent in zip([Path(path)] + parents, parents):
        name = parent.name
        if _LA_FOLDER.fullmatch(name) and (name in english_las() or (
                name != "903" and _YEAR_FOLDER.fullmatch(below.name))):
            return name, str(parent)
    return None, ""


def read_tree(paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
              default_la: str | None = None, as_at: date | None = None,
              progress: Callable[[str], None] | None = None, workers: int = 1) -> list[ReadResult]:
    """Read every file under ``paths`` (on `workers` processes); the LA of a file is --la, else its LA
    folder, else ``default_la``."""
    def la_of(path: Path) -> str | None:
        return la or la_from_folders(path)[0] or default_la

    if workers > 1:
        from .parallel import read_parallel
        results = read_parallel(paths, year=year, as_at=as_at, progress=progress, workers=workers, la_of=la_of)
    else:
        results = read_all(paths, year=year, as_at=as_at, progress=progress, la_of=la_of)
    for r in results:
        check_la_code(r)
    return results


def check_la_code(r: ReadResult) -> None:
    """An error on a file stored under a code that is not an English LA (a typo in --la, a folder, a header)."""
    if r.la is None or not r.loadable or r.source_return == "unknown":
        return
    problem = la_problem(str(r.la))
    if problem:
        r.log.add("error", "not-an-english-la", f"The file is stored under LA {problem}.",
                  "Give the LA's DfE code with --la, or correct the LA folder's name or the file's header.",
                  field="LA", value=r.la)
