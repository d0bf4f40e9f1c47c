"""Small file helpers shared by the stages that read files (returns and published data)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable


def expand_paths(paths: Iterable[str | Path], suffixes: set[str] | frozenset[str]) -> list[Path]:
    """Files as given, plus the files with one of ``suffixes`` inside any folder (recursively), sorted.

    Hidden files and Excel's lock files (``~$book.xlsx``) inside folders are skipped. A named pipe or a
    broken link with such a name is kept, so that the reader says why it cannot be read rather than the
    load passing it over in silence."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if not f.is_dir() and f.suffix.lower() in suffixes
                              and not f.name.startswith((".", "~$"))))
        else:
            out.append(p)
    return out


def sha256(path: Path) -> str:
    """The file's SHA-256, read in 1 MB chunks: the load history records it to spot an identical reload."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
