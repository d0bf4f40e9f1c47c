"""Analysts' uploads through the dashboard: returns (with the issue report shown) and supplied values."""

from __future__ import annotations

from .conftest import PERIOD


def test_a_file_that_cannot_be_read_is_reported_and_nothing_stored(server):
    analyst = server.client("analyst1")
    before = analyst.get("/loads/?format=json").json()["history"]
    reply = analyst.post("/loads/?format=json", {"la": "309", "year": "2024-25"}, token_from="/loads/",
                         files={"files": ("cin_census_2025.xml", b"<Message><Header>not a census")})
    assert reply.status == 200
    got = reply.json()["result"]
    assert got["ok"] is False and got["files"][0]["status"] == "not loaded"
    assert got["files"][0]["path"] == "cin_census_2025.xml"  # the name, never the server's temporary folder
    assert got["issues"] and got["issues"][0]["severity"] == "fatal"
    assert analyst.get("/loads/?format=json").json()["history"] == before
    page = analyst.post("/loads/", {}, token_from="/loads/",
                        files={"files": ("cin_census_2025.xml", b"<Message><Header>not a census")}).text
    assert "Some files could not be loaded" in page and "fatal" in page


def test_supplied_values_reach_the_scorecard(server):
    analyst = server.client("analyst1")
    csv = f"indicator,la,period,value\nsw-caseload,309,{PERIOD},17.5\n".encode()
    reply = analyst.post("/supply/?format=json", {}, token_from="/supply/", files={"files": ("supplied.csv", csv)})
    assert reply.status == 200 and reply.json()["result"]["ok"] is True
    card = analyst.get(f"/?period={PERIOD}&format=json").json()  # the store changed: computed afresh
    rows = [r for r in card["rows"] if r["indicator"] == "sw-caseload" and r["period"] == PERIOD]
    assert rows and rows[0]["value"] == 17.5
    history = analyst.get("/loads/?format=json").json()["history"]
    assert any(h["source_return"] == "supplied" and h["file"].endswith("supplied.csv") for h in history)


def test_an_upload_without_files_says_so(server):
    analyst = server.client("analyst1")
    reply = analyst.post("/loads/", {}, token_from="/loads/")
    assert reply.status == 302
    assert "Choose one or more files" in analyst.get("/loads/").text
