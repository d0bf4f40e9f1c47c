"""SSDA903 as XML: root EXPSSDA903, one CHILD element per child.

Structure (research/datamodel.md section 2.2, the DfE "Expanded SSDA903" XSD):

    CHILD
      HEADER   CHILDID UPN SEX DOB ETHNIC UASC DUC MOTHER MC_DOB
               DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR   (AD1)
               IN_TOUCH ACTIV ACCOM                                            (OC3)
               AMISSING*{MISSING MIS_START MIS_END}  AREVIEW*{REVIEW REVIEW_CODE}
               PERMANENCE{PREV_PERM LA_PERM DATE_PERM}  OC2{SDQ_SCORE ...}
               AD_PLACED*{DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED}
      EPISODE* DECOM RNE LS CIN PL PL_POST HOME_POST URN PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE

The file is streamed one CHILD at a time and each CHILD is cleared once read,
so memory stays flat however large the file. A DOCTYPE or ENTITY declaration
is refused before parsing (statutory returns never carry one). One file gives
one ReadResult holding all its tables; the collection year comes from
``year``, else the file or folder name, else the file's own episode dates
(see ssda903.py for the rules).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree

from .codes_903 import season
from .issues import IssueLog
from .result import ReadResult, child_lookup
from .collection_year import infer_year, year_from_path
from .ssda903_tables import SPEC, Rows, activity_dates, check_la, gc_paused, to_canonical
from .text_files import decode
from .xml_safety import UnsafeXML, check_no_doctype, safe_iterparse

SOURCE = "ssda903"
DESCRIPTION = "SSDA903 (XML)"
ROOT = "EXPSSDA903"
_ROOT_RE = re.compile(r"<(?:[\w.-]+:)?EXPSSDA903[\s>/]")

# The blocks of HEADER that hold one row each (AD1 and OC3 sit in HEADER itself).
_AD1 = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
_OC3 = ("IN_TOUCH", "ACTIV", "ACCOM")
_HEADER_FIELDS = {"CHILDID", "UPN", "SEX", "DOB", "ETHNIC", "UASC", "DUC", "MOTHER", "MC_DOB", *_AD1, *_OC3}
# Nested blocks: element -> 903 table.
_BLOCKS = {"AMISSING": "Missing", "AREVIEW": "Reviews", "PERMANENCE": "PrevPerm", "OC2": "OC2",
           "AD_PLACED": "PlacedAdoption"}
_TABLES = ("Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing")


def sniff(path: Path, head: bytes) -> bool:
    if Path(path).suffix.lower() != ".xml":
        return False
    return bool(_ROOT_RE.search(decode(head[:8192]).text))


def _local(tag) -> str | None:
    if not isinstance(tag, str):
        return None  # an entity reference or other non-element node
    return tag.rpartition("}")[2]


def read(path: Path, *, year: int | None = None, la: str | None = None) -> list[ReadResult]:
    with gc_paused():
        return _read(Path(path), year, la)


def _read(path: Path, year: int | None, la: str | None) -> list[ReadResult]:
    log = IssueLog(str(path))
    la = str(la).strip() if la is not None else None
    result = ReadResult(path, SOURCE, DESCRIPTION, year, la, log)
    try:
        with open(path, "rb") as f:
            check_no_doctype(f.read(65536))
    except UnsafeXML as exc:
        log.add("fatal", "unsafe-xml", f"{exc}. Nothing was read from it.",
                "Export the file again from the case management system; a return never needs a DOCTYPE.")
        return [result]
    except OSError as exc:
        log.add("fatal", "file-unreadable", f"The file cannot be opened ({exc.strerror}).",
                "Check the file's permissions, or close it in the program that has it open.")
        return [result]

    rows = {name: Rows(SPEC[name], xml=True) for name in _TABLES}
    for name in _TABLES:
        if name not in ("Header", "Episodes"):
            # DOB and SEX are copied from HEADER into these tables: report their problems once, at HEADER.
            rows[name].quiet = frozenset({"DOB", "SEX"})
    unknown: Counter = Counter()
    children = _parse(path, rows, unknown, log)
    if log.fatal:
        return [result]
    for name, n in sorted(unknown.items()):
        log.add("info", "unknown-element",
                f"{n:,} {name} element{'s are' if n != 1 else ' is'} not part of the SSDA903 XML this tool reads; "
                "ignored.", "Nothing to do, unless you expected this data to be loaded: then tell the "
                "csc-scorecard maintainers.", field=name)
    ids = {int(m.group(1)): vals[0] for where, vals in zip(rows["Header"].where, rows["Header"].values)
           if (m := re.search(r"CHILD\[(\d+)\]", where))}
    result.child_at = child_lookup(r"CHILD\[(\d+)\]", ids.__getitem__)
    result.collection_year = year = _resolve_year(path, year, rows, log)
    check_la(la, log)
    if children == 0:
        log.add("warning", "no-rows", "The file holds no CHILD elements.",
                "Nothing to do if the LA had no children looked after; otherwise export the return again.")
    result.tables = {SPEC[name].table: to_canonical(rows[name], year, log) for name in _TABLES}
    return [result]


def _parse(path: Path, rows: dict[str, Rows], unknown: Counter, log: IssueLog) -> int:
    """Stream the CHILD elements into raw rows; returns how many there were."""
    n = 0
    try:
        context = safe_iterparse(path, events=("start", "end"), tag=(f"{{*}}{ROOT}", "{*}CHILD"))
        for event, el in context:
            tag = _local(el.tag)
            if event == "start":
                if tag == ROOT and el.getroottree().docinfo.doctype:
                    log.add("fatal", "unsafe-xml", "The file declares a DOCTYPE, which statutory returns never do "
                            "and which can be used to attack the reader. Nothing was read from it.",
                            "Export the file again from the case management system.")
                    return n
                continue
            if tag != "CHILD":
                continue
            n += 1
            _child(el, f"CHILD[{n}]", rows, unknown, log)
            # Free what has been read: this CHILD and any siblings before it.
            el.clear(keep_tail=False)
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    except UnsafeXML as exc:  # a DOCTYPE past the first 64 KB
        log.add("fatal", "unsafe-xml", f"{exc}. Nothing was loaded from it.",
                "Export the file again from the case management system; a return never needs a DOCTYPE.")
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        col = exc.position[1] if exc.position else None
        where = f"line {line}" + (f", column {col}" if col else "") if line else ""
        log.add("fatal", "malformed-xml",
                f"The file is not well-formed XML{' at ' + where if where else ''} ({exc.msg}), so none of it was "
                "loaded.", "The file may be cut short or edited by hand: export it again from the case "
                "management system.", location=where)
    return n


def _text(el) -> str:
    return (el.text or "").strip()


def _child(el, base: str, rows: dict[str, Rows], unknown: Counter, log: IssueLog) -> None:
    header_el = None
    episodes = []
    for sub in el:
        tag = _local(sub.tag)
        if tag == "HEADER" and header_el is None:
            header_el = sub
        elif tag == "EPISODE":
            episodes.append(sub)
        elif tag:
            unknown[f"CHILD/{tag}" + (" (a second one)" if tag == "HEADER" else "")] += 1
    head: dict[str, str] = {}
    blocks: dict[str, list] = {b: [] for b in _BLOCKS}
    if header_el is not None:
        for sub in header_el:
            tag = _local(sub.tag)
            if tag in _HEADER_FIELDS:
                head.setdefault(tag, _text(sub))
            elif tag in _BLOCKS:
                blocks[tag].append({_local(x.tag): _text(x) for x in sub if _local(x.tag)})
            elif tag:
                unknown[f"HEADER/{tag}"] += 1
    child = head.get("CHILDID", "")
    if not child:
        count = len(episodes) + sum(len(b) for b in blocks.values())
        log.add("error", "missing-child-id",
                f"This CHILD has no CHILDID (the child's ID), so its header and {count:,} other record"
                f"{'s' if count != 1 else ''} cannot be linked to a child; none were loaded.",
                "Fill in the child's ID in the case management system and export again.",
                location=f"{base}/HEADER/CHILDID", field="CHILDID")
        return
    hb = f"{base}/HEADER"
    dob, sex = head.get("DOB"), head.get("SEX")
    if header_el is not None:
        rows["Header"].add((child, sex, dob, head.get("ETHNIC"), head.get("UPN"), head.get("MOTHER"),
                            head.get("MC_DOB")), hb)
    if head.get("UASC", "").lower() in ("1", "true", "y", "yes") or head.get("DUC"):
        rows["UASC"].add((child, sex, dob, head.get("DUC")), hb)
    if any(head.get(f) for f in _OC3):
        rows["OC3"].add((child, dob, *(head.get(f) for f in _OC3)), hb)
    if any(head.get(f) for f in _AD1):
        rows["AD1"].add((child, dob, *(head.get(f) for f in _AD1)), hb)
    for block, table in _BLOCKS.items():
        spec = SPEC[table]
        fields = [c.element for c in spec.cols[2:]]  # after CHILD and DOB
        for k, values in enumerate(blocks[block], 1):
            if not any(values.values()):
                continue  # an empty block (<OC2/>) says nothing
            where = f"{hb}/{block}[{k}]" if len(blocks[block]) > 1 or block in ("AREVIEW", "AMISSING",
                                                                                 "AD_PLACED") else f"{hb}/{block}"
            rows[table].add((child, dob, *(values.get(f) for f in fields)), where)
            for extra in set(values) - set(fields):
                unknown[f"{block}/{extra}"] += 1
    fields = [c.element for c in SPEC["Episodes"].cols[1:]]
    for k, ep in enumerate(episodes, 1):
        values = {_local(x.tag): _text(x) for x in ep if _local(x.tag)}
        rows["Episodes"].add((child, *(values.get(f) for f in fields)), f"{base}/EPISODE[{k}]")
        for extra in set(values) - set(fields):
            unknown[f"EPISODE/{extra}"] += 1


def _resolve_year(path: Path, year: int | None, rows: dict[str, Rows], log: IssueLog) -> int | None:
    if year:
        return year
    found, part = year_from_path(path)
    if found:
        log.add("info", "year-from-name", f'Collection year {season(found)} taken from the name "{part}".',
                "If that is not the year of this return, give --year.", value=season(found))
        return found
    found = infer_year(activity_dates(rows["Episodes"]))
    source = "the dates of its episodes (DECOM, DEC)"
    if found is None:
        found = infer_year([d for name in ("Reviews", "Missing", "PlacedAdoption", "AD1")
                            for d in activity_dates(rows[name])])
        source = "the dates of its reviews, missing episodes and adoption records"
    if found:
        log.add("info", "year-inferred",
                f"Collection year {season(found)} (1 April {found - 1} to 31 March {found}), inferred from {source}.",
                "If that is not the year of this return, give --year (e.g. --year 2024-25), or put the year in the "
                "file or folder name.", value=season(found))
        return found
    log.add("fatal", "unknown-collection-year",
            "The collection year cannot be told: it is not in the file or folder name and the file has no "
            "episode, review or missing dates that show it.",
            "Give --year (e.g. --year 2024-25), or put the year in the file or folder name.")
    return None
