"""Which LAs have the data an indicator needs for a period.

An indicator whose data is missing for an LA and period is "not available",
with the reason, never 0. "Has the data" depends on the kind of table:

* tables collected year by year and merged into one history (the CIN census
  tables, SSDA903 episodes, reviews, missing ...): every collection year whose
  1 April - 31 March overlaps the period must have been loaded for the LA
  (a rolling 12 months ending 30 November 2024 needs both 2023-24 and 2024-25);
* tables that describe one collection year (SSDA903 OC2, OC3, AD1, PrevPerm:
  their key includes the collection year): the collection year ending at the
  31 March on or after the period's end;
* Annex A lists (snapshots at an extract date): an extract dated within the
  period (the indicators read the latest such extract);
* local extracts: any extract loaded for the LA (an extract is a full list).

The years loaded are read from the ``src_`` tables, which keep every version,
so a year whose rows were all superseded in the merged history still counts;
and from the load history (``load_file``, status 'loaded'), whose row counts
name every table a file brought, so a file with no rows for a table (an AD1
or Missing CSV of an LA with no adoptions or missing episodes that year)
still counts as the data being there: the figure is then a real 0. An Annex A
list that a workbook brought empty counts for the extract date of the
workbook's other lists.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb

from ..store.schema import TABLES
from ..store.schema_annex_a import ANNEX_A_TABLES
from ..store.schema_local import LOCAL_TABLES
from .period import Period, fy_name, year_ending

LOCAL_NAMES = {t.name for t in LOCAL_TABLES}
ANNEX_A_NAMES = {t.name for t in ANNEX_A_TABLES}
CIN_NAMES = {"cin_episode", "assessment", "assessment_factor", "cin_plan", "section47", "cp_plan", "cp_review",
        "pre_proceedings"}

# What to call a table's data in a "not available" reason.
LABELS = {
    "cin_episode": "CIN census referrals", "assessment": "CIN census assessments",
    "assessment_factor": "CIN census assessment factors", "cin_plan": "CIN census CIN plans",
    "section47": "CIN census Section 47 enquiries", "cp_plan": "CIN census child protection plans",
    "cp_review": "CIN census child protection reviews", "pre_proceedings": "CIN census pre-proceedings",
    "child": "child details", "cla_episode": "SSDA903 episodes", "cla_review": "SSDA903 reviews",
    "oc2": "SSDA903 OC2 data", "oc3": "SSDA903 OC3 data", "ad1": "SSDA903 AD1 data", "uasc": "SSDA903 UASC data",
    "placed_adoption": "SSDA903 placed for adoption", "prev_perm": "SSDA903 previous permanence",
    "missing": "SSDA903 missing", "sw_episode": "SSDA903 social worker episodes", "dolo": "SSDA903 DoLo data",
}


def label(table: str) -> str:
    if table in LABELS:
        return LABELS[table]
    if table in ANNEX_A_NAMES:
        number = next(i for i, t in enumerate(ANNEX_A_TABLES, 1) if t.name == table)
        return f"Annex A List {number}"
    if table in LOCAL_NAMES:
        return f"local {table.replace('_', ' ')} extract"
    return table


def kind(table: str) -> str:
    if table in LOCAL_NAMES:
        return "any"
    if "extract_date" in TABLES[table].column_names:
        return "extract"
    if "collection_year" in TABLES[table].key:
        return "year-end"
    return "years-overlapping"


class Coverage:
    """Caches, per table, the collection years (or extract dates) loaded for each LA."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._years: dict[str, dict[str, set[int | None]]] = {}
        self._extracts: dict[str, dict[str, set]] = {}
        self._files: list[tuple[int, str, str, int | None, dict[str, int]]] | None = None

    def narrowed(self, las) -> "Coverage":
        """The coverage of a connection whose tables were narrowed to these LAs' rows (store/subset.py):
        what was read here, of those LAs (the same rows), and the load history (not narrowed)."""
        keep = set(las)
        fresh = Coverage(self.con)
        fresh._files = self._files
        fresh._years = {t: {la: v for la, v in found.items() if la in keep} for t, found in self._years.items()}
        fresh._extracts = {t: {la: v for la, v in found.items() if la in keep} for t, found in self._extracts.items()}
        return fresh

    def loaded_files(self) -> list[tuple[int, str, str, int | None, dict[str, int]]]:
        """(load_id, file, la, collection_year, rows per table) of every file stored, read once."""
        if self._files is None:
            self._files = []
            for load_id, file, la, year, counts in self._rows(
                    "SELECT load_id, file, la, collection_year, row_counts FROM load_file WHERE status = 'loaded'"):
                try:
                    tables = json.loads(counts or "{}")
                except ValueError:
                    tables = {}
                if la and isinstance(tables, dict):
                    self._files.append((load_id, file, la, year, tables))
        return self._files

    def years(self, table: str) -> dict[str, set[int | None]]:
        if table not in self._years:
            source = table if kind(table) == "any" else f"src_{table}"
            found: dict[str, set[int | None]] = {}
            for la, year in self._rows(f"SELECT DISTINCT la, collection_year FROM {source}"):
                found.setdefault(la, set()).add(year)
            for _, _, la, year, tables in self.loaded_files():
                if table in tables:  # the file brought the table, perhaps with no rows
                    found.setdefault(la, set()).add(year)
            self._years[table] = found
        return self._years[table]

    def _rows(self, sql: str) -> list[tuple]:
        try:
            return self.con.execute(sql).fetchall()
        except duckdb.CatalogException:  # a store written before this table existed: no data for it
            return []

    def extracts(self, table: str) -> dict[str, set]:
        if table not in self._extracts:
            found: dict[str, set] = {}
            for la, d in self._rows(f"SELECT DISTINCT la, extract_date FROM {table}"):
                found.setdefault(la, set()).add(d)
            for la, d in self._empty_extracts(table):
                found.setdefault(la, set()).add(d)
            self._extracts[table] = found
        return self._extracts[table]

    def _empty_extracts(self, table: str) -> list[tuple[str, date]]:
        """(la, extract date) of the workbooks that brought this list with no rows.

        The load history does not keep the extract date, so it is taken from the same file's
        other lists (their rows carry it); a workbook whose every list was empty cannot be dated.
        """
        empty = {(load_id, file) for load_id, file, _, _, tables in self.loaded_files() if tables.get(table) == 0}
        if not empty:
            return []
        present = {r[0] for r in self._rows("SELECT table_name FROM information_schema.tables")}
        union = " UNION ".join(f"SELECT DISTINCT la, load_id, source_file, extract_date FROM src_{name}"
                               for name in sorted(ANNEX_A_NAMES) if f"src_{name}" in present)
        if not union:
            return []
        return [(la, d) for la, load_id, file, d in self._rows(union)
                if (load_id, file) in empty and d is not None]

    def missing(self, tables: tuple[str, ...], la: str, period: Period, history_from: date | None = None) -> str | None:
        """Why the LA lacks data for the period, or None when every table is covered.

        ``history_from`` (default: the period's start) extends the years needed backwards, for
        indicators that read history before the period (a re-referral's earlier referral).
        """
        first = min(history_from or period.start, period.start)
        for table in tables:
            k = kind(table)
            if k == "extract":
                dates = self.extracts(table).get(la) or set()
                if not any(d is not None and period.start <= d <= period.end for d in dates):
                    return f"no {label(table)} extract dated in {period.name}"
                continue
            loaded = self.years(table).get(la)
            if k == "any":
                if not loaded:
                    return f"no {label(table)} loaded"
                continue
            if k == "year-end":
                needed = [period.year_ending]
            else:
                needed = list(range(year_ending(first), period.year_ending + 1))
            for year in needed:
                if not loaded or year not in loaded:
                    return f"no {label(table)} for {fy_name(year)}"
        return None
