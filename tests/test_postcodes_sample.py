"""Real postcodes for the synthetic generator: by LA and by distance, reproducibly."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from csc_scorecard.reference.postcodes import distance_miles, normalise, read_directory
from csc_scorecard.reference.sample import PostcodeSampler

# A hand-made directory (grid references in metres; 1 mile = 1,609.34 m).
TOY = pa.table({
    "postcode": ["AA11AA", "AA11AB", "BB11AA", "CC11AA", "DD11AA", "CF101AA", "NN11AA"],
    "oseast1m": [500000.0, 500100.0, 510000.0, 540000.0, 600000.0, 318000.0, None],
    "osnrth1m": [200000.0, 200000.0, 200000.0, 200000.0, 200000.0, 175000.0, None],
    "laua": ["E09000014", "E09000014", "E09000033", "E09000033", "E07000106", "W06000015", "E09000014"],
})
# from AA11AA: AA11AB 100 m = 0.06 mi; BB11AA 10 km = 6.21 mi; CC11AA 40 km = 24.85 mi; DD11AA 100 km = 62.14 mi


def test_only_english_postcodes_with_a_grid_reference_and_an_la_are_drawn():
    sampler = PostcodeSampler(TOY)
    assert len(sampler) == 5  # not Cardiff (Wales), not NN11AA (no grid reference)
    assert sampler.locate("cf10 1aa") is None and sampler.locate("NN1 1AA") is None
    assert sampler.locate("AA1 1AB") == (500100.0, 200000.0, "309")


def test_postcodes_in_an_la_by_dfe_or_ons_code():
    sampler = PostcodeSampler(TOY)
    rng = random.Random(7)
    assert set(sampler.in_la("309", 40, rng)) == {"AA1 1AA", "AA1 1AB"}
    assert set(sampler.in_la("E09000014", 40, rng)) == {"AA1 1AA", "AA1 1AB"}
    assert sampler.in_la("886", 3, rng) == ["DD1 1AA"] * 3  # Canterbury district -> Kent (886)
    with pytest.raises(ValueError, match="no postcodes for LA 999"):
        sampler.in_la("999", 1, rng)


def test_postcodes_by_distance_from_home():
    sampler = PostcodeSampler(TOY)
    rng = random.Random(1)
    assert set(sampler.near("AA1 1AA", rng, max_miles=10, n=60)) == {"AA1 1AA", "AA1 1AB", "BB1 1AA"}
    assert set(sampler.near("AA1 1AA", rng, min_miles=20, n=60)) == {"CC1 1AA", "DD1 1AA"}
    assert set(sampler.near("AA1 1AA", rng, min_miles=20, max_miles=30, n=10)) == {"CC1 1AA"}
    assert set(sampler.near("AA1 1AA", rng, min_miles=1, n=30, exclude_la="213")) == {"DD1 1AA"}
    with pytest.raises(ValueError, match="no postcode found"):
        sampler.near("AA1 1AA", rng, min_miles=100)
    with pytest.raises(ValueError, match="not an English postcode"):
        sampler.near("ZZ9 9ZZ", rng)


def test_the_same_seed_gives_the_same_postcodes():
    sampler = PostcodeSampler(TOY)
    draw = lambda seed: (sampler.in_la("309", 5, random.Random(seed)),  # noqa: E731
                         sampler.near("AA1 1AA", random.Random(seed), min_miles=5, n=5))
    assert draw(3) == draw(3)


def test_real_kent_postcodes_near_canterbury():
    directory = read_directory(letters={"C", "M", "T"})
    sampler = PostcodeSampler(directory)
    rng = random.Random(42)
    where = {r["postcode"]: (r["oseast1m"], r["osnrth1m"]) for r in directory.to_pylist()}
    homes = sampler.in_la("886", 20, rng)
    assert all(sampler.locate(h)[2] == "886" for h in homes)
    home = where["CT12EH"]
    close = sampler.near("CT1 2EH", rng, max_miles=5, n=50)
    assert all(distance_miles(home, where[normalise(p)]) <= 5 for p in close)
    far = sampler.near("CT1 2EH", rng, min_miles=20, max_miles=40, n=50, exclude_la="886")
    assert all(20 < distance_miles(home, where[normalise(p)]) <= 40 for p in far)
    assert all(sampler.locate(p)[2] != "886" for p in far)
