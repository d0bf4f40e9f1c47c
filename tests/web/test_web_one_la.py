"""A dashboard on a store of one LA with no scorecard.yaml: the scorecard is about that LA, as `report`
decides, and commentary drafted on its pages is kept and read under that LA's code, not under "" (the
settings' la, which is not set)."""

from __future__ import annotations

import pytest

from .conftest import PERIOD, start_server

IND = "assessments-45wd"


@pytest.fixture(scope="module")
def one_la_server(tmp_path_factory):
    from csc_scorecard.project import Project
    from csc_scorecard.synth.generate import generate

    root = tmp_path_factory.mktemp("one-la")
    made = generate(root / "returns", seed=7, size="small", years=1, end_year=2025, las=1, annex_a="none",
                    settings_dir=root / "settings")
    db = root / "store" / "scorecard.duckdb"
    db.parent.mkdir()
    project = Project(db)  # no settings: no la: anywhere
    for w in made.written:
        assert project.load([w.folder], la=w.la, year=w.year).ok
    assert not (db.parent / "scorecard.yaml").exists()
    srv = start_server(db, "sqlite", root)
    yield srv, made.written[0].la, project
    srv.proc.terminate()
    srv.proc.wait(timeout=10)


def test_commentary_is_kept_under_the_one_la(one_la_server):
    server, la, project = one_la_server
    analyst, admin = server.client("analyst1"), server.client("admin1")
    page = f"/indicator/{IND}/?period={PERIOD}"
    assert analyst.get(page + "&format=json").json()["la"] == la
    reply = analyst.post(f"/indicator/{IND}/commentary/?period={PERIOD}",
                         {"text": "Timeliness held up over the winter.", "action": "save"}, token_from=page)
    assert reply.status == 302
    shown = analyst.get(page + "&format=json").json()["commentary"]
    assert shown and shown["status"] == "draft" and shown["text"] == "Timeliness held up over the winter."
    assert admin.post(f"/indicator/{IND}/commentary/?period={PERIOD}", {"action": "approve"},
                      token_from=page).status == 302
    # the approved text reaches the store under the LA's code, where `scorecard paper` reads it
    stored = project.commentary(PERIOD, la=la)
    assert [(e["behind"], e["author"], e["approved_by"]) for e in stored if e["key"] == IND] == [
        ("Timeliness held up over the winter.", "analyst1", "admin1")]  # and who signed it off
