"""The catalogue loader: an LA's own folder, overrides, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard.errors import ConfigError, IndicatorError
from csc_scorecard.indicators.loader import BUILTIN, load_catalogue
from csc_scorecard.indicators.testing import collect, run_case

GOOD_YAML = """\
id: {id}
title: Referrals from schools
definition: The number of referrals received in the period whose source is a school.
unit: count
aggregate: count
polarity: context
source: cin
counts: referrals
requires: [cin_episode]
judgement: {{sif2013: help-and-protection, ilacs2023: help-and-protection}}
"""
GOOD_SQL = """SELECT la, child_id, referral_date, referral_source, referral_source = '2A' AS in_numerator
FROM cin_episode WHERE referral_date BETWEEN $period_start AND $period_end
"""


def write(folder: Path, iid: str, yaml_text: str, sql: str | None = GOOD_SQL, tests: str | None = None) -> Path:
    d = folder / iid
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{iid}.yaml").write_text(yaml_text)
    if sql is not None:
        (d / f"{iid}.sql").write_text(sql)
    if tests is not None:
        (d / f"{iid}.test.yaml").write_text(tests)
    return d


def test_la_folder_adds_an_indicator_with_its_own_tests(tmp_path):
    write(tmp_path, "referrals-from-schools", GOOD_YAML.format(id="referrals-from-schools"), tests="""
- name: one school referral of two
  period: 2024-25
  inputs:
    cin_episode:
      - {child_id: A, referral_date: 2024-05-01, referral_source: 2A}
      - {child_id: B, referral_date: 2024-05-01, referral_source: "6"}
  expected: {numerator: 1, value: 1}
""")
    cat = load_catalogue([tmp_path])
    ind = cat.get("referrals-from-schools")
    assert ind.origin == str(tmp_path)
    assert "referrals" in cat  # built-ins are still there
    cases = [c for c in collect(cat) if c.indicator.id == ind.id]
    assert len(cases) == 1 and run_case(cases[0]) == []


def test_la_override_changes_a_setting_default_and_keeps_the_builtin_query(tmp_path):
    d = tmp_path / "cp-visits-in-time"
    d.mkdir()
    (d / "cp-visits-in-time.yaml").write_text("id: cp-visits-in-time\nsettings: {cp_visit_wd: 15}\n")
    cat = load_catalogue([tmp_path])
    ind = cat.get("cp-visits-in-time")
    builtin = load_catalogue().get("cp-visits-in-time")
    assert ind.settings == {"cp_visit_wd": 15}
    assert ind.sql == builtin.sql and ind.title == builtin.title
    assert ind.origin == str(tmp_path)


def test_failing_la_test_is_reported_with_file_and_line(tmp_path):
    write(tmp_path, "referrals-from-schools", GOOD_YAML.format(id="referrals-from-schools"), tests="""
- name: wrong on purpose
  period: 2024-25
  inputs:
    cin_episode:
      - {child_id: A, referral_date: 2024-05-01, referral_source: 2A}
  expected: {numerator: 2, value: 2}
""")
    case = [c for c in collect(load_catalogue([tmp_path])) if c.indicator.id == "referrals-from-schools"][0]
    problems = run_case(case)
    assert problems and "referrals-from-schools.test.yaml, line 2 [wrong on purpose]" in problems[0]
    assert "numerator is 1, expected 2" in problems[0]


@pytest.mark.parametrize("change, line, fragment", [
    (("unit: count", "unit: percentage"), 4, 'unit: "percentage" is not one of'),
    (("polarity: context", "polarity: higher"), 6, 'polarity: "higher" is not one of'),
    (("requires: [cin_episode]", "requires: [cin_episodes]"), 9, '"cin_episodes" is not a table'),
    (("judgement: {sif2013: help-and-protection", "judgement: {sif2013: help"), 10, 'judgement sif2013: "help"'),
    (("unit: count", "unit: percent"), 4, 'unit "percent" does not fit aggregate "count"'),
    (("id: x-y", "id: X_Y"), 1, "lower case letters"),
])
def test_bad_metadata_names_file_and_line(tmp_path, change, line, fragment):
    text = GOOD_YAML.format(id="x-y").replace(*change)
    write(tmp_path, "x-y", text)
    with pytest.raises(ConfigError) as err:
        load_catalogue([tmp_path])
    assert f"x-y.yaml, line {line}:" in str(err.value)
    assert fragment in str(err.value)


def test_missing_key_and_missing_sql(tmp_path):
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y").replace("title: Referrals from schools\n", ""))
    with pytest.raises(ConfigError, match="the key title: is missing"):
        load_catalogue([tmp_path])
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y"), sql="  ")
    with pytest.raises(ConfigError, match=r"x-y.sql: the query is missing or empty"):
        load_catalogue([tmp_path])


def test_invalid_yaml_names_the_line(tmp_path):
    write(tmp_path, "x-y", GOOD_YAML.format(id="x-y").replace("counts: referrals", "counts: [referrals"))
    with pytest.raises(ConfigError) as err:
        load_catalogue([tmp_path])
    assert "x-y.yaml, line" in str(err.value) and "not valid YAML" in str(err.value)


def test_unknown_id_suggests_close_ones():
    with pytest.raises(IndicatorError, match="Did you mean assessments-45wd"):
        load_catalogue().get("assessment-45wd")


def test_missing_la_folder(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_catalogue([tmp_path / "nowhere"])


def test_builtin_folder_is_packaged():
    assert (BUILTIN / "assessments-45wd" / "assessments-45wd.sql").is_file()
