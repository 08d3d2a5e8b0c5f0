"""Raw HTML and script links in a regulation's text reach the page as text, never as live elements."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

HOSTILE = regulation(
    "东港市人民法院网页粘贴测试规定",
    """
    第一条 甲<script>alert("zd-script")</script>乙。

    第二条 <iframe src="https://example.invalid/"></iframe>丙。

    第三条 <img src=x onerror=alert("zd-img")>丁<a href="javascript:alert('zd-a')" onclick="alert('zd-click')">点此</a>。

    第四条 [附件](javascript:alert("zd-md"))和<svg onload=alert("zd-svg")>。

    | 项目 | 说明 |
    | --- | --- |
    | <script>alert("zd-table")</script> | [链接](JaVaScRiPt:alert("zd-table-link")) |
    """,
)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside script elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("hostile"), {"regulations/zhantie.md": HOSTILE})
    site.build()
    parser = Elements()
    parser.feed(site.html("regulations/zhantie/"))
    return parser


def test_no_live_element_or_handler_from_the_text(page):
    assert [tag for tag, _ in page.tags if tag == "iframe"] == []
    assert [attrs for tag, attrs in page.tags if tag == "img" and attrs.get("src") == "x"] == []
    assert not any("zd-" in script for script in page.scripts)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on") or "zd-" not in (value or ""), (tag, name, value)
            assert name not in ("onerror", "onload"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), (tag, name, value)


def test_the_pasted_markup_is_shown_as_text(page):
    text = "".join(page.text)
    assert '<script>alert("zd-script")</script>' in text
    assert '<iframe src="https://example.invalid/"></iframe>' in text
    assert "javascript:alert" in text
