"""Loading a whole tree of returns in one command, checks across years, and the issue list a team acts on."""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_scorecard.cli import main
from csc_scorecard.ingest.tree import la_from_folders, la_problem
from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    """Three small synthetic LAs, three years each, as `scorecard synth` writes them."""
    out = tmp_path_factory.mktemp("tree") / "X"
    generate(out, seed=5, size="small", years=3, end_year=2025, las=3)
    return out


def _issues_csv(folder: Path) -> list[dict]:
    with open(folder / "issues.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_a_synthetic_region_loads_in_one_command_with_no_errors_or_warnings(region, tmp_path):
    db = tmp_path / "s.duckdb"
    out = CliRunner().invoke(main, ["load", str(region), "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "give --la" not in out.output.lower() and "same-table-twice" not in out.output
    report = Project(db).loads()
    got = {(f["la"], f["collection_year"]) for f in report if f["status"] == "loaded"}
    assert got == {(la, y) for la in ("309", "320", "307") for y in (2023, 2024, 2025)}
    # the health extracts: one per LA-year in the tree, the newest kept, the older two replaced
    health = sorted((f["la"], f["collection_year"], f["status"]) for f in report if "health" in f["file"])
    assert health == [(la, y, "loaded" if y == 2025 else "replaced") for la in ("307", "309", "320")
                      for y in (2023, 2024, 2025)]
    issues = _issues_csv(tmp_path / "s-issues" / "load-1")
    assert [i for i in issues if i["severity"] in ("fatal", "error", "warning")] == []
    n = len(report)
    assert f"Load 1 into {db}: {n - 6} files stored, 6 replaced by a newer extract in this load, none failed." \
        in out.output
    quiet = CliRunner().invoke(main, ["load", str(region), "--db", str(db), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output.startswith(f"Nothing new to store: 0 of {n} files stored")
    assert len(quiet.output.strip().splitlines()) == 1


def test_a_five_year_history_labelled_a_year_early_is_warned_about_with_the_right_year(tmp_path):
    src = tmp_path / "made"
    generate(src, seed=8, size="small", years=5, end_year=2025, las=1, annex_a="none")
    tree = tmp_path / "returns"
    for year in range(2021, 2026):
        shutil.copytree(src / "309" / f"{year - 1}-{str(year)[2:]}" / "903",
                        tree / "309" / f"{year - 2}-{str(year - 1)[2:]}" / "903")
    report = Project(tmp_path / "s.duckdb").load([tree])
    told = {(Path(i.file).parent.parent.name, i.message.split(":")[0]) for i in report.issues
            if i.code == "looks-like-another-year" and i.file.endswith("episodes.csv")}
    assert told == {(f"{y - 2}-{str(y - 1)[2:]}", f"This looks like the {y - 1}-{str(y)[2:]} return")
                    for y in range(2021, 2026)}
    episodes = next(i for i in report.issues if i.code == "looks-like-another-year"
                    and i.file.endswith("2020-21/903/episodes.csv"))
    assert episodes.field == "DEC" and "--year 2022" in episodes.fix and "fall after 31 March 2021" in episodes.message
    # said once per file, not once per row
    assert not any(i.code == "date-after-year" for i in report.issues)


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def _episodes(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "episodes.csv").write_text(EPISODES + "".join(r + "\n" for r in rows))
    return folder


def test_checks_across_the_merged_history(tmp_path):
    """Hand-made: child A's episode open at 31 March 2024 is missing from 2024-25; child B's 2024-25
    episode starts before B's 2023-24 episode ceased; a late DEC in 2023-24 is a row warning."""
    y24 = _episodes(tmp_path / "310" / "2023-24", [
        "A,01/01/2024,S,C2,N1,U1,PR1,,,,,,",
        "B,01/06/2023,S,C2,N1,U1,PR1,01/03/2024,E4A,,,,",
        "C,01/02/2024,S,C2,N1,U1,PR1,01/03/2024,E4A,,,,",
        "D,01/05/2023,S,C2,N1,U1,PR1,30/06/2023,E4A,,,,",
        "E,01/02/2023,S,C2,N1,U1,PR1,02/04/2024,E4A,,,,",
    ])
    y25 = _episodes(tmp_path / "310" / "2024-25", [
        "B,01/02/2024,S,C2,N1,U1,PR1,,,,,,",
        "C,10/03/2024,S,C2,N1,U1,PR1,,,,,,",
        "E,01/02/2023,S,C2,N1,U1,PR1,02/04/2024,E4A,,,,",
    ])
    report = Project(tmp_path / "s.duckdb").load([y24.parent])
    assert report.ok and {f.la for f in report.files} == {"310"}
    got = sorted((i.code, i.child_id, i.year, i.location) for i in report.issues
                 if i.severity == "warning" and i.code not in ("unknown-code",))
    assert got == [
        ("date-after-year", "E", "2023-24", "child E: episode from 01/02/2023"),
        ("episode-missing-next-year", "A", "2023-24", "episode from 01/01/2024"),
        ("overlap-across-years", "B", "2024-25", "episode from 01/02/2024"),
    ]
    # the list is kept with the load and given again
    load_id, rows = Project(tmp_path / "s.duckdb").issues()
    assert load_id == report.load_id and sorted(rows, key=str) == sorted(report.issues, key=str)
    out = CliRunner().invoke(main, ["issues", "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 0 and "overlap-across-years" in out.output and "(child B)" in out.output


def test_not_an_english_la(tmp_path):
    assert la_problem("310") is None
    assert la_problem("321") == ("321 is not the DfE code of an English local authority (the nearest codes are "
                                 "320 Waltham Forest, 319 Sutton, 318 Richmond upon Thames)")
    out = CliRunner().invoke(main, ["load", str(tmp_path), "--la", "321", "--db", str(tmp_path / "s.duckdb")])
    assert out.exit_code == 2 and "321 is not the DfE code" in out.output and "320 Waltham Forest" in out.output
    # a folder that names no English LA: the file is stored, with an error naming the nearest codes
    folder = _episodes(tmp_path / "321" / "2023-24", ["A,01/01/2024,S,C2,N1,U1,PR1,,,,,,"])
    assert la_from_folders(folder / "episodes.csv")[0] == "321"
    assert la_from_folders(tmp_path / "903" / "2023-24" / "episodes.csv")[0] is None  # 903 is the return
    report = Project(tmp_path / "s.duckdb").load([folder])
    bad = [i for i in report.issues if i.code == "not-an-english-la"]
    assert len(bad) == 1 and bad[0].severity == "error" and "320 Waltham Forest" in bad[0].message


def test_the_issue_list_is_owner_only_grouped_and_never_overwritten(tmp_path):
    folder = _episodes(tmp_path / "310" / "2023-24", [f"K{n},01/01/2024,S,C2,N1,ZZ,PR1,,,,,," for n in range(8)])
    db = tmp_path / "s.duckdb"
    first = CliRunner().invoke(main, ["load", str(folder), "--db", str(db)])
    assert first.exit_code == 0, first.output
    home = tmp_path / "s-issues"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    listing = home / "load-1"
    assert stat.S_IMODE(listing.stat().st_mode) == 0o700
    for name in ("issues.csv", "issues.xlsx"):
        assert stat.S_IMODE((listing / name).stat().st_mode) == 0o600
    rows = [r for r in _issues_csv(listing) if r["code"] == "unknown-code"]
    assert [(r["child_id"], r["la"], r["year"], r["location"]) for r in rows] == [
        (f"K{n}", "310", "2023-24", f"row {n + 2}") for n in range(8)]
    import openpyxl
    wb = openpyxl.load_workbook(listing / "issues.xlsx")
    assert wb.sheetnames == ["Summary", "Problems", "All issues"]
    problems = [r for r in wb["Problems"].iter_rows(values_only=True) if r[2] == "unknown-code"]
    assert len(problems) == 1 and problems[0][7] == 8
    assert problems[0][8].startswith("row 2 (child K0), row 3 (child K1)") and problems[0][8].endswith("and 3 more")
    assert wb["Summary"].page_setup.orientation == "landscape" and wb["Summary"].page_setup.paperSize == 9
    # the same list asked for again goes to a new folder beside it, never over the first
    again = CliRunner().invoke(main, ["issues", "--db", str(db), "--load", "1", "--issues", str(listing)])
    assert again.exit_code == 0 and (home / "load-1-2" / "issues.csv").is_file()


@pytest.fixture(scope="session")
def dfe_validators():
    """The DfE validators' own environment, made once (under the user's cache folder, so CI makes it once)."""
    from csc_scorecard.ingest import dfe_rules

    try:
        return dfe_rules.setup()
    except dfe_rules.ValidatorsUnavailable as exc:
        pytest.skip(f"the DfE validators cannot be installed here: {exc}")


def test_validate_lists_dfe_rule_results_with_child_ids_and_the_rules_that_did_not_run(
        shared_data, dfe_validators, tmp_path):
    s903 = shared_data / "samples" / "903"
    folder = tmp_path / "903"
    folder.mkdir()
    for f in s903.glob("*.csv"):
        if f.name != "placed_for_adoption_errors.csv":
            (folder / f.name).symlink_to(f)
    cin = shared_data / "samples" / "cin" / "CIN_Census_2024.xml"
    out = CliRunner().invoke(main, ["validate", str(folder), str(cin), "--la", "201", "--issues",
                                    str(tmp_path / "v"), "--quiet"])
    assert out.exit_code == 0, out.output
    assert "DfE rule set lac2022_23" in out.output and "DfE rule set cin2023_24" in out.output
    assert "DfE rules that did not run" in out.output and "a table the rule needs was not given" in out.output
    rows = _issues_csv(tmp_path / "v")
    sources = {r["source"] for r in rows}
    assert "csc-scorecard" in sources and "DfE rule 8565" in sources
    # CIN rule 1104 (initial CPC before the referral) on the sample's one child, with its ID and value
    cpc = [r for r in rows if r["source"] == "DfE rule 1104"]
    assert {(r["child_id"], r["field"], r["value"]) for r in cpc} == {
        ("DfEX0000001", "CINreferralDate", "2022-10-06"), ("DfEX0000001", "DateOfInitialCPC", "2022-06-17")}
    assert all(r["la"] == "201" and r["year"] == "2023-24" and r["file"] == str(cin) for r in cpc)
    dfe_903 = [r for r in rows if r["source"].startswith("DfE rule") and r["file"].startswith(str(folder))]
    assert len(dfe_903) > 1000 and all(r["child_id"] for r in dfe_903 if r["code"] != "rule-not-run")
    episodes = [r for r in dfe_903 if r["file"].endswith("episodes.csv") and r["location"].startswith("Episodes")]
    assert episodes
    not_run = {r["code"] for r in rows if r["code"] == "rule-not-run"}
    assert not_run == {"rule-not-run"}


def test_a_reason_that_applies_to_every_file_is_said_once_and_all_or_nothing_stores_nothing(tmp_path):
    folder = tmp_path / "returns"
    for name in ("a", "b", "c", "d"):
        _episodes(folder / name, [f"{name},01/01/2024,S,C2,N1,U1,PR1,,,,,,"])
    db = tmp_path / "s.duckdb"
    out = CliRunner().invoke(main, ["load", str(folder), "--year", "2024", "--db", str(db)])
    assert out.exit_code == 1
    said = [line for line in out.output.splitlines() if "do not say which local authority" in line]
    assert len(said) == 1 and said[0].startswith("  Not loaded (4 files: a/episodes.csv, b/episodes.csv, "
                                                 "c/episodes.csv and 1 more)")
    assert "Nothing was stored: 4 files not stored." in out.output
    # one good file and one that cannot be loaded: with --all-or-nothing the good one is not stored either
    good = _episodes(tmp_path / "310" / "2023-24", ["A,01/01/2024,S,C2,N1,U1,PR1,,,,,,"])
    (good / "reviews.csv").write_text("CHILD,DOB,REVIEW\nA,01/01/2010,01/02/2024\n")  # no REVIEW_CODE
    out = CliRunner().invoke(main, ["load", str(good), "--db", str(db), "--all-or-nothing", "--quiet"])
    assert out.exit_code == 1 and out.output.startswith("Nothing stored: 0 of 2 files stored, 2 not stored;")
    assert Project(db).loads() == []
    out = CliRunner().invoke(main, ["load", str(good), "--db", str(db), "--quiet"])
    assert out.exit_code == 1 and out.output.startswith("Load 1: 1 of 2 files stored, 1 not stored;")


def test_the_one_la_of_scorecard_yaml_is_the_la_of_files_with_none_of_their_own(tmp_path):
    returns = tmp_path / "returns"
    _episodes(returns / "2023-24", ["A,01/01/2024,S,C2,N1,U1,PR1,,,,,,"])
    (returns / "scorecard.yaml").write_text("la: '310'\nlas:\n  '310': {name: Harrow}\n")
    out = CliRunner().invoke(main, ["load", str(returns), "--db", str(tmp_path / "s.duckdb"), "--quiet"])
    assert out.exit_code == 0, out.output
    assert [(f["la"], f["collection_year"]) for f in Project(tmp_path / "s.duckdb").loads()] == [("310", 2024)]
