"""Rebuild src/csc_scorecard/reference/la_codes.csv from the public DfE files.

The ONS postcode directory names a postcode's council by its ONS code
(E09000015); the SSDA903 and the CIN census name an LA by its three-digit DfE
code (310). DfE's Explore Education Statistics downloads carry both
(`new_la_code`, `old_la_code`) on every LA row, so this script lists every
pair they use, with the latest year each was used in: a council whose ONS code
changed (North Yorkshire E10000023 -> E06000065 in 2023) keeps both rows, so a
postcode directory of either age maps to the same DfE code.

Two ONS codes are added by hand: Barnsley (E08000016 -> E08000038) and
Sheffield (E08000019 -> E08000039) were recoded after a boundary change, the
postcode directory uses the new codes, and DfE's files still use the old ones.

Source: DfE, Explore Education Statistics (Open Government Licence v3.0).
Run: .venv/bin/python tools/build_la_codes.py [path/to/shared/data]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "csc_scorecard" / "reference" / "la_codes.csv"

# ONS codes the postcode directory uses that DfE's files do not (yet): (ons_code, dfe code, name, note).
ALIASES = [
    ("E08000038", "370", "Barnsley", "ONS recode of E08000016 after a boundary change"),
    ("E08000039", "373", "Sheffield", "ONS recode of E08000019 after a boundary change"),
]


def _year(time_period: str) -> int:
    """'2025' -> 2025; '202425' -> 2025 (the year of the 31 March it ends on)."""
    text = time_period.strip()
    return int(text[:4]) + 1 if len(text) == 6 else int(text[:4])


_NOT_FIGURES = {"time_period", "old_la_code", "new_la_code", "country_code", "region_code", "la_name"}


def _has_figure(r: dict) -> bool:
    for k, v in r.items():
        if k in _NOT_FIGURES or not v:
            continue
        try:
            float(v.replace(",", ""))
            return True
        except ValueError:
            continue
    return False


def main(data: Path) -> None:
    seen: dict[tuple[str, str], dict] = {}
    for path in sorted((data / "benchmarks" / "ees").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                if r.get("geographic_level") != "Local authority" or not r.get("new_la_code"):
                    continue
                key = (r["new_la_code"].strip(), r["old_la_code"].strip())
                # an abolished LA keeps rows of "z" (not applicable) for years after it went: only a
                # row with a figure says the code was in use that year
                year = _year(r["time_period"]) if _has_figure(r) else 0
                row = seen.setdefault(key, {"name": r["la_name"].strip(), "last": year})
                if year >= row["last"]:
                    row.update(name=r["la_name"].strip(), last=year)
    latest = {}  # DfE code -> the ONS code it was used with most recently
    for (ons, dfe), row in seen.items():
        if dfe not in latest or row["last"] > seen[(latest[dfe], dfe)]["last"]:
            latest[dfe] = ons
    newest = max(row["last"] for row in seen.values())  # a code DfE no longer uses belongs to an abolished LA
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ons_code", "la_code", "la_name", "current", "note"])
        for (ons, dfe), row in sorted(seen.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            until = f"{row['last'] - 1}-{str(row['last'])[2:]}"
            current = latest[dfe] == ons and row["last"] == newest
            note = ("" if current else f"abolished: last in DfE's figures for {until}" if latest[dfe] == ons
                    else f"used by DfE until {until}")
            w.writerow([ons, dfe, row["name"], "yes" if current else "no", note])
        for ons, dfe, name, note in ALIASES:
            w.writerow([ons, dfe, name, "no", note])
    current = sum(1 for dfe, ons in latest.items() if seen[(ons, dfe)]["last"] == newest)
    print(f"wrote {OUT} ({len(seen) + len(ALIASES)} rows, {len(latest)} LAs of which {current} current)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
