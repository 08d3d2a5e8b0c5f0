"""The shelf of laws (kind: 法律法规), in memory: citations, names, the site plan, the handbook, 上位法已修订."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitekit import regulation

from zhidu.corpus.collection import build_collection, parse_sources
from zhidu.corpus.history import Version
from zhidu.corpus.load import RegulationHistory, VersionInfo
from zhidu.corpus.superior import superior_revisions
from zhidu.domain.status import Status, displayed_status
from zhidu.printing.jobs import PrintInput, handbook_regulations
from zhidu.render.pages import PageContext
from zhidu.render.plan import SHELF_PATH, plan_site

TODAY = dt.date(2026, 11, 25)
LAW = regulation(
    "中华人民共和国公务员法",
    "## 第一章 总则\n\n第一条 为了规范公务员的管理，制定本法。\n\n第三十八条 公务员应当按规定休假。\n\n第三十九条 公务员应当遵守纪律；人民警察另依照《中华人民共和国人民警察法》。",
    category="法律", kind="法律法规", effective="2019-06-01",
)
CITING = regulation(
    "东港市人民法院请休假考勤管理规定",
    "第一条 根据《中华人民共和国公务员法》第三十八条制定本规定。\n\n"
    "第二条 年休假依照《公务员法》第38条执行。\n\n"
    "第三条 违反纪律的，依照公务员法第三十九条处理。\n\n"
    "第四条 本规定第1条所称休假含年休假。",
    effective="2018-03-01",
)
TEXTS = {
    "regulations/falv-fagui/gongwuyuanfa.md": LAW,
    "regulations/xingzheng/kaoqin.md": CITING,
    "regulations/xingzheng/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 考核。", category="队伍建设", effective="2020-01-01"),
}


def collection_of(texts: dict[str, str]):
    regulations, problems, secret = parse_sources(texts, "东港市人民法院")
    collection = build_collection(Path("."), regulations, problems, secret)
    assert not collection.errors, [p.format() for p in collection.errors]
    return collection


def plan(texts: dict[str, str] = TEXTS):
    collection = collection_of(texts)
    contexts = {
        reg_id: PageContext.for_regulation(reg_id, displayed_status(r.meta.status, r.meta.effective, TODAY, None, r.meta.repealed))
        for reg_id, r in collection.regulations.items()
    }
    return collection, plan_site(collection, contexts)


def test_a_law_is_cited_by_full_title_short_title_name_without_brackets_and_arabic_numbers():
    _, site = plan()
    page = site.pages["regulations/kaoqin/index.md"]
    assert '<a class="zd-cite" href="../gongwuyuanfa/#art-38">《中华人民共和国公务员法》第三十八条</a>' in page
    assert '<a class="zd-cite" href="../gongwuyuanfa/#art-38">《公务员法》第38条</a>' in page
    assert '依照公务员法<a class="zd-cite" href="../gongwuyuanfa/#art-39">第三十九条</a>' in page
    assert '<a class="zd-cite" href="#art-1">本规定第1条</a>' in page  # Arabic numbers work for every kind, the own text included


def test_a_law_has_no_issuer_by_default_and_its_unresolved_citations_are_apart():
    collection = collection_of(TEXTS)
    law = collection.regulations["gongwuyuanfa"]
    assert law.is_law and law.meta.issuer == "" and law.meta.short_title == "中华人民共和国公务员法"
    assert not collection.regulations["kaoqin"].is_law
    assert dict(collection.unresolved) == {}  # what the build reports: the institution's own texts only
    assert dict(collection.unresolved_in_laws) == {"中华人民共和国人民警察法": ["gongwuyuanfa"]}


def test_the_implicit_short_name_never_takes_an_explicit_name_of_another_regulation():
    texts = {**TEXTS, "regulations/xingzheng/gwy.md": regulation("东港市人民法院公务员管理办法", "第一条 甲。", aliases="[公务员法]")}
    collection = collection_of(texts)
    assert collection.names["公务员法"] == "gwy"
    assert collection.names["中华人民共和国公务员法"] == "gongwuyuanfa"


def test_the_shelf_is_its_own_nav_section_and_page():
    _, site = plan()
    # Grouped by category, each group's page first (the collapsed section's index), so 浏览 stays above the fold.
    assert {"法律法规": [SHELF_PATH, {"法律": ["laws/法律/index.md", "regulations/gongwuyuanfa/index.md"]}]} in site.nav
    assert "中华人民共和国公务员法" in site.pages["laws/法律/index.md"]
    regulations_section = next(item["制度"] for item in site.nav if "制度" in item)
    listed = str(regulations_section)
    assert "kaoqin" in listed and "gongwuyuanfa" not in listed and "法律" not in listed
    shelf = site.pages[SHELF_PATH]
    assert "## 法律" in shelf and '<a href="../regulations/gongwuyuanfa/">中华人民共和国公务员法</a>' in shelf


def test_laws_stay_out_of_the_institutions_counts_categories_and_status_pages():
    _, site = plan()
    assert "本库收录制度 **2** 项，其中现行有效 **2** 项" in site.home
    assert "categories/法律/index.md" not in site.pages
    assert "法律" not in site.pages["categories/index.md"]
    assert "公务员法" not in site.pages["status/现行有效/index.md"] and "共 2 项" in site.pages["status/现行有效/index.md"]
    assert "公务员法" not in site.pages["departments/未注明部门/index.md"]
    assert "另收录本院制度所引用的法律、行政法规和上级法院文件 **1** 件（法律 1 件）" in site.home
    assert "公务员法" not in site.home.split("## 最新施行")[1]


def test_without_laws_the_site_has_no_shelf():
    texts = {k: v for k, v in TEXTS.items() if "falv" not in k}
    texts["regulations/xingzheng/kaoqin.md"] = regulation("东港市人民法院请休假考勤管理规定", "第一条 请假。")
    _, site = plan(texts)
    assert SHELF_PATH not in site.pages and "法律法规" not in str(site.nav) and "法律法规" not in site.home


def test_a_law_page_lists_the_citing_articles_of_the_institutions_rules():
    _, site = plan()
    page = site.pages["regulations/gongwuyuanfa/index.md"]
    assert "以下本院 1 项制度引用了《中华人民共和国公务员法》：" in page
    assert '<li><a href="../kaoqin/#art-1">《请休假考勤管理规定》第一条</a>，引用<a href="#art-38">第三十八条</a></li>' in page
    assert '<li><a href="../kaoqin/#art-3">《请休假考勤管理规定》第三条</a>，引用<a href="#art-39">第三十九条</a></li>' in page
    assert "本制度" not in page.split("## 被引用")[1]


def test_the_handbook_leaves_laws_out():
    collection = collection_of(TEXTS)
    source = PrintInput("东港市人民法院", TODAY, collection, "http://zhidu.example/")
    printed = [doc.short_title for _, docs in handbook_regulations(source) for doc in docs]
    assert "请休假考勤管理规定" in printed and "绩效考核办法" in printed
    assert not any("公务员法" in title for title in printed)


def history(collection, reg_id: str, dates: list[str]) -> RegulationHistory:
    regulation_ = collection.regulations[reg_id]
    infos = []
    for index, date in enumerate(dates):
        effective = dt.date.fromisoformat(date)
        following = dt.date.fromisoformat(dates[index + 1]) if index + 1 < len(dates) else None
        status = displayed_status("现行有效", effective, TODAY, following)
        infos.append(VersionInfo(Version(reg_id, effective, "", regulation_.path, None, None), regulation_, status, main=index == len(dates) - 1))
    return RegulationHistory(reg_id, infos)


def test_no_notice_when_the_law_was_revised_but_no_cited_article_changed():
    # Both versions hold the same text here: the law was revised, the articles the regulation cites were not.
    # (tests/zhidu/test_point_in_time.py revises a cited article in a real git history.)
    collection = collection_of(TEXTS)
    histories = {
        "gongwuyuanfa": history(collection, "gongwuyuanfa", ["2006-01-01", "2019-06-01"]),
        "kaoqin": history(collection, "kaoqin", ["2018-03-01"]),
    }
    assert superior_revisions(collection, histories) == {}


def test_no_notice_when_the_law_is_older_than_the_citing_regulation_or_has_no_newer_text_in_force():
    texts = {**TEXTS, "regulations/xingzheng/kaoqin.md": CITING.replace("effective: 2018-03-01", "effective: 2019-06-01")}
    collection = collection_of(texts)
    same_day = {"gongwuyuanfa": history(collection, "gongwuyuanfa", ["2006-01-01", "2019-06-01"])}
    assert superior_revisions(collection, same_day) == {}
    collection = collection_of(TEXTS)
    pending = history(collection, "gongwuyuanfa", ["2006-01-01", "2027-01-01"])
    pending.infos[0].main, pending.infos[1].main = True, False
    assert pending.main.status is Status.IN_FORCE and superior_revisions(collection, {"gongwuyuanfa": pending}) == {}


def test_without_the_older_text_the_cited_articles_are_listed_as_not_comparable():
    from zhidu.corpus.config import ReviewPolicy
    from zhidu.corpus.health import findings

    collection = collection_of(TEXTS)
    histories = {"gongwuyuanfa": history(collection, "gongwuyuanfa", ["2019-06-01"])}
    (revision,) = superior_revisions(collection, histories)["kaoqin"]
    assert revision.previous is None and revision.compared is False
    assert [(c.kind, c.old.label) for c in revision.changes] == [("unknown", "第三十八条"), ("unknown", "第三十九条")]
    found = [f for f in findings(collection, TODAY, ReviewPolicy(), histories) if f.kind.startswith("superior")]
    kaoqin = collection.regulations["kaoqin"]
    assert [(f.kind, f.reg_id, f.line, f.message) for f in found] == [(
        "superior-unverified", "kaoqin", kaoqin.articles[0].line,
        "引用的《中华人民共和国公务员法》现行文本自2019年6月1日起施行，晚于本制度的施行日期（2018年3月1日）；本库未收录此前的文本，无法比对所引的第三十八条、第三十九条。",
    )]
    assert [f for f in findings(collection, TODAY, ReviewPolicy()) if f.kind.startswith("superior")] == []  # no history, no finding


def test_a_list_without_any_document_number_has_no_empty_column():
    texts = {**TEXTS, "regulations/xingzheng/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 考核。", category="队伍建设", effective="2020-01-01", doc_number="东法〔2020〕3号")}
    _, site = plan(texts)
    assert "<th>文号</th>" not in site.pages[SHELF_PATH]  # laws carry no 文号
    assert "<th>文号</th>" in site.pages["categories/队伍建设/index.md"] and "<td>东法〔2020〕3号</td>" in site.pages["categories/队伍建设/index.md"]
