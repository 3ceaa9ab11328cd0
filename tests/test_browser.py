"""The HTML report in a real headless browser: Debian's Chromium driven by Playwright.

What it checks, at desktop (1280 px) and phone (390 px) width: the pillar chart, the total
and the first action are visible; nothing overflows the page sideways; and a profile named
`<script>alert(1)</script>` shows that name as text and runs no script. Screenshots go to a
temporary folder whose path the test prints (`pytest -s` shows it).

Skipped only when no Chromium or no Playwright is found and CI is not set; in CI (`CI` set)
a missing browser fails the test, so a green CI run always means the page was looked at.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.cli.main import main
from ssi_advise.reports.values import num

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")


def _chromium() -> str | None:
    found = os.environ.get("SSI_ADVISE_CHROMIUM") or next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    return found or shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: .ci/run must install it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install '.[browser]'")
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium found: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ssi-advise-screenshots-"))
    print(f"\nscreenshots: {folder}")
    return folder


def _html_report(profile: Path, target: Path) -> Path:
    result = CliRunner().invoke(main, [str(profile), "--format", "html", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("device", list(WIDTHS))
def test_newcomer_report_shows_chart_total_and_first_action_without_overflow(browser, screenshots, tmp_path, device):
    page_file = _html_report(EXAMPLES / "newcomer.yaml", tmp_path / "newcomer.html")
    report = json.loads(CliRunner().invoke(main, [str(EXAMPLES / "newcomer.yaml"), "--format", "json"]).output)
    page = browser.new_page(viewport={"width": WIDTHS[device], "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"request {request.url}"))
    page.goto(page_file.as_uri())

    chart = page.locator("#chart svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("#chart rect.bar").count() == 4  # the four pillars, no SSI page given
    assert page.locator("#total .big").inner_text() == num(report["total"])
    assert page.locator("#total").is_visible()
    first = page.locator("#action-1")
    assert first.is_visible()
    assert first.locator("h3").inner_text() == report["actions"][0]["title"]
    overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"the page is {overflow[0]} px wide in a {overflow[1]} px window"
    # Nothing inside a section sticks out of it either (a table too wide for a phone would).
    wider = page.evaluate("""[...document.querySelectorAll('section')]
        .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.id || s.className)""")
    assert wider == []
    assert errors == []

    shot = screenshots / f"newcomer-{device}.png"
    page.screenshot(path=str(shot), full_page=True)
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"newcomer-{device}-plan.png"))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    page.close()


def test_a_name_holding_a_script_is_shown_literally_and_runs_nothing(browser, screenshots, tmp_path):
    data = yaml.safe_load((EXAMPLES / "newcomer.yaml").read_text(encoding="utf-8"))
    data["name"] = "<script>alert(1)</script>"
    profile = tmp_path / "hostile.yaml"
    profile.write_text(yaml.safe_dump(data), encoding="utf-8")
    page_file = _html_report(profile, tmp_path / "hostile.html")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert dialogs == []
    assert page.locator("h1.who").inner_text() == "<script>alert(1)</script>"
    assert page.evaluate("document.scripts.length") == 0
    page.screenshot(path=str(screenshots / "hostile-name.png"))
    page.close()
