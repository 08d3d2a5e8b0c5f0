"""What a legal document's title and category tell the search (search/legal.py), and how both rules rank in the CLI:
implicit short names (刑诉法), and the authority prior (a law before the interpretation that repeats it)."""

from __future__ import annotations

from searchkit import hits, make_site, regulation

from search import legal
from zhidu.domain.schema import LAW_KIND, OWN_KIND


def test_implicit_names_drop_the_state_prefix_and_abbreviate_procedure_laws():
    assert legal.implicit_names("中华人民共和国刑事诉讼法") == ["刑事诉讼法", "刑诉法"]
    assert legal.implicit_names("中华人民共和国行政诉讼法") == ["行政诉讼法", "行诉法"]
    assert legal.implicit_names("中华人民共和国民法典（婚姻家庭编）") == ["民法典（婚姻家庭编）"]
    assert legal.implicit_names("中华人民共和国海事诉讼特别程序法") == ["海事诉讼特别程序法"]  # not X诉讼法
    assert legal.implicit_names("工伤保险条例") == []
    assert legal.implicit_names("东港市人民法院考勤管理规定") == []


def test_an_implicit_name_never_takes_a_name_from_another_regulation_and_is_never_shared():
    names = {"中华人民共和国刑事诉讼法": ["law"], "刑事诉讼法": ["other"]}
    titles = [("law", "中华人民共和国刑事诉讼法"), ("a", "中华人民共和国测绘法"), ("b", "中华人民共和国测绘法"), ("a", "中华人民共和国测绘法")]
    merged = legal.add_implicit_names(names, titles)
    assert merged["刑事诉讼法"] == ["other"]  # claimed explicitly (an alias) by another regulation
    assert merged["刑诉法"] == ["law"]
    assert "测绘法" not in merged  # two regulations would share it
    assert names == {"中华人民共和国刑事诉讼法": ["law"], "刑事诉讼法": ["other"]}  # the input is left alone


def test_a_documents_level_is_its_categorys_else_its_titles():
    assert legal.level("中华人民共和国刑法", "刑法") == legal.LAW
    assert legal.level("中华人民共和国民法典（婚姻家庭编）", "民法典") == legal.LAW
    assert legal.level("中华人民共和国刑法修正案（十一）", "刑法") is None  # says nothing: not weighed down
    assert legal.level("诉讼费用交纳办法", "行政法规") == legal.REGULATION
    assert legal.level("工伤保险条例", "社会法") == legal.REGULATION
    assert legal.level("企业职工带薪年休假实施办法", "部门规章") == legal.LOWER
    assert legal.level("最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "审判业务") == legal.LOWER
    assert legal.level("东港市人民法院绩效考核实施办法", "队伍建设") is None
    assert legal.level("中华人民共和国公务员法", "行政法规") == legal.REGULATION  # the category wins


def test_the_weight_orders_law_regulation_interpretation_and_keeps_the_institutions_own_rules_first():
    law = legal.weight("中华人民共和国劳动法", "社会法", LAW_KIND)
    regulation_weight = legal.weight("职工带薪年休假条例", "行政法规", LAW_KIND)
    interpretation = legal.weight("最高人民法院关于审理劳动争议案件适用法律问题的解释", "司法解释", LAW_KIND)
    own = legal.weight("东港市人民法院工作人员请休假考勤管理规定", "行政管理", OWN_KIND)
    assert own == 1.0 > law > regulation_weight > interpretation > 0


LAW = regulation(
    "中华人民共和国海事诉讼法",
    """
    第一条 为了规范海事诉讼，制定本法。

    第二条 申请扣押船舶的，海事法院应当在四十八小时内作出裁定。
    """,
    category="诉讼与非诉讼程序法", kind=LAW_KIND,
)
INTERPRETATION = regulation(
    "最高人民法院关于适用《中华人民共和国海事诉讼法》的解释",
    """
    第一条 申请扣押船舶的，海事法院审查扣押船舶申请，扣押船舶的裁定应当在四十八小时内作出。

    第二条 本解释自公布之日起施行。
    """,
    category="司法解释", kind=LAW_KIND, aliases="[海事诉讼法解释]",
)


def test_a_law_answers_before_the_interpretation_that_repeats_it_unless_the_query_names_it(tmp_path):
    site = make_site(tmp_path, {"regulations/law.md": LAW, "regulations/interp.md": INTERPRETATION})
    # The interpretation says 扣押船舶 three times, the law once: BM25 alone puts the interpretation first.
    assert [(h["id"], h["article"]) for h in hits(site, "扣押船舶 四十八小时")][:2] == [("law", "第二条"), ("interp", "第一条")]
    assert hits(site, "海事诉讼法解释 扣押船舶")[0]["id"] == "interp"


def test_an_implicit_short_name_names_the_law_and_jumps_to_its_article(tmp_path):
    site = make_site(tmp_path, {"regulations/law.md": LAW, "regulations/interp.md": INTERPRETATION})
    assert (hits(site, "海诉法第二条")[0]["id"], hits(site, "海诉法第二条")[0]["article"]) == ("law", "第二条")
    # 海诉法 is a word of no text: it names the law, whose articles come first.
    assert [h["id"] for h in hits(site, "海诉法 扣押船舶")][:1] == ["law"]
