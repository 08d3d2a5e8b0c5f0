"""A question of several words is answered by the tiers fused with the plain ranking of its words (issue 18):
the tiers' first hit stays first, keywords keep the tiers alone, and asking for fewer hits never reorders the first
ones. Over the sample project's own index, built by the real CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from searchkit import PROJECT

import search.query as query_module
from search import store
from search.query import Engine, Options

QUESTIONS = [
    "孩子出生了男方能休几天假", "父亲去世可以请几天丧假", "公车出了交通事故谁负责", "车辆违章罚款谁交", "哪些案件要提交审委会讨论",
    "审委会开会要多少人参加", "判决书有错别字怎么改", "什么情况下党员评为不合格", "绩效考核结果有意见找谁", "法官助理要做哪些事",
    "年休假没休完怎么办", "病假要交什么材料", "请假超过三天要谁批准", "休假期间能不能用公车",
]
KEYWORDS = ["请假 审批 部门 负责人", "审委会 会议 主持 委员", "公务用车 维修 审批 费用"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index = tmp_path_factory.mktemp("fusion") / "index"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25"}
    built = subprocess.run([sys.executable, "-m", "search", "--root", str(PROJECT), "--index-dir", str(index), "index"],
                           capture_output=True, text=True, env=environment)
    assert built.returncode == 0, built.stderr
    found = Engine(store.current_generation(index), dt.date(2026, 11, 25))
    yield found
    found.close()


def answers(engine: Engine, text: str, limit: int = 10) -> list[tuple[str, str | None]]:
    return [(h.id, h.article) for h in engine.search(text, Options(limit=limit))]


def test_a_question_keeps_the_first_hit_of_the_tiers_and_gains_others_below(engine, monkeypatch):
    fused = {q: answers(engine, q) for q in QUESTIONS}
    monkeypatch.setattr(query_module, "FUSE_MIN_WORDS", 1000)  # the tiers alone
    tiered = {q: answers(engine, q) for q in QUESTIONS}
    assert all(engine.asks(q) for q in QUESTIONS)
    for q in QUESTIONS:
        assert fused[q][0] == tiered[q][0], q
    changed = [q for q in QUESTIONS if fused[q] != tiered[q]]
    assert len(changed) >= len(QUESTIONS) // 2, changed  # the plain ranking does bring other answers up
    assert fused["法官助理要做哪些事"][0] == ("caipan-qianshu", "第十九条")


def test_keywords_keep_the_tiers_alone(engine, monkeypatch):
    assert not any(engine.asks(k) for k in KEYWORDS)
    plain = {k: answers(engine, k) for k in KEYWORDS}
    monkeypatch.setattr(query_module, "FUSE_MIN_WORDS", 1000)
    assert plain == {k: answers(engine, k) for k in KEYWORDS}


@pytest.mark.parametrize("limit", [1, 3, 5])
def test_asking_for_fewer_hits_never_reorders_the_first_ones(engine, limit):
    for q in QUESTIONS:
        assert answers(engine, q, limit) == answers(engine, q, 10)[:limit], q


def test_a_question_mark_makes_a_question(engine):
    assert engine.asks("年假 几天？") and engine.asks("请假 审批?") and not engine.asks("请假 审批")
