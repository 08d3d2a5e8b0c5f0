"""The built site behind Debian's nginx with docs/deploy/nginx.conf: Chromium reports no CSP violation and search works."""

from __future__ import annotations

import pytest
from browser import NGINX, browser_page, serve_nginx
from sitekit import PROJECT, make_site
from test_site import PUBLISHED

pytestmark = pytest.mark.slow

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });
"""


@pytest.fixture(scope="module")
def nginx_url(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx 未安装（make deps-test 会安装 Debian 的 nginx-light）")
    site = make_site(tmp_path_factory.mktemp("csp"), PUBLISHED)
    site.build()
    with serve_nginx(site.root / "site", tmp_path_factory.mktemp("nginx"), PROJECT) as url:
        yield url


def test_pages_and_search_run_under_the_csp(nginx_url):
    with browser_page() as page:
        page.context.add_init_script(RECORD_VIOLATIONS)
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        response = page.goto(nginx_url, wait_until="networkidle")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.goto(nginx_url + "regulations/kaoqin/", wait_until="networkidle")
        assert page.locator("#art-5").is_visible()
        page.click("label.md-search__icon, .md-search__input")
        box = page.locator("input.md-search__input")
        box.fill("公休假")
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0
        violations = page.evaluate("window.__csp")
        assert violations == []
        assert not [line for line in console if "Content Security Policy" in line]


def test_the_site_has_no_inline_script_or_handler(nginx_url, tmp_path):
    import re
    import urllib.request

    for path in ("", "regulations/kaoqin/", "regulations/kaoqin/history/"):
        html = urllib.request.urlopen(nginx_url + path).read().decode("utf-8")
        inline = [m.group(0)[:80] for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)]
        assert inline == [], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), path
