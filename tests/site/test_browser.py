"""The built site in real Chromium: what an officer sees and clicks, and that no request leaves the server."""

from __future__ import annotations

import pytest
from browser import browser_page, serve
from playwright.sync_api import expect
from sitekit import make_site
from test_site import PUBLISHED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("browser"), PUBLISHED)
    site.build()
    with serve(site.root / "site") as url:
        yield url, site


def test_regulation_page_anchors_links_and_no_foreign_requests(site_url, tmp_path):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url + "regulations/jixiao/", wait_until="networkidle")
        assert page.locator("h1").inner_text() == "东港市人民法院绩效考核实施办法"
        assert page.locator(".zd-meta").is_visible()
        assert page.locator(".admonition.warning").inner_text().startswith("试行")
        page.screenshot(path=str(tmp_path / "jixiao.png"), full_page=True)
        page.click("text=《考勤管理规定》第五条之一")
        page.wait_for_url("**/regulations/kaoqin/#art-5-1")
        target = page.locator("#art-5-1")
        assert target.is_visible()
        assert "公休假另行安排" in target.inner_text()
        # The cited-by list leads back to the citing article.
        page.click("#cited-by ~ ul a >> nth=0")
        page.wait_for_url("**/regulations/jixiao/#art-2")
        for address in page.requested:  # type: ignore[attr-defined]
            assert address.startswith(url), f"request to another host: {address}"


def test_copy_button_copies_citation_and_link(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url + "regulations/kaoqin/", wait_until="networkidle")
        button = page.locator("#art-5 .zd-copy")
        page.locator("#art-5").hover()
        button.click()
        expect(button).to_have_text("已复制")
        assert button.get_attribute("data-copied-text") == f"《东港市人民法院工作人员请休假考勤管理规定》第五条 {url}regulations/kaoqin/#art-5"


def test_material_search_finds_chinese_words(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        page.click("label.md-search__icon, .md-search__input")
        box = page.locator("input.md-search__input")
        box.fill("公休假")
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        results = page.locator(".md-search-result__item").all_inner_texts()
        assert any("请休假考勤管理规定" in r or "公休假" in r for r in results)
        for address in page.requested:  # type: ignore[attr-defined]
            assert address.startswith(url), f"request to another host: {address}"
