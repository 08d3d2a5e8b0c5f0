"""学习自测: questions from generated regulations, the pack's quiz settings, and the sheet against its key."""

from __future__ import annotations

import re

import pytest
from sitekit import regulation as reg_text

from zhidu.domain.errors import Problem
from zhidu.domain.parser import parse_regulation
from zhidu.domain.quiz import BLANK, FALSE, GAP, TRUE, TRUEFALSE, QuizSettings, generate, quiz_sentences

ARTICLES = [
    "工作人员离岗时间不得超过三十分钟。",
    "请假不超过三日的，由部门负责人审批；超过七日的，由院长审批。",
    "工作人员应当在每日八时三十分前签到。",
    "事假全年累计不得超过十五天。",
    "年休假由政治部统一安排，工作人员应当服从安排。",
    "对考勤有异议的，可以在五个工作日内申请复核。",
]


def parse(articles=ARTICLES, reg_id="kaoqin"):
    body = "\n\n".join(f"第{'一二三四五六七八九十'[i]}条 {text}" for i, text in enumerate(articles))
    regulation, problems = parse_regulation(reg_text("东港市人民法院考勤规定", body), f"regulations/{reg_id}.md", "东港市人民法院", reg_id)
    assert regulation is not None and not [p for p in problems if p.is_error]
    return regulation


def quiz(seed=7, blank=4, truefalse=3, name="pack"):
    regulation = parse()
    return generate(QuizSettings(seed, blank, truefalse), name, [(regulation, a) for a in regulation.articles])


def test_blank_answers_are_unique_and_are_the_articles_own_words():
    questions = [q for q in quiz() if q.kind == BLANK]
    assert len(questions) == 4
    for q in questions:
        assert q.prompt.count(GAP) == 1
        assert q.source.count(q.answer) == 1  # one place in the sentence: the answer is unique
        assert q.prompt.replace(GAP, q.answer) == q.source and q.source in quiz_sentences(q.article)
        assert q.answer in q.article.text


def test_rules_find_numbers_limits_and_approving_bodies():
    from zhidu.domain.quiz import blank_candidates

    regulation = parse()
    found = {(q.article.number, q.answer) for a in regulation.articles for q in blank_candidates(regulation, a)}
    assert {(1, "三十"), (2, "部门负责人"), (2, "院长"), (4, "十五"), (6, "五")} <= found
    assert not any(answer == "2021" for _, answer in found)  # a year is a date, never a blank
    prompts = {q.prompt for a in regulation.articles for q in blank_candidates(regulation, a)}
    assert "工作人员离岗时间不得超过____分钟。" in prompts and "超过七日的，由____审批。" in prompts


def test_true_false_flip_the_modal_word():
    questions = [q for q in quiz(seed=3, blank=0, truefalse=4) if q.kind == TRUEFALSE]
    assert len(questions) == 4 and {q.answer for q in questions} <= {TRUE, FALSE}
    for q in questions:
        if q.answer == TRUE:
            assert q.prompt == q.source
        else:
            assert q.prompt != q.source and re.sub("应当|不得|可以|不必|禁止|必须", "", q.prompt) == re.sub("应当|不得|可以|不必|禁止|必须", "", q.source)
        assert q.source in q.article.text


def test_same_seed_same_quiz_other_seed_other_quiz():
    first = [(q.kind, q.prompt, q.answer) for q in quiz(seed=11)]
    assert first == [(q.kind, q.prompt, q.answer) for q in quiz(seed=11)]
    assert any(first != [(q.kind, q.prompt, q.answer) for q in quiz(seed=s)] for s in (12, 13, 14))
    numbers = [q.number for q in quiz()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6


def test_a_revised_text_gives_a_new_draw():
    regulation = parse()
    later = parse()
    later.meta.effective = later.meta.effective.replace(year=2025)
    a = generate(QuizSettings(5, 4, 3), "p", [(regulation, x) for x in regulation.articles])
    b = generate(QuizSettings(5, 4, 3), "p", [(later, x) for x in later.articles])
    assert sorted(q.prompt for q in a if q.kind == BLANK) != sorted(q.prompt for q in b if q.kind == BLANK) or [q.prompt for q in a] != [q.prompt for q in b]


def load(tmp_path, quiz_yaml):
    from zhidu.corpus.collection import build_collection
    from zhidu.printing.studypack import load_pack

    regulation = parse()
    collection = build_collection(tmp_path, {"kaoqin": regulation})
    path = tmp_path / "p.yml"
    path.write_text("title: 学习\ndate: 2026-12-03\nitems:\n  - kaoqin\n" + quiz_yaml, encoding="utf-8")
    problems: list[Problem] = []
    return load_pack(path, "regulations/study/p.yml", collection, problems), problems


def test_quiz_settings_are_read_from_the_pack(tmp_path):
    pack, problems = load(tmp_path, "quiz:\n  seed: 9\n  count: 5\n  mix: {blank: 3, truefalse: 2}\n")
    assert problems == [] and pack.quiz == QuizSettings(9, 3, 2)
    pack, _ = load(tmp_path, "quiz:\n  seed: 9\n  count: 5\n")
    assert pack.quiz == QuizSettings(9, 3, 2)


@pytest.mark.parametrize(("quiz_yaml", "line", "expected"), [
    ("quiz:\n  count: 5\n", 6, "缺少 seed"),
    ("quiz:\n  seed: 9\n  count: 500\n", 7, "count（题数）“500”无效"),
    ("quiz:\n  seed: 9\n  count: 5\n  mix: {blank: 3, truefalse: 3}\n", 8, "合计 6 道，与 count（题数）5 道不一致"),
    ("quiz:\n  seed: 9\n  count: 5\n  mix: {blank: 3, judge: 2}\n", 8, "未知字段“judge”"),
    ("quiz:\n  sed: 9\n", 6, "未知字段“sed”"),
])
def test_bad_quiz_settings_name_the_line_and_the_fix(tmp_path, quiz_yaml, line, expected):
    pack, problems = load(tmp_path, quiz_yaml)
    assert pack is None
    assert any(p.line == line and expected in p.message for p in problems), [p.format() for p in problems]


def test_the_key_matches_the_sheet():
    from zhidu.printing.quiz import quiz_html
    from zhidu.printing.studypack import StudyPack

    questions = quiz()
    pack = StudyPack("pack", "regulations/study/pack.yml", "学习", __import__("datetime").date(2026, 12, 3))
    sheet = re.sub(r"<[^>]+>", "", quiz_html(pack, questions, "东港市人民法院", answers=False))
    key = re.sub(r"<[^>]+>", "", quiz_html(pack, questions, "东港市人民法院", answers=True))
    for q in questions:
        first = q.prompt.split(GAP)[0] if q.kind == BLANK else q.prompt
        assert sheet.index(first) > 0 and key.index(first) > 0
        assert f"答案：{q.answer}。出处：{q.where}" in key
        assert f"答案：{q.answer}" not in sheet
    order = [q.prompt.split(GAP)[0] for q in questions]
    assert sorted(order, key=sheet.index) == order == sorted(order, key=key.index)
