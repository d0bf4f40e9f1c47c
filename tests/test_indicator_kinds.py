"""Every indicator declares how a part-year period is judged (kind:), and the loader checks it."""

from __future__ import annotations

import re

import pytest

from csc_scorecard.errors import ConfigError
from csc_scorecard.indicators.definition import KINDS
from csc_scorecard.indicators.loader import load_catalogue

from test_indicators_loader import GOOD_YAML, write

CATALOGUE = load_catalogue()


@pytest.mark.parametrize("ind", list(CATALOGUE), ids=CATALOGUE.ids())
def test_every_builtin_yaml_declares_its_kind_after_polarity(ind):
    text = ind.path.read_text()
    lines = text.splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith("polarity:")][0]
    assert re.fullmatch(r"kind: (snapshot|per-event|cumulative|count)", lines[at + 1]), lines[at + 1]
    assert ind.kind in KINDS and ind.summary()["kind"] == ind.kind
    assert (ind.kind == "count") == (ind.unit == "count")


def test_the_kinds_of_the_examples_in_indicators_md():
    kinds = {ind.id: ind.kind for ind in CATALOGUE}
    assert kinds["cla-3-placements"] == kinds["cla-missing"] == kinds["cp-plans-2y-ended"] == "cumulative"
    assert kinds["assessments-45wd"] == kinds["icpc-15wd"] == kinds["re-referrals-12m"] == "per-event"
    assert kinds["cla-rate"] == kinds["cla-long-term-stability"] == "snapshot"
    assert kinds["adoptions"] == kinds["referrals"] == kinds["s47-enquiries"] == "count"


def test_kind_is_checked_and_defaults_for_older_definitions(tmp_path):
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y"))
    assert load_catalogue([tmp_path]).get("x-y").kind == "count"  # unit count, no kind: given
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y").replace("polarity: context\n",
                                                              "polarity: context\nkind: monthly\n"))
    with pytest.raises(ConfigError, match=r'x-y.yaml, line 7: kind: "monthly" is not one of: snapshot'):
        load_catalogue([tmp_path])
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y").replace("polarity: context\n",
                                                              "polarity: context\nkind: per-event\n"))
    with pytest.raises(ConfigError, match=r'kind: "per-event" does not fit unit "count"'):
        load_catalogue([tmp_path])
