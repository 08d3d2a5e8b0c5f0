"""The question log (问法, search.asked): questions officers ask, indexed with the articles that answer them."""

from __future__ import annotations

import json

import pytest
from searchkit import hits, make_site, regulation, search

from search.asked import Asked, AskedError, AskedTable, builtin, name_key, parse, parse_article_name

KAOQIN = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    第一条 为规范本院工作人员请休假和考勤管理，制定本规定。

    第二条 工作人员请假，应当事先通过办公平台提交请假申请。

    第三条 工作人员请假，按照下列权限审批：请假不超过三日的，由所在部门负责人审批；请假超过三日的，报院长审批。

    第四条 工作人员因病不能上班的，应当提供医疗机构出具的病假证明。

    第五条 本规定自2021年1月15日起施行。
    """,
    short_title="请休假考勤管理规定", category="行政管理",
)
QUESTION = "孩子发烧 去医院陪护 找谁签字"
QUESTIONS_YML = "# 干警的问法\n- 问: 孩子发烧要去医院陪护，找谁签字\n  答: 请休假考勤管理规定第三条\n"


def first(site, query: str) -> tuple[str, str | None]:
    found = hits(site, query)
    return (found[0]["id"], found[0]["article"]) if found else ("", None)


def test_an_institution_question_finds_the_article_it_names(tmp_path):
    site = make_site(tmp_path, {"regulations/行政/kaoqin.md": KAOQIN})
    assert first(site, QUESTION) != ("kaoqin", "第三条")  # 医院 and 孩子 lead elsewhere, or nowhere
    site.write({"regulations/questions.yml": QUESTIONS_YML})
    assert first(site, QUESTION) == ("kaoqin", "第三条")
    found = hits(site, QUESTION)[0]
    assert "陪护" not in found["snippet"]  # the question's words are indexed, never shown as the article's text


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("- 问: 请假找谁\n  答: 请休假考勤管理规定六条\n", 2, "错误：“请休假考勤管理规定六条”不是条文名称。"),
        ("- 问: 请假找谁\n", 1, "错误：这一项缺少“答”，或“答”不是条文名称。"),
        ("- 问: 请假找谁\n  答: 请休假考勤管理规定第三条\n- 回答: 第三条\n", 3, "错误：未知字段“回答”。"),
        ("问: 请假找谁\n", 1, "错误：文件应当是一个列表，每项以“- 问:”开头。"),
        ("- 问: [请假\n", 2, "错误：YAML 格式有误。"),
    ],
)
def test_errors_in_the_question_log_name_file_line_and_fix(tmp_path, content, line, message):
    site = make_site(tmp_path, {"regulations/行政/kaoqin.md": KAOQIN})
    site.write({"regulations/questions.yml": content})
    result = search(site, "index")
    assert result.returncode == 1
    assert result.stderr.startswith(f"regulations/questions.yml:{line}: {message}"), result.stderr
    assert "Traceback" not in result.stderr
    query = search(site, "query", "请假 审批", "--json")  # a query still answers, with the built-in log, and says why
    assert query.returncode == 0
    assert json.loads(query.stdout)[0]["id"] == "kaoqin"
    assert f"regulations/questions.yml:{line}:" in query.stderr


def test_names_are_compared_as_people_cite_them():
    assert parse_article_name("中华人民共和国民法典第一百八十八条") == ("民法典", "art-188")
    assert parse_article_name("《劳动合同法》第三十九条之一") == ("劳动合同法", "art-39-1")
    assert parse_article_name("劳动合同法") is None
    assert name_key("最高人民法院关于适用《中华人民共和国民法典》有关担保制度的解释") == "最高人民法院关于适用民法典有关担保制度的解释"
    table = AskedTable([Asked("借钱不还过几年不能起诉", ("中华人民共和国民法典第一百八十八条",), "t"),
                        Asked("工伤怎么认定", ("工伤保险条例第十四条", "工伤保险条例第九十九条"), "t")])
    # 民法典 names each of its parts (民法典（总则编）…) that has the article.
    assert table.questions(["民法典（总则编）"], ["art-187", "art-188"]) == {"art-188": ["借钱不还过几年不能起诉"]}
    assert table.questions(["民法典（物权编）"], ["art-205"]) == {}
    assert table.questions(["工伤保险条例"], ["art-14"]) == {"art-14": ["工伤怎么认定"]}
    assert table.digest() != AskedTable(table.entries[:1]).digest()


def test_the_unmatched_are_the_institution_entries_whose_article_is_nowhere():
    entries = parse("- 问: 请假找谁\n  答: [考勤规定第三条, 考勤规定第九十九条, 车辆规定第一条]\n".encode(), "regulations/questions.yml")
    table = AskedTable(builtin().entries[:5] + entries)
    missing = table.unmatched([(["东港市人民法院考勤规定", "考勤规定"], ["art-1", "art-3"])])
    assert [(e.source, name) for e, name in missing] == [("regulations/questions.yml:1", "考勤规定第九十九条"), ("regulations/questions.yml:1", "车辆规定第一条")]


def test_the_built_in_log_is_the_tuning_part_only():
    """The frozen third of stard-train measures what the log does for questions it does not hold: none may be in it."""
    import hashlib

    from search.asked import BUILTIN

    ids = [json.loads(line)["id"] for line in BUILTIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(ids) > 700
    assert not [i for i in ids if int(hashlib.sha1(str(i).encode()).hexdigest(), 16) % 3 == 0]


def test_a_bad_entry_raises_an_error_a_clerk_can_act_on():
    with pytest.raises(AskedError) as caught:
        parse("- 问: 请假找谁\n  答: 第三条\n".encode(), "regulations/questions.yml")
    assert str(caught.value).startswith("regulations/questions.yml:2: 错误：“第三条”不是条文名称。")
