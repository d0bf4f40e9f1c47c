"""The HTML templates' bytecode cache (report/templating.py): used between runs, never in the way."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2

from csc_scorecard.report import templating


def test_compiled_templates_are_kept_and_a_lost_cache_folder_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # Jinja's default folder goes under here
    env = templating.environment("csc_scorecard.report")
    env.get_template("scorecard.html.j2")
    folder = Path(env.bytecode_cache.directory)
    assert folder.parent == tmp_path and oct(folder.stat().st_mode & 0o777) == "0o700"
    kept = sorted(p.name for p in folder.iterdir())
    assert kept and all(name.startswith("__csc_scorecard_") for name in kept)

    fresh = templating.environment("csc_scorecard.report")  # another run: the compiled code is read back
    loaded = []
    real = templating._QuietCache.load_bytecode

    def spy(self, bucket):
        real(self, bucket)
        loaded.append(bucket.code is not None)

    monkeypatch.setattr(templating._QuietCache, "load_bytecode", spy)
    fresh.get_template("scorecard.html.j2")
    assert loaded and all(loaded)

    shutil.rmtree(folder)  # a cleaner took the folder while an environment lives (the web app's does)
    assert isinstance(templating.environment("csc_scorecard.report").get_template("scorecard.html.j2"),
                      jinja2.Template)  # compiled, not cached, and no error
