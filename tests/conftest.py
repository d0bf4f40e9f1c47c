"""Shared test fixtures.

Tests that read the public sample files in ../shared/data skip cleanly when
that folder is absent, so the project still passes outside this checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("CSC_SHARED_DATA", REPO.parent / "shared" / "data"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public sample data not found at {SHARED_DATA} (set CSC_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


def loaded_synthetic(root: Path, **generate_options):
    """Synthetic LAs generated under ``root`` (synth.generate's options) and loaded into root/store.duckdb,
    year by year: (Project, the GenerateResult)."""
    from csc_scorecard.project import Project
    from csc_scorecard.synth.generate import generate

    made = generate(root / "data", **generate_options)
    project = Project(root / "store.duckdb", settings=made.settings)
    for w in sorted(made.written, key=lambda w: w.year):  # each year's health extract replaces the last
        assert project.load([w.folder], la=w.la, year=w.year).ok
    return project, made


@pytest.fixture(scope="session")
def synthetic_region(tmp_path_factory):
    """A small synthetic region loaded once per session: two LAs, 2023-24 and 2024-25, Annex A for the
    first (309). Returns (Project, the GenerateResult). Read it; do not load into it."""
    return loaded_synthetic(tmp_path_factory.mktemp("synthetic-region"), size="small", years=2, las=2,
                            annex_a="first")
