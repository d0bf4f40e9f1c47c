"""The analysts' and managers' words: commentary on figures and edits to drafted points.

One table, ``commentary``, keeps every version ever saved (history is the
point: who said what, when); the current text of an entry is its latest
version. An entry is one of:

* ``kind = 'indicator'``, ``key`` = the indicator id: what is behind the
  figure (``behind``) and the action being taken (``action``) for one LA and
  period;
* ``kind = 'point'``, ``key`` = the drafted point's id
  (judgement/side/theme, or ``added/N`` for a point written by hand):
  ``status`` edited (``text`` replaces the draft), dropped, added or drafted
  (back to the draft); ``fingerprint`` is the draft's figures when the edit
  was made, so a later run can flag the point for re-check.

Written by ``scorecard commentary import`` and by the web dashboard, both
through Project.save_commentary. Commentary signed off on the dashboard
carries who approved it (``approved_by``); a text changed afterwards is a new
version without it, as it has not been approved. Nothing here is child-level; the text is
the LA's own (checked on import for child IDs).
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from .database import transaction

COLUMNS = ("la", "period", "kind", "key", "judgement", "side", "refs", "text", "behind", "action", "status",
           "fingerprint", "author", "saved_at", "source", "version", "approved_by")

DDL = """
CREATE TABLE IF NOT EXISTS commentary (
    la VARCHAR NOT NULL, period VARCHAR NOT NULL, kind VARCHAR NOT NULL, key VARCHAR NOT NULL,
    judgement VARCHAR, side VARCHAR, refs VARCHAR, text VARCHAR, behind VARCHAR, action VARCHAR,
    status VARCHAR, fingerprint VARCHAR, author VARCHAR, saved_at TIMESTAMP, source VARCHAR,
    version INTEGER NOT NULL, approved_by VARCHAR)
"""
# approved_by came later (who signed the text off on the dashboard): a store made before has no such column
_ADD_APPROVED_BY = "ALTER TABLE commentary ADD COLUMN IF NOT EXISTS approved_by VARCHAR"

KINDS = ("indicator", "point")
STATUSES = ("comment", "drafted", "edited", "dropped", "added")
_FIELDS = ("judgement", "side", "refs", "text", "behind", "action", "status", "fingerprint")


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)
    con.execute(_ADD_APPROVED_BY)


def _selected(con: duckdb.DuckDBPyConnection) -> str:
    """COLUMNS as a select list; on a store opened read-only from before approved_by, that one as NULL."""
    have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'commentary'").fetchall()}
    return ", ".join(c if c in have else f"NULL AS {c}" for c in COLUMNS)


def exists(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'commentary'")
                .fetchone()[0])


def current(con: duckdb.DuckDBPyConnection, la: str, period: str) -> list[dict]:
    """The latest version of every entry for one LA and period."""
    if not exists(con):
        return []
    rows = con.execute(f"""
        SELECT {_selected(con)} FROM commentary WHERE la = ? AND period = ?
        QUALIFY row_number() OVER (PARTITION BY kind, key ORDER BY version DESC) = 1
        ORDER BY kind, key""", [la, period]).fetchall()
    return [dict(zip(COLUMNS, r)) for r in rows]


def history(con: duckdb.DuckDBPyConnection, la: str, period: str, kind: str, key: str) -> list[dict]:
    if not exists(con):
        return []
    rows = con.execute(f"SELECT {_selected(con)} FROM commentary WHERE la = ? AND period = ? AND kind = ? "
                       "AND key = ? ORDER BY version", [la, period, kind, key]).fetchall()
    return [dict(zip(COLUMNS, r)) for r in rows]


def save(con: duckdb.DuckDBPyConnection, la: str, period: str, entries: list[dict], *, author: str,
         source: str, now: datetime) -> int:
    """Store the entries that differ from their current version, in one transaction; returns how many."""
    ensure(con)
    have = {(e["kind"], e["key"]): e for e in current(con, la, period)}
    written = 0
    with transaction(con):
        for e in entries:
            old = have.get((e["kind"], e["key"]))
            if old is None and e.get("status") == "drafted":  # "keep" on a point never edited: nothing to keep
                continue
            # a new version when the words change, or when the same words are signed off (the dashboard's
            # approval); a text saved again without sign-off keeps the version that has it
            approval = e.get("approved_by") or None
            if old and all((old.get(f) or None) == (e.get(f) or None) for f in _FIELDS) and \
                    (approval is None or approval == old.get("approved_by")):
                continue
            version = (old["version"] + 1) if old else 1
            con.execute(f"INSERT INTO commentary ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                        [la, period, e["kind"], e["key"], *[e.get(f) or None for f in _FIELDS],
                         e.get("author") or author, now, source, version, approval])
            written += 1
    return written
