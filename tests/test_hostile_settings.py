"""The smaller hostile inputs: sheet names, unwritable folders, deep YAML, bad populations."""

from __future__ import annotations

import dataclasses
import os

import openpyxl
import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.errors import ConfigError
from csc_scorecard.report.xlsx import write_xlsx
from csc_scorecard.settings import load_settings
from csc_scorecard.yamlfile import load_yaml
from report_sample import sample_scorecard


def test_section_titles_excel_forbids_still_give_a_workbook(tmp_path):
    card = sample_scorecard()
    titles = ["'Quoted'", "History", "tab\there: [x]", "Children's services"]
    card = dataclasses.replace(card, sections=[dataclasses.replace(s, title=t)
                                               for s, t in zip(card.sections * 4, titles)])
    path = write_xlsx(card, tmp_path / "s.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    # the summary first, then one sheet per section (trends, sources and definitions follow)
    expected = ["Quoted", "Section History", "tab here x", "Children's services"][:len(card.sections)]
    assert names[1:1 + len(expected)] == expected


def test_deeply_nested_yaml_is_a_yaml_error_not_a_crash(tmp_path):
    f = tmp_path / "scorecard.yaml"
    f.write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply|not valid YAML"):
        load_yaml(f)


@pytest.mark.parametrize("value", [".inf", ".nan", "-5", "0", "1e400"])
def test_populations_that_are_not_counts_of_children_are_refused(tmp_path, value):
    f = tmp_path / "scorecard.yaml"
    f.write_text(f'las:\n  "310": {{name: Harrow, population: {{2025: {value}}}}}\n')
    with pytest.raises(ConfigError, match="positive number"):
        load_settings(f)


@pytest.mark.parametrize("value", [".inf", ".nan", "-1", "-0.5"])
def test_negative_or_infinite_settings_are_refused(tmp_path, value):
    f = tmp_path / "scorecard.yaml"
    f.write_text(f"settings:\n  cp_visit_wd: {value}\n")
    with pytest.raises(ConfigError, match="cp_visit_wd"):
        load_settings(f)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere, so an unwritable folder cannot be made")
def test_an_unwritable_issues_folder_is_a_user_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    f = tmp_path / "episodes.csv"
    f.write_text("CHILD,DECOM\n")
    out = CliRunner().invoke(main, ["load", str(f), "--la", "201", "--year", "2025", "--db", str(tmp_path / "s.duckdb"),
                                    "--issues-dir", str(locked / "iss")])
    assert out.exit_code == 1 and "Internal" not in out.output


def test_an_issues_folder_that_is_a_file_is_a_user_error(tmp_path):
    f = tmp_path / "episodes.csv"
    f.write_text("CHILD,DECOM\n")  # a missing-column file: an issue list is written
    blocker = tmp_path / "iss"
    blocker.write_text("not a folder")
    out = CliRunner().invoke(main, ["load", str(f), "--la", "201", "--year", "2025", "--db", str(tmp_path / "s.duckdb"),
                                    "--issues-dir", str(blocker / "inner")])
    assert out.exit_code == 1, out.output
    assert "Internal" not in out.output and "cannot write" in out.output.lower()


def test_benchmarks_load_of_a_folder_with_nothing_loadable_exits_1(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    out = CliRunner().invoke(main, ["benchmarks", "load", str(tmp_path), "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 1 and "nothing was stored" in out.output


def test_load_of_an_empty_folder_says_no_files_were_found(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = CliRunner().invoke(main, ["load", str(empty), "--la", "201", "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 1 and "No files to load were found" in out.output
    assert not (tmp_path / "s.duckdb").exists()  # no empty store left behind for the next command to puzzle over
