"""The only module that opens DuckDB and writes to it.

A load is one transaction: every file that could be read is staged, the
versions it replaces are deleted, the merged tables are rebuilt, and the load
history is written; any failure rolls all of it back.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..files import sha256
from ..ingest.report import IssueRow, rows_of
from ..outputs import make_private, private_dir
from ..ingest.result import ReadResult
from . import views
from .calendar import create_calendar
from .schema import ARROW_TYPES, TABLES, Table

SCHEMA_VERSION = 1


_META_DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS load (
    load_id INTEGER PRIMARY KEY, loaded_at TIMESTAMP, files INTEGER, command VARCHAR);
CREATE TABLE IF NOT EXISTS load_file (
    load_id INTEGER, file VARCHAR, sha256 VARCHAR, source_return VARCHAR, description VARCHAR,
    la VARCHAR, collection_year INTEGER, status VARCHAR, row_counts VARCHAR,
    fatal INTEGER, errors INTEGER, warnings INTEGER, infos INTEGER);
CREATE TABLE IF NOT EXISTS load_issue (
    load_id INTEGER, seq INTEGER, source VARCHAR, severity VARCHAR, code VARCHAR, la VARCHAR, year VARCHAR,
    child_id VARCHAR, file VARCHAR, location VARCHAR, field VARCHAR, value VARCHAR, message VARCHAR,
    fix VARCHAR);
"""


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[typ]) for name, typ in table.all_columns])


@contextmanager
def private_umask() -> Iterator[None]:
    """Files DuckDB creates meanwhile (the store, its write-ahead log) are readable by the owner only.

    The store holds every child's record; DuckDB creates its files with the process umask (often 022)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


# Transactions committed by this process: how the CLI tells a user who pressed Ctrl-C whether the load
# was stored before it stopped.
_COMMITTED = [0]


def commits_in_this_process() -> int:
    return _COMMITTED[0]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, stores_data: bool = True) -> Iterator[None]:
    """All of the block or none of it: any failure, the COMMIT's included, rolls everything back.

    ``stores_data`` False for housekeeping (creating the tables), so that Ctrl-C afterwards still says
    nothing was stored.

    A ROLLBACK that itself fails (DuckDB may refuse one after an interrupted statement) must not hide
    the reason the transaction stopped, so the original exception is the one raised."""
    with private_umask():
        con.execute("BEGIN TRANSACTION")
        try:
            yield
            with _ctrl_c_held():
                con.execute("COMMIT")
                _COMMITTED[0] += stores_data
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except BaseException:  # noqa: BLE001 - the first failure is the one that matters
                pass
            raise


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """A Ctrl-C during the COMMIT waits until the commit is counted, then interrupts as usual.

    Interrupted there, the COMMIT may already have reached the file while the count had not moved,
    and the user would be told nothing was stored when it was. DuckDB polls Python's signal handler
    while it works, so a handler that only remembers the signal also lets the COMMIT run to its end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        if callable(previous):
            previous(held[0], None)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt


def store_files(path: Path) -> tuple[Path, Path]:
    """A store's file and its write-ahead log."""
    return path, path.with_name(path.name + ".wal")


def remove_store(path: Path) -> None:
    """Delete a store and its write-ahead log (one a failed first load created, a benchmark's old one)."""
    for f in store_files(path):
        f.unlink(missing_ok=True)


class StoreLocked(StoreError):
    """Another process has the store open for writing."""


# How long a reader (report, indicators) waits for a running load to finish before giving up.
READ_WAIT_SECONDS = 10.0


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


# The read-only connections connect() opened: nothing can create or drop a table through them, so what
# is asked of their catalogue (benchmarks.tables.has_tables) can be remembered for their lifetime.
_READ_ONLY: weakref.WeakSet = weakref.WeakSet()


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return con in _READ_ONLY


def connect(path: str | Path, read_only: bool = False, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) a store and make sure its tables exist.

    While another scorecard command writes the store, a reader waits up to ``wait`` seconds
    (default READ_WAIT_SECONDS) for it to finish; a writer gives up at once (``wait`` 0), before it
    reads any file."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"No store at {path}. Load some files first with: scorecard load PATH --db {path}")
    if wait is None:
        wait = READ_WAIT_SECONDS if read_only else 0.0
    deadline = time.monotonic() + wait
    if not read_only and not path.parent.exists():
        private_dir(path.parent)
    while True:
        try:
            with private_umask():
                con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            if _is_lock_error(exc):
                if time.monotonic() < deadline:
                    time.sleep(0.25)
                    continue
                raise StoreLocked(
                    f"Another scorecard command is using this store ({path}). Wait for it to finish and try "
                    "again.") from None
            raise StoreError(f"Cannot open the store {path}: {_first_line(exc)}. Check it is a scorecard "
                             "store (a DuckDB file) and that you may write to it.") from None
    if not read_only:
        for f in store_files(path):
            make_private(f)
        ensure_schema(con)
    else:
        if not views.current(con):  # a store from before the current views.sql: this connection gets them
            _temporary_empty_tables(con)
            views.create(con, temporary=True)
        _READ_ONLY.add(con)
    return con


def _temporary_empty_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Tables newer than a store opened read-only, as empty temporary tables on this connection, so the
    views that read them can be created (the next load adds them to the store for good)."""
    existing = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for table in TABLES.values():
        if table.name not in existing:
            cols = ", ".join(f"{name} {typ}" for name, typ in table.all_columns)
            con.execute(f"CREATE TEMPORARY TABLE {table.name} ({cols})")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create whatever is missing, in one transaction (one write to disk, not one per table)."""
    existing = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    wanted = [f"src_{t}" for t in TABLES] + list(TABLES) + ["meta", "load", "load_file", "load_issue", "calendar"]
    if all(name in existing for name in wanted) and views.current(con):
        return
    with transaction(con, stores_data=False):
        con.execute(_META_DDL)
        for table in TABLES.values():
            cols = ", ".join(f"{name} {typ}" for name, typ in table.all_columns)
            con.execute(f"CREATE TABLE IF NOT EXISTS src_{table.name} ({cols})")
            con.execute(f"CREATE TABLE IF NOT EXISTS {table.name} ({cols})")
        if "calendar" not in existing:
            create_calendar(con)
        views.create(con)  # after the tables they read
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


@dataclass
class FileOutcome:
    result: ReadResult
    sha256: str
    status: str  # "loaded" | "unchanged" | "not loaded" | "replaced" (by a newer extract in the same load)
    previous_load: int | None = None


@dataclass
class LoadOutcome:
    load_id: int | None
    files: list[FileOutcome] = field(default_factory=list)
    issues: list[IssueRow] = field(default_factory=list)  # the files' and the merged history's


def _full_list(r: ReadResult, name: str) -> bool:
    """A table one file holds whole for its LA (a local extract): a newer one replaces the older."""
    version = TABLES[name].version
    return "collection_year" not in version and "load_id" not in version


HistoryChecks = Callable[[duckdb.DuckDBPyConnection, dict[str, set]], list[IssueRow]]


def load_results(
    con: duckdb.DuckDBPyConnection,
    results: Iterable[ReadResult],
    command: str = "",
    progress: Callable[[str], None] | None = None,
    *,
    all_or_nothing: bool = False,
    checks: HistoryChecks | None = None,
) -> LoadOutcome:
    """Write readable results in one transaction; return what happened to each file.

    ``checks`` runs inside the transaction, on the merged history, and returns issues to record with the
    load; ``all_or_nothing`` stores nothing when any file could not be loaded.
    """
    results = list(results)
    # Full-list extracts oldest first, so that the newest of a tree's yearly extracts is the one kept.
    results.sort(key=lambda r: (r.collection_year or 0) if any(_full_list(r, t) for t in r.tables) else 0)
    outcome = LoadOutcome(load_id=None)
    to_load: list[FileOutcome] = []
    claimed: dict[tuple, ReadResult] = {}  # one file per table version in a load: a second would replace it
    fo_of: dict[int, FileOutcome] = {}
    hashes: dict[Path, str] = {}  # a file of several LAs' rows gives several results: hashed once
    for r in results:
        fo = FileOutcome(r, "", "not loaded")
        outcome.files.append(fo)
        fo_of[id(r)] = fo
        if not r.loadable:
            continue  # not hashed: a refused 2 GB file would cost seconds for a hash nothing reads
        if r.path not in hashes:
            hashes[r.path] = sha256(r.path) if r.path.is_file() else ""
        fo.sha256 = sha = hashes[r.path]
        claims = {(r.la, r.source_return, name, v): name for name in r.tables for v in _versions_of(r, name)}
        clash = {claimed[k].path.name: name for k, name in claims.items() if k in claimed
                 and not (_full_list(r, name) and claimed[k].collection_year != r.collection_year)}
        for k, name in claims.items():
            older = claimed.get(k)
            if older is not None and not clash and fo_of[id(older)].status != "replaced":
                # an older full-list extract: the newer one replaces it, so the older is not stored at all
                fo_of[id(older)].status = "replaced"
                to_load[:] = [x for x in to_load if x.result is not older]
                older.log.add("info", "replaced-by-newer-extract",
                              f"{r.path.name} (for {_season(r.collection_year)}), later in this load, replaces "
                              f"this extract: the store keeps one {name} list per LA, the newest.",
                              "Nothing to do.")
        if clash:
            year = f", {r.collection_year - 1}-{str(r.collection_year)[2:]}" if r.collection_year else ""
            tables = sorted(set(clash.values()))
            r.log.add("fatal", "same-table-twice",
                      f"{' and '.join(sorted(clash))}, earlier in this load, already hold{'s' if len(clash) == 1 else ''} "
                      f"the {', '.join(tables)} table{'s' if len(tables) > 1 else ''} for LA {r.la}{year}. The store "
                      "keeps one version of a table per LA and year, so this file was not loaded.",
                      "Load only the right file: move the other out of the folder, or load it on its own with "
                      "its own --la or --year.")
            continue
        claimed.update(dict.fromkeys(claims, r))
        prev = _previous_identical_load(con, r, sha)
        if prev is not None:
            fo.status, fo.previous_load = "unchanged", prev
            continue
        to_load.append(fo)
    if not to_load:
        outcome.issues = [row for fo in outcome.files for row in rows_of(fo.result)]
        return outcome
    # This connection holds the store's write lock, so the next load number cannot change under us.
    load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load").fetchall()[0][0]
    staged = {}
    for fo in list(to_load):  # converted before the transaction: a value the store cannot hold fails one file
        try:
            staged[id(fo)] = {name: _to_arrow(TABLES[name], rows, fo.result, load_id)
                              for name, rows in fo.result.tables.items()}
        except Unstorable as exc:
            fo.result.log.add("fatal", "unstorable-value", f"{exc} The file was not loaded.",
                              "Correct the value in the case management system and export the file again.",
                              field=exc.column)
            to_load.remove(fo)
    if all_or_nothing and any(fo.status == "not loaded" for fo in outcome.files):
        for fo in to_load:
            fo.result.log.add("info", "all-or-nothing", "Not stored: another file of this load could not be "
                              "loaded, and --all-or-nothing was given.", "Fix the files that failed and load again.")
        to_load = []
    outcome.issues = [row for fo in outcome.files for row in rows_of(fo.result)]
    if not to_load:
        return outcome

    try:
        with transaction(con):
            touched: dict[str, set[str | None]] = {}
            for fo in to_load:
                if progress:
                    progress(f"storing {fo.result.path.name}")
                for name in _replace_versions(con, fo.result, staged.pop(id(fo))):
                    touched.setdefault(name, set()).add(fo.result.la)
                fo.status = "loaded"
            _rebuild_merged(con, touched)
            if checks is not None:
                outcome.issues += checks(con, touched)
            con.execute(
                "INSERT INTO load VALUES (?, ?, ?, ?)", [load_id, datetime.now(), len(to_load), command]
            )
            for fo in outcome.files:
                if fo.status != "unchanged":
                    _record_file(con, load_id, fo)
            record_issues(con, load_id, outcome.issues)
    except BaseException:
        for fo in to_load:
            fo.status = "not loaded"
        raise
    outcome.load_id = load_id
    return outcome


def _file_version(r: ReadResult) -> dict:
    """The version columns a file names itself: its LA, return and collection year, plus any snapshot
    columns it declares (ReadResult.version, e.g. Annex A's extract_date)."""
    return {"la": r.la, "source_return": r.source_return, "collection_year": r.collection_year, **r.version}


def _versions_of(r: ReadResult, name: str) -> set[tuple]:
    """The versions of a table a file would replace (as _replace_versions does; none for tables keeping
    every load). A version the file itself names is replaced even when the file brings no rows."""
    table = TABLES[name]
    if "load_id" in table.version:
        return set()
    known = _file_version(r)
    if all(c in known for c in table.version):
        return {tuple(known[c] for c in table.version)}
    rows = r.tables[name]
    own = [c for c in table.version if c not in known]
    if hasattr(rows, "num_rows"):
        rows = rows.select([c for c in own if c in rows.column_names]).to_pylist()
    return {tuple(row.get(c) if c in own else known[c] for c in table.version) for row in rows}


def _previous_identical_load(con: duckdb.DuckDBPyConnection, r: ReadResult, sha: str) -> int | None:
    """The load that last stored this same file for this LA and year, if nothing replaced it since."""
    row = con.execute(
        """SELECT load_id, sha256 FROM load_file
           WHERE status = 'loaded' AND la IS NOT DISTINCT FROM ? AND collection_year IS NOT DISTINCT FROM ?
             AND source_return = ? AND description = ?
           ORDER BY load_id DESC LIMIT 1""",
        [r.la, r.collection_year, r.source_return, r.description],
    ).fetchall()
    row = row[0] if row else None
    if row and row[1] == sha:
        return row[0]
    return None


def _to_arrow(table: Table, rows, r: ReadResult, load_id: int) -> pa.Table:
    n = rows.num_rows if hasattr(rows, "num_rows") else len(rows)
    # pa.repeat fills a constant column in C: a Python list of n copies costs ~0.1 s per 300k rows. The text
    # ones are one value and an index per row: a national load holds every file's rows until it stores them,
    # and the file's path spelled out on each of millions of rows was a third of that memory.
    prov = {
        "la": _constant_text(r.la, n),
        "source_return": _constant_text(r.source_return, n),
        "collection_year": pa.repeat(pa.scalar(r.collection_year, pa.int32()), n),
        "source_file": _constant_text(str(r.path), n),
        "load_id": pa.repeat(pa.scalar(load_id, pa.int32()), n),
    }
    if not hasattr(rows, "num_rows"):
        cols = {name: [row.get(name) for row in rows] for name in table.column_names}
    else:
        cols = {name: (rows.column(name) if name in rows.column_names else pa.nulls(n)) for name in table.column_names}
    arrays = []
    for name, typ in table.all_columns:
        if name in prov:
            arrays.append(prov[name])
            continue
        try:
            arrays.append(pa.array(cols[name], ARROW_TYPES[typ]) if isinstance(cols[name], list)
                          else cols[name].cast(ARROW_TYPES[typ]))
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            # Readers check values; this is the last line of defence, so say which column, not the value.
            raise Unstorable(name, f"A value in the {name} column of the {table.name} table cannot be stored "
                                   f"as {typ.lower()} ({type(exc).__name__}).") from None
    return pa.Table.from_arrays(arrays, names=[name for name, _ in table.all_columns])


def _constant_text(value: str | None, n: int) -> pa.Array:
    """``value`` on n rows, as a dictionary of one value (DuckDB stores it as the column's VARCHAR)."""
    if value is None:
        return pa.nulls(n, pa.string())
    return pa.DictionaryArray.from_arrays(pa.repeat(pa.scalar(0, pa.int32()), n), pa.array([value], pa.string()))


class Unstorable(StoreError):
    """A value of a file cannot be held by its store column (readers check values; this is the backstop)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _replace_versions(con: duckdb.DuckDBPyConnection, r: ReadResult, staged_tables: dict) -> set[str]:
    """Delete this LA's rows of the versions the file brings, then insert the file's rows.

    The version is known from the file itself (its LA, return, collection year and, for snapshot lists,
    ReadResult.version), so a table the file brings with no rows still clears that version's old rows.
    """
    known = _file_version(r)
    touched = set()
    for name in r.tables:
        table = TABLES[name]
        staged = staged_tables[name]  # noqa: F841  (read by DuckDB)
        version_cols = ["la", "source_return", *table.version]
        con.register("staged", staged)
        try:
            if all(c in known for c in version_cols):
                where = " AND ".join(f"{c} IS NOT DISTINCT FROM ?" for c in version_cols)
                con.execute(f"DELETE FROM src_{name} WHERE {where}", [known[c] for c in version_cols])
            else:
                match = " AND ".join(f"s.{c} IS NOT DISTINCT FROM v.{c}" for c in version_cols)
                con.execute(
                    f"""DELETE FROM src_{name} s WHERE EXISTS (
                          SELECT 1 FROM (SELECT DISTINCT {', '.join(version_cols)} FROM staged) v WHERE {match})"""
                )
            con.execute(f"INSERT INTO src_{name} SELECT * FROM staged")
        finally:
            _unregister(con, "staged")
        touched.add(name)
    return touched


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop a registered view without letting a failure replace the exception already on its way out
    (after Ctrl-C, DuckDB refuses everything until ROLLBACK, and "transaction is aborted" would hide it)."""
    try:
        con.unregister(name)
    except duckdb.Error:
        pass


def _rebuild_merged(con: duckdb.DuckDBPyConnection, touched: dict[str, set[str | None]]) -> None:
    """Rebuild the merged tables of the LAs a load touched: for each entity key, its latest version wins.

    Only the touched LAs are rebuilt, so loading one LA's year costs the same however many LAs the store holds.
    """
    scope: dict[str, set[str | None]] = {}
    for name, las in touched.items():
        # a table's children follow its winning versions; its parent decides which of its rows win
        related = {name, *(t.name for t in TABLES.values() if t.parent == name)}
        if TABLES[name].parent:
            related.add(TABLES[name].parent)
        for rel in related:
            scope.setdefault(rel, set()).update(las)

    def among(las: set[str | None], column: str = "la") -> str:
        # LA codes as quoted literals (not a parameter list) so that DuckDB prunes row groups on them
        codes = ", ".join("'" + str(la).replace("'", "''") + "'" for la in sorted(x for x in las if x is not None))
        parts = ([f"{column} IN ({codes})"] if codes else []) + ([f"{column} IS NULL"] if None in las else [])
        return "(" + (" OR ".join(parts) or "FALSE") + ")"

    # Set-based: a few statements per table for all touched LAs together (a national load touches ~150
    # LAs x 40 tables; one LA at a time that was ~25,000 small statements).
    for name in sorted(scope):
        table = TABLES[name]
        owner = TABLES[table.parent] if table.parent else table
        keys = ["la", *table.key]
        version = ", ".join(owner.version)
        join = " AND ".join(f"s.{k} IS NOT DISTINCT FROM w.{k}" for k in keys)
        las = scope[name]
        con.execute(f"DELETE FROM {name} WHERE {among(las)}")
        counts = dict(con.execute(
            f"""SELECT la, count(DISTINCT ({version})) FROM (
                  SELECT la, {version} FROM src_{owner.name} WHERE {among(las)}
                  UNION ALL SELECT la, {version} FROM src_{name} WHERE {among(las)}) GROUP BY la""").fetchall())
        # one version (e.g. an LA's first year): every row of that LA wins, no need to rank
        single = {la for la in las if counts.get(la, 0) <= 1}
        several = las - single
        if single:
            con.execute(f"INSERT INTO {name} SELECT * FROM src_{name} WHERE {among(single)}")
        if several:
            con.execute(
                f"""INSERT INTO {name}
                    SELECT s.* FROM src_{name} s
                    JOIN (SELECT {', '.join(keys)}, max(({version})) AS v
                          FROM src_{owner.name} WHERE {among(several)} GROUP BY ALL) w ON {join}
                    WHERE {among(several, 's.la')} AND ({', '.join('s.' + c for c in owner.version)}) = w.v""")


def replace_reference(con: duckdb.DuckDBPyConnection, result: ReadResult, sha256: str, command: str = "") -> int:
    """Replace a whole reference table (la NULL, e.g. the postcode directory) in one transaction.

    A reference table has one version at a time, so its rows are written to the merged table only:
    a src_ copy would be an identical second copy (~40 MB for the postcode directory), and rebuilding
    the merged table from it costs seconds. The load is recorded in the load history like any file.
    """
    with transaction(con):
        load_id = con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load").fetchall()[0][0]
        for name, rows in result.tables.items():
            staged = _to_arrow(TABLES[name], rows, result, load_id)  # noqa: F841  (read by DuckDB)
            con.execute(f"DELETE FROM {name}")
            con.execute(f"DELETE FROM src_{name}")
            con.register("staged", staged)
            try:
                con.execute(f"INSERT INTO {name} SELECT * FROM staged")
            finally:
                _unregister(con, "staged")
        con.execute("INSERT INTO load VALUES (?, ?, ?, ?)", [load_id, datetime.now(), 1, command])
        _record_file(con, load_id, FileOutcome(result, sha256, "loaded"))
    return load_id


def _record_file(con: duckdb.DuckDBPyConnection, load_id: int | None, fo: FileOutcome) -> None:
    r = fo.result
    c = r.log.counts()
    con.execute(
        "INSERT INTO load_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, str(r.path), fo.sha256, r.source_return, r.description, r.la, r.collection_year,
         fo.status, json.dumps(r.row_counts() if fo.status == "loaded" else {}),
         c["fatal"], c["error"], c["warning"], c["info"]],
    )


def _season(year: int | None) -> str:
    return f"{year - 1}-{str(year)[2:]}" if year else "an unknown year"


_ISSUE_COLUMNS = ("source", "severity", "code", "la", "year", "child_id", "file", "location", "field", "value",
                  "message", "fix")


def record_issues(con: duckdb.DuckDBPyConnection, load_id: int, rows: list[IssueRow]) -> None:
    """Keep a load's issue list with the load, so that `scorecard issues --load N` can give it again."""
    table = pa.table({"load_id": pa.repeat(pa.scalar(load_id, pa.int32()), len(rows)),
                      "seq": pa.array(range(1, len(rows) + 1), pa.int32()),
                      **{c: pa.array([getattr(r, c) for r in rows], pa.string()) for c in _ISSUE_COLUMNS}})
    con.register("staged_issues", table)
    try:
        con.execute("INSERT INTO load_issue SELECT * FROM staged_issues")
    finally:
        con.unregister("staged_issues")


def load_issues(con: duckdb.DuckDBPyConnection, load_id: int | None = None) -> tuple[int | None, list[IssueRow]]:
    """The issue list of a load (the latest when none is named)."""
    if load_id is None:
        load_id = con.execute("SELECT max(load_id) FROM load").fetchall()[0][0]
    if load_id is None:
        return None, []
    rows = con.execute(f"SELECT {', '.join(_ISSUE_COLUMNS)} FROM load_issue WHERE load_id = ? ORDER BY seq",
                       [load_id]).fetchall()
    return load_id, [IssueRow(*(v or "" for v in row)) for row in rows]


def load_history(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        """SELECT l.load_id, l.loaded_at, f.file, f.sha256, f.source_return, f.description, f.la,
                  f.collection_year, f.status, f.row_counts, f.fatal, f.errors, f.warnings, f.infos
           FROM load l JOIN load_file f USING (load_id) ORDER BY l.load_id, f.file"""
    ).fetchall()
    cols = ["load_id", "loaded_at", "file", "sha256", "source_return", "description", "la",
            "collection_year", "status", "row_counts", "fatal", "errors", "warnings", "infos"]
    out = [dict(zip(cols, row)) for row in rows]
    for row in out:
        row["row_counts"] = json.loads(row["row_counts"] or "{}")
    return out
