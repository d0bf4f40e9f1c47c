"""Every command finds the settings one way: --settings, else $SCORECARD_SETTINGS, else ./scorecard.yaml."""

from __future__ import annotations

import pytest

from csc_scorecard.errors import ConfigError
from csc_scorecard.settings import find_settings


def test_order_of_precedence(tmp_path, monkeypatch):
    here, env, given = tmp_path / "here", tmp_path / "env.yaml", tmp_path / "given.yaml"
    here.mkdir()
    for p in (here / "scorecard.yaml", env, given):
        p.write_text("la: '309'\n")
    monkeypatch.chdir(here)
    monkeypatch.delenv("SCORECARD_SETTINGS", raising=False)
    assert find_settings() == here / "scorecard.yaml"
    monkeypatch.setenv("SCORECARD_SETTINGS", str(env))
    assert find_settings() == env
    assert find_settings(given) == given
    (here / "scorecard.yaml").unlink()
    monkeypatch.delenv("SCORECARD_SETTINGS")
    assert find_settings() is None  # built-in defaults


def test_a_named_file_that_is_not_there_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="--settings names .*missing.yaml, which is not a file"):
        find_settings(tmp_path / "missing.yaml")
    monkeypatch.setenv("SCORECARD_SETTINGS", str(tmp_path / "gone.yaml"))
    with pytest.raises(ConfigError, match="SCORECARD_SETTINGS names"):
        find_settings()
