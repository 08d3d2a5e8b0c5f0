"""Officers' own words over the sample project (issue 18): a question that names what a law kept for reference is
about (人民陪审员 of 人民陪审员法) is answered from that law, not from the court's rules that merely mention it; a
question that does not keeps the court's own rule first; everyday office words reach the words of the rules
(参审 → 参加审判, 交不起 → 缓交, 管账 → 记账). Over the sample's own index, built by the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from searchkit import PROJECT

from search import legal, store
from search.query import Engine, Options

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index = tmp_path_factory.mktemp("everyday") / "index"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": TODAY.isoformat()}
    built = subprocess.run([sys.executable, "-m", "search", "--root", str(PROJECT), "--index-dir", str(index), "index"],
                           capture_output=True, text=True, env=environment)
    assert built.returncode == 0, built.stderr
    found = Engine(store.current_generation(index), TODAY)
    yield found
    found.close()


def answers(engine: Engine, text: str, limit: int = 5) -> list[tuple[str, str | None]]:
    return [(h.id, h.article) for h in engine.search(text, Options(limit=limit))]


def test_a_law_s_subject_is_read_from_its_title():
    assert legal.subject("中华人民共和国人民陪审员法") == "人民陪审员"
    assert legal.subject("诉讼费用交纳办法") == "诉讼费用交纳"
    assert legal.subject("中华人民共和国民法典（总则）") is None  # 民法: two characters, too common a word
    assert legal.subject("中华人民共和国法官法") is None  # 法官 is in every court rule
    assert legal.subjects([("a", "中华人民共和国人民陪审员法", "法律法规"), ("b", "东港市人民法院考勤管理规定", None)]) == {"人民陪审员": ["a"]}


def test_a_question_on_a_law_s_subject_is_answered_from_that_law(engine, monkeypatch):
    question = "人民陪审员能不能参加合议庭"
    assert answers(engine, question)[0] == ("renminpeishenyuanfa", "第十九条")  # 人民陪审员和法官组成合议庭
    monkeypatch.setattr(engine, "subjects", {})
    assert answers(engine, question)[0][0] != "renminpeishenyuanfa"  # weighed down as a law kept for reference


def test_a_limit_asked_in_everyday_words_is_found(engine):
    # 每年 → 年度, 参审 → 参加审判, 多少 → an article with a limit (数量上限)
    assert answers(engine, "人民陪审员每年参审多少件")[0] == ("renminpeishenyuanfa", "第二十四条")


def test_a_question_that_names_no_law_keeps_the_court_s_own_rule_first(engine):
    assert answers(engine, "年假几天")[0] == ("kaoqin", "第九条")  # 年假 is not the subject 职工带薪年休假
    assert answers(engine, "公务员 请假")[0][0] == "kaoqin"


@pytest.mark.parametrize(("question", "expected"), [
    ("诉讼费交不起怎么办", ("susongfeiyong-jiaona-banfa", "第四十四条")),  # 交不起 → 缓交, 免交 (司法救助)
    ("出纳能不能管账", ("neikong", "第六条")),  # 管账 → 记账, 账目 (不相容岗位)
    ("审委会 委员 到场", ("shenweihui", "第十二条")),  # 到场 → 出席 (全体委员过半数出席方可召开)
])
def test_everyday_office_words_reach_the_rules(engine, question, expected):
    assert expected in answers(engine, question, 3)
    assert not engine.search(question, Options()).missing


def test_letters_the_bridge_knows_with_their_character_are_one_word(engine):
    # U盘 → 移动存储介质 (search.bridge): neither u nor 盘 searched alone (盘 would find 盘盈), nothing named missing.
    found = engine.search("U盘丢了怎么办", Options(limit=5))
    assert found.missing == []
    assert (found[0].id, found[0].article) == ("bangong-yongpin", "第二条")  # 涉密移动存储介质 are not office supplies
    assert {found[0].snippet[a:b] for a, b in found[0].highlights} <= {"移动存储介质", "存储介质", "丢"}
    assert all("盘盈" not in hit.snippet for hit in found)
    # Letters the bridge does not know, or whose words no text holds (B超 → 超声), are named as typed.
    assert engine.search("Z盘丢了 请假", Options()).missing == ["Z盘"]
    assert engine.search("B超 报销", Options()).missing == ["B超"]
