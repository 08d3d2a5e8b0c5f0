"""岗位制度清单: the written rule over generated regulations, exclusions and additions, changes since a date, and the
role settings in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

import pytest
from sitekit import regulation as reg_text

from zhidu.corpus.config import ConfigError, parse_ref, read_roles, unknown_role_refs
from zhidu.domain.parser import parse_regulation
from zhidu.domain.roles import DUTY, OBLIGATION, POWER, PROHIBITION, ArticleRef, Role, changes_between, match_sentence, role_articles, role_changes

CLERK = Role("clerk", "书记员", ("书记员", "聘用制书记员"))


def parse(reg_id: str, articles: list[str], effective: str = "2021-01-15"):
    body = "\n\n".join(f"第{'一二三四五六七八九十'[i]}条 {text}" for i, text in enumerate(articles))
    regulation, problems = parse_regulation(reg_text(f"东港市人民法院{reg_id}规定", body, effective=effective), f"regulations/{reg_id}.md", "东港市人民法院", reg_id)
    assert regulation is not None and not [p for p in problems if p.is_error], problems
    return regulation


def test_each_modal_kind_is_found_for_the_role():
    regulation = parse("shenpan", [
        "书记员应当在开庭前核对当事人身份。",
        "聘用制书记员不得对外透露合议庭评议情况。",
        "书记员可以查阅本人经办案件的电子卷宗。",
        "书记员负责庭审记录和卷宗归档。",
        "本规定自发布之日起施行。",
    ])
    found = role_articles(CLERK, [regulation])
    assert [(e.article.number, e.kinds) for e in found] == [(1, [OBLIGATION]), (2, [PROHIBITION]), (3, [POWER]), (4, [DUTY])]
    sentence = found[1].sentences[0]
    assert sentence.pieces() == [("role", "聘用制书记员"), (PROHIBITION, "不得"), ("", "对外透露合议庭评议情况。")]


def test_a_modal_before_the_role_word_binds_someone_else():
    assert match_sentence(("驾驶人员",), "办公室应当定期组织驾驶人员开展安全教育。") is None
    assert match_sentence(("部门负责人",), "申请人应当向部门负责人报告。") is None
    # 负责人 is a noun, not the modal word 负责
    assert match_sentence(("院领导",), "院领导和办公室负责人参加。") is None
    approved = match_sentence(("部门负责人",), "请假不超过三日的，由部门负责人审批；")
    assert approved is not None and approved.kinds == [POWER]


def test_a_role_asked_or_reported_to_is_not_the_one_bound():
    # 向/经/报 + the role word: the role receives the report or gives consent; the duty is someone else's
    assert match_sentence(("部门负责人",), "经办人员应当按时办结，并向部门负责人报告办理情况，不得拖延推诿。") is None
    assert match_sentence(("部门负责人",), "申请人报经部门负责人调整，不得因请假延误审理期限。") is None
    assert match_sentence(("部门负责人",), "经所在部门负责人签署意见后，报分管院领导审批；") is None
    approves = match_sentence(("分管院领导",), "经所在部门负责人签署意见后，报分管院领导审批；")
    assert approves is not None and approves.kinds == [POWER]  # 报 + the role + 审批: the role approves
    assert match_sentence(("驾驶人员",), "未经办公室同意，非专职驾驶人员不得驾驶本院车辆。") is None


def test_a_lead_in_brings_its_items():
    regulation = parse("qingdan", ["书记员在法官指导下履行下列职责：\n\n（一）庭审记录；\n\n（二）送达。", "法官负责审理。"])
    [entry] = role_articles(CLERK, [regulation])
    assert [s.text for s in entry.sentences] == ["书记员在法官指导下履行下列职责：", "（一）庭审记录；", "（二）送达。"]


def test_an_excluded_article_stays_out_and_an_included_one_is_added():
    regulation = parse("kaoqin", ["本规定适用于聘用制书记员。", "书记员应当按时签到。", "书记员不得代签。"])
    role = Role("clerk", "书记员", ("书记员",), exclude=(ArticleRef("kaoqin", (3, 0)),), include=(ArticleRef("kaoqin", (1, 0)),))
    found = role_articles(role, [regulation])
    assert [(e.article.number, e.added) for e in found] == [(1, True), (2, False)]
    whole = Role("clerk", "书记员", ("书记员",), exclude=(ArticleRef("kaoqin"),))
    assert role_articles(whole, [regulation]) == []


def test_an_article_changed_after_the_date_is_listed_with_its_comparison():
    old = parse("kaoqin", ["为了规范考勤，制定本规定。", "书记员应当按时签到。", "法官负责审判。"], effective="2019-03-01")
    new = parse("kaoqin", ["为了规范考勤，制定本规定。", "书记员应当在八时三十分前签到。", "法官负责审判。", "书记员不得代他人签到。"], effective="2024-05-01")
    changes = role_changes(CLERK, {"kaoqin": [old, new]}, dt.date(2020, 1, 1))
    assert [(c.kind, c.article.number) for c in changes] == [("modified", 2), ("added", 4)]
    segments = changes[0].segments
    assert ("insert", "在八时三十分前") in segments and all(kind != "delete" or text for kind, text in segments)
    assert "".join(t for k, t in segments if k != "delete") == new.article(2).text
    # Before the first text the regulation is new; after the revision nothing changed.
    earlier = role_changes(CLERK, {"kaoqin": [old, new]}, dt.date(2018, 1, 1))
    assert [c.kind for c in earlier] == ["new", "new"]
    assert {c.old_effective for c in earlier} == {old.meta.effective}  # the earliest stored text, not the one in force
    assert role_changes(CLERK, {"kaoqin": [old, new]}, dt.date(2024, 6, 1)) == []


def test_an_article_that_no_longer_binds_the_role_is_listed_as_deleted():
    old = parse("kaoqin", ["书记员应当按时签到。", "法官负责审判。"], effective="2019-03-01")
    new = parse("kaoqin", ["法官负责审判。"], effective="2024-05-01")
    assert [(c.kind, c.old.number) for c in changes_between(CLERK, old, new)] == [("deleted", 1)]


ROLES_YML = """site_name: 测试
extra:
  institution: 东港市人民法院
  roles:
    - id: shujiyuan
      name: 书记员
      words: [聘用制书记员]
      exclude: [kaoqin 第五条, jixiao]
      include: ["cheliang:7"]
      since: 2025-01-01
    - id: jiashiyuan
      name: 驾驶员
"""


def test_roles_are_read_from_mkdocs_yml():
    clerk, driver = read_roles(ROLES_YML)
    assert clerk.words == ("书记员", "聘用制书记员") and clerk.since == dt.date(2025, 1, 1)
    assert clerk.exclude == (ArticleRef("kaoqin", (5, 0), 8), ArticleRef("jixiao", None, 8))
    assert clerk.include == (ArticleRef("cheliang", (7, 0), 9),) and clerk.line == 5
    assert driver.words == ("驾驶员",)
    assert parse_ref("kaoqin 第十二条之一") == ArticleRef("kaoqin", (12, 1), 0)
    assert parse_ref("kaoqin 第x条") is None


@pytest.mark.parametrize(("entry", "line", "expected"), [
    ("    - id: Shu\n      name: 书记员\n", 5, "岗位编号“Shu”不能用作网址"),
    ("    - id: a\n      nmae: 书记员\n", 6, "未知字段“nmae”。是否应为“name”？"),
    ("    - id: a\n      name: 书记员\n      words: [书]\n", 7, "每个词至少两个字"),
    ("    - id: a\n      name: 书记员\n      include: [kaoqin]\n", 7, "include（补充的条文）中的“kaoqin”看不懂"),
    ("    - id: a\n      name: 书记员\n      since: 2026-13-01\n", 7, "不是有效日期"),
    ("    - id: a\n      name: 书记员\n    - id: a\n      name: 司机\n", 7, "在第 5 行已经用过"),
])
def test_a_bad_role_setting_names_the_line_and_the_fix(entry, line, expected):
    text = "site_name: 测试\nextra:\n  institution: 东港市人民法院\n  roles:\n" + entry
    with pytest.raises(ConfigError) as caught:
        read_roles(text)
    assert f"mkdocs.yml:{line}: 错误：" in str(caught.value) and expected in str(caught.value)


def test_a_reference_to_an_unknown_regulation_or_article_is_noted_and_ignored():
    regulation = parse("kaoqin", ["书记员应当按时签到。"])
    clerk, _ = read_roles(ROLES_YML.replace("cheliang:7", "kaoqin 第九条"))
    lines = [problem.format() for problem in unknown_role_refs((clerk,), {"kaoqin": regulation})]
    assert lines[0].startswith("mkdocs.yml:8: 提示：") and "kaoqin" in lines[0] and "第五条" in lines[0] and "该项已忽略" in lines[0]
    assert any("没有编号为“jixiao”的已公开制度" in line for line in lines)
    assert any(line.startswith("mkdocs.yml:9:") and "第九条" in line for line in lines)
