"""Every list of Chinese titles on the built site is in pinyin order (issue 22): category, department and status
pages, the /laws/ shelf, the sidebar, the home page and the 被引用 lists. The test reads the HTML MkDocs wrote, so a
list sorted anywhere else (a template, a plugin) is caught too."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from sitekit import make_site, regulation

from zhidu.domain.collation import pinyin_key

# Code-point order and pinyin order disagree for every pair here: 三 U+4E09 < 会 < 党 < 内 < 办 < 四,
# but in pinyin ban < dang < hui < nei < san < si.
OWN = {
    "sanzhong": ("东港市人民法院三重一大决策实施办法", "三重一大决策实施办法", "办公室"),
    "huifeng": ("东港市人民法院会风会纪规定", "会风会纪规定", "办公室"),
    "dangyuan": ("东港市人民法院党员教育管理办法", "党员教育管理办法", "政治部"),
    "neikong": ("东港市人民法院内部控制手册", "内部控制手册", "办公室"),
    "bangong": ("东港市人民法院办公用品管理办法", "办公用品管理办法", "办公室"),
    "silei": ("东港市人民法院四类案件监督管理办法", "四类案件监督管理办法", "审管办"),
}
LAWS = {
    "renmin": ("中华人民共和国人民法院组织法", "宪法相关法"),
    "gongwuyuan": ("中华人民共和国公务员法", "宪法相关法"),
    "faguan": ("中华人民共和国法官法", "宪法相关法"),
    "kuaiji": ("中华人民共和国会计法", "经济法"),
    "caigou": ("中华人民共和国政府采购法", "经济法"),
}


def _files() -> dict[str, str]:
    files = {}
    for n, (reg_id, (title, short, department)) in enumerate(OWN.items()):
        category = "行政管理" if n % 2 == 0 else "党务工作"
        cites = "《中华人民共和国公务员法》、《中华人民共和国法官法》和《东港市人民法院会风会纪规定》" if reg_id != "huifeng" else "《中华人民共和国公务员法》"
        files[f"regulations/own/{reg_id}.md"] = regulation(
            title, f"第一条 为规范管理，根据{cites}，制定本规定。\n\n第二条 本规定自发布之日起施行。",
            short_title=short, category=category, department=department,
        )
    files["regulations/own/jiuban.md"] = regulation(
        "东港市人民法院旧版考勤办法", "第一条 旧规定。", short_title="旧版考勤办法", status="已废止", repealed="2022-01-01",
        department="政治部",
    )
    for reg_id, (title, category) in LAWS.items():
        files[f"regulations/laws/{reg_id}.md"] = regulation(title, "第一条 法律条文。", category=category, kind="法律法规")
    return files


class _Lists(HTMLParser):
    """Each list or table body (and the items in it): the text of the first link of each item that points at a
    regulation or browse page, with the list's CSS classes so the date-ordered lists can be told apart."""

    ITEM = {"ul": "li", "ol": "li", "tbody": "tr"}

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.stack: list[dict] = []
        self.done: list[dict] = []
        self.link: list | None = None
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.append(attrs.get("class") or "")
        if tag in self.ITEM:
            self.stack.append({"item": self.ITEM[tag], "items": [], "open": False, "context": " ".join(self.classes)})
        elif self.stack and tag == self.stack[-1]["item"]:
            self.stack[-1]["items"].append(None)
            self.stack[-1]["open"] = True
        elif tag == "a" and self.stack and self.stack[-1]["open"] and self.stack[-1]["items"][-1] is None:
            href = urljoin(self.url, attrs.get("href") or "")
            if re.fullmatch(r"/(regulations|categories|departments)/[^/#]+/(#[^/]*)?", href):
                self.link = []

    def handle_endtag(self, tag):
        if self.classes:
            self.classes.pop()
        if tag == "a" and self.link is not None:
            self.stack[-1]["items"][-1] = "".join(self.link).strip()
            self.link = None
        elif tag in self.ITEM and self.stack:
            self.done.append(self.stack.pop())

    def handle_data(self, data):
        if self.link is not None:
            self.link.append(data)


def lists_of(html: str, url: str) -> list[tuple[str, list[str]]]:
    """The lists of the page at ``url`` (its path on the site: links are resolved against it)."""
    parser = _Lists(url)
    parser.feed(html)
    return [(found["context"], [t for t in found["items"] if t]) for found in parser.done]


def title_of(text: str) -> str:
    """The title a list entry sorts by: 《会风会纪规定》第二条 → 会风会纪规定."""
    match = re.match(r"《([^》]+)》", text)
    return match.group(1) if match else text


REPEALED = {"东港市人民法院旧版考勤办法", "旧版考勤办法"}
LAW_TITLES = {title for title, _ in LAWS.values()}


def out_of_order(entries: list[str]) -> list[str]:
    """Pairs in the wrong order, within each group a list keeps apart (own rules before laws, repealed last)."""
    bad = []
    titles = [title_of(e) for e in entries]
    for a, b in zip(titles, titles[1:]):
        group_a = (a in REPEALED, a in LAW_TITLES)
        group_b = (b in REPEALED, b in LAW_TITLES)
        if group_a == group_b and pinyin_key(a) > pinyin_key(b):
            bad.append(f"{a} > {b}")
    return bad


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("pinyin"), _files())
    site.build()
    return site


def test_every_list_of_titles_on_the_built_site_is_in_pinyin_order(built):
    checked = 0
    problems = []
    for page in sorted((built.root / "site").rglob("*.html")):
        url = "/" + page.relative_to(built.root / "site").as_posix().removesuffix("index.html")
        for context, entries in lists_of(page.read_text(encoding="utf-8"), url):
            if "zd-latest" in context or len(entries) < 2:  # 最新施行 is by date, on purpose
                continue
            checked += 1
            bad = out_of_order(entries)
            if bad:
                problems.append(f"{page.relative_to(built.root / 'site')}: {bad}")
    assert not problems, "\n".join(problems[:20])
    assert checked > 30  # the walk saw the browse tables, the sidebars and the cited-by lists


def test_the_walk_sees_each_kind_of_list(built):
    def entries(url: str) -> list[list[str]]:
        return [e for _, e in lists_of(built.html(url), "/" + url) if len(e) >= 2]

    category = entries("categories/行政管理/")
    assert ["东港市人民法院办公用品管理办法", "东港市人民法院党员教育管理办法", "东港市人民法院三重一大决策实施办法", "东港市人民法院旧版考勤办法"] in category
    assert ["办公用品管理办法", "党员教育管理办法", "三重一大决策实施办法", "旧版考勤办法"] in category  # the sidebar
    shelf = entries("laws/")
    assert ["中华人民共和国法官法", "中华人民共和国公务员法", "中华人民共和国人民法院组织法"] in shelf
    cited = [e for e in entries("regulations/gongwuyuan/") if all(x.startswith("《") for x in e)]
    assert cited and [title_of(x) for x in cited[0]][:3] == ["办公用品管理办法", "党员教育管理办法", "会风会纪规定"]


def test_the_checker_fails_on_code_point_order():
    assert out_of_order(["三重一大决策实施办法", "会风会纪规定", "党员教育管理办法"])
