"""The header's search box in real Chromium: answers are articles, a citation jumps, the words are marked whole on
the page an answer opens, old texts are labelled and come last, a secret file is never found, nothing leaves the host."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser import browser_page, serve
from playwright.sync_api import expect
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

LEAVE = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    ## 第一章 总则

    第一条 为了规范请休假管理，制定本规定。

    ## 第二章 请假审批

    第五条 工作人员请假一日以内的，由部门负责人审批；请假超过三日的，由分管院领导审批。

    第六条 请求调休的，由政治部统一安排。

    第六条之一 调休以半日为单位。

    第七条 公务用车的使用依照有关规定办理。
    """,
    aliases="[考勤管理规定]",
)
CARS_OLD = regulation(
    "东港市人民法院公务用车管理办法", "第一条 严禁公车私用，节假日公务用车一律封存停放。", status="已废止", effective="2016-05-01", repealed="2019-06-01",
)
CARS = regulation("东港市人民法院车辆使用管理规定", "第一条 节假日期间车辆停放在指定地点，严禁公车私用。\n\n第二条 派车由办公室负责。")
LAW = regulation(
    "中华人民共和国海事诉讼法", "第一条 为了规范海事诉讼，制定本法。\n\n第二条 申请扣押船舶的，海事法院应当在四十八小时内作出裁定。",
    category="诉讼与非诉讼程序法", kind="法律法规",
)
INTERPRETATION = regulation(
    "最高人民法院关于适用《中华人民共和国海事诉讼法》的解释",
    "第一条 申请扣押船舶的，海事法院审查扣押船舶申请，扣押船舶的裁定应当在四十八小时内作出。\n\n第二条 本解释自公布之日起施行。",
    category="司法解释", kind="法律法规", aliases="[海事诉讼法解释]",
)
CHAPTERS = regulation(
    "东港市人民法院立案工作规定",
    "## 第一章 总则\n\n第一条 人民法院对起诉应当依法审查。受案和审查的范围，依照本规定。\n\n"
    "## 第二章 受案范围\n\n第二条 人民法院受理下列起诉：（一）对行政拘留不服的；（二）对罚款不服的。",
)
ORDERS = regulation(
    "东港市人民法院保护令工作规定", "第一条 当事人可以向人民法院申请保护令。\n\n第二条 被申请人对保护令不服的，可以申请复议。",
)
SECRET = "---\ntitle: 东港市人民法院涉密测试规定QZ7\ncategory: 保密管理\nstatus: 现行有效\neffective: 2021-01-15\nsecrecy: 机密\n---\n第一条 绝密测试标记QZ7，请假审批另行规定。\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("websearch"), {
        "regulations/kaoqin.md": LEAVE, "regulations/cheliang.md": CARS, "regulations/old/gongche.md": CARS_OLD,
        "regulations/baomi/mimi-qz.md": SECRET, "regulations/falv/haishi.md": LAW, "regulations/falv/haishi-jieshi.md": INTERPRETATION,
        "regulations/lian.md": CHAPTERS, "regulations/baohuling.md": ORDERS,
    })
    site.build()
    with serve(site.root / "site") as url:
        yield url, site


def ask(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Chinese typed with keyboard.type never reaches the box; fill, then a key
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.locator(".md-search-result__item").all_inner_texts()


def assert_local(page, url: str) -> None:
    for address in page.requested:  # type: ignore[attr-defined]
        assert address.startswith(url), f"request to another host: {address}"


def test_a_question_opens_the_article_with_its_words_marked_whole(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        answers = ask(page, "请假 审批")
        assert answers[0].startswith("《东港市人民法院工作人员请休假考勤管理规定》第五条")
        assert "第二章 请假审批" in answers[0]
        snippet_marks = page.locator(".md-search-result__item >> nth=0").locator("mark").all_inner_texts()
        assert set(snippet_marks) == {"请假", "审批"}
        page.locator(".md-search-result__link >> nth=0").click()
        page.wait_for_url("**/regulations/kaoqin/?h=*#art-5")
        article = page.locator("#art-5")
        expect(article).to_be_in_viewport()
        marks = article.locator("mark.zd-hit").all_inner_texts()
        assert marks and set(marks) == {"请假", "审批"}, marks  # whole words, never a lone 请 of 请求 or 请休假
        assert page.locator("#art-6 mark.zd-hit").count() == 0
        assert_local(page, url)


def test_a_citation_jumps_to_the_article(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url + "regulations/cheliang/", wait_until="networkidle")
        for query, article in (("考勤管理规定第六条之一", "第六条之一"), ("考勤管理规定第七条", "第七条"), ("考勤管理规定第六条", "第六条"), ("《考勤管理规定》第6条", "第六条")):
            box = page.locator("input.md-search__input")
            box.fill(query)
            box.press("End")
            first = page.locator(".md-search-result__item").first
            expect(first).to_contain_text(f"《东港市人民法院工作人员请休假考勤管理规定》{article}")
            assert first.inner_text().startswith(f"《东港市人民法院工作人员请休假考勤管理规定》{article}\n"), (query, first.inner_text())
        page.locator("input.md-search__input").press("Enter")
        page.wait_for_url("**/regulations/kaoqin/**#art-6")
        expect(page.locator("#art-6")).to_be_in_viewport()
        assert_local(page, url)


def test_a_repealed_text_comes_last_and_says_so(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        answers = ask(page, "公车私用")
        assert answers[0].startswith("《东港市人民法院车辆使用管理规定》第一条")
        assert "已废止" not in answers[0]
        assert answers[-1].startswith("《东港市人民法院公务用车管理办法》第一条")
        assert "已废止" in answers[-1]


def test_keyboard_slash_arrows_enter(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        expect(box).to_be_focused()
        ask(page, "审批")
        items = page.locator(".md-search-result__item")
        expect(items.nth(0)).to_have_class("md-search-result__item zd-search-selected")
        box.press("ArrowDown")
        expect(items.nth(1)).to_have_class("md-search-result__item zd-search-selected")
        target = items.nth(1).locator("a").get_attribute("href")
        box.press("Enter")
        page.wait_for_url(target)


def test_a_phone_sized_screen_shows_the_answers(site_url):
    url, _ = site_url
    with browser_page(viewport={"width": 375, "height": 740}) as page:
        page.goto(url + "regulations/kaoqin/", wait_until="networkidle")
        page.click("label.md-header__button[for=__search]")
        answers = ask(page, "派车")
        assert answers[0].startswith("《东港市人民法院车辆使用管理规定》第二条")
        link = page.locator(".md-search-result__link >> nth=0")
        expect(link).to_be_in_viewport()
        # Measured once Material's slide-in has settled: read while it moves, the link stood at x 0.14 in one CI
        # run and x 2.25 in another. Then within the screen, give or take sub-pixel rounding.
        box = link.bounding_box()
        for _ in range(40):
            page.wait_for_timeout(50)
            settled = link.bounding_box()
            if settled == box:
                break
            box = settled
        assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= 375 + 1, box
        assert_local(page, url)


def test_nothing_of_a_secret_file_is_found_or_shipped(site_url):
    url, site = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        found = page.evaluate("q => window.zhiduSearch.answer(q).then(a => a.map(x => x.id + ' ' + x.title + ' ' + x.snippet))", "QZ7 绝密测试标记")
        assert found == []
        answers = page.evaluate("q => window.zhiduSearch.answer(q).then(a => a.map(x => x.id))", "请假 审批")
        assert answers and "mimi-qz" not in answers
        assert_local(page, url)
    folder = site.root / "site" / "zhidu-search"
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in ("QZ7", "mimi-qz", "涉密测试"):
                assert marker.encode() not in data, (path, marker)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert sorted({v[0] for v in meta["versions"]}) == ["baohuling", "cheliang", "gongche", "haishi", "haishi-jieshi", "kaoqin", "lian"]


def test_the_search_box_works_under_a_strict_content_security_policy(site_url):
    _, site = site_url
    policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
    with serve(site.root / "site", headers={"Content-Security-Policy": policy}) as url, browser_page() as page:
        blocked: list[str] = []
        page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(url + "regulations/cheliang/", wait_until="networkidle")
        answers = ask(page, "请假 审批")
        assert answers[0].startswith("《东港市人民法院工作人员请休假考勤管理规定》第五条")
        # Material's own base template has inline scripts (its palette and scope helpers); ours has none.
        assert not any("websearch" in line for line in blocked), blocked


def test_the_search_box_and_the_cli_give_the_same_answers(site_url):
    from searchkit import hits

    url, site = site_url
    # Then: the authority prior (a law before the interpretation that repeats it), an implicit short name, a chapter
    # heading, the earliest article that holds every query word (申请 保护令: 第一条, not 第二条 that refers back).
    queries = ["请假 审批", "公车私用", "派车", "考勤管理规定第六条", "调休", "节假日 停放",
               "扣押船舶 四十八小时", "海事诉讼法解释 扣押船舶", "海诉法 扣押船舶", "海诉法第二条", "受案范围", "申请 保护令",
               # Issue 18: questions in everyday words (question words, forms, the bridge) and an abbreviation of a name.
               "请假要谁批准", "请假超过三天谁批", "节假日能不能用公车", "海事法第二条"]
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        for query in queries:
            box = page.evaluate("q => window.zhiduSearch.answer(q).then(a => a.map(x => [x.id, x.article]))", query)
            cli = [[h["id"], h["article"]] for h in hits(site, query)]
            assert box[: len(cli)] == cli, query  # the CLI leaves repealed texts out; the box lists them after
        assert page.evaluate("q => window.zhiduSearch.answer(q).then(a => a[0].id)", "扣押船舶 四十八小时") == "haishi"
        assert page.evaluate("q => window.zhiduSearch.answer(q).then(a => a[0].article)", "受案范围") == "第二条"
        assert page.evaluate("q => window.zhiduSearch.answer(q).then(a => a[0].article)", "申请 保护令") == "第一条"


def rewrite_index(project: Path, site_dir: Path) -> None:
    """Write the search box's index of ``project`` again, in-process, into ``site_dir``."""
    from zhidu.build.feature import BuildState
    from zhidu.build.features.websearch import write_site_index
    from zhidu.corpus.config import build_date, read_site_config
    from zhidu.corpus.load import load_corpus
    from zhidu.corpus.parsecache import ParseCache

    config = read_site_config(project)
    corpus = load_corpus(config.root, config.institution, build_date(), ParseCache(config.cache_dir), config.cache_dir)
    write_site_index(BuildState(config, corpus.today, corpus), site_dir)


ANSWERS = "q => window.zhiduSearch.answer(q).then(a => a.map(x => [x.id, x.article, x.snippet, x.url]))"


def test_inline_postings_postings_files_and_the_whole_vocabulary_give_the_same_answers(site_url, tmp_path, monkeypatch):
    """The same answers whether a word's postings sit in its vocabulary entry (rare words) or in a postings file,
    whether the vocabulary comes shard by shard or whole (vocabulary.jsonl, fetched after the first answer), and
    however the documents are cut into shards."""
    from search import web

    url, site = site_url
    queries = ["请假 审批", "公车私用", "派车", "考勤管理规定第六条", "调休", "节假日 停放", "请求调休 审批"]
    inline = site.root / "site" / "zhidu-search"
    assert any(isinstance(e[2], str) for path in (inline / "v").glob("*.json") for e in json.loads(path.read_text(encoding="utf-8")).values())
    files_site = tmp_path / "site"
    shutil.copytree(site.root / "site", files_site)
    monkeypatch.setattr(web, "INLINE_POSTINGS_BYTES", 0)
    monkeypatch.setattr(web, "DOC_SHARD", 1)  # and every document in a shard of its own
    rewrite_index(site.root, files_site)
    in_files = files_site / "zhidu-search"
    assert list((in_files / "p").iterdir())
    assert len(list((in_files / "d").iterdir())) == json.loads((in_files / "meta.json").read_text(encoding="utf-8"))["docs"] > 1
    assert not any(isinstance(e[2], str) for path in (in_files / "v").glob("*.json") for e in json.loads(path.read_text(encoding="utf-8")).values())

    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        by_shard = [page.evaluate(ANSWERS, q) for q in queries]
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        assert page.evaluate("() => window.zhiduSearch.index.allWords()") is True
        whole = [page.evaluate(ANSWERS, q) for q in queries]
        assert not any("/v/" in address for address in page.requested)  # type: ignore[attr-defined]
    with serve(files_site) as other, browser_page() as page:
        page.goto(other, wait_until="networkidle")
        from_files = [[[*a[:3], a[3].replace(other, url)] for a in page.evaluate(ANSWERS, q)] for q in queries]
        assert any("/p/" in address for address in page.requested)  # type: ignore[attr-defined]
    assert all(by_shard)
    assert whole == by_shard
    assert from_files == by_shard


def test_typing_fetches_the_whole_vocabulary_after_the_first_answer(site_url):
    url, _ = site_url
    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        ask(page, "请假")
        page.wait_for_function("() => window.zhiduSearch.index.vocabLines !== undefined")
        version = page.evaluate("() => window.zhiduSearch.index.meta.version")
        assert any(address.endswith(f"/zhidu-search/vocabulary.jsonl?v={version}") for address in page.requested)  # type: ignore[attr-defined]
        before = len(page.requested)  # type: ignore[attr-defined]
        box = page.locator("input.md-search__input")
        box.fill("公车私用")
        box.press("End")
        expect(page.locator(".md-search-result__item").first).to_contain_text("《东港市人民法院车辆使用管理规定》第一条")
        assert not any("/v/" in address for address in page.requested[before:])  # type: ignore[attr-defined]
        assert_local(page, url)


def test_a_word_that_matched_nothing_is_named_in_the_result_header(site_url):
    url, site = site_url
    from searchkit import search

    with browser_page() as page:
        page.goto(url, wait_until="networkidle")
        ask(page, "量子 请假")
        header = page.locator(".md-search-result__meta").inner_text()
        assert header.startswith("找到") and header.endswith("量子 没有找到"), header
        ask(page, "请假 审批")
        assert "没有找到" not in page.locator(".md-search-result__meta").inner_text()
    assert search(site, "query", "量子 请假").stdout.startswith("量子 没有找到")  # the CLI says the same
