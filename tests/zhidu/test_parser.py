"""The body parser on the shapes real regulation texts take."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zhidu.domain.model import Article, Block, Heading
from zhidu.domain.numerals import cn_to_int, int_to_cn
from zhidu.domain.parser import parse_regulation

FRONT = "---\ntitle: 东港市人民法院测试规定\ncategory: 行政管理\nstatus: 现行有效\neffective: 2021-01-15\n---\n"


def parse(body: str, front: str = FRONT):
    regulation, problems = parse_regulation(front + body, "regulations/ceshi.md", "东港市人民法院")
    return regulation, problems


def test_numerals_round_trip_and_forms():
    for number in list(range(1, 130)) + [200, 999, 1001, 1010, 1260]:
        assert cn_to_int(int_to_cn(number)) == number
    assert int_to_cn(102) == "一百零二"
    assert int_to_cn(10) == "十"
    assert cn_to_int("一〇二") == 102
    assert cn_to_int("两百") == 200


def test_chapters_sections_articles_paragraphs_items():
    body = (
        "## 第一章　总　则\n\n第一条 为了规范管理，制定本规定。\n\n"
        "### 第一节 一般规定\n\n第二条　本规定适用于：\n\n（一）法官；\n\n(二)书记员。\n\n第二款的内容。\n\n"
        "## 第二章 附则\n\n第二条之一本条是插入的条文。\n\n第三条本规定自发布之日起施行。\n"
    )
    regulation, problems = parse(body)
    assert [p.format() for p in problems] == []
    chapters = [h for h in regulation.headings if h.kind == "chapter"]
    assert [(h.title, h.anchor) for h in chapters] == [("第一章 总则", "ch-1"), ("第二章 附则", "ch-2")]
    assert [a.label for a in regulation.articles] == ["第一条", "第二条", "第二条之一", "第三条"]
    assert [a.anchor for a in regulation.articles] == ["art-1", "art-2", "art-2-1", "art-3"]
    second = regulation.article(2)
    assert second.paragraphs == ["本规定适用于：", "（一）法官；", "（二）书记员。", "第二款的内容。"]
    assert second.chapter.anchor == "ch-1" and second.section.title == "第一节 一般规定"
    assert regulation.article(3).chapter.title == "第二章 附则"
    assert regulation.article(2, 1).text == "本条是插入的条文。"


def test_bom_crlf_zero_width_and_full_width_spaces():
    raw = "\ufeff" + (FRONT + "第一条\u200b 甲。\n\n第二条\u3000乙。\n").replace("\n", "\r\n")
    regulation, problems = parse_regulation(raw, "regulations/ceshi.md", "东港市人民法院")
    assert [p.format() for p in problems] == []
    assert [(a.label, a.text) for a in regulation.articles] == [("第一条", "甲。"), ("第二条", "乙。")]


def test_paragraph_starting_with_an_article_reference_is_not_a_new_article():
    regulation, _ = parse("第一条 甲。\n\n第二条 乙。\n\n第一条所列人员，依照前款办理。\n\n第三条 丙。\n")
    assert [a.label for a in regulation.articles] == ["第一条", "第二条", "第三条"]
    assert regulation.article(2).paragraphs[-1] == "第一条所列人员，依照前款办理。"


def test_attachment_articles_are_not_articles_of_the_document():
    regulation, problems = parse("第一条 甲。\n\n第二条 乙。\n\n## 附件 章程\n\n第一条 附件中的条文。\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n")
    assert [a.label for a in regulation.articles] == ["第一条", "第二条"]
    assert not [p for p in problems if p.is_error]
    blocks = [b for b in regulation.body if isinstance(b, Block)]
    assert blocks[0].text == "第一条 附件中的条文。"
    assert blocks[1].lines[0].startswith("| 甲")


def test_line_numbers_point_into_the_file():
    regulation, _ = parse("\n第一条 甲。\n\n第二条 乙。\n\n款。\n")
    # FRONT has 6 lines; the body starts on line 7.
    assert [a.line for a in regulation.articles] == [8, 10]
    assert regulation.article(2).paragraph_lines == [10, 12]


def test_duplicate_article_is_an_error_and_gap_a_warning():
    _, problems = parse("第一条 甲。\n\n第三条 乙。\n\n第三条 丙。\n")
    lines = [p.format() for p in problems]
    assert lines == [
        "regulations/ceshi.md:9: 提示：第三条之前缺少第二条。请检查是否漏写或跳号。",
        "regulations/ceshi.md:11: 错误：第三条重复（第 9 行已有第三条）。请检查条文编号，同一制度中每条的编号只能出现一次。",
    ]


def test_a_long_gap_names_the_missing_articles_in_chinese_numerals():
    _, problems = parse("第一条 甲。\n\n第二条 乙。\n\n第九十九条 丙。\n")
    assert [p.format() for p in problems] == ["regulations/ceshi.md:11: 提示：第九十九条之前缺少第三条至第九十八条。请检查是否漏写或跳号。"]


def test_parts_and_restarting_chapters_get_unique_anchors():
    regulation, _ = parse("## 第一编 总则\n\n### 第一章 一般规定\n\n第一条 甲。\n\n## 第二编 分则\n\n### 第一章 一般规定\n\n第二条 乙。\n")
    anchors = [h.anchor for h in regulation.headings]
    assert len(anchors) == len(set(anchors))
    assert anchors[:2] == ["part-1", "ch-1"]


def test_short_title_defaults_to_title_without_institution():
    regulation, _ = parse("第一条 甲。\n")
    assert regulation.meta.short_title == "测试规定"
    assert regulation.meta.issuer == "东港市人民法院"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("第一二十百条之章节编（）() \u3000\u200b#|-\n甲乙：，。附件") + ["\r\n", "---\n", "## ", "第三条 "]), max_size=120).map("".join))
def test_any_body_parses_or_reports_never_raises(body):
    regulation, problems = parse(body)
    assert regulation is not None or problems
    if regulation is not None:
        for item in regulation.body:
            assert isinstance(item, (Heading, Article, Block))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_front_matter_parses_or_reports_never_raises(text):
    regulation, problems = parse_regulation("---\n" + text + "\n---\n第一条 甲。\n", "regulations/x.md", "")
    assert regulation is not None or problems
