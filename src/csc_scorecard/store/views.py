"""The shared SQL building blocks of the indicator catalogue, kept as views in the store.

store/views.sql holds the definitions (period of care, placement, short breaks, ...). They are
created with the tables (database.ensure_schema), and recreated when views.sql changes: the store
keeps the version it was given in ``meta``. A store opened read-only whose views are missing or
older gets the current ones as temporary views on that connection, so indicators never read a
stale definition.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

# views_people.sql (who a child is allocated to, their characteristics) reads the tables only, after views.sql
SQL = "\n".join(Path(__file__).with_name(name).read_text(encoding="utf-8")
                for name in ("views.sql", "views_people.sql"))
VERSION = hashlib.sha256(SQL.encode()).hexdigest()[:16]
NAMES = tuple(re.findall(r"^CREATE OR REPLACE VIEW (\w+) AS", SQL, flags=re.MULTILINE))
_META_KEY = "views_version"


def create(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create (or replace) every view; a temporary one lives on this connection only."""
    sql = SQL.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMPORARY VIEW") if temporary else SQL
    con.execute(sql)
    if not temporary:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_META_KEY, VERSION])


def current(con: duckdb.DuckDBPyConnection) -> bool:
    """The store holds every view, made from this version of views.sql."""
    try:
        stored = con.execute("SELECT value FROM meta WHERE key = ?", [_META_KEY]).fetchall()
        present = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    except duckdb.CatalogException:  # no meta table: a store from before the views
        return False
    return bool(stored) and stored[0][0] == VERSION and set(NAMES) <= present
