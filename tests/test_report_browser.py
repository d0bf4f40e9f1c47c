"""The scorecard page in a real browser: headless Chromium renders every section, logs no console error.

Chromium is a Debian package (.ci/run installs it); without it these tests
skip, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from csc_scorecard.report.html import write_html

from report_sample import sample_scorecard

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


def run_chromium(page: Path, tmp: Path, *extra: str) -> tuple[str, str]:
    """Load a page headless; return (the rendered DOM, the browser's log)."""
    profile = tmp / "profile"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *extra, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=60)
    return proc.stdout, proc.stderr


def console_problems(log: str) -> list[str]:
    return [line for line in log.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line]


def test_the_console_check_catches_a_broken_page(tmp_path):
    # Proof that the check below can fail: a page with a script error is caught.
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html><body><script>console.error("x"); missing();</script></body></html>')
    _, log = run_chromium(bad, tmp_path, "--dump-dom")
    assert any("missing is not defined" in line for line in console_problems(log))


def test_scorecard_renders_every_section_without_console_errors(tmp_path):
    page = write_html(sample_scorecard(), tmp_path / "scorecard.html")
    dom, log = run_chromium(page, tmp_path, "--dump-dom")
    assert console_problems(log) == []
    for section_id in ("children-in-need-of-help-and-protection", "children-looked-after-and-achieving-permanence",
                       "care-leavers", "leadership-and-workforce", "assessment-timeliness", "definitions"):
        assert f'id="{section_id}"' in dom
    assert dom.count("<svg") >= 10


def test_scorecard_screenshot_is_drawn(tmp_path):
    page = write_html(sample_scorecard(), tmp_path / "scorecard.html")
    shot = tmp_path / "shot.png"
    _, log = run_chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1400,3000", "--hide-scrollbars")
    assert console_problems(log) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a blank page is a few KB
