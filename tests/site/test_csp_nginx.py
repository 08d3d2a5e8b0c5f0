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


def test_compressed_and_the_search_index_cached_by_version(nginx_url):
    """gzip for pages, JSON, scripts and styles; the index's files are kept by the browser only under ?v=<version>
    (meta.json's hash of the index), meta.json and the pages are revalidated."""
    import json
    import urllib.request

    def get(path: str, gzip: bool = True):
        request = urllib.request.Request(nginx_url + path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        with urllib.request.urlopen(request) as response:
            return response.headers, response.read()

    page, _ = get("regulations/kaoqin/")
    assert page["Content-Encoding"] == "gzip" and page["Cache-Control"] == "no-cache"
    assert "default-src 'self'" in page["Content-Security-Policy"]  # the server's headers still reach every answer
    meta_headers, _ = get("zhidu-search/meta.json")
    assert meta_headers["Content-Encoding"] == "gzip" and meta_headers["Cache-Control"] == "no-cache"
    _, raw = get("zhidu-search/meta.json", gzip=False)
    version = json.loads(raw)["version"]
    assert len(version) == 16
    shard, _ = get(f"zhidu-search/v/0.json?v={version}")
    assert shard["Cache-Control"] == "public, max-age=31536000, immutable" and shard["Content-Encoding"] == "gzip"
    assert "default-src 'self'" in shard["Content-Security-Policy"]
    plain, _ = get("zhidu-search/v/0.json")
    assert plain["Cache-Control"] == "no-cache"
    whole, _ = get(f"zhidu-search/vocabulary.jsonl?v={version}")
    assert whole["Content-Type"].startswith("application/x-ndjson") and whole["Content-Encoding"] == "gzip"
