"""`scorecard init` and `scorecard benchmarks ...` through the real command line."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from csc_scorecard.assess.layout import load_layout
from csc_scorecard.cli import main
from csc_scorecard.settings import load_settings


def run(*args):
    result = CliRunner().invoke(main, list(map(str, args)))
    return result.exit_code, result.output


def test_init_with_published_files(shared_data, tmp_path):
    bench = shared_data / "benchmarks"
    code, out = run("init", "--la", "Harrow", "--out", tmp_path, "--db", tmp_path / "none.duckdb",
                    "--benchmarks", bench / "neighbours" / "sn_may_2025.xlsx",
                    "--benchmarks", bench / "ees" / "ons_mid-year_population_estimates_2012_to_2024.csv")
    assert code == 0, out
    assert "Harrow (310): population for 13 years, 10 statistical neighbours (sn_may_2025)" in out
    settings = yaml.safe_load((tmp_path / "scorecard.yaml").read_text())
    assert settings["la"] == "310"
    assert settings["las"]["310"]["name"] == "Harrow"
    assert settings["las"]["310"]["ons_code"] == "E09000015"
    # the six latest years; 2025 (2024-25) uses the mid-2024 estimate, 60,452
    assert settings["las"]["310"]["population"] == {2020: 59158, 2021: 59032, 2022: 58105, 2023: 59101,
                                                    2024: 59925, 2025: 60452}
    assert settings["neighbours"] == ["317", "312", "302", "307", "320", "870", "313", "315", "871", "826"]
    assert settings["layout"] == "layout.yaml" and "catalogue" not in settings
    text = (tmp_path / "scorecard.yaml").read_text()
    assert "#    1. 317 Redbridge (Very close)" in text
    loaded = load_settings(tmp_path / "scorecard.yaml")  # the engine's own settings loader accepts it
    assert loaded.la == "310" and loaded.las["310"].population[2025] == 60452
    assert loaded.extra["neighbours"][0] == "317" and loaded.layout == (tmp_path / "layout.yaml").resolve()
    layout = load_layout(tmp_path / "layout.yaml")
    assert layout.row("TS 3").indicator == "icpc-15wd"
    assert (tmp_path / "layout.yaml").read_text().startswith("# The scorecard layout")

    code, out = run("init", "--la", "310", "--out", tmp_path, "--db", tmp_path / "none.duckdb")
    assert code == 1 and "already exist" in out and "--force" in out


def test_init_without_published_files_writes_placeholders(tmp_path):
    code, out = run("init", "--out", tmp_path / "new", "--db", tmp_path / "none.duckdb")
    assert code == 0, out
    assert "placeholders" in out
    settings = yaml.safe_load((tmp_path / "new" / "scorecard.yaml").read_text())
    assert settings["la"] == "999" and settings["las"]["999"]["population"] == {}
    assert settings["neighbours"] == []
    assert load_settings(tmp_path / "new" / "scorecard.yaml").las["999"].name == "Your council"
    code, out = run("init", "--la", "Nowhere", "--out", tmp_path / "other", "--db", tmp_path / "none.duckdb")
    assert code == 1 and "cannot be looked up" in out


def test_init_names_the_la_from_the_shipped_list_without_published_files(tmp_path):
    for given, folder in (("309", "a"), ("harrow", "b")):
        code, out = run("init", "--la", given, "--out", tmp_path / folder, "--db", tmp_path / "none.duckdb")
        assert code == 0, out
    a = load_settings(tmp_path / "a" / "scorecard.yaml")
    assert a.la == "309" and a.las["309"].name == "Haringey" and a.las["309"].ons_code == "E09000014"
    b = load_settings(tmp_path / "b" / "scorecard.yaml")
    assert b.la == "310" and b.las["310"].name == "Harrow"
    code, out = run("init", "--la", "998", "--out", tmp_path / "c", "--db", tmp_path / "none.duckdb")
    assert code == 1 and "not the DfE code" in out


def test_benchmarks_commands(tmp_path, shared_data):
    db = tmp_path / "s.duckdb"
    folder = shared_data / "benchmarks" / "neighbours"
    code, out = run("benchmarks", "load", folder, "--db", db, "--quiet")
    assert code == 0, out
    assert out.count("OK ") == 3 and "Cumberland) has no neighbours listed" in out
    code, out = run("benchmarks", "load", folder / "sn_may_2025.xlsx", "--db", db, "--quiet")
    assert code == 0 and "unchanged" in out
    code, out = run("benchmarks", "list", "--db", db)
    assert "sn_may_2025.xlsx" in out and "1,580 rows" in out
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, out = run("benchmarks", "load", empty, "--db", db, "--quiet")
    assert code == 1 and "the file is empty" in out and "Traceback" not in out
    code, out = run("benchmarks", "show", "--la", "310", "--measure", "ReReferral", "--db", db)
    assert code == 1 and "is not loaded" in out and "bds_long_0.parquet" in out
