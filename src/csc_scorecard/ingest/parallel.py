"""Reading many files at once: each file is read in its own worker process.

Reading (parsing XML and CSV, checking every value) is the slow part of a
large load and each file is independent, so a national or regional load
reads files on every core and hands the results to the one store
transaction. Results come back in the files' order, so a load's outcome is
the same whatever the number of workers.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from .detect import check_options, expand_paths, no_files, read_file
from .result import ReadResult


class _KnownChildren:
    """A ReadResult.child_at worked out in the worker for the issues it found: the reader's own lookup
    is a closure over its rows, which cannot travel back to the main process."""

    def __init__(self, found: dict[str, str | None]):
        self.found = found

    def __call__(self, location: str) -> str | None:
        return self.found.get(location)


def _read(job: tuple[Path, int | None, str | None, date | None]) -> list[ReadResult]:
    path, year, la, as_at = job
    results = read_file(path, year=year, la=la, as_at=as_at)
    for r in results:
        if r.child_at is not None:
            r.child_at = _KnownChildren({i.location: r.child_at(i.location) for i in r.log.issues})
    return results


def read_jobs(jobs: list[tuple[Path, int | None, str | None, date | None]], *, workers: int | None = None,
              progress: Callable[[str], None] | None = None) -> list[ReadResult]:
    """Read (path, year, la, as_at) jobs with `workers` processes (default: one per core)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    if workers == 1:
        out = []
        for n, job in enumerate(jobs, 1):
            if progress:
                progress(f"[{n}/{len(jobs)}] reading {job[0].name}")
            out.extend(_read(job))
        return out
    results: list[ReadResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # chunks keep the pickling overhead of small files low; map keeps the files' order
        for n, batch in enumerate(pool.map(_read, jobs, chunksize=max(1, len(jobs) // (workers * 8))), 1):
            if progress and (n % 50 == 0 or n == len(jobs)):
                progress(f"[{n}/{len(jobs)}] files read ({workers} processes)")
            results.extend(batch)
    return results


def read_parallel(paths: Iterable[str | Path], *, year: int | None = None, la: str | None = None,
                  as_at: date | None = None, workers: int | None = None,
                  progress: Callable[[str], None] | None = None,
                  la_of: Callable[[Path], str | None] | None = None) -> list[ReadResult]:
    """As detect.read_all, on several processes."""
    check_options(year, as_at)  # read_all's checks and messages, before any process starts
    paths = list(paths)
    files = expand_paths(paths)
    if not files:
        return no_files(paths)
    return read_jobs([(p, year, la_of(p) if la_of else la, as_at) for p in files], workers=workers,
                     progress=progress)
