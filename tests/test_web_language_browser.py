"""The language switch in a real browser (Chromium through Playwright, as tests/test_web_browser.py):
a French browser gets French, the switch on the page changes the language, and it stays after signing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_web_browser import PASSWORD, browser, playwright, pytestmark, server

__all__ = ["browser", "pytestmark", "server"]


def test_the_language_switch_in_the_browser(server: str, browser: Any, tmp_path: Path) -> None:
    expect = playwright.expect
    # A browser set to French: the sign-in page is in French before anyone chooses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/login")
    expect(page.locator("h1")).to_have_text("Se connecter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The switch, pressed on the sign-in page: English from then on, on every page.
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.fill("#username", "bob")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{server}/")
    expect(page.locator("h1")).to_have_text("Your assessments")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")

    # And back to French, on the home page: the page comes back in French, the current language marked.
    page.get_by_role("button", name="Français").click()
    expect(page.locator("h1")).to_have_text("Vos évaluations")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-current", "true")
    shot = tmp_path / "home-fr-1280.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5000
    page.get_by_role("link", name="Commencer une nouvelle évaluation").click()
    expect(page.locator("h1")).to_have_text("Commencer une nouvelle évaluation")
    page.screenshot(path=str(tmp_path / "new-fr-1280.png"), full_page=True)
    context.close()
