"""The store's commentary table: every version kept, and who signed a text off on the dashboard.

A text approved on the dashboard reaches the store with its approver (a new version when the same words are
signed off); saved again without sign-off it keeps that version; changed, it is a new version without an
approver. A store made before approved_by existed reads it as NULL, also read-only, and gains the column on
its next write."""

from __future__ import annotations

from datetime import datetime

import duckdb

from csc_scorecard.store import database, schema_commentary

NOW = datetime(2025, 1, 10, 9, 0)


def _entry(text: str, approved_by: str | None = None) -> dict:
    return {"kind": "indicator", "key": "assessments-45wd", "behind": text, "status": "comment",
            "approved_by": approved_by}


def _history(con):
    return [(h["version"], h["behind"], h["author"], h["approved_by"])
            for h in schema_commentary.history(con, "309", "2024-25", "indicator", "assessments-45wd")]


def test_sign_off_is_a_version_and_a_new_text_is_not_signed_off(tmp_path):
    con = database.connect(tmp_path / "s.duckdb")
    save = lambda *entries, by="tm1": schema_commentary.save(con, "309", "2024-25", list(entries), author=by,  # noqa: E731
                                                              source="web", now=NOW)
    assert save(_entry("Timeliness fell in the autumn.")) == 1
    assert save(_entry("Timeliness fell in the autumn.", approved_by="head1")) == 1  # signed off: recorded
    assert save(_entry("Timeliness fell in the autumn.")) == 0  # the same words again: the signed-off version stays
    assert save(_entry("Timeliness fell in the autumn; recovering.")) == 1  # new words: not approved
    assert _history(con) == [(1, "Timeliness fell in the autumn.", "tm1", None),
                             (2, "Timeliness fell in the autumn.", "tm1", "head1"),
                             (3, "Timeliness fell in the autumn; recovering.", "tm1", None)]
    assert schema_commentary.current(con, "309", "2024-25")[0]["approved_by"] is None


def test_a_store_from_before_approved_by_reads_and_gains_it(tmp_path):
    db = tmp_path / "old.duckdb"
    con = database.connect(db)
    old_ddl = schema_commentary.DDL.replace(", approved_by VARCHAR)", ")")
    assert old_ddl != schema_commentary.DDL
    con.execute(old_ddl)
    con.execute("INSERT INTO commentary (la, period, kind, key, behind, status, author, version) "
                "VALUES ('309', '2024-25', 'indicator', 'assessments-45wd', 'Older words.', 'comment', 'tm1', 1)")
    con.close()
    ro = duckdb.connect(str(db), read_only=True)
    assert [(c["behind"], c["approved_by"]) for c in schema_commentary.current(ro, "309", "2024-25")] == [
        ("Older words.", None)]
    ro.close()
    con = database.connect(db)
    schema_commentary.save(con, "309", "2024-25", [_entry("Older words.", approved_by="head1")], author="tm1",
                           source="web", now=NOW)
    assert _history(con)[-1] == (2, "Older words.", "tm1", "head1")
