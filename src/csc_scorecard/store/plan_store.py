"""Writing and reading plan versions (tables in schema_plan.py). Append-only: a save adds a version."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from .database import transaction
from .schema_plan import PLAN_TABLES, plan_ddl

ITEM_TABLES = ("plan_priority", "plan_action", "plan_link")


def has_plan_tables(con: duckdb.DuckDBPyConnection) -> bool:
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return all(t in names for t in PLAN_TABLES)


def save_version(con: duckdb.DuckDBPyConnection, la: str, header: dict, items: dict[str, list[dict]], *,
                 saved_by: str, source: str, note: str | None = None,
                 saved_at: datetime | None = None) -> int:
    """Append a new version of the LA's plan in one transaction; return its number (1, 2, ...)."""
    with transaction(con):
        con.execute(plan_ddl())
        version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM plan_version WHERE la = ?",
                              [la]).fetchone()[0]
        con.execute("INSERT INTO plan_version VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [la, version, saved_at or datetime.now().replace(microsecond=0), saved_by, source, note,
                     header["title"], json.dumps(header["themes"])])
        for table in ITEM_TABLES:
            cols = [c for c, _ in PLAN_TABLES[table]]
            rows = [[la, version, seq, *[row.get(c) for c in cols[3:]]] for seq, row in enumerate(items[table], 1)]
            if rows:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", rows)
    return version


def versions(con: duckdb.DuckDBPyConnection, la: str) -> list[dict]:
    if not has_plan_tables(con):
        return []
    cur = con.execute("SELECT * FROM plan_version WHERE la = ? ORDER BY version", [la])
    cols = [d[0] for d in cur.description]
    out = [dict(zip(cols, r)) for r in cur.fetchall()]
    for row in out:
        row["themes"] = json.loads(row["themes"] or "[]")
    return out


def read_version(con: duckdb.DuckDBPyConnection, la: str, version: int | None = None) -> tuple[dict, dict] | None:
    """(header, items by table) of one version (the latest when None); None when the LA has no plan."""
    vs = versions(con, la)
    if not vs:
        return None
    header = vs[-1] if version is None else next((v for v in vs if v["version"] == version), None)
    if header is None:
        return None
    items = {}
    for table in ITEM_TABLES:
        cur = con.execute(f"SELECT * FROM {table} WHERE la = ? AND version = ? ORDER BY seq",
                          [la, header["version"]])
        cols = [d[0] for d in cur.description]
        items[table] = [dict(zip(cols, r)) for r in cur.fetchall()]
    return header, items
