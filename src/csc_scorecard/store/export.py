"""Export the store's canonical tables as Parquet, optionally pseudonymised, for pooling and for Spark.

Layout (one folder per table, one file per version the store holds)::

    DIR/export.json                                        what was exported, how, when
    DIR/<table>/la=<la>/source_return=<r>/collection_year=<yyyy>/part-0.parquet

Each file holds the rows of the *merged* table (what the indicators read) whose
provenance is that version. Loading the files back (``scorecard load DIR``)
gives the same merged history: every entity key appears in exactly one
version, so re-merging keeps every row. A version the store covers with no
rows (an LA with no adoptions that year) is written as an empty file, so the
data stays "loaded, 0" and does not become "not available".

Pseudonymised (regional pooling): identifiers become a keyed hash
(HMAC-SHA256 with the LA's secret salt, over the LA code and the ID, so the
same child matches across that LA's returns and years and nowhere else);
dates of birth become the first of their month (and ages whole years); postcodes become their
sector ("N17 6"); free text and pupil numbers are dropped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import ScorecardError
from ..outputs import private_dir, private_file_open
from .schema import PROVENANCE, TABLES

FORMAT = "csc-scorecard-export"
FORMAT_VERSION = 1

# What pseudonymisation does to each column, by name (the same name means the same thing in every table).
HASHED = ("child_id", "family_id", "adopter_id", "allocated_worker", "personal_adviser", "sw_id", "worker")
WHOLE_YEARS = ("age",)  # Annex A's age to two decimals would undo the month-only date of birth
MONTH_ONLY = ("dob", "expected_dob", "mc_dob")
POSTCODE_SECTOR = ("home_post", "pl_post", "placement_postcode")
DROPPED = ("upn", "former_upn", "eh_assessment_organisation", "placement_location")

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]{2}$")


@dataclass
class ExportSummary:
    out: Path
    pseudonymised: bool
    files: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(f["rows"] for f in self.files)


def read_salt(path: str | Path) -> bytes:
    """The LA's secret salt: the file's bytes (surrounding white space ignored), at least 16 of them."""
    p = Path(path)
    try:
        salt = p.read_bytes().strip()
    except OSError as exc:
        raise ScorecardError(f"{p}: the salt file cannot be read ({exc.strerror}).") from None
    if len(salt) < 16:
        raise ScorecardError(
            f"{p}: the salt is {len(salt)} bytes long; use at least 16 random bytes, kept secret by the LA "
            "(for example: python3 -c \"import secrets; print(secrets.token_hex(32))\" > salt.txt).")
    return salt


def postcode_sector(value: str | None) -> str | None:
    """'N17 6AB' -> 'N17 6'; anything that is not a full UK postcode -> None (it could identify someone)."""
    if value is None:
        return None
    m = _POSTCODE.match(re.sub(r"\s+", "", value.upper()))
    return f"{m.group(1)} {m.group(2)}" if m else None


def pseudonym(salt: bytes, la: str, value: str | None) -> str | None:
    if value is None:
        return None
    return hmac.new(salt, f"{la}\x1f{value}".encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def pseudonymise(table: pa.Table, la: str, salt: bytes) -> pa.Table:
    """The same rows with identifiers hashed, dates of birth to the month, postcodes to the sector."""
    for i, name in enumerate(table.column_names):
        col = table.column(i)
        if name in HASHED:
            new = pa.array([pseudonym(salt, la, v) for v in col.to_pylist()], pa.string())
        elif name in MONTH_ONLY:
            new = pc.floor_temporal(col, unit="month").cast(col.type)
        elif name in WHOLE_YEARS:
            new = pc.floor(col.cast(pa.float64())).cast(col.type)
        elif name in POSTCODE_SECTOR:
            new = pa.array([postcode_sector(v) for v in col.to_pylist()], pa.string())
        elif name in DROPPED:
            new = pa.nulls(len(table), col.type)
        elif name == "source_file":
            new = pa.nulls(len(table), col.type)  # a path on the LA's machine says nothing the pool needs
        else:
            continue
        table = table.set_column(i, name, new)
    return table


def _versions(con: duckdb.DuckDBPyConnection, name: str, las: set[str] | None) -> set[tuple]:
    """(la, source_return, collection_year) of every version of a table the store holds,
    including versions a file brought with no rows (they are in the load history)."""
    merged = {tuple(r) for r in con.execute(
        f"SELECT DISTINCT la, source_return, collection_year FROM {name} WHERE la IS NOT NULL").fetchall()}
    if "collection_year" not in TABLES[name].version:
        # Snapshots (Annex A lists, by extract date) and local extracts (one per LA) are not versioned by
        # year: only the versions still in the merged table, or an older empty one would clash on reload.
        return {v for v in merged if las is None or v[0] in las}
    found = merged | {tuple(r) for r in con.execute(
        f"SELECT DISTINCT la, source_return, collection_year FROM src_{name} WHERE la IS NOT NULL").fetchall()}
    for la, ret, year, counts in con.execute(
            "SELECT la, source_return, collection_year, row_counts FROM load_file "
            "WHERE status = 'loaded' AND la IS NOT NULL").fetchall():
        try:
            tables = json.loads(counts or "{}")
        except ValueError:
            continue
        if name in tables:
            found.add((la, ret, year))
    return {v for v in found if las is None or v[0] in las}


def _write(table: pa.Table, path: Path) -> None:
    private_dir(path.parent)
    with private_file_open(path, "wb") as f:
        pq.write_table(table, f, compression="zstd")


def version_folder(out: Path, name: str, la: str, source_return: str, year: int | None) -> Path:
    return out / name / f"la={la}" / f"source_return={source_return}" / f"collection_year={year or 'none'}"


def export(con: duckdb.DuckDBPyConnection, out: str | Path, *, las: Iterable[str] | None = None,
           salt: bytes | None = None, progress: Callable[[str], None] | None = None) -> ExportSummary:
    """Write every LA table (or those of the LAs given) to ``out``; see the module's docstring."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not (out / "export.json").exists():
            raise ScorecardError(f"{out} already holds files that are not a csc-scorecard export; "
                                 "give an empty or new folder.")
    wanted = set(las) if las else None
    summary = ExportSummary(out, salt is not None)
    private_dir(out)
    os.chmod(out, 0o700)  # an existing (empty or earlier export) folder too: the export is child-level
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    prov = [c for c, _ in PROVENANCE]
    for name, table in TABLES.items():
        if name not in present or f"src_{name}" not in present:
            continue
        versions = sorted(_versions(con, name, wanted), key=lambda v: tuple(str(x) for x in v))
        if not versions:
            continue
        if progress:
            progress(f"exporting {name} ({len(versions)} versions)")
        cols = ", ".join(prov + list(table.column_names))
        for la, ret, year in versions:
            rows = con.sql(
                f"SELECT {cols} FROM {name} WHERE la = ? AND source_return = ? "
                "AND collection_year IS NOT DISTINCT FROM ?", params=[la, ret, year]).to_arrow_table()
            if salt is not None:
                rows = pseudonymise(rows, la, salt)
            path = version_folder(out, name, la, ret, year) / "part-0.parquet"
            _write(rows, path)
            summary.files.append({"table": name, "la": la, "source_return": ret, "collection_year": year,
                                  "rows": rows.num_rows, "file": str(path.relative_to(out))})
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "pseudonymised": salt is not None,
        "pseudonymisation": ({"hashed": list(HASHED), "month_only": list(MONTH_ONLY), "whole_years": list(WHOLE_YEARS),
                              "postcode_sector": list(POSTCODE_SECTOR), "dropped": list(DROPPED),
                              "method": "HMAC-SHA256(salt, LA code + ID), first 32 hex digits"}
                             if salt is not None else None),
        "las": sorted({f["la"] for f in summary.files}),
        "files": summary.files,
    }
    with private_file_open(out / "export.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, default=str)
    return summary
