"""Reading published figures back: which measure, which year, every LA's value.

An indicator's YAML names the published measure it matches (docs/contracts.md)::

    benchmark:
      lait: ReReferral
      ees: {file: c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv,
            column: rereferral_percent}
      england_2024_25: 22.6

For EES files with filters (one row per breakdown), ``filter:`` picks the
row: ``{file: la_care_leavers_activity.csv, column: care_leaver_percent,
filter: {care_leaver_age: 19 to 21 years, breakdown: Total in education,
employment or training}}``. Naming too few filters is an error that lists
the values to choose from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import duckdb

from .ees import filters_key
from .errors import BenchmarkLookupError
from .tables import has_tables


@dataclass(frozen=True)
class MeasureKey:
    source: str  # "lait" | "ees"
    measure: str  # LAIT Short Desc, or the EES column
    file: str | None = None  # the EES file name
    filters: str = "{}"  # EES filter values, JSON as stored (possibly only some of the file's filters)

    def describe(self) -> str:
        if self.source == "lait":
            return f"LAIT {self.measure}"
        f = json.loads(self.filters)
        extra = f" ({'; '.join(f'{k}: {v}' for k, v in f.items())})" if f else ""
        return f"EES {self.file}: {self.measure}{extra}"


def keys_from_benchmark(block: Any) -> list[MeasureKey]:
    """The published measures an indicator's ``benchmark:`` block names, LAIT first."""
    if block is None:
        return []
    if isinstance(block, str):
        return [MeasureKey("lait", block.strip())]
    if not isinstance(block, Mapping):
        raise BenchmarkLookupError(f"a benchmark must be a mapping (lait: ..., ees: ...), not {block!r}")
    keys = []
    lait = block.get("lait")
    if lait:
        keys.append(MeasureKey("lait", str(lait).strip()))
    ees = block.get("ees")
    if ees:
        if not isinstance(ees, Mapping) or not ees.get("file") or not ees.get("column"):
            raise BenchmarkLookupError("an ees benchmark needs file: and column: "
                                       "(and filter: for files with breakdowns)")
        keys.append(MeasureKey("ees", str(ees["column"]).strip(), str(ees["file"]).strip(),
                               filters_key(ees.get("filter") or ees.get("filters"))))
    return keys


@dataclass
class PublishedYear:
    """One measure in one year: every LA, the regions and England."""

    key: MeasureKey
    year: int
    label: str
    la: dict[str, float | None] = field(default_factory=dict)
    la_name: dict[str, str] = field(default_factory=dict)
    la_region: dict[str, str] = field(default_factory=dict)
    la_code_symbol: dict[str, str] = field(default_factory=dict)
    regions: dict[str, float | None] = field(default_factory=dict)
    england: float | None = None


def _where(key: MeasureKey) -> tuple[str, list]:
    if key.source == "lait":
        return "source = 'lait' AND measure = ?", [key.measure]
    return "source = 'ees' AND file = ? AND measure = ? AND filters = ?", [key.file, key.measure, key.filters]


def resolve(con: duckdb.DuckDBPyConnection, key: MeasureKey) -> MeasureKey | None:
    """The stored measure a key means (EES filters completed), None if its file is not loaded.

    Raises BenchmarkLookupError when the file is loaded but the key does not
    name one of its measures, or names several (too few filters).
    """
    if not has_tables(con):
        return None
    if key.source == "lait":
        found = con.execute("SELECT count(*) FROM bench_value WHERE source = 'lait' AND measure = ? LIMIT 1",
                            [key.measure]).fetchone()[0]
        if found:
            return key
        if con.execute("SELECT count(*) FROM bench_file WHERE kind = 'lait'").fetchone()[0]:
            raise BenchmarkLookupError(f'LAIT has no measure "{key.measure}". Measures are named by their '
                                       "Short Desc, e.g. ReReferral (see lait_data_dictionary.csv).")
        return None
    if not con.execute("SELECT count(*) FROM bench_file WHERE file = ?", [key.file]).fetchone()[0]:
        return None
    options = [r[0] for r in con.execute(
        "SELECT DISTINCT filters FROM bench_measure WHERE file = ? AND measure = ? ORDER BY 1",
        [key.file, key.measure]).fetchall()]
    if not options:
        columns = [r[0] for r in con.execute(
            "SELECT DISTINCT measure FROM bench_measure WHERE file = ? ORDER BY 1", [key.file]).fetchall()]
        raise BenchmarkLookupError(f'{key.file} has no measure column "{key.measure}"; '
                                   f"its measures are: {', '.join(columns)}.")
    wanted = json.loads(key.filters)
    matches = [o for o in options if all(json.loads(o).get(k) == v for k, v in wanted.items())]
    if len(matches) == 1:
        return MeasureKey("ees", key.measure, key.file, matches[0])
    if not matches:
        raise BenchmarkLookupError(f"{key.file}: no rows of {key.measure} match the filter {wanted}; "
                                   f"the filters are: {_filter_choices(options)}.")
    raise BenchmarkLookupError(f"{key.file}: {key.measure} has one row per {_filter_choices(matches)}; "
                               "name the one to compare with under filter:.")


def _filter_choices(options: list[str]) -> str:
    values: dict[str, set] = {}
    for o in options:
        for k, v in json.loads(o).items():
            values.setdefault(k, set()).add(v)
    varying = {k: v for k, v in values.items() if len(v) > 1} or values
    return "; ".join(f"{k} = {' | '.join(sorted(v))}" for k, v in sorted(varying.items()))


def years(con: duckdb.DuckDBPyConnection, key: MeasureKey) -> list[int]:
    """Years with at least one published LA or England value, oldest first."""
    where, params = _where(key)
    rows = con.execute(f"""SELECT DISTINCT year FROM bench_value WHERE {where} AND value IS NOT NULL
                           AND level IN ('la', 'england') ORDER BY year""", params).fetchall()
    return [r[0] for r in rows]


def published(con: duckdb.DuckDBPyConnection, key: MeasureKey, year: int) -> PublishedYear:
    where, params = _where(key)
    rows = con.execute(f"""SELECT level, la_code, area_name, region, year_label, value, value_code
                           FROM bench_value WHERE {where} AND year = ?
                           ORDER BY level, la_code, area_name""", [*params, year]).fetchall()
    out = PublishedYear(key, year, rows[0][4] if rows else str(year))
    for level, la, name, region, label, value, code in rows:
        if level == "la" and la:
            if la in out.la and out.la[la] is not None:
                continue  # a second row for the same LA (should not happen): the first value wins
            out.la[la], out.la_name[la], out.la_region[la] = value, name, region
            if code:
                out.la_code_symbol[la] = code
        elif level == "region":
            out.regions[name] = value
        elif level == "england":
            out.england = value
    return out


def measure_info(con: duckdb.DuckDBPyConnection, key: MeasureKey) -> dict:
    """Title, polarity (up | down | context | None), year type and whether quartiles apply."""
    if key.source == "lait":
        row = con.execute("""SELECT title, polarity, year_type, quartiles, decimals FROM bench_measure
                             WHERE source = 'lait' AND measure = ?""", [key.measure]).fetchone()
    else:
        row = con.execute("""SELECT title, polarity, year_type, quartiles, decimals FROM bench_measure
                             WHERE file = ? AND measure = ? AND filters = ?""",
                          [key.file, key.measure, key.filters]).fetchone()
    if not row:
        return {"title": key.describe(), "polarity": None, "year_type": None, "quartiles": True, "decimals": None}
    return dict(zip(("title", "polarity", "year_type", "quartiles", "decimals"), row))


_SUFFIX = {"rev": "revised", "prov": "provisional", "final": "final", "ot": "outturn"}


def describe_year(year: int, label: str, year_type: str | None = None) -> str:
    """A published year as people say it: '2024-25', '2024/25 academic year', '2025 (revised)'."""
    m = re.fullmatch(r"(\d{4})\s*(?:\((\w+)\))?", label.strip())
    if not m:
        return label.strip()
    y = int(m.group(1))
    note = f" ({_SUFFIX.get(m.group(2).lower(), m.group(2))})" if m.group(2) else ""
    kind = (year_type or "").lower()
    if "academic" in kind:
        return f"{y - 1}/{y % 100:02d} academic year{note}"
    if "financial" in kind or kind in ("annual", ""):
        return f"{y - 1}-{y % 100:02d}{note}"
    return f"{label.strip()}"


# -- statistical neighbours ---------------------------------------------------------------------

def default_model(con: duckdb.DuckDBPyConnection, la: str) -> str | None:
    """The newest neighbour model listing the LA: the highest year in the model's name, then by name."""
    rows = con.execute("""SELECT DISTINCT model FROM bench_neighbour WHERE la_code = ? AND current""",
                       [la]).fetchall()
    if not rows:
        rows = con.execute("SELECT DISTINCT model FROM bench_neighbour WHERE la_code = ?", [la]).fetchall()
    def year(model: str) -> int:
        found = re.findall(r"(?:19|20)\d{2}", model)
        return max(map(int, found)) if found else 0

    models = sorted((r[0] for r in rows), key=lambda m: (-year(m), m))
    return models[0] if models else None


def statistical_neighbours(con: duckdb.DuckDBPyConnection, la: str, model: str | None = None) -> list[dict]:
    """The LA's neighbours in rank order: [{la, rank, band, name}] (empty when none are loaded)."""
    if not has_tables(con):
        return []
    model = model or default_model(con, la)
    if model is None:
        return []
    rows = con.execute("""SELECT n.neighbour_la, n.neighbour_rank, n.band, o.la_name
                          FROM bench_neighbour n
                          LEFT JOIN (SELECT DISTINCT la_code, la_name FROM bench_neighbour WHERE model = ?) o
                                 ON o.la_code = n.neighbour_la
                          WHERE n.model = ? AND n.la_code = ? ORDER BY n.neighbour_rank""",
                       [model, model, la]).fetchall()
    return [{"la": r[0], "rank": r[1], "band": r[2], "name": r[3], "model": model} for r in rows]
