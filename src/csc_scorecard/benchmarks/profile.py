"""An LA's details from the loaded published files: name, codes, region, population, neighbours.

Used by ``scorecard init`` to write a starting scorecard.yaml, and by
``scorecard benchmarks show``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import duckdb

from .errors import BenchmarkLookupError
from .published import default_model, statistical_neighbours
from .tables import has_tables


@dataclass
class LaProfile:
    code: str
    name: str | None = None
    ons_code: str | None = None
    region: str | None = None
    population: dict[int, int] = field(default_factory=dict)  # year of the 31 March -> children 0-17
    population_source: str | None = None
    neighbours: list[dict] = field(default_factory=list)  # [{la, rank, band, name, model}]
    neighbour_model: str | None = None
    ofsted: dict | None = None
    sources: list[str] = field(default_factory=list)


def _names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every LA code the published files name, with its latest name."""
    rows = con.execute("""
        SELECT la_code, arg_max(area_name, year) FROM bench_value WHERE level = 'la' AND la_code IS NOT NULL
        GROUP BY la_code
        UNION ALL SELECT la_code, any_value(la_name) FROM bench_neighbour GROUP BY la_code""").fetchall()
    out: dict[str, str] = {}
    for code, name in rows:
        if code and name and code not in out:
            out[code] = name
    return out


def find_la(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """An LA's three-digit code from its code or its name (as the published files spell it)."""
    if not has_tables(con):
        raise BenchmarkLookupError("No published files are loaded, so LA names cannot be looked up: "
                                   "give the three-digit DfE code, or load them with `scorecard benchmarks load`.")
    names = _names(con)
    t = str(text).strip()
    if t.isdigit() and len(t) <= 3:
        code = t.zfill(3)
        if code in names:
            return code
        raise BenchmarkLookupError(f"No LA numbered {code} in the loaded published files.")
    by_name = {v.lower(): k for k, v in names.items()}
    if t.lower() in by_name:
        return by_name[t.lower()]
    close = difflib.get_close_matches(t, list(names.values()), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise BenchmarkLookupError(f'No LA called "{t}" in the loaded published files.{hint}')


def la_profile(con: duckdb.DuckDBPyConnection, la: str, model: str | None = None) -> LaProfile:
    p = LaProfile(la)
    if not has_tables(con):
        return p
    row = con.execute("""SELECT arg_max(area_name, year), arg_max(ons_code, year), arg_max(region, year)
                         FROM bench_value WHERE level = 'la' AND la_code = ? AND source = 'ees'""", [la]).fetchone()
    if row and row[0]:
        p.name, p.ons_code, p.region = row
    if not p.name:
        row = con.execute("""SELECT arg_max(area_name, year), arg_max(region, year) FROM bench_value
                             WHERE level = 'la' AND la_code = ?""", [la]).fetchone()
        if row and row[0]:
            p.name, p.region = row
    sn = con.execute("""SELECT any_value(la_name), any_value(region) FROM bench_neighbour WHERE la_code = ?""",
                     [la]).fetchone()
    if sn and sn[0]:
        p.name = p.name or sn[0]
        p.region = p.region or sn[1]
    pops = con.execute("""SELECT year, population, file FROM bench_population
                          WHERE level = 'la' AND la_code = ? AND population IS NOT NULL ORDER BY year""",
                       [la]).fetchall()
    if pops:
        p.population = {y: int(n) for y, n, _ in pops}
        p.population_source = pops[-1][2]
        p.sources.append(pops[-1][2])
        if not p.ons_code:
            p.ons_code = con.execute("SELECT arg_max(ons_code, year) FROM bench_population WHERE la_code = ?",
                                     [la]).fetchone()[0]
    p.neighbour_model = model or default_model(con, la)
    p.neighbours = statistical_neighbours(con, la, p.neighbour_model)
    if p.neighbours:
        p.sources.append(p.neighbour_model)
    ofsted = con.execute("""SELECT inspection_date, publication_date, overall, leaders, help_and_protection,
                                   children_in_care, care_leavers, file
                            FROM bench_ofsted WHERE la_code = ? ORDER BY inspection_date DESC LIMIT 1""",
                         [la]).fetchone()
    if ofsted:
        keys = ("inspection_date", "publication_date", "overall", "leaders", "help_and_protection",
                "children_in_care", "care_leavers")
        p.ofsted = dict(zip(keys, ofsted[:7]))
        p.sources.append(ofsted[7])
    return p
