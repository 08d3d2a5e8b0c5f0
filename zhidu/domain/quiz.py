"""学习自测: questions generated from a study pack's articles by written rules, as pure functions.

Two kinds, each made from one sentence of an article in force (text between 。；！？ or line breaks):

* 填空 (``blank``): a number with its unit — a limit, a time span, an amount (离岗时间不得超过____分钟) — or the body
  that approves or decides (超过七日的，由____审批). The blanked words occur once in the sentence, so the answer is
  unique and is the article's own words.
* 判断 (``truefalse``): a sentence with exactly one 应当 or 不得 (or 禁止/必须), shown as written (对) or with the
  modal word flipped (错: 不得 ↔ 应当, 禁止 → 可以, 必须 → 不必).

Which candidates become questions, and which true/false ones are flipped, is drawn with a random generator seeded
by the pack's ``seed``, its name and the effective dates of the texts used: the same pack on the same texts gives
the same quiz on every build; a revised text gives a new one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from zhidu.domain.model import Article, Regulation
from zhidu.domain.numerals import NUMERAL_CHARS, cn_to_int, int_to_cn
from zhidu.domain.roles import sentences

BLANK, TRUEFALSE = "blank", "truefalse"
KIND_LABELS = {BLANK: "填空题", TRUEFALSE: "判断题"}
GAP = "____"
TRUE, FALSE = "对", "错"

UNITS = ("个工作日", "个月", "个小时", "小时", "分钟", "工作日", "日", "天", "周", "年", "万元", "元", "次", "人", "名", "公里", "倍", "%")
_NUMBER = re.compile(rf"(?<![{NUMERAL_CHARS}0-9第.])([{NUMERAL_CHARS}]+|\d+(?:\.\d+)?)(?={'|'.join(map(re.escape, UNITS))})")
_BODY = re.compile(r"(?:由|报|经)([^，。；、：“”《》（）\s]{2,14}?)(审批|批准|决定|审定)")
_FLIPS = {"不得": "应当", "应当": "不得", "禁止": "可以", "必须": "不必"}
_MODAL = re.compile("|".join(_FLIPS))


@dataclass(frozen=True)
class QuizSettings:
    """``quiz`` of a study pack: the seed and how many questions of each kind."""

    seed: int
    blank: int
    truefalse: int

    @property
    def count(self) -> int:
        return self.blank + self.truefalse


@dataclass
class Question:
    kind: str
    prompt: str
    """The sentence as asked: with ``GAP`` for a blank, or the (possibly flipped) statement to judge."""
    answer: str
    """The blanked words, or 对/错."""
    source: str
    """The sentence as the article says it."""
    regulation: Regulation
    article: Article
    accept: tuple[str, ...] = ()
    """Other spellings a browser accepts for a blank (12 for 十二)."""
    number: int = 0

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def where(self) -> str:
        return f"《{self.regulation.meta.short_title}》{self.article.label}"


def _alternatives(answer: str) -> tuple[str, ...]:
    try:
        if answer.isdigit():
            return (int_to_cn(int(answer)),)
        if all(ch in NUMERAL_CHARS for ch in answer):
            return (str(cn_to_int(answer)),)
    except (ValueError, KeyError):
        pass
    return ()


_ITEM_MARK = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*")


def quiz_sentences(article: Article) -> list[str]:
    """The article's sentences as a question states them: an item's number ("（二）") is left out."""
    return [_ITEM_MARK.sub("", text) for text in sentences(article.text)]


def blank_candidates(regulation: Regulation, article: Article) -> list[Question]:
    found = []
    for sentence in quiz_sentences(article):
        spans = [m.span(1) for m in _NUMBER.finditer(sentence)] + [m.span(1) for m in _BODY.finditer(sentence)]
        for start, end in spans:
            answer = sentence[start:end]
            if sentence.count(answer) != 1 or re.fullmatch(r"\d{4}", answer):
                continue  # the blank must be unambiguous; a year is a date, not a rule
            prompt = sentence[:start] + GAP + sentence[end:]
            found.append(Question(BLANK, prompt, answer, sentence, regulation, article, _alternatives(answer)))
    return found


def truefalse_candidates(regulation: Regulation, article: Article) -> list[Question]:
    found = []
    for sentence in quiz_sentences(article):
        modals = _MODAL.findall(sentence)
        if len(modals) != 1 or len(sentence) < 10:
            continue
        found.append(Question(TRUEFALSE, sentence, TRUE, sentence, regulation, article))
    return found


def _flip(question: Question) -> Question:
    match = _MODAL.search(question.source)
    assert match is not None
    prompt = question.source[:match.start()] + _FLIPS[match.group(0)] + question.source[match.end():]
    return Question(TRUEFALSE, prompt, FALSE, question.source, question.regulation, question.article)


def generate(settings: QuizSettings, name: str, articles: list[tuple[Regulation, Article]]) -> list[Question]:
    """The quiz of a pack from its articles in force (the caller leaves out pending and repealed texts)."""
    versions = sorted({f"{regulation.id}@{regulation.meta.effective.isoformat()}" for regulation, _ in articles})
    rng = random.Random(f"{settings.seed}:{name}:{','.join(versions)}")
    blanks = [q for regulation, article in articles for q in blank_candidates(regulation, article)]
    judged = [q for regulation, article in articles for q in truefalse_candidates(regulation, article)]
    chosen = _spread(blanks, settings.blank, rng)
    used = {q.source for q in chosen}
    chosen += [q if rng.random() < 0.5 else _flip(q) for q in _spread([q for q in judged if q.source not in used], settings.truefalse, rng)]
    rng.shuffle(chosen)
    for index, question in enumerate(chosen, 1):
        question.number = index
    return chosen


def _spread(candidates: list[Question], count: int, rng: random.Random) -> list[Question]:
    """``count`` candidates, at most one per sentence, spread first over the regulations, then over their articles."""
    pool = list(candidates)
    rng.shuffle(pool)
    picked: list[Question] = []
    sentences_used: set[str] = set()
    for spread in ("regulation", "article", "sentence"):
        places: set = {_place(q, spread) for q in picked}
        for question in pool:
            if len(picked) >= count:
                return picked
            place = _place(question, spread)
            if question.source in sentences_used or place in places:
                continue
            picked.append(question)
            sentences_used.add(question.source)
            places.add(place)
    return picked


def _place(question: Question, spread: str) -> object:
    if spread == "regulation":
        return question.regulation.id
    if spread == "article":
        return (question.regulation.id, question.article.key)
    return question.source
