"""SPEC §3's spellings, from the one module that writes them (zhidu/urls.py)."""

from __future__ import annotations

import datetime as dt

from zhidu import urls


def test_anchors_as_spec_section_3_spells_them():
    assert urls.article_anchor(12) == "art-12" and urls.article_anchor(12, 1) == "art-12-1" and urls.chapter_anchor(3) == "ch-3"
    assert [urls.plain_article_number(urls.article_anchor(n)) for n in (1, 9, 120)] == [1, 9, 120]
    assert urls.plain_article_number(urls.article_anchor(12, 1)) is None
    assert urls.plain_article_number(urls.chapter_anchor(12)) is None
    # The search box builds anchors from these forms (meta.json's anchorForms): they must give the same spelling.
    assert urls.ARTICLE_ANCHOR.replace("{n}", "7") == urls.article_anchor(7)
    assert urls.SUB_ARTICLE_ANCHOR.replace("{n}", "7").replace("{sub}", "2") == urls.article_anchor(7, 2)


def test_page_urls():
    assert urls.url_of(urls.regulation("kaoqin")) == "regulations/kaoqin/"
    assert urls.version_url("kaoqin", "2019-03-01") == urls.url_of(urls.version("kaoqin", dt.date(2019, 3, 1))) == "regulations/kaoqin/2019-03-01/"
    assert urls.url_of(urls.history("kaoqin")) == "regulations/kaoqin/history/"


def test_the_parser_spells_chapter_anchors_through_urls():
    from zhidu.domain.parser import parse_regulation

    text = "---\ntitle: 东港市人民法院某规定\ncategory: 行政管理\nstatus: 现行有效\neffective: 2021-01-15\n---\n\n## 第二章 审批\n\n第一条 正文。\n"
    regulation, problems = parse_regulation(text, "regulations/a.md", "东港市人民法院", "a")
    assert regulation is not None, problems
    assert urls.chapter_anchor(2) in {item.anchor for item in regulation.body if hasattr(item, "anchor") and item.anchor.startswith("ch")}
