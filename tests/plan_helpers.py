"""Helpers for the plan tests: a real store with hand-built assessment rows, and settings for LA 999."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

from csc_scorecard.store import database
from csc_scorecard.store.schema import TABLES

LA = "999"
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "csc_scorecard" / "synth" / "example_plan.yaml"


def settings_file(folder: Path) -> Path:
    path = folder / "scorecard.yaml"
    path.write_text('la: "999"\nlas:\n  "999": {name: Testshire, population: {2024: 10000, 2025: 10000}}\n',
                    encoding="utf-8")
    return path


def assessments(authorised: list[tuple[date, bool]]) -> list[dict]:
    """One assessment per (authorisation date, on time?): on time = started 2 days before (a few working
    days), late = started 100 days before (over 45 working days)."""
    rows = []
    for n, (when, on_time) in enumerate(authorised):
        start = when - timedelta(days=2 if on_time else 100)
        rows.append({"child_id": f"C{n}", "referral_date": start, "assessment_actual_start_date": start,
                     "assessment_authorisation_date": when})
    return rows


def store_with(path: Path, table: str, rows: list[dict], years: tuple[int, ...] = (2024, 2025)) -> Path:
    """A store holding ``rows`` of one table for LA 999, loaded for each collection year in ``years``
    (so the engine sees the years as covered) and merged with the latest."""
    con = database.connect(path)
    try:
        spec = TABLES[table]
        schema = database.arrow_schema(spec)
        base = {"la": LA, "source_return": "cin", "source_file": "hand-built", "load_id": 1}
        src = [{**base, **r, "collection_year": y} for y in years for r in rows]
        merged = [{**base, **r, "collection_year": max(years)} for r in rows]
        for target, data in ((f"src_{table}", src), (table, merged)):
            arrow = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in data], schema)  # noqa: F841
            con.register("staged", arrow)
            con.execute(f"INSERT INTO {target} SELECT * FROM staged")
            con.unregister("staged")
    finally:
        con.close()
    return path
