"""Pooling without identities: a region's store built from its LAs' pseudonymised exports gives the same
figures as the originals, and no export carries an original ID, a full date of birth or a full postcode."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from csc_scorecard.errors import ScorecardError
from csc_scorecard.project import Project
from csc_scorecard.store.export import (HASHED, MONTH_ONLY, POSTCODE_SECTOR, WHOLE_YEARS, postcode_sector,
                                        pseudonym, read_salt)
from csc_scorecard.synth.generate import generate

PERIODS = ["2024-25", "2024-25-Q3", "2023-24", "12m:2024-12-31", "ytd:2024-11-30"]
# The figures that genuinely depend on the detail pseudonymisation removes (docs/pooling.md):
# distances need full postcodes; ages are worked out from a date of birth now on the first of its month.
MAY_DIFFER = {"cla-placed-20-miles", "cla-long-term-stability", "cla-sdq-score", "cla-convictions",
              "care-leavers-eet-17-18", "care-leavers-eet-19-21", "care-leavers-accommodation-19-21",
              "care-leavers-in-touch-19-21"}
FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _figures(project: Project) -> dict:
    return {(r.indicator, r.la, r.period): (r.status, r.numerator, r.denominator, r.value, r.unknown)
            for r in project.indicators(PERIODS)}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("pool")
    generate(root / "synth", seed=11, size="small", years=2, end_year=2025, las=2)
    original = Project(root / "original.duckdb")
    las = sorted(p.name for p in (root / "synth").iterdir() if p.is_dir())
    for la in las:
        for year in (2024, 2025):
            report = original.load([root / "synth" / la / f"{year - 1}-{str(year)[2:]}"], la=la, year=year)
            assert report.ok
    exports = []
    for n, la in enumerate(las):
        salt = root / f"salt-{la}.txt"
        salt.write_text(f"a secret salt of LA {la} number {n} " * 2)
        exports.append(root / f"export-{la}")
        original.export(exports[-1], las=[la], salt_file=salt)
    pooled = Project(root / "pooled.duckdb")
    report = pooled.load(exports)
    assert report.ok, [str(i) for i in report.issues if i.severity == "fatal"]
    return root, las, original, pooled, exports


def test_every_figure_is_the_same_on_the_pooled_store(region):
    _, las, original, pooled, _ = region
    a, b = _figures(original), _figures(pooled)
    assert a.keys() == b.keys()
    assert {k[1] for k in a} == set(las)
    differ = {k for k in a if a[k] != b[k]}
    assert {k[0] for k in differ} <= MAY_DIFFER, sorted(differ)[:5]
    # and most figures are real figures, not two matching "not available"s
    ok = [k for k in a if a[k][0] == "ok" and (a[k][1] or a[k][3])]
    assert len(ok) > len(a) / 3


def test_case_rows_match_under_the_pseudonyms(region):
    root, las, original, pooled, _ = region
    salt = read_salt(root / f"salt-{las[0]}.txt")
    a = original.cases("assessments-45wd", "2024-25", la=las[0])
    b = pooled.cases("assessments-45wd", "2024-25", la=las[0])
    assert len(a.rows) == len(b.rows) > 0
    hashed = sorted((pseudonym(salt, las[0], r["child_id"]), r["in_numerator"]) for r in a.rows)
    assert hashed == sorted((r["child_id"], r["in_numerator"]) for r in b.rows)


def test_no_identity_is_left_in_the_exports(region):
    _, las, original, _, exports = region
    con = original.connect(read_only=True)
    try:
        ids = {r[0] for r in con.execute("SELECT child_id FROM child UNION SELECT child_id FROM cla_episode "
                                         "UNION SELECT child_id FROM annex_a_cla").fetchall()}
        upns = {r[0] for r in con.execute("SELECT upn FROM child WHERE upn IS NOT NULL").fetchall()}
        workers = {r[0] for r in con.execute("SELECT worker FROM allocation UNION "
                                             "SELECT allocated_worker FROM annex_a_cla").fetchall()} - {None}
    finally:
        con.close()
    assert ids and upns and workers
    checked = {"id": 0, "dob": 0, "postcode": 0, "age": 0}
    for folder in exports:
        for path in folder.rglob("*.parquet"):
            table = pq.read_table(path)
            for name in table.column_names:
                values = [v for v in table.column(name).to_pylist() if v is not None]
                if name in HASHED:
                    checked["id"] += len(values)
                if name in MONTH_ONLY:
                    assert all(v.day == 1 for v in values), (path, name)
                    checked["dob"] += len(values)
                if name in POSTCODE_SECTOR:
                    checked["postcode"] += len(values)
                if name in WHOLE_YEARS:
                    assert all(v == int(v) for v in values), (path, name)
                    checked["age"] += len(values)
                if isinstance(values[0] if values else None, str):
                    assert not (set(values) & ids), (path, name)
                    assert not (set(values) & upns), (path, name)
                    assert not (set(values) & workers), (path, name)
                    assert not any(FULL_POSTCODE.match(v) for v in values), (path, name)
    assert all(checked.values()), checked


def test_exports_are_private(region):
    _, _, _, _, exports = region
    folder = exports[0]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_reloading_an_export_changes_nothing(region):
    _, _, _, pooled, exports = region
    report = pooled.load(exports)
    assert {f.status for f in report.files} == {"unchanged"}


def test_postcode_sector():
    assert postcode_sector("N17 6AB") == "N17 6"
    assert postcode_sector("ec1a1bb") == "EC1A 1"
    assert postcode_sector("N17") is None
    assert postcode_sector("<script>") is None
    assert postcode_sector(None) is None


def test_a_short_salt_is_refused(tmp_path):
    (tmp_path / "salt").write_text("short")
    with pytest.raises(ScorecardError, match="at least 16"):
        read_salt(tmp_path / "salt")


def test_a_damaged_export_file_is_refused_whole(region, tmp_path):
    _, las, _, _, exports = region
    src = next(exports[0].rglob("cla_episode/*/*/*/part-0.parquet"))
    bad = tmp_path / "x" / "cla_episode" / src.parent.parent.parent.name / src.parent.parent.name / src.parent.name
    bad.mkdir(parents=True)
    data = src.read_bytes()
    (bad / "part-0.parquet").write_bytes(data[: len(data) // 2] + b"PAR1")
    report = Project(tmp_path / "s.duckdb").load([tmp_path / "x"])
    assert not report.ok
    assert [i.code for i in report.issues if i.severity == "fatal"] == ["export-unreadable"]
