"""Parsing XML from outside safely.

Returns are uploaded by people and may come from anywhere: no DTDs, no
entity expansion, no external entities, no network. A file with a DOCTYPE is
refused outright; statutory returns never carry one.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree


class UnsafeXML(Exception):
    pass


def check_no_doctype(head: bytes) -> None:
    """Refuse DOCTYPE / ENTITY declarations (billion laughs, external entities)."""
    low = head.lower()
    for marker in (b"<!doctype", b"<!entity", b"<\x00!\x00d\x00o\x00c\x00t\x00y\x00p\x00e"):
        if marker in low:
            raise UnsafeXML("The file declares a DOCTYPE or ENTITY, which statutory returns never do and which "
                            "can be used to attack the reader")


def _markers() -> tuple[bytes, ...]:
    out = []
    for word in ("<!doctype", "<!entity"):
        out += [word.encode("ascii"), word.encode("utf-16-le"), word.encode("utf-16-be")]
    return tuple(out)


_MARKERS = _markers()
_OVERLAP = max(map(len, _MARKERS)) - 1


class GuardedFile:
    """A file read in chunks that refuses a DOCTYPE or ENTITY declaration anywhere in it, not only in the
    first bytes: 64 KB of comments or blank lines must not carry one past the check."""

    def __init__(self, path: Path):
        self._f = open(path, "rb")
        self._tail = b""

    def read(self, n: int = 1 << 16) -> bytes:
        data = self._f.read(n if n and n > 0 else 1 << 16)
        window = (self._tail + data).lower()
        if any(m in window for m in _MARKERS):
            raise UnsafeXML("The file declares a DOCTYPE or ENTITY, which statutory returns never do and which "
                            "can be used to attack the reader")
        self._tail = window[-_OVERLAP:]
        return data

    def close(self) -> None:
        self._f.close()


class _Parse:
    """iterparse over a GuardedFile that closes the file when the parse ends or is abandoned."""

    def __init__(self, path: Path, events, kw):
        self._file = GuardedFile(path)
        self._it = etree.iterparse(
            self._file, events=events, resolve_entities=False, no_network=True, load_dtd=False,
            dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True, **kw)

    def __iter__(self):
        try:
            yield from self._it
        finally:
            self._file.close()


def safe_iterparse(path: Path, events=("start", "end"), **kw):
    """lxml iterparse with every dangerous feature off, refusing a DOCTYPE anywhere (UnsafeXML while
    iterating). Check the head with check_no_doctype first, to refuse before any work."""
    return iter(_Parse(path, events, kw))
