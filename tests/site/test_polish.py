"""The small things a reader trips on (issue 22), each checked on a real build: law wording, the 404 page under a
sub-path, and in Chromium the copy button that takes no line, 浏览 above the fold and the search box's ARIA state."""

from __future__ import annotations

import re
import shutil

import pytest
from browser import browser_page, serve
from sitekit import make_site, regulation
from test_site import PUBLISHED

LAWS = {
    "regulations/laws/gongwuyuanfa.md": regulation(
        "中华人民共和国公务员法", "第一条 为了规范公务员的管理，制定本法。\n\n第二条 本法所称公务员，是指依法履行公职的工作人员。",
        category="宪法相关法", kind="法律法规", issuer="全国人民代表大会常务委员会", adopted="2018-12-29", effective="2019-06-01",
    ),
    "regulations/laws/nianxiujia.md": regulation(
        "职工带薪年休假条例", "第一条 为了维护职工休息休假权利，制定本条例。", category="行政法规", kind="法律法规",
        issuer="国务院", adopted="2007-12-14", effective="2008-01-01",
    ),
}
# Enough laws in several categories that a flat list would push 浏览 below the fold.
for n in range(12):
    LAWS[f"regulations/laws/fa{n}.md"] = regulation(
        f"中华人民共和国测试{'甲乙丙丁戊己庚辛壬癸子丑'[n]}法", "第一条 本法条文。", category=("民法商法", "经济法", "社会法")[n % 3], kind="法律法规",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("polish"), {**PUBLISHED, **LAWS})
    site.build()
    return site


def test_a_law_page_says_adopted_or_promulgated_not_issued(built):
    law = built.html("regulations/gongwuyuanfa/")
    assert "<dt>通过日期</dt>" in law and "印发日期" not in law
    regulation_by_state_council = built.html("regulations/nianxiujia/")
    assert "<dt>公布日期</dt>" in regulation_by_state_council and "印发日期" not in regulation_by_state_council


def test_a_law_s_history_page_says_this_law_not_this_rule(built):
    history = built.html("regulations/gongwuyuanfa/history/")
    assert "本法目前只有一个版本" in history and "本制度" not in history
    assert "本条例目前只有一个版本" in built.html("regulations/nianxiujia/history/")
    assert "本制度目前只有一个版本" in built.html("regulations/kaoqin/history/")  # the institution's own rule


def test_the_404_page_has_only_relative_links(built):
    page = built.html("404.html")
    assert not re.search(r'(href|src)="/', page), re.findall(r'(?:href|src)="/[^"]*"', page)[:5]
    assert '"base": "."' in page


@pytest.mark.slow
def test_the_404_page_is_styled_under_a_sub_path(built, tmp_path):
    shutil.copytree(built.root / "site", tmp_path / "zhidu")
    with serve(tmp_path) as url, browser_page() as page:
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not r.url.endswith("404.html") else None)
        page.goto(url + "zhidu/404.html", wait_until="networkidle")
        assert failed == []
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        home = page.get_attribute("article a", "href")
        page.click("article a")
        page.wait_for_load_state("networkidle")
        assert page.url == url + "zhidu/", home


@pytest.fixture(scope="module")
def site_url(built):
    with serve(built.root / "site") as url:
        yield url


@pytest.mark.slow
def test_the_hidden_copy_button_takes_no_line(site_url):
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(site_url + "regulations/kaoqin/", wait_until="networkidle")
        # Fill the first article's paragraph until its last line is exactly full (one more character would open a
        # new line), then let the (invisible) button be laid out: the paragraph must not grow.
        result = page.evaluate("""() => {
            const p = document.querySelector('.zd-art > p:first-child');
            const button = p.querySelector('.zd-copy');
            const text = document.createTextNode('');
            p.insertBefore(text, button);
            button.style.display = 'none';
            let height = p.getBoundingClientRect().height;
            for (let n = 0; n < 200; n++) {
                text.data += '字';
                const next = p.getBoundingClientRect().height;
                if (n > 0 && next > height + 1) { text.data = text.data.slice(0, -1); break; }
                height = next;
            }
            const full = p.getBoundingClientRect().height;
            button.style.display = '';
            return [full, p.getBoundingClientRect().height];
        }""")
        assert abs(result[0] - result[1]) < 0.5, result


@pytest.mark.slow
def test_browse_is_above_the_fold_with_laws_collapsed_by_category(site_url):
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(site_url + "categories/行政管理/", wait_until="networkidle")
        browse = page.locator(".md-sidebar--primary .md-nav__link", has_text="按状态浏览").first
        box = browse.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, box
        assert not page.locator(".md-sidebar--primary a", has_text="中华人民共和国测试甲法").first.is_visible()  # collapsed


@pytest.mark.slow
def test_the_search_input_tells_its_listbox_state(site_url):
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(site_url, wait_until="networkidle")
        search = page.locator(".md-search__input")
        search.click()
        assert search.get_attribute("aria-expanded") == "false"
        assert search.get_attribute("aria-controls") == page.locator("[role=listbox]").get_attribute("id")
        search.fill("请假")
        page.wait_for_function("() => document.querySelector('.md-search__input').getAttribute('aria-expanded') === 'true'")
        first = search.get_attribute("aria-activedescendant")
        assert first and page.locator(f"#{first}").get_attribute("role") == "option"
        search.press("ArrowDown")
        second = search.get_attribute("aria-activedescendant")
        assert second != first and page.locator(f"#{second}").get_attribute("aria-selected") == "true"
        search.fill("")
        page.wait_for_function("() => document.querySelector('.md-search__input').getAttribute('aria-expanded') === 'false'")
