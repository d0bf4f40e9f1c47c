"""scorecard.yaml: LAs, populations, setting overrides; errors name the file and line."""

from __future__ import annotations

import pytest

from csc_scorecard.errors import ConfigError
from csc_scorecard.settings import check_settings_names, load_settings


def test_full_settings(tmp_path):
    (tmp_path / "mine").mkdir()
    path = tmp_path / "scorecard.yaml"
    path.write_text("""\
la: "310"
las:
  "310": {name: Harrow, ons_code: E09000015, population: {2024: 51000, 2025-26: 52000}}
  302: {name: Barnet}
settings: {cp_visit_wd: 15}
catalogue: mine
layout: layout.yaml
web: {port: 8000}
""")
    s = load_settings(path)
    assert s.la == "310"
    assert s.las["310"].name == "Harrow" and s.las["310"].ons_code == "E09000015"
    assert s.population() == {("310", 2024): 51000, ("310", 2026): 52000}
    assert s.las["302"].population == {}
    assert s.settings == {"cp_visit_wd": 15}
    assert s.catalogue == (tmp_path / "mine").resolve()
    assert s.layout == (tmp_path / "layout.yaml").resolve()
    assert s.extra == {"web": {"port": 8000}}
    assert s.name_of("310") == "Harrow" and s.name_of("999") == "999"


@pytest.mark.parametrize("text, line, fragment", [
    ('la: 31\n', 1, '"31" is not an LA code'),
    ('la: "310"\nlas:\n  "310": {name: Harrow, ons_code: E0900001}\n', 3, "is not an ONS local authority code"),
    ('las:\n  "310":\n    population:\n      2025: -5\n', 4, "must be a positive number"),
    ('las:\n  "310":\n    population:\n      2025/27: 500\n', 4, "is not a collection year"),
    ('las:\n  "310": {name: Harrow, populaton: {2025: 5}}\n', 2, "unknown key populaton"),
    ('settings:\n  Visit Days: 10\n', 2, "is not a setting name"),
    ('catalogue: nowhere/\n', 1, "does not exist"),
    ('la: "310"\nlas: [310]\n', 2, "las: maps LA codes"),
    ('la: "310"\n  las: {}\n', 2, "not valid YAML"),
])
def test_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = tmp_path / "scorecard.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert f"scorecard.yaml, line {line}" in str(err.value)
    assert fragment in str(err.value)


def test_a_setting_no_indicator_has_is_reported(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("settings:\n  cp_visit_wd: 15\n  cla_visit_wekes: 4\n")
    s = load_settings(path)
    with pytest.raises(ConfigError) as err:
        check_settings_names(s, {"cp_visit_wd", "cla_visit_weeks"})
    assert "line 3" in str(err.value) and 'no indicator has a setting "cla_visit_wekes"' in str(err.value)


def test_empty_file_is_empty_settings(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("# nothing yet\n")
    s = load_settings(path)
    assert s.la is None and s.las == {} and s.population() == {}
