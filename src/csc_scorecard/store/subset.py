"""Narrow a connection to some LAs' rows: what a one-LA report on a national store reads.

A report needs a dozen LAs (the LA, its neighbours, its region) out of 153. Filtering the
indicators' results does not make their queries cheaper: the filter does not reach the scans under
the window views (periods of care, placements), so every LA's history is still worked out. Instead
each child-level table gets a temporary view of the same name holding only those LAs' rows.

That works because DuckDB binds names at query time, temporary objects first: an indicator's query,
and the store's own views (views.sql), then read the temporary views. The store itself is never
changed (the connection may be read-only) and is reached by its catalogue's name, since within the
connection ``main.x`` would mean the temporary x too.

The shared views that most indicators read are then worked out once for those LAs, as temporary
tables: each indicator would otherwise recompute them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from . import views
from .schema import TABLES

# worked out only where a breakdown asks for them (Engine.cache_people copies them)
_NOT_MATERIALISED = {"child_allocation", "child_characteristics"}


@dataclass
class Narrowed:
    """The temporary objects made by ``narrow``, for ``widen`` to drop."""

    las: tuple[str, ...]
    views: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literals(las: tuple[str, ...]) -> str:
    return ", ".join("'" + la.replace("'", "''") + "'" for la in las) or "NULL"


def narrow(con: duckdb.DuckDBPyConnection, las: tuple[str, ...] | list[str]) -> Narrowed:
    """Shadow every child-level table of the store (and its ``src_`` versions) with a temporary view of
    ``las``' rows, and the shared views with temporary tables of their rows. Undo with ``widen``."""
    las = tuple(str(la) for la in las)
    store = con.execute("SELECT current_database()").fetchone()[0]
    stored = dict(con.execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_catalog = ? AND table_schema = 'main'", [store]).fetchall())
    temporary = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'").fetchall()}
    done = Narrowed(las)
    try:
        for name in [*TABLES, *(f"src_{t}" for t in TABLES)]:
            # a temporary table already standing in for one the store lacks is empty: nothing to narrow
            if stored.get(name) == "BASE TABLE" and name not in temporary:
                con.execute(f"CREATE TEMPORARY VIEW {name} AS SELECT * FROM {_quoted(store)}.main.{name} "
                            f"WHERE la IN ({_literals(las)})")
                done.views.append(name)
        for name in views.NAMES:  # in views.sql's order: a view reads only those before it
            # a store with older views has this connection's own temporary ones: those read the narrowed
            # tables already, and a temporary table of the same name cannot be made
            if name in _NOT_MATERIALISED or stored.get(name) != "VIEW" or name in temporary:
                continue
            con.execute(f"CREATE TEMPORARY TABLE {name} AS SELECT * FROM {_quoted(store)}.main.{name}")
            done.tables.append(name)
    except BaseException:
        widen(con, done)
        raise
    return done


def widen(con: duckdb.DuckDBPyConnection, narrowed: Narrowed) -> None:
    """Drop what ``narrow`` made: the connection reads the whole store again."""
    for name in reversed(narrowed.tables):
        con.execute(f"DROP TABLE IF EXISTS temp.main.{name}")
    for name in reversed(narrowed.views):
        con.execute(f"DROP VIEW IF EXISTS temp.main.{name}")
    narrowed.tables.clear()
    narrowed.views.clear()
