"""The synthetic LA generator: determinism, structure of the returns, codes per year."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml
from lxml import etree


from csc_scorecard.store.calendar import create_calendar
from csc_scorecard.synth.generate import generate
from csc_scorecard.synth.people import upn_check_letter
from csc_scorecard.synth.workdays import WorkDays


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "out"
    generate(out, seed=11, size="small", years=3, end_year=2025, las=2)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _dmy(text: str) -> date:
    d, m, y = map(int, text.split("/"))
    return date(y, m, d)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path, small):
    again = tmp_path / "again"
    generate(again, seed=11, size="small", years=3, end_year=2025, las=2)
    first, second = _files(small), _files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    other = tmp_path / "other"
    generate(other, seed=12, size="small", years=3, end_year=2025, las=2)
    third = _files(other)
    assert third["309/2024-25/cin_census.xml"] != first["309/2024-25/cin_census.xml"]
    assert third["309/2024-25/903/episodes.csv"] != first["309/2024-25/903/episodes.csv"]


def test_layout_and_settings(small):
    for la in ("309", "320"):
        for year in ("2022-23", "2023-24", "2024-25"):
            folder = small / la / year
            assert (folder / "cin_census.xml").is_file()
            assert (folder / "903" / "header.csv").is_file() and (folder / "903" / "episodes.csv").is_file()
            assert (folder / "annex_a.xlsx").is_file() == (year == "2024-25")
    settings = yaml.safe_load((small / "scorecard.yaml").read_text())
    assert settings["la"] == "309"
    assert settings["las"]["309"]["name"] == "Haringey" and settings["las"]["309"]["ons_code"] == "E09000014"
    assert set(settings["las"]["320"]["population"]) == {2023, 2024, 2025}
    # small is 6% of the real LA: about 3,200 of Haringey's 53,648 children
    assert 2000 < settings["las"]["309"]["population"][2025] < 5000


def test_episodes_chain_and_never_overlap(small):
    for folder in sorted((small / "309").iterdir()):
        by_child: dict[str, list[dict]] = {}
        for row in _rows(folder / "903" / "episodes.csv"):
            by_child.setdefault(row["CHILD"], []).append(row)
        assert by_child
        for child, eps in by_child.items():
            eps.sort(key=lambda r: _dmy(r["DECOM"]))
            for ep in eps:
                if ep["DEC"]:
                    assert _dmy(ep["DEC"]) >= _dmy(ep["DECOM"]), (folder, child)
                else:
                    assert ep["REC"] == "", "an open episode has no reason ceased"
            for prev, nxt in zip(eps, eps[1:]):
                assert prev["DEC"], f"{child}: an episode after an open one"
                assert _dmy(nxt["DECOM"]) >= _dmy(prev["DEC"]), f"{child}: overlapping episodes"
                if prev["REC"] == "X1":
                    assert nxt["DECOM"] == prev["DEC"] and nxt["RNE"] != "S", f"{child}: X1 not followed on"
                else:
                    assert nxt["RNE"] == "S", f"{child}: a new period of care must start with RNE S"


def test_codes_follow_the_year(small):
    for year, folder in (("2022-23", small / "309" / "2022-23"), ("2024-25", small / "309" / "2024-25")):
        sexes = {r["SEX"] for r in _rows(folder / "903" / "header.csv")}
        assert sexes <= ({"1", "2"} if year == "2022-23" else {"M", "F"})
        places = {r["PLACE"] for r in _rows(folder / "903" / "episodes.csv")}
        assert "P2" not in places and "Z1" not in places
        # supported accommodation: H5 until 2023-24, K3 from 2024-25 (open H5 placements recoded)
        assert ("K3" not in places) if year == "2022-23" else ("H5" not in places)
        xml = (folder / "cin_census.xml").read_text()
        assert ("<GenderCurrent>" in xml) == (year == "2022-23")
        assert ("<Sex>" in xml) == (year == "2024-25")
    # an H5 placement open on 1 April 2024 is the same episode, recoded K3, in the 2024-25 return
    out = small.parent / "h5"
    generate(out, seed=5, size="medium", years=2, end_year=2025, las=1, annex_a="none")
    before = {(r["CHILD"], r["DECOM"]): r for r in _rows(out / "309" / "2023-24" / "903" / "episodes.csv")}
    after = {(r["CHILD"], r["DECOM"]): r for r in _rows(out / "309" / "2024-25" / "903" / "episodes.csv")}
    recoded = [k for k, r in before.items() if r["PLACE"] == "H5" and not r["DEC"]]
    assert recoded and all(after[k]["PLACE"] == "K3" and after[k]["URN"] == before[k]["URN"] == "" for k in recoded)
    # social worker episodes are collected from 2023-24 on
    assert (out / "309" / "2024-25" / "903" / "sw_episodes.csv").is_file()
    assert not (small / "309" / "2022-23" / "903" / "sw_episodes.csv").exists()


def test_cin_census_is_valid_against_the_dfe_schema(small, shared_data):
    # the DfE original 2024 XSD types NumberOfPreviousCPP as positiveInteger (no 0); the pipeline copies fix that
    for year, xsd in (("2022-23", "CIN_schema_2024_pipeline.xsd"), ("2024-25", "CIN_schema_2025_pipeline.xsd")):
        schema = etree.XMLSchema(etree.parse(str(shared_data / "schemas" / xsd)))
        doc = etree.parse(str(small / "309" / year / "cin_census.xml"))
        assert schema.validate(doc), schema.error_log.filter_from_errors()[:3]


def test_903_xml_is_valid_against_the_schema(tmp_path, shared_data):
    out = tmp_path / "xml"
    generate(out, seed=3, size="small", years=1, end_year=2024, las=1, xml_903=True, annex_a="none")
    schema = etree.XMLSchema(etree.parse(str(shared_data / "schemas" / "CLA.xsd")))
    doc = etree.parse(str(out / "309" / "2023-24" / "903" / "ssda903.xml"))
    assert schema.validate(doc), schema.error_log.filter_from_errors()[:3]
    assert len(doc.getroot()) > 10


def test_conferences_are_on_working_days(small):
    wd = WorkDays(2015, 2026)
    xml = (small / "309" / "2024-25" / "cin_census.xml").read_text()
    root = etree.fromstring(xml.encode())
    dates = [date.fromisoformat(e.text) for e in root.iter("DateOfInitialCPC", "CPPreviewDate")]
    assert len(dates) > 5
    assert all(wd.is_working(d.toordinal()) for d in dates)


def test_working_days_agree_with_the_store_calendar():
    con = duckdb.connect()
    create_calendar(con)
    index = dict(con.execute("SELECT date, wd_index FROM calendar").fetchall())
    wd = WorkDays(2019, 2026)
    rng = random.Random(1)
    for _ in range(300):
        a = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2000))
        b = a + timedelta(days=rng.randint(0, 120))
        assert wd.between(a.toordinal(), b.toordinal()) == index[b] - index[a]
    # 45 working days after Thursday 27 March 2025, skipping Good Friday, Easter Monday and the two May
    # bank holidays: 28/3 is day 1, 17/4 day 15, 2/5 day 24, 30/5 day 42, then 2, 3 and 4 June
    start = date(2025, 3, 27).toordinal()
    end = wd.add(start, 45)
    assert date.fromordinal(end) == date(2025, 6, 4)
    assert wd.between(start, end) == 45


def test_upn_check_letter():
    # 3x2 + 0x3 + 9x4 + 1x5 + 2x6 + 3x7 + 4x8 + 2x9 + 4x10 + 0 + 0 + 1x13 = 183; 183 mod 23 = 22 -> Z
    assert upn_check_letter("309123424001") == "Z"
    assert upn_check_letter("000000000000") == "A"


def test_cli_synth(tmp_path):
    from click.testing import CliRunner

    from csc_scorecard.cli import main

    result = CliRunner().invoke(main, ["synth", "--out", str(tmp_path / "o"), "--size", "small", "--years", "1",
                                       "--las", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "309 Haringey" in result.output and (tmp_path / "o" / "309" / "2024-25" / "cin_census.xml").is_file()
    bad = CliRunner().invoke(main, ["synth", "--out", str(tmp_path / "p"), "--defects", "typos"])
    assert bad.exit_code == 1 and "Unknown defect kind typos" in bad.output


def test_postcodes_are_real_homes_in_the_childs_la_and_parents_placements_at_home(small):
    from csc_scorecard.reference.sample import default_sampler

    sampler = default_sampler()
    for la in ("309", "320"):
        episodes = _rows(small / la / "2024-25" / "903" / "episodes.csv")
        assert len(episodes) > 10
        homes = {r["HOME_POST"] for r in episodes}
        placements = {r["PL_POST"] for r in episodes}
        # every home is a real postcode in the child's own LA (Haringey 309, Waltham Forest 320)
        assert {p: sampler.locate(p) is not None and sampler.locate(p)[2] for p in homes} == dict.fromkeys(homes, la)
        # every placement is a real English postcode with a grid reference
        assert [p for p in placements if sampler.locate(p) is None] == []
        # placed with parents (P1) = at home; some placements are elsewhere, some outside the LA
        assert all(r["PL_POST"] == r["HOME_POST"] for r in episodes if r["PLACE"] == "P1")
        assert any(r["PL_POST"] != r["HOME_POST"] for r in episodes)
        assert any(sampler.locate(p)[2] != la for p in placements)


def test_placement_postcodes_follow_the_las_far_share():
    from csc_scorecard.reference.postcodes import distance_miles
    from csc_scorecard.synth.postcodes import LaPostcodes

    draws = LaPostcodes("309", 0.186)  # 0.186 / (1 - 0.07) = 20% of placements far away
    assert draws.far == pytest.approx(0.2)
    rng = random.Random(1)
    homes = [draws.home(rng) for _ in range(200)]
    sampler = draws.sampler
    far = 0
    for home in homes:
        for _ in range(5):
            place = draws.placement(rng, home)
            (e0, n0, _), (e1, n1, la) = sampler.locate(home), sampler.locate(place)
            miles = distance_miles((e0, n0), (e1, n1))
            # the far ones are over 20 miles and outside Haringey; the others within 12 miles or in Haringey
            if miles > 20:
                assert la != "309"
                far += 1
            else:
                assert miles <= 12 or la == "309"
    # 1,000 placements at 20% far: 200 expected, sd about 13
    assert 160 <= far <= 240
    # the same rng gives the same postcodes
    again = LaPostcodes("309", 0.186)
    assert [again.home(random.Random(9)) for _ in range(3)] == [draws.home(random.Random(9)) for _ in range(3)]
    a, b = random.Random(4), random.Random(4)
    assert [draws.placement(a, homes[0]) for _ in range(20)] == [again.placement(b, homes[0]) for _ in range(20)]
