"""Reads csc-scorecard's own Parquet exports (store/export.py), so a region builds one pooled store
from its LAs' (pseudonymised) exports with ``scorecard load DIR``.

A file is recognised by its Parquet magic bytes and its place in the export
layout: ``<table>/la=<la>/source_return=<r>/collection_year=<yyyy>/part-0.parquet``.
The folder names give the file's version; the rows are checked against the
canonical table's columns and types, so a damaged or foreign file is
refused whole, with the reason, rather than half-stored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..store.schema import ARROW_TYPES, PROVENANCE, TABLES
from .issues import IssueLog
from .result import ReadResult

SUFFIXES = {".parquet"}
MAGIC = b"PAR1"
_PARTS = re.compile(r"^(la|source_return|collection_year)=(.+)$")
RETURNS = {"ssda903", "cin", "annex_a", "local"}


def _layout(path: Path) -> tuple[str, dict[str, str]] | None:
    """(table, {la, source_return, collection_year}) when the path sits in an export's layout."""
    parents = path.parents
    if len(parents) < 4:
        return None
    parts: dict[str, str] = {}
    for p in (parents[0], parents[1], parents[2]):
        m = _PARTS.match(p.name)
        if not m:
            return None
        parts[m.group(1)] = m.group(2)
    table = parents[3].name
    if set(parts) != {"la", "source_return", "collection_year"} or table not in TABLES:
        return None
    return table, parts


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(MAGIC) and _layout(path) is not None


def read(path: Path, *, year: int | None = None, la: str | None = None) -> list[ReadResult]:
    table_name, parts = _layout(path)
    log = IssueLog(str(path))
    file_la = parts["la"]
    file_year = None if parts["collection_year"] == "none" else parts["collection_year"]
    result = ReadResult(path, parts["source_return"], f"csc-scorecard export: {table_name}", None, file_la, log)

    def refuse(code: str, message: str, fix: str, **where) -> list[ReadResult]:
        log.add("fatal", code, message, fix, **where)
        return [result]

    if not re.fullmatch(r"\d{3}", file_la):
        return refuse("export-bad-la", "The folder name does not give a three-digit LA code.",
                      "Load the export folder as the exporting LA wrote it.", field="la", value=file_la)
    if file_year is not None and not (re.fullmatch(r"\d{4}", file_year) and 2000 <= int(file_year) <= 2050):
        return refuse("export-bad-year", "The folder name does not give a collection year between 2000 and 2050.",
                      "Load the export folder as the exporting LA wrote it.", field="collection_year",
                      value=file_year)
    if parts["source_return"] not in RETURNS:
        return refuse("export-bad-return", "The folder name does not name a return csc-scorecard knows.",
                      "Load the export folder as the exporting LA wrote it.", field="source_return",
                      value=parts["source_return"])
    if la and la != file_la:
        return refuse("export-other-la", f"This export file belongs to LA {file_la}, not LA {la} given with --la.",
                      "Leave out --la when loading an export: each file names its own LA.", field="la",
                      value=file_la)
    result.collection_year = int(file_year) if file_year else None
    try:
        data = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        return refuse("export-unreadable", f"The Parquet file cannot be read ({str(exc).splitlines()[0][:200]}).",
                      "Export the LA's data again with scorecard export.")
    table = TABLES[table_name]
    prov = {c for c, _ in PROVENANCE}
    arrays = {}
    for name, typ in table.columns:
        if name not in data.column_names:
            arrays[name] = pa.nulls(data.num_rows, ARROW_TYPES[typ])
            continue
        try:
            arrays[name] = data.column(name).cast(ARROW_TYPES[typ])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return refuse("export-bad-column", f"Column {name} is {data.schema.field(name).type}, not {typ}.",
                          "Export the LA's data again with scorecard export.", field=name)
    extra = [c for c in data.column_names if c not in arrays and c not in prov]
    if extra:
        log.add("warning", "export-extra-column",
                f"Columns not in the {table_name} table were left out: {', '.join(extra[:10])}.",
                "None needed: they may come from a newer version of csc-scorecard.")
    if "la" in data.column_names and data.num_rows:
        las = set(data.column("la").drop_null().unique().to_pylist())
        if las - {file_la}:
            return refuse("export-mixed-la", f"Rows of LA {', '.join(sorted(las - {file_la}))} sit in LA "
                          f"{file_la}'s folder.", "Export the LA's data again with scorecard export.", field="la")
    result.tables[table_name] = pa.table(arrays)
    return [result]
