"""A synthetic England: every English LA with its real code, name, region, size and neighbours."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csc_scorecard.errors import ScorecardError
from csc_scorecard.synth.generate import choose_las, england, generate, region

LA_CODES = Path(__file__).resolve().parents[1] / "src" / "csc_scorecard" / "reference" / "la_codes.csv"


def test_all_is_every_english_la_with_real_codes_regions_and_neighbours():
    las = choose_las("all")
    assert len(las) == 153
    with open(LA_CODES, encoding="utf-8") as f:
        known: dict[str, set[str]] = {}
        for row in csv.DictReader(f):
            known.setdefault(row["la_code"], set()).add(row["ons_code"])
    assert set(las) <= set(known)
    assert all(i["ons_code"] in known[c] for c, i in england()["las"].items())
    regions = {i["region"] for i in england()["las"].values()}
    assert len(regions) == 9
    for code, info in england()["las"].items():
        assert info["population"] and info["referrals"] > 0 and info["ons_code"].startswith("E"), code
        assert len(info["neighbours"]) == 10 and set(info["neighbours"]) <= set(las), code


def test_volumes_add_up_to_englands_published_totals():
    data = england()
    total = sum(i["referrals"] for i in data["las"].values())
    assert total == pytest.approx(data["england_2024_25"]["referrals"], rel=0.02)  # ~632,830 referrals
    cla = sum(i["cla_31_march"] for i in data["las"].values())
    assert cla == pytest.approx(data["england_2024_25"]["cla_31_march"], rel=0.02)


def test_the_demo_region_comes_first_and_unchanged():
    assert choose_las(11) == region()["las"]
    twelve = choose_las(12)
    assert list(twelve)[:11] == list(region()["las"]) and len(twelve) == 12


def test_a_region_by_name():
    london = choose_las(region_name="london")
    assert len(london) == 33 and "309" in london
    with pytest.raises(ScorecardError, match="North East"):
        choose_las(region_name="Narnia")
    with pytest.raises(ScorecardError, match="between 1 and 153"):
        choose_las(154)


def test_a_whole_region_is_written(tmp_path):
    result = generate(tmp_path / "ne", seed=3, size="small", years=1, end_year=2025, las=1,
                      region_name="North East", annex_a="none")
    codes = {w.la for w in result.written}
    assert codes == set(choose_las(region_name="North East")) and len(codes) == 12
    for w in result.written:
        assert (w.folder / "cin_census.xml").is_file() and (w.folder / "903" / "episodes.csv").is_file()
    # children follow each LA's size: Northumberland (929) has many more than Hartlepool (805)
    sizes = {la.code: len(la.children) for la in result.las}
    assert sizes["929"] > 1.5 * sizes["805"]
