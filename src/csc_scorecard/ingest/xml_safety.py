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


def safe_iterparse(path: Path, events=("start", "end"), **kw):
    """lxml iterparse with every dangerous feature off. Check the head with check_no_doctype first."""
    return etree.iterparse(
        str(path), events=events, resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True, **kw)
