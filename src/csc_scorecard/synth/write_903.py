"""SSDA903 returns: the CSV set (header.csv, episodes.csv, …) and the XML form.

A collection year's return holds, as LAs submit it: every episode open at any
time in the year (earlier DECOMs included; DEC and REC blank while open at 31
March), the children in those episodes plus care leavers in the OC3 cohort in
Header, and the year's reviews, missing episodes, OC2/OC3 rows, adoptions
(AD1), decisions to place for adoption, previous permanence for children who
started care in the year, UASC status and, from 2023-24, social worker
episodes. Codes are those valid for that year: SEX 1/2 until 2023-24 and
M/F from 2024-25.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from .model import LaHistory

COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "placed_for_adoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}
SW_FROM_YEAR = 2024  # social worker episodes were first collected in 2023-24
K3_YEAR = 2025  # open H5 (semi-independent) placements are reported as K3 from 2024-25 (care.py)


@lru_cache(maxsize=None)
def dmy(o: int | None) -> str:
    if o is None:
        return ""
    d = date.fromordinal(o)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def sex_code(sex: str, year: int) -> str:
    if year >= 2025:
        return sex
    return "1" if sex == "M" else "2"


def tables_903(la: LaHistory, year: int) -> dict[str, list[list[str]]]:
    """The year's return as rows of strings, per table (see COLUMNS)."""
    s = date(year - 1, 4, 1).toordinal()
    e = date(year, 3, 31).toordinal()
    out: dict[str, list[list[str]]] = {name: [] for name in COLUMNS}
    header, episodes, reviews, uasc = out["header"], out["episodes"], out["reviews"], out["uasc"]
    oc2, oc3, ad1, placed = out["oc2"], out["oc3"], out["ad1"], out["placed_for_adoption"]
    prev, missing, sw = out["previous_permanence"], out["missing"], out["sw_episodes"]
    for child in la.children:
        if not child.periods:
            continue
        in_year = [p for p in child.periods if p.start <= e and (p.end is None or p.end >= s)]
        leaver = child.periods[-1].leaver.get(year)
        if not in_year and leaver is None:
            continue
        cid, dob = child.id, dmy(child.dob)
        sex = sex_code(child.sex, year)
        looked_after = bool(in_year)
        upn = child.upn if child.upn and e - child.dob >= 5 * 365 else ("UN2" if child.uasc else "UN1")
        mother, mc_dob = "", ""
        if looked_after and child.sex == "F":
            is_mother = child.mc_dob is not None and child.mc_dob <= e
            mother, mc_dob = ("1", dmy(child.mc_dob)) if is_mother else ("0", "")
        header.append([cid, sex, dob, child.ethnicity, upn, mother, mc_dob])
        if leaver is not None:
            oc3.append([cid, dob, *leaver])
        has_oc2 = has_prev = False
        for period in in_year:
            for ep in period.episodes:
                if ep.decom > e or (ep.dec is not None and ep.dec < s):
                    continue
                open_at_end = ep.dec is None or ep.dec > e
                place = "K3" if ep.place == "H5" and year >= K3_YEAR else ep.place
                episodes.append([cid, dmy(ep.decom), ep.rne, ep.ls, ep.cin, place, ep.provider,
                                 "" if open_at_end else dmy(ep.dec), "" if open_at_end else ep.rec,
                                 "" if open_at_end else ep.rpc, ep.home_post, ep.pl_post, ep.urn])
            for day, code in period.reviews:
                if s <= day <= e:
                    reviews.append([cid, dob, dmy(day), code])
            for kind, start, end in period.missing:
                if s <= start <= e or (start < s and (end is None or end >= s)):
                    missing.append([cid, dob, kind, dmy(start), dmy(end) if end is not None and end <= e else ""])
            row = period.oc2.get(year)
            if row is not None and not has_oc2:
                oc2.append([cid, dob, *map(str, row)])
                has_oc2 = True
            if period.adoption and period.end is not None and s <= period.end <= e:
                date_int, match, foster, nb, sex_a, ls_a = period.adoption
                ad1.append([cid, dob, dmy(date_int), dmy(match), str(foster), str(nb), sex_a, ls_a])
            for decided, ceased, reason in period.decisions:
                if decided <= e and (ceased is None or ceased >= s):
                    shown = ceased is not None and ceased <= e
                    placed.append([cid, dob, dmy(decided), dmy(ceased) if shown else "", reason if shown else ""])
            if s <= period.start <= e and not has_prev:  # one row a child, for the first start in the year
                prev.append([cid, dob, *period.prev_perm])
                has_prev = True
            if year >= SW_FROM_YEAR:
                for sw_id, start, end, reason in period.social_workers:
                    if start <= e and (end is None or end >= s):
                        sw.append([cid, dob, sw_id, dmy(start), dmy(end) if end is not None and end <= e else "",
                                   reason])
        if looked_after and child.uasc:
            duc = _duc(child)
            if duc >= s:
                uasc.append([cid, sex, dob, dmy(duc)])
    if year < SW_FROM_YEAR:
        del out["sw_episodes"]
    # An LA with nothing to report in a table (no adoptions this year) sends no file for it.
    return {name: rows for name, rows in out.items() if rows or name in ("header", "episodes")}


def _duc(child) -> int:
    d = date.fromordinal(child.dob)
    try:
        return date(d.year + 18, d.month, d.day).toordinal()
    except ValueError:
        return date(d.year + 18, 3, 1).toordinal()


def write_csv(tables: dict[str, list[list[str]]], folder: Path, columns: dict | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in tables.items():
        cols = (columns or {}).get(name, COLUMNS[name])
        path = folder / f"{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(cols)
            w.writerows(rows)
        paths.append(path)
    return paths


# --- XML (EXPSSDA903) -------------------------------------------------------------------
def _el(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>" if value != "" else f"<{tag} />"


def write_xml(tables: dict[str, list[list[str]]], path: Path) -> Path:
    """The same return in the EXPSSDA903 XML form (one CHILD per child, as in CLA.xsd)."""
    by_child: dict[str, dict[str, list[list[str]]]] = {}
    order: list[str] = []
    for name, rows in tables.items():
        for row in rows:
            cid = row[0]
            if cid not in by_child:
                by_child[cid] = {}
                order.append(cid)
            by_child[cid].setdefault(name, []).append(row)
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>"]
    for cid in order:
        t = by_child[cid]
        head = t.get("header", [[cid, "", "", "", "", "", ""]])[0]
        _, sex, dob, ethnic, upn, mother, mc_dob = head
        uasc = t.get("uasc")
        ad1 = t.get("ad1", [None])[0]
        oc3 = t.get("oc3", [None])[0]
        h = [f"<CHILD><HEADER>{_el('CHILDID', cid)}{_el('UPN', upn)}{_el('SEX', sex)}{_el('DOB', dob)}"
             f"{_el('ETHNIC', ethnic)}{_el('UASC', '1' if uasc else '0')}"]
        if uasc:
            h.append(_el("DUC", uasc[0][3]))
        if ad1:
            h.append("".join(_el(tag, v) for tag, v in zip(
                ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"), ad1[2:])))
        if oc3:
            h.append(_el("IN_TOUCH", oc3[2]) + _el("ACTIV", oc3[3]) + _el("ACCOM", oc3[4]))
        for row in t.get("missing", []):
            h.append(f"<AMISSING>{_el('MISSING', row[2])}{_el('MIS_START', row[3])}{_el('MIS_END', row[4])}"
                     "</AMISSING>")
        for row in t.get("reviews", []):
            h.append(f"<AREVIEW>{_el('REVIEW', row[2])}{_el('REVIEW_CODE', row[3])}</AREVIEW>")
        h.append(_el("MOTHER", mother) + _el("MC_DOB", mc_dob))
        for row in t.get("previous_permanence", []):
            h.append(f"<PERMANENCE>{_el('PREV_PERM', row[2])}{_el('LA_PERM', row[3])}"
                     f"{_el('DATE_PERM', row[4])}</PERMANENCE>")
        for row in t.get("oc2", []):
            h.append("<OC2>" + "".join(_el(tag, v) for tag, v in zip(COLUMNS["oc2"][2:], row[2:])) + "</OC2>")
        for row in t.get("placed_for_adoption", []):
            h.append(f"<AD_PLACED>{_el('DATE_PLACED', row[2])}{_el('DATE_PLACED_CEASED', row[3])}"
                     f"{_el('REASON_PLACED_CEASED', row[4])}</AD_PLACED>")
        h.append("</HEADER>")
        for row in t.get("episodes", []):
            (_, decom, rne, ls, cin, place, prov, dec, rec, rpc, home, pl, urn) = row
            h.append(f"<EPISODE>{_el('DECOM', decom)}{_el('RNE', rne)}{_el('LS', ls)}{_el('CIN', cin)}"
                     f"{_el('PL', place)}{_el('PL_POST', pl)}{_el('HOME_POST', home)}{_el('URN', urn)}"
                     f"{_el('PLACE_PROVIDER', prov)}{_el('DEC', dec)}{_el('REC', rec)}"
                     f"{_el('REASON_PLACE_CHANGE', rpc)}</EPISODE>")
        h.append("</CHILD>")
        parts.append("".join(h))
    parts.append("</EXPSSDA903>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")
    return path
