"""The unchanged catalogue on Spark: every indicator's figure on a synthetic region is the same with
Spark (local[2], each query transpiled from DuckDB SQL by SQLGlot) as with DuckDB, and so are the case rows."""

from __future__ import annotations

import os
import shutil
from datetime import date
from decimal import Decimal

import pytest

from csc_scorecard.project import Project
from csc_scorecard.synth.generate import generate

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java 17 (Debian: openjdk-17-jre-headless)", allow_module_level=True)

PERIODS = ["2024-25", "2024-25-Q3"]  # a year and a quarter: each period is its own Spark query
CASE_SAMPLE = ["assessments-45wd", "icpc-15wd", "cla-3-placements", "cp-reviews-in-time", "re-referrals-12m",
               "cla-reviews-in-time"]


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    generate(root / "synth", seed=5, size="small", years=2, end_year=2025, las=2)
    project = Project(root / "store.duckdb")
    for la in sorted(p.name for p in (root / "synth").iterdir() if p.is_dir()):
        for year in (2024, 2025):
            assert project.load([root / "synth" / la / f"{year - 1}-{str(year)[2:]}"], la=la, year=year).ok
    project.export(root / "export")
    return project, root / "export"


@pytest.fixture(scope="module")
def spark():
    from csc_scorecard.indicators.spark import start_spark

    session = start_spark("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _key(r):
    return (r.status, r.numerator, r.denominator, None if r.value is None else round(r.value, 9), r.unknown)


def test_every_indicator_is_the_same_on_spark(region, spark):
    project, export = region
    duck = {(r.indicator, r.la, r.period): r for r in project.indicators(PERIODS)}
    on_spark = {(r.indicator, r.la, r.period): r for r in project.indicators_on_spark(export, PERIODS, spark=spark)}
    assert duck.keys() == on_spark.keys()
    assert len({k[0] for k in duck}) >= 48
    differ = [(k, _key(duck[k]), _key(on_spark[k])) for k in duck if _key(duck[k]) != _key(on_spark[k])]
    assert differ == []
    assert sum(1 for r in duck.values() if r.status == "ok" and r.value) > len(duck) / 3


def _plain(v):
    if isinstance(v, Decimal):
        return float(v)
    if hasattr(v, "date") and not isinstance(v, date):
        return v.date()
    return v


def test_case_rows_are_the_same_on_spark(region, spark):
    from csc_scorecard.indicators.run import catalogue_for
    from csc_scorecard.indicators.spark import SparkConnection, SparkEngine

    project, export = region
    con = SparkConnection(spark, export)
    try:
        engine = SparkEngine(con, catalogue_for(project.config))
        for iid in CASE_SAMPLE:
            a = project.cases(iid, "2024-25", la="309")
            b = engine.cases(iid, "2024-25", la="309")
            assert a.columns == b.columns, iid
            rows_a = sorted(tuple(_plain(r[c]) for c in a.columns) for r in a.rows)
            rows_b = sorted(tuple(_plain(r[c]) for c in b.columns) for r in b.rows)
            assert rows_a == rows_b, iid
            assert rows_a, iid
    finally:
        con.close()


def test_a_folder_that_is_not_an_export_is_refused(tmp_path, spark):
    from csc_scorecard.errors import ScorecardError
    from csc_scorecard.indicators.spark import SparkConnection

    with pytest.raises(ScorecardError, match="not a csc-scorecard export"):
        SparkConnection(spark, tmp_path)
