"""Every page type in real Chromium: one h1, lang, ordered headings, visible focus, no console errors; a phone
viewport; print emulation. Screenshots go to .artifacts/screenshots/ (git-ignored) for a person to look at."""

from __future__ import annotations

import pytest
from browser import browser_page, serve
from sitekit import PROJECT, make_site
from test_site import PUBLISHED

pytestmark = pytest.mark.slow
SHOTS = PROJECT / ".artifacts" / "screenshots"
PAGES = {
    "home": "",
    "regulation": "regulations/kaoqin/",
    "history": "regulations/kaoqin/history/",
    "category": "categories/行政管理/",
    "guide": "guide/",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("pages"), PUBLISHED)
    site.build()
    with serve(site.root / "site") as url:
        yield url


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_structure_focus_and_console(site_url, kind):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(site_url + PAGES[kind], wait_until="networkidle")
        assert page.locator("h1").count() == 1
        assert page.locator("html").get_attribute("lang") == "zh"
        levels = page.eval_on_selector_all("article h1, article h2, article h3, article h4, article h5, article h6", "els => els.map(e => +e.tagName[1])")
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        page.keyboard.press("Tab")
        outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.tagName, s.outlineStyle, s.boxShadow] }")
        assert outline[0] != "BODY" and (outline[1] != "none" or outline[2] != "none"), outline
        page.screenshot(path=str(SHOTS / f"{kind}.png"), full_page=False)
        assert errors == [], errors


def test_phone_reads_a_regulation_and_opens_the_navigation(site_url):
    with browser_page(viewport={"width": 390, "height": 844}) as page:
        page.goto(site_url + "regulations/kaoqin/", wait_until="networkidle")
        assert page.locator("#art-1").is_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, width  # no sideways scrolling
        page.click("label.md-header__button[for='__drawer']")
        page.wait_for_timeout(400)
        assert page.locator(".md-sidebar--primary").is_visible()
        page.screenshot(path=str(SHOTS / "phone-nav.png"))


def test_print_hides_navigation_and_keeps_text(site_url):
    with browser_page() as page:
        page.goto(site_url + "regulations/kaoqin/", wait_until="networkidle")
        page.emulate_media(media="print")
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert not page.locator(".md-header").is_visible()
        assert page.locator("#art-5").is_visible()
        assert page.locator(".zd-meta").is_visible()
        assert "自2021年1月15日起施行" in page.locator(".zd-toolbar").inner_text()  # the currency line
        assert not page.locator(".zd-toolbar a").first.is_visible()
        page.screenshot(path=str(SHOTS / "regulation-print.png"), full_page=True)
