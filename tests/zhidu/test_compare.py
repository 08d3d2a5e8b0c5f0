"""Article alignment by content and the inline diff (pure functions, no git, no MkDocs)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sitekit import LEAVE_RULES_2019, regulation

from zhidu.domain.compare import compare, inline_diff
from zhidu.domain.numerals import int_to_cn
from zhidu.domain.parser import parse_regulation

ARTICLES = LEAVE_RULES_2019


def reg(texts: list[str], **fields):
    body = "\n\n".join(f"第{int_to_cn(i + 1)}条 {t}" for i, t in enumerate(texts))
    regulation_, problems = parse_regulation(regulation("东港市人民法院测试规定", body, **fields), "regulations/t.md")
    assert regulation_ is not None, problems
    return regulation_


def kinds(cmp) -> list[tuple[str, str | None, str | None]]:
    return [(r.kind, r.old.label if r.old else None, r.new.label if r.new else None) for r in cmp.rows]


def test_inserted_article_does_not_mark_later_renumbered_articles_changed():
    new = ARTICLES[:2] + ["因公出差的，按照出差管理规定办理，不计入请假。"] + ARTICLES[2:]
    cmp = compare(reg(ARTICLES), reg(new))
    assert kinds(cmp) == [
        ("unchanged", "第一条", "第一条"),
        ("unchanged", "第二条", "第二条"),
        ("added", None, "第三条"),
        ("unchanged", "第三条", "第四条"),
        ("unchanged", "第四条", "第五条"),
        ("unchanged", "第五条", "第六条"),
        ("unchanged", "第六条", "第七条"),
        ("unchanged", "第七条", "第八条"),
        ("unchanged", "第八条", "第九条"),
        ("unchanged", "第九条", "第十条"),
    ]
    assert [r.renumbered for r in cmp.rows] == [False, False, False] + [True] * 7
    assert cmp.summary == "新增 1 条"


def test_deleted_article_and_modified_article_in_one_revision():
    new = list(ARTICLES)
    del new[4]  # 事假 goes
    new[3] = "病假须提交二级以上医院出具的诊断证明。"
    new[0] = "为了规范本院工作人员请休假管理，制定本规定。"
    cmp = compare(reg(ARTICLES), reg(new))
    assert kinds(cmp) == [
        ("modified", "第一条", "第一条"),
        ("unchanged", "第二条", "第二条"),
        ("unchanged", "第三条", "第三条"),
        ("modified", "第四条", "第四条"),
        ("deleted", "第五条", None),
        ("unchanged", "第六条", "第五条"),
        ("unchanged", "第七条", "第六条"),
        ("unchanged", "第八条", "第七条"),
        ("unchanged", "第九条", "第八条"),
    ]
    assert cmp.summary == "修改 2 条，删除 1 条"
    first = cmp.rows[0].segments
    assert ("delete", "根据有关规定，") in first
    assert "".join(t for k, t in first if k != "insert") == ARTICLES[0]
    sick = cmp.rows[3].segments
    assert [t for k, t in sick if k == "insert"] == ["二级以上", "出具的诊断"]
    assert [t for k, t in sick if k == "delete"] == []


def test_modified_and_renumbered_article_keeps_both_numbers():
    new = ["新的第一条：适用范围另行规定。"] + ARTICLES
    new[5] = "事假全年累计不得超过二十天。"  # was 第五条, now 第六条
    cmp = compare(reg(ARTICLES), reg(new))
    row = next(r for r in cmp.rows if r.kind == "modified")
    assert (row.old.label, row.new.label, row.renumbered) == ("第五条", "第六条", True)
    assert [t for k, t in row.segments if k != "equal"] == ["十五", "二十"]
    assert cmp.summary == "修改 1 条，新增 1 条"


def test_rewritten_article_is_deleted_and_added_not_paired():
    new = list(ARTICLES)
    new[6] = "工作人员因私出国（境）的，按照干部管理权限报批。"
    cmp = compare(reg(ARTICLES), reg(new))
    changed = [(r.kind, r.old.label if r.old else None, r.new.label if r.new else None) for r in cmp.rows if r.kind != "unchanged"]
    assert sorted(changed, key=str) == sorted([("deleted", "第七条", None), ("added", None, "第七条")], key=str)
    assert cmp.summary == "新增 1 条，删除 1 条"


def test_identical_versions_have_no_article_changes():
    cmp = compare(reg(ARTICLES), reg(ARTICLES, effective="2022-01-01"))
    assert cmp.summary == "无条文变化"
    assert all(r.kind == "unchanged" and not r.renumbered for r in cmp.rows)


def test_text_outside_articles_is_compared_too():
    old = reg(ARTICLES)
    new_text = regulation("东港市人民法院测试规定", "\n\n".join(f"第{int_to_cn(i + 1)}条 {t}" for i, t in enumerate(ARTICLES)) + "\n\n## 附件\n\n请假审批表（新式样）")
    new, _ = parse_regulation(new_text, "regulations/t.md")
    cmp = compare(old, new)
    assert cmp.summary == "无条文变化"
    assert any(k == "insert" and "请假审批表" in t for k, t in cmp.other)


def test_single_equal_characters_between_changes_are_merged_into_the_change():
    segments = inline_diff("甲乙丙丁", "子乙丑丁")
    assert segments == [("delete", "甲乙丙"), ("insert", "子乙丑"), ("equal", "丁")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="本院规定请假审批的，。\n一二三", max_size=60), st.text(alphabet="本院规定请假审批的，。\n一二三", max_size=60))
def test_inline_diff_rebuilds_both_texts(old, new):
    segments = inline_diff(old, new)
    assert "".join(t for k, t in segments if k != "insert") == old
    assert "".join(t for k, t in segments if k != "delete") == new
    assert all(t for _, t in segments)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="本院规定请假审批的，。一二三", min_size=0, max_size=80), min_size=40, max_size=80), st.data())
def test_inline_diff_of_long_texts_rebuilds_both_texts(lines, data):
    old = "\n".join(lines)
    edited = list(lines)
    for _ in range(data.draw(st.integers(0, 5))):
        index = data.draw(st.integers(0, len(edited) - 1))
        edited[index] = data.draw(st.text(alphabet="本院规定请假审批的，。一二三", max_size=80))
    new = "\n".join(edited)
    segments = inline_diff(old, new)
    assert "".join(t for k, t in segments if k != "insert") == old
    assert "".join(t for k, t in segments if k != "delete") == new


def test_lone_changed_article_between_unchanged_ones_is_modified_even_if_much_shorter():
    old = [*ARTICLES[:-1], "本规定自2019年6月1日起施行。2016年5月1日起施行的《东港市人民法院公务用车管理办法》同时废止。"]
    new = [*ARTICLES[:-1], "本规定自2021年1月15日起施行。"]
    cmp = compare(reg(old), reg(new))
    assert [(r.kind, r.old.label, r.new.label) for r in cmp.rows if r.kind != "unchanged"] == [("modified", "第九条", "第九条")]
    assert cmp.summary == "修改 1 条"
