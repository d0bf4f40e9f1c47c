"""Runs the DfE rule sets inside their own virtual environment (see dfe_rules.py); never imported.

csc-validator-be-903 and csc-validator-be-cin need pandas and numpy 1.x, so
this script runs under that environment's Python, with nothing of
csc-scorecard importable. It reads a JSON list of jobs on stdin and writes a
JSON list of results on stdout:

    job:    {"kind": "903", "year": 2025, "ons": "E09000014", "files": [...], "previous": [...]}
            {"kind": "cin", "year": 2025, "file": "..."}
    result: {"ruleset": "lac2024_25", "issues": [{"rule", "message", "child_id", "table", "field",
             "value", "row"}], "not_run": [{"rule", "reason"}], "error": "..."}
"""

from __future__ import annotations

import importlib
import io
import json
import logging
import re
import sys
import traceback
import warnings
from contextlib import redirect_stdout
from pathlib import Path

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")


def available(package: str, prefix: str) -> list[str]:
    folder = Path(list(importlib.import_module(package).__path__)[0])
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith(prefix))


def ruleset(prefix: str, year: int, package: str) -> str:
    """The rule set of the collection year, else the nearest one the validator has."""
    have = available(package, prefix)
    wanted = f"{prefix}{year - 1}_{str(year)[2:]}"
    if wanted in have:
        return wanted
    return have[0] if wanted < have[0] else have[-1]


def _text(v) -> str:
    if v is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(v):
            return ""
        if isinstance(v, pd.Timestamp):
            return v.strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        pass
    s = str(v)
    return s[:-2] if re.fullmatch(r"-?\d+\.0", s) else s


def run_903(job: dict) -> dict:
    from lac_validator import lac_validator

    rs = ruleset("lac", job["year"], "lac_validator.rules")
    registry = importlib.import_module(f"lac_validator.rules.{rs}").registry
    files = [{"name": Path(p).name, "description": "This year", "file_content": Path(p).read_bytes()}
             for p in job["files"]]
    files += [{"name": Path(p).name, "description": "Prev year", "file_content": Path(p).read_bytes()}
              for p in job.get("previous", [])]
    with redirect_stdout(io.StringIO()):
        v = lac_validator.LacValidator(metadata={"collectionYear": str(job["year"]), "localAuthority": job["ons"]},
                                       files=files, registry=registry)
    issues = []
    for table, df in v.ds_results.items():
        if table == "metadata" or table.endswith("_last") or not hasattr(df, "columns"):
            continue
        for col in [c for c in df.columns if str(c).startswith("ERR_")]:
            code = col[4:]
            rule = registry[code] if code in registry else None
            fields = [f for f in (getattr(rule, "affected_fields", None) or []) if f in df.columns]
            flagged = df[df[col].fillna(False).astype(bool)]
            for index, row in flagged.iterrows():
                issues.append({"rule": code, "message": getattr(rule, "message", "") or "",
                               "child_id": _text(row.get("CHILD")), "table": table,
                               "field": ", ".join(fields), "value": _text(row[fields[0]]) if fields else "",
                               "row": int(index) + 2 if isinstance(index, int) else ""})
    not_run = [{"rule": str(c), "reason": "the rule crashed on this data (a fault of the validator)"}
               for c in v.fails]
    not_run += [{"rule": str(c), "reason": "a table the rule needs was not given"} for c in v.skips]
    return {"ruleset": rs, "issues": issues, "not_run": not_run}


_CIN_CRASH = re.compile(r"^Error with rule (\S+): (.*)$", re.M)


def run_cin(job: dict) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator

    rs = ruleset("cin", job["year"], "cin_validator.rules")
    registry = importlib.import_module(f"cin_validator.rules.{rs}").registry
    root = ET.parse(job["file"]).getroot()
    printed = io.StringIO()
    with redirect_stdout(printed):
        data = cin_validator.process_data(cin_validator.convert_data(root))
        v = cin_validator.CinValidator(data, registry)
    issues = []
    report = v.user_report
    if len(report):
        for _, row in report.iterrows():
            issues.append({"rule": _text(row["rule_code"]), "message": _text(row["rule_description"]),
                           "child_id": _text(row["LAchildID"]), "table": _text(row["tables_affected"]),
                           "field": _text(row["columns_affected"]), "value": _text(row["value_flagged"]),
                           "row": _text(row["ROW_ID"])})
    for _, row in v.multichild_issues.iterrows():
        issues.append({"rule": _text(row["rule_code"]), "message": _text(row["rule_description"]),
                       "child_id": "", "table": "", "field": "", "value": "", "row": ""})
    not_run = [{"rule": code, "reason": f"the rule crashed on this data ({why.strip()})"}
               for code, why in _CIN_CRASH.findall(printed.getvalue())]
    return {"ruleset": rs, "issues": issues, "not_run": not_run}


def main() -> int:
    jobs = json.load(sys.stdin)
    out = []
    for job in jobs:
        try:
            out.append(run_903(job) if job["kind"] == "903" else run_cin(job))
        except Exception as exc:  # the whole rule set could not run on this file: say why, go on
            out.append({"ruleset": "", "issues": [], "not_run": [],
                        "error": f"{type(exc).__name__}: {exc}".strip()[:500],
                        "trace": traceback.format_exc()[-2000:]})
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
