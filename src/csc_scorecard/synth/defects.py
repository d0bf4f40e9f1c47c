"""Named kinds of data-quality problems, injected on purpose to test the readers.

Each kind touches a handful of rows in the 903 CSVs, the CIN census and the
Annex A workbook, in the ways real extracts go wrong. What was injected, and
where, is recorded in ``defects.json`` beside the files (a name the readers
ignore), so tests can check that every problem is reported where it was put.
"""

from __future__ import annotations

import random
import re

from ..errors import ScorecardError

KINDS: dict[str, str] = {
    "bad-dates": "dates that are not dates: 31 February, month 13",
    "unknown-codes": "codes that are not in the return's code lists",
    "duplicates": "the same child or row given twice",
    "blank-ids": "rows with the child's ID left blank",
    "missing-columns": "columns or elements left out of the file",
}


def check_names(names) -> list[str]:
    names = [n.strip() for n in names if n and n.strip()]
    if "all" in names:
        return list(KINDS)
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise ScorecardError(f"Unknown defect kind {', '.join(unknown)}: choose from {', '.join(KINDS)} or all.")
    return sorted(set(names), key=list(KINDS).index)


def _pick(rng: random.Random, n: int, k: int) -> list[int]:
    return sorted(rng.sample(range(n), min(k, n)))


# --- SSDA903 CSV ------------------------------------------------------------------------
def apply_903(rng: random.Random, tables: dict[str, list[list[str]]], defects: list[str], log: list[dict]):
    from .write_903 import COLUMNS

    columns = {name: list(cols) for name, cols in COLUMNS.items()}
    eps, header = tables["episodes"], tables["header"]
    if "bad-dates" in defects:
        for i in _pick(rng, len(eps), 3):
            bad = f"31/02/{eps[i][1][-4:]}" if i % 2 else eps[i][1][:3] + "13" + eps[i][1][5:]
            _note(log, "903/episodes.csv", i, "DECOM", bad, "bad-dates")
            eps[i][1] = bad
    if "unknown-codes" in defects:
        for i in _pick(rng, len(eps), 2):
            _note(log, "903/episodes.csv", i, "PLACE", "Z9", "unknown-codes")
            eps[i][5] = "Z9"
        for i in _pick(rng, len(header), 1):
            _note(log, "903/header.csv", i, "ETHNIC", "XXXX", "unknown-codes")
            header[i][3] = "XXXX"
    if "blank-ids" in defects:
        for i in _pick(rng, len(eps), 2):
            _note(log, "903/episodes.csv", i, "CHILD", "", "blank-ids")
            eps[i][0] = ""
    if "duplicates" in defects:
        for i in reversed(_pick(rng, len(header), 2)):
            header.insert(i + 1, list(header[i]))
            _note(log, "903/header.csv", i + 1, "CHILD", header[i][0], "duplicates")
    if "missing-columns" in defects:
        # tables the other kinds leave alone, so that one run can show every kind
        for table, column in (("reviews", "REVIEW_CODE"), ("missing", "MIS_END")):
            j = columns[table].index(column)
            del columns[table][j]
            for row in tables[table]:
                del row[j]
            _note(log, f"903/{table}.csv", None, column, "", "missing-columns")
    return tables, columns


# --- CIN census XML -------------------------------------------------------------------------
_REFERRAL = re.compile(r"<CINreferralDate>(\d{4})-\d\d-\d\d</CINreferralDate>")


def apply_cin(rng: random.Random, blocks: list[tuple[str, str]], defects: list[str], log: list[dict]):
    blocks = list(blocks)
    if "bad-dates" in defects:
        for i in _pick(rng, len(blocks), 2):
            cid, xml = blocks[i]
            blocks[i] = (cid, _REFERRAL.sub(lambda m: f"<CINreferralDate>{m.group(1)}-02-30</CINreferralDate>",
                                            xml, count=1))
            _note(log, "cin_census.xml", cid, "CINreferralDate", "yyyy-02-30", "bad-dates")
    if "unknown-codes" in defects:
        for i in _pick(rng, len(blocks), 2):
            cid, xml = blocks[i]
            blocks[i] = (cid, re.sub(r"<ReferralSource>[^<]*</ReferralSource>", "<ReferralSource>99</ReferralSource>",
                                     xml, count=1))
            _note(log, "cin_census.xml", cid, "ReferralSource", "99", "unknown-codes")
    if "missing-columns" in defects:
        for i in _pick(rng, len(blocks), 2):
            cid, xml = blocks[i]
            blocks[i] = (cid, re.sub(r"<ReferralNFA>[^<]*</ReferralNFA>", "", xml, count=1))
            _note(log, "cin_census.xml", cid, "ReferralNFA", "", "missing-columns")
    if "blank-ids" in defects:
        for i in _pick(rng, len(blocks), 2):
            cid, xml = blocks[i]
            blocks[i] = ("", xml.replace(f"<LAchildID>{cid}</LAchildID>", "<LAchildID></LAchildID>", 1))
            _note(log, "cin_census.xml", cid, "LAchildID", "", "blank-ids")
    if "duplicates" in defects:
        for i in reversed(_pick(rng, len(blocks), 2)):
            if blocks[i][0]:
                blocks.insert(i + 1, blocks[i])
                _note(log, "cin_census.xml", blocks[i][0], "LAchildID", blocks[i][0], "duplicates")
    return blocks


# --- Annex A -------------------------------------------------------------------------------
def apply_annex_a(rng: random.Random, lists: dict, defects: list[str], log: list[dict] | None = None):
    log = log if log is not None else []
    headers, rows = lists["List 3"]
    headers = list(headers)
    date_col, source_col = headers.index("Date of Referral"), headers.index("Referral Source")
    if "bad-dates" in defects:
        for i in _pick(rng, len(rows), 2):
            rows[i][date_col] = "31/02/2025"
            _note(log, "annex_a.xlsx List 3", i, "Date of Referral", "31/02/2025", "bad-dates")
    if "unknown-codes" in defects:
        for i in _pick(rng, len(rows), 2):
            rows[i][source_col] = "z) 99: Nowhere"
            _note(log, "annex_a.xlsx List 3", i, "Referral Source", "z) 99: Nowhere", "unknown-codes")
    if "blank-ids" in defects:
        for i in _pick(rng, len(rows), 2):
            rows[i][0] = None
            _note(log, "annex_a.xlsx List 3", i, "Child Unique ID", "", "blank-ids")
    if "duplicates" in defects:
        h8, rows8 = lists["List 8"]
        for i in reversed(_pick(rng, len(rows8), 2)):
            rows8.insert(i + 1, list(rows8[i]))
            _note(log, "annex_a.xlsx List 8", i + 1, "Child Unique ID", rows8[i][0], "duplicates")
    if "missing-columns" in defects:
        h4, rows4 = lists["List 4"]
        h4 = list(h4)
        j = h4.index("Continuous Assessment Start Date")
        h4.pop(j)
        for row in rows4:
            row.pop(j)
        lists["List 4"] = (h4, rows4)
        _note(log, "annex_a.xlsx List 4", None, "Continuous Assessment Start Date", "", "missing-columns")
    return lists


def _note(log: list[dict], file: str, where: int | str | None, field: str, value: str, kind: str) -> None:
    """`where`: a data row (0 = the first row under the header) or, in the CIN census, the child's ID."""
    log.append({"kind": kind, "file": file, "where": where, "field": field, "value": value})
