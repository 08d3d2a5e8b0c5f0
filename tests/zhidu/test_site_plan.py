"""The site plan and page Markdown, in memory (no MkDocs, no git): fast checks beside the real builds in tests/site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitekit import regulation

from zhidu.corpus.collection import build_collection, parse_sources
from zhidu.domain.status import Status, displayed_status
from zhidu.render.pages import PageContext, regulation_page
from zhidu.render.plan import plan_site

TODAY = dt.date(2026, 11, 25)
TEXTS = {
    "regulations/a/kaoqin.md": regulation(
        "东港市人民法院请休假考勤管理规定",
        "## 第一章 总则\n\n第一条 为了规范请休假，制定本规定。\n\n第二条 请假依照本规定第一条办理。\n\n第三条 本规定第三条不链接自己。",
        aliases="[考勤管理规定]", department="政治部", tags="[考勤]",
    ),
    "regulations/b/jixiao.md": regulation(
        "东港市人民法院绩效考核办法", "第一条 考勤依照《考勤管理规定》第二条认定。", category="队伍建设", status="试行",
    ),
    "regulations/b/old.md": regulation(
        "东港市人民法院旧办法", "第一条 旧。", status="已废止", effective="2016-05-01", repealed="2019-06-01", replaced_by="jixiao",
    ),
    "regulations/b/soon.md": regulation("东港市人民法院将废办法", "第一条 将废。", status="已废止", repealed="2027-03-01"),
}


def plan():
    regulations, problems, secret = parse_sources(TEXTS, "东港市人民法院")
    collection = build_collection(Path("."), regulations, problems, secret)
    contexts = {
        reg_id: PageContext.for_regulation(reg_id, displayed_status(r.meta.status, r.meta.effective, TODAY, None, r.meta.repealed))
        for reg_id, r in collection.regulations.items()
    }
    return collection, contexts, plan_site(collection, contexts)


def test_every_regulation_and_browse_page_is_planned():
    _, contexts, site = plan()
    assert {f"regulations/{r}/index.md" for r in ("kaoqin", "jixiao", "old", "soon")} <= set(site.pages)
    assert {"categories/index.md", "departments/index.md", "status/index.md", "categories/行政管理/index.md", "status/已废止/index.md"} <= set(site.pages)
    assert contexts["soon"].display_status is Status.IN_FORCE  # repealed only from 2027-03-01 (SPEC §5)
    assert "状态为“已废止”的制度共 1 项" in site.pages["status/已废止/index.md"]
    assert "本库收录制度 **4** 项，其中现行有效 **2** 项、试行 **1** 项、已废止 **1** 项" in site.home


def test_citations_link_to_articles_and_an_article_never_links_itself():
    _, _, site = plan()
    kaoqin = site.pages["regulations/kaoqin/index.md"]
    assert '<div class="zd-art" id="art-1">' in kaoqin
    assert '<a class="zd-cite" href="#art-1">本规定第一条</a>' in kaoqin
    assert "本规定第三条不链接自己" in kaoqin and ">本规定第三条<" not in kaoqin
    jixiao = site.pages["regulations/jixiao/index.md"]
    assert '<a class="zd-cite" href="../kaoqin/#art-2">《考勤管理规定》第二条</a>' in jixiao


def test_cited_by_names_the_citing_article_and_the_cited_one():
    _, _, site = plan()
    kaoqin = site.pages["regulations/kaoqin/index.md"]
    assert '<li><a href="../jixiao/#art-1">《绩效考核办法》第一条</a>，引用本制度<a href="#art-2">第二条</a></li>' in kaoqin


def test_banners_follow_the_status_a_reader_sees():
    collection, contexts, site = plan()
    old = site.pages["regulations/old/index.md"]
    assert "本制度已于2019年6月1日废止" in old and "[《绩效考核办法》](../jixiao/index.md)" in old
    soon = site.pages["regulations/soon/index.md"]
    assert "本制度将于2027年3月1日废止，在此之前仍然有效。" in soon and "仅供查阅，不再执行" not in soon
    page = regulation_page(collection, collection.regulations["jixiao"], contexts["jixiao"])
    assert "status: shixing" in page and '!!! warning "试行"' in page


def test_categories_are_listed_in_pinyin_order():
    texts = {
        f"regulations/{slug}.md": regulation(f"东港市人民法院{slug}规定", "第一条 甲。", category=category)
        for slug, category in (("a", "行政管理"), ("b", "党的建设"), ("c", "审判管理"), ("d", "队伍建设"))
    }
    regulations, problems, secret = parse_sources(texts, "东港市人民法院")
    collection = build_collection(Path("."), regulations, problems, secret)
    contexts = {reg_id: PageContext.for_regulation(reg_id, Status.IN_FORCE) for reg_id in collection.regulations}
    site = plan_site(collection, contexts)
    order = [site.home.index(f"**{name}**") for name in ("党的建设", "队伍建设", "审判管理", "行政管理")]
    assert order == sorted(order)  # dang, dui, shen, xing — not code point order (党 < 审 < 行 < 队)
    overview = site.pages["categories/index.md"]
    positions = [overview.index(f"[{name}]") for name in ("党的建设", "队伍建设", "审判管理", "行政管理")]
    assert positions == sorted(positions)
