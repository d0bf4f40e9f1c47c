"""Definitions that bind several indicators together (INDICATORS.md "Conventions").

`adoptions` is the numerator of `adoptions-of-ceased`, row for row: on every hand-built case of either
indicator (and on the real sample, tests/test_indicators_903.py) the two must agree.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from csc_scorecard.indicators.engine import Engine
from csc_scorecard.indicators.loader import Catalogue, load_catalogue
from csc_scorecard.indicators.testing import _connection, insert_inputs, load_cases

CATALOGUE = load_catalogue()
ADOPTIONS, OF_CEASED = CATALOGUE.get("adoptions"), CATALOGUE.get("adoptions-of-ceased")
CASES = load_cases(ADOPTIONS) + load_cases(OF_CEASED)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_adoptions_is_the_numerator_of_adoptions_of_ceased(case):
    con = _connection()
    insert_inputs(con, replace(case, indicator=ADOPTIONS))  # both read the same tables, the same years
    engine = Engine(con, Catalogue([ADOPTIONS, OF_CEASED]), las=case.expected)
    [adopted] = engine.compute_one(ADOPTIONS, case.period, list(case.expected))
    [share] = engine.compute_one(OF_CEASED, case.period, list(case.expected))
    assert adopted.status == "ok"
    assert adopted.value == (share.numerator if share.status == "ok" else 0)
    adopted_rows = {r["child_id"] for r in engine.cases("adoptions", case.period).rows if r["in_numerator"]}
    share_rows = {r["child_id"] for r in engine.cases("adoptions-of-ceased", case.period).rows if r["in_numerator"]}
    assert adopted_rows == share_rows
