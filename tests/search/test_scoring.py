"""Ranking: the tiers of documents by words missed, the phrase and first-sentence reranking, citation lookup."""

from __future__ import annotations

import pytest
from searchkit import hits, make_site, regulation

from search.scoring import tiers


def test_tiers_group_documents_by_how_many_required_words_they_miss():
    required = [{1, 2, 3, 4}, {1, 2, 5}, {1, 3, 5, 6}]
    among = set(range(1, 9))
    assert tiers(required, [{7}], among, needed=100) == [{1}, {2, 3, 5}, {4, 6, 7}]


def test_tiers_stop_as_soon_as_enough_documents_are_grouped():
    required = [{1, 2, 3, 4}, {1, 2, 5}, {1, 3, 5, 6}]
    assert tiers(required, [], set(range(1, 9)), needed=0) == [{1}]
    assert tiers(required, [], set(range(1, 9)), needed=3) == [{1}, {2, 3, 5}]


def test_tiers_only_hold_allowed_documents():
    required = [{1, 2, 3, 4}, {1, 2, 5}, {1, 3, 5, 6}]
    assert tiers(required, [{7}], {2, 3, 4, 7}, needed=100) == [set(), {2, 3}, {4, 7}]


def test_a_single_required_word_gives_one_tier():
    assert tiers([{1, 2}], [{3}], {1, 2, 3}, needed=100) == [{1, 2}]


RULES = regulation(
    "东港市人民法院工伤和岗位职责规定",
    """
    第一条 工伤的认定，由政治部负责；认定结论为工伤的，书面通知本人。

    第二条 工作人员因工作原因受到事故伤害的，认定为工伤。

    第三条 承办法官在合议庭中履行下列职责：主持庭审，指导法官助理履行职责。

    第四条 法官助理在法官指导下履行下列职责：审查诉讼材料，起草文书。

    第五条 书记员负责庭审记录。

    第五条之一 书记员负责卷宗归档。

    第六条 本规定自2021年1月15日起施行。
    """,
    short_title="工伤和岗位职责规定",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("scoring"), {"regulations/renshi/gangwei.md": RULES})


def test_an_article_holding_the_query_as_typed_comes_first(site):
    # 第一条 has 认定 and 工伤 more often (BM25 alone puts it first); 第二条 holds 认定为工伤 as typed.
    assert hits(site, "认定为工伤")[0]["article"] == "第二条"


def test_an_article_whose_first_sentence_holds_the_query_words_comes_first(site):
    # 第三条 names 职责 twice, but it is about the judge; 第四条 says in its first sentence what an assistant does.
    assert hits(site, "法官助理 职责")[0]["article"] == "第四条"


@pytest.mark.parametrize("query, article", [
    ("工伤和岗位职责规定第五条之一", "第五条之一"),
    ("工伤和岗位职责规定第五条", "第五条"),
    ("工伤和岗位职责规定第六条", "第六条"),
    ("工伤和岗位职责规定第一条", "第一条"),
])
def test_a_cited_article_is_found_among_the_articles_in_order(site, query, article):
    assert hits(site, query)[0]["article"] == article


def test_a_citation_of_a_missing_article_jumps_nowhere(site):
    found = hits(site, "工伤和岗位职责规定第九条")
    assert all(h["article"] != "第九条" for h in found)
    assert found and found[0]["id"] == "gangwei"


CHAPTERS = regulation(
    "东港市人民法院立案工作规定",
    """
    ## 第一章 总则

    第一条 人民法院对起诉应当依法审查。受案和审查的范围，依照本规定。

    ## 第二章 受案范围

    第二条 人民法院受理下列起诉：（一）对行政拘留不服的；（二）对罚款不服的。
    """,
)


def test_an_article_under_a_chapter_heading_that_holds_the_query_words_comes_first(tmp_path):
    # 第一条 has 受案 and 范围 in its text (BM25 alone puts it first); 第二条 is under the chapter 受案范围, which says what it is about.
    site = make_site(tmp_path, {"regulations/lian.md": CHAPTERS})
    assert [h["article"] for h in hits(site, "受案范围")][:2] == ["第二条", "第一条"]


ORDERS = regulation(
    "东港市人民法院保护令工作规定",
    """
    第一条 当事人可以向人民法院申请保护令。

    第二条 被申请人对保护令不服的，可以申请复议。
    """,
)


def test_the_earliest_article_holding_every_query_word_comes_first(tmp_path):
    # 第二条 has 申请 twice and is as short (BM25 alone puts it first); 第一条 states the rule, 第二条 refers back to it.
    site = make_site(tmp_path, {"regulations/baohuling.md": ORDERS})
    assert [h["article"] for h in hits(site, "申请 保护令")][:2] == ["第一条", "第二条"]
