"""The header's search box in Debian's Firefox ESR (issue 9: "works in Chromium and Firefox ESR"): on the same small
site as test_websearch.py, its engine gives exactly the answers it gives in Chromium, and the real box, typed into
with real key presses, lists the article and opens it."""

from __future__ import annotations

import json

import pytest
from browser import browser_page
from firefox import firefox_page
from test_websearch import site_url  # noqa: F401 - the same site, built once for this module

pytestmark = pytest.mark.slow

# A plain question, citation jumps (a Chinese and an Arabic article number, an alias in 《》), a repealed hit (listed
# last and labelled), a law before its interpretation, an implicit short name, a chapter heading, and the secret
# file's own marker, which must find nothing in either browser.
QUERIES = ["请假 审批", "考勤管理规定第六条", "《考勤管理规定》第6条", "考勤管理规定第六条之一", "公车私用", "派车",
           "扣押船舶 四十八小时", "海诉法第二条", "受案范围", "申请 保护令", "调休", "QZ7 绝密测试标记"]
# Everything an answer shows or opens; not the score, a float whose last digits may differ between JavaScript engines.
FIELDS = ["id", "title", "status", "article", "anchor", "chapter", "url", "snippet", "cited"]
ANSWER = "window.zhiduSearch.answer({query}).then(a => JSON.stringify(a.map(x => {fields}.map(f => x[f]))))"


def expression(query: str) -> str:
    return ANSWER.format(query=json.dumps(query, ensure_ascii=False), fields=json.dumps(FIELDS))


def test_firefox_esr_gives_the_same_answers_as_chromium(site_url):  # noqa: F811
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        chromium = {query: json.loads(page.evaluate(expression(query))) for query in QUERIES}
    with firefox_page() as firefox:
        firefox.goto(url)
        assert "Firefox/" in firefox.evaluate("navigator.userAgent")
        firefox.wait_for("window.zhiduSearch !== undefined")
        in_firefox = {query: json.loads(firefox.evaluate(expression(query))) for query in QUERIES}
    for query in QUERIES:
        assert in_firefox[query] == chromium[query], query
    assert chromium["QZ7 绝密测试标记"] == []
    assert all(chromium[query] for query in QUERIES if query != "QZ7 绝密测试标记")
    first = {query: answers[0] for query, answers in chromium.items() if answers}
    assert first["请假 审批"][:4] == ["kaoqin", "东港市人民法院工作人员请休假考勤管理规定", "现行有效", "第五条"]
    assert [first[q][3] for q in ("考勤管理规定第六条", "《考勤管理规定》第6条", "考勤管理规定第六条之一")] == ["第六条", "第六条", "第六条之一"]
    assert first["考勤管理规定第六条"][8] is True  # a citation jump, not a ranked hit
    repealed = chromium["公车私用"]
    assert repealed[0][0] == "cheliang" and repealed[-1][:3] == ["gongche", "东港市人民法院公务用车管理办法", "已废止"]
    assert not any("mimi-qz" in answer[0] for answers in chromium.values() for answer in answers)


def test_typing_into_the_box_in_firefox_esr_lists_and_opens_the_article(site_url):  # noqa: F811
    url, _ = site_url
    with firefox_page() as firefox:
        firefox.goto(url + "regulations/kaoqin/")
        firefox.wait_for("window.zhiduSearch !== undefined")
        firefox.press("/")  # the page's shortcut focuses the box
        assert firefox.wait_for("document.activeElement && document.activeElement.matches('input.md-search__input')")
        firefox.press(*"派车")
        first = firefox.wait_for(
            "(i => i && [i.innerText, i.querySelector('a.md-search-result__link').href])"
            "(document.querySelector('.md-search-result__item'))", timeout=10
        )
        assert firefox.evaluate("document.querySelector('input.md-search__input').value") == "派车"
        text, href = first
        assert text.startswith("《东港市人民法院车辆使用管理规定》第二条"), text
        assert href.startswith(url + "regulations/cheliang/") and href.endswith("#art-2"), href
        firefox.press("\ue007")  # Enter opens the selected (first) answer
        assert firefox.wait_for("location.href.endsWith('#art-2') && location.pathname.endsWith('/regulations/cheliang/')", timeout=10)
        firefox.wait_for("document.readyState === 'complete' && document.getElementById('art-2') !== null")
        marks = firefox.wait_for("Array.from(document.querySelectorAll('#art-2 mark.zd-hit'), m => m.textContent)", timeout=10)
        assert set(marks) == {"派车"}, marks
