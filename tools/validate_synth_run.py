"""Run the DfE-rule validators (csc-validator-be-903, csc-validator-be-cin) on generated returns.

Runs inside the validators' own virtual environment (see validate_synth.sh),
never the project's: they need pandas<2 and numpy<1.25. Prints, for each
collection year, which rules fire and how often, then a total per rule.

usage: python validate_synth_run.py LA_FOLDER ONS_CODE [--json OUT.json]
"""

from __future__ import annotations

import importlib
import io
import json
import logging
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

logging.disable(logging.CRITICAL)

from cin_validator import cin_validator  # noqa: E402
from lac_validator import lac_validator  # noqa: E402


def ruleset(prefix: str, year: int, available: list[str]) -> str:
    wanted = f"{prefix}{year - 1}_{str(year)[2:]}"
    if wanted in available:
        return wanted
    return available[0] if wanted < available[0] else available[-1]


def available(package: str, prefix: str) -> list[str]:
    folder = Path(list(importlib.import_module(package).__path__)[0])
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith(prefix))


def year_of(folder: Path) -> int:
    return int(folder.name[:4]) + 1


def run_903(folder: Path, prev: Path | None, ons: str) -> tuple[str, Counter]:
    year = year_of(folder)
    files = []
    for desc, d in (("This year", folder), ("Prev year", prev)):
        if d is None:
            continue
        for path in sorted((d / "903").glob("*.csv")):
            files.append({"name": path.name, "description": desc, "file_content": path.read_bytes()})
    rs = ruleset("lac", year, available("lac_validator.rules", "lac"))
    registry = importlib.import_module(f"lac_validator.rules.{rs}").registry
    with redirect_stdout(io.StringIO()):
        v = lac_validator.LacValidator(metadata={"collectionYear": str(year), "localAuthority": ons},
                                       files=files, registry=registry)
    counts: Counter = Counter()
    for name, df in v.ds_results.items():
        if name == "metadata" or name.endswith("_last") or not hasattr(df, "columns"):
            continue
        for col in df.columns:
            if str(col).startswith("ERR_"):
                n = int(df[col].fillna(False).astype(bool).sum())
                if n:
                    counts[col[4:]] += n
    for code in v.fails:
        counts[f"{code} (rule crashed)"] += 1
    return rs, counts


def run_cin(folder: Path) -> tuple[str, Counter]:
    year = year_of(folder)
    rs = ruleset("cin", year, available("cin_validator.rules", "cin"))
    registry = importlib.import_module(f"cin_validator.rules.{rs}").registry
    root = ET.parse(folder / "cin_census.xml").getroot()
    with redirect_stdout(io.StringIO()):
        data = cin_validator.process_data(cin_validator.convert_data(root))
        v = cin_validator.CinValidator(data, registry)
    counts: Counter = Counter(v.full_issue_df["rule_code"].astype(str))
    for code in v.multichild_issues["rule_code"].astype(str):
        counts[f"{code} (LA level)"] += 1
    return rs, counts


def main(argv: list[str]) -> int:
    la_folder, ons = Path(argv[0]), argv[1]
    out_json = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    years = sorted(p for p in la_folder.iterdir() if p.is_dir() and (p / "903").is_dir())
    totals = {"903": Counter(), "cin": Counter()}
    report = {}
    for i, folder in enumerate(years):
        prev = years[i - 1] if i else None
        rs903, c903 = run_903(folder, prev, ons)
        rscin, ccin = run_cin(folder)
        totals["903"].update(c903)
        totals["cin"].update(ccin)
        report[folder.name] = {"903": dict(c903), "cin": dict(ccin)}
        print(f"== {folder.name}: 903 rules {rs903}, CIN rules {rscin}")
        for label, counts in (("903", c903), ("CIN", ccin)):
            shown = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            print(f"   {label}: {shown or 'no rules fire'}")
    print("== totals over all years")
    for label in ("903", "cin"):
        for code, n in sorted(totals[label].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"   {label:4} {code:28} {n}")
    if out_json:
        out_json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
