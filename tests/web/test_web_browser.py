"""End to end in chromium (Playwright driving Debian's /usr/bin/chromium), with axe-core on every page.

A manager signs in, picks a period, opens an indicator and its case list; an admin then finds that view in
the audit log. Screenshots go to the test's folder (WEB_SCREENSHOTS=DIR keeps them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import PERIOD
from .webclient import PASSWORD

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).with_name("axe.min.js")
IND = "assessments-45wd"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not Path(CHROMIUM).exists():
    pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    keep = os.environ.get("WEB_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page (evaluated through the DevTools protocol,
    which the page's CSP does not block; the app itself has no inline script)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def sign_in(page, base, user):
    page.goto(base + "/")
    assert "/login/" in page.url  # signed out: sent to sign in
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(base + "/")


def test_manager_journey_and_audit(sqlite_server, browser, shots):
    base = sqlite_server.base
    errors: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(base + "/login/")
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "01-login.png")
    sign_in(page, base, "manager-all")
    assert page.locator("h1").inner_text().startswith("Scorecard")

    page.select_option("#period", "2023-24")  # pick a period
    page.click("button:has-text('Show')")
    page.wait_for_url("**/?period=2023-24")
    assert "Scorecard 2023-24" in page.locator("h1").inner_text()
    page.select_option("#period", PERIOD)
    page.click("button:has-text('Show')")
    page.wait_for_url(f"**/?period={PERIOD}")
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "02-scorecard.png", full_page=True)

    page.click(f"a[href='/indicator/{IND}/?period={PERIOD}']")  # open an indicator from the table
    page.wait_for_url(f"**/indicator/{IND}/?period={PERIOD}")
    assert page.locator("h1").inner_text() == "Assessments completed within 45 working days"
    assert page.locator("svg.chart").count() >= 1
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "03-indicator.png", full_page=True)

    page.click("#cases-link")  # its case list, child-level
    page.wait_for_url(f"**/indicator/{IND}/cases/?period={PERIOD}")
    rows = page.locator("#cases tbody tr").count()
    assert rows > 20 and f"{rows} rows" in page.locator("#case-count").inner_text()
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "04-cases.png")
    with page.expect_download() as dl:
        page.click("text=Download Excel")
    assert dl.value.suggested_filename == f"cases-{IND}-{PERIOD}.xlsx"

    page.click("a.govuk-service-navigation__link:has-text('Due and overdue')")
    page.wait_for_url("**/due/")
    assert page.locator("h1").inner_text().startswith("Due and overdue at")
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "04b-due.png", full_page=True)

    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login/")
    sign_in(page, base, "admin1")
    page.click("a.govuk-service-navigation__link:has-text('Audit log')")
    page.wait_for_url("**/audit/")
    first = page.locator("#audit tbody tr").nth(2)  # newest first: the due lists, the export, then the view
    cells = [c.strip() for c in first.locator("td").all_inner_texts()]
    assert cells[1] == "manager-all" and cells[3] == "cases" and cells[4] == IND and cells[5] == PERIOD
    assert int(cells[6]) > 0 and cells[7] == ""
    assert page.locator("#audit tbody tr").nth(1).locator("td").nth(7).inner_text() == f"cases-{IND}-{PERIOD}.xlsx"
    assert page.locator("#audit tbody tr").nth(0).locator("td").nth(3).inner_text() == "due"
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "05-audit.png", full_page=True)
    for path in ("/users/", "/loads/", f"/paper/?period={PERIOD}"):
        page.goto(base + path)
        assert accessibility_problems(page) == [], path
    page.screenshot(path=shots / "06-paper.png", full_page=True)
    page.goto(base + "/plan/")
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "06b-plan.png", full_page=True)
    assert errors == []
    ctx.close()


def test_viewer_sees_no_child_level_links(sqlite_server, browser, shots):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, sqlite_server.base, "viewer1")
    page.goto(sqlite_server.base + f"/indicator/{IND}/?period={PERIOD}")
    assert page.locator("#cases-link").count() == 0
    assert page.locator("text=Due and overdue").count() == 0
    page.goto(sqlite_server.base + f"/indicator/{IND}/cases/?period={PERIOD}")
    assert "You cannot see this page" in page.locator("h1").inner_text()
    assert accessibility_problems(page) == []
    page.screenshot(path=shots / "07-viewer-refused.png")
