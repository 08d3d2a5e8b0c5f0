"""问法: questions people asked, each with the articles that answer it, indexed with those articles.

Lay questions and the articles that answer them rarely share words (借钱不还过几年就不能起诉了 / 诉讼时效期间为三年).
A question log bridges them the way a search engine's click log does: the words of every question known to be answered
by an article are indexed with that article (document expansion), so that the next question asked the same way finds
it, in both front ends, through the one analysis (``search.documents.indexed_text``).

Two sources, merged:

- **built in** (``data/asked.jsonl``): lay questions about Chinese law written by non-lawyers, each with the articles
  that answer it — the tuning part of STARD's training questions (THUIR 2024, MIT licence; ``benchmarks.relevance``
  splits them: the frozen third is never shipped, so that it measures what this table does for questions it does not
  hold). They attach to the laws of the shelf (民法典, 劳动合同法 …) when a site carries them.
- **the institution's** (``regulations/questions.yml``): officers' own questions and the articles of the court's own
  rules that answer them, kept by the clerks (docs/guide/search.md). Errors name the file, the line and the fix.

An article is named as people cite it: a title (or short title, or alias) and 第…条, ``中华人民共和国民法典第一百八十八条``
or ``考勤管理办法第六条``. Names are compared without 中华人民共和国, 《》 and spaces, with full-width brackets folded; a
name that a title begins with followed by a bracket (民法典 → 民法典（总则编）) names that title too, when it has the article.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.thesaurus import compose
from zhidu.domain.errors import Problem, ZhiduError
from zhidu.domain.numerals import NUMERAL, cn_to_int
from zhidu.urls import article_anchor

ASKED_FILE = "questions.yml"
"""The institution's own question log, in ``regulations/``."""
BUILTIN = Path(__file__).with_name("data") / "asked.jsonl"
STATE = "中华人民共和国"
_NAME = re.compile(rf"^(?P<name>.+?)第(?P<num>{NUMERAL}|[0-9]+)条(?:之(?P<sub>{NUMERAL}|[0-9]+))?$")


class AskedError(ZhiduError):
    """An error in ``regulations/questions.yml``; ``str()`` is one line naming the file, the line and the fix."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def name_key(name: str) -> str:
    """A regulation's name as names are compared: NFKC (full-width brackets folded), without 《》, spaces and
    中华人民共和国."""
    text = unicodedata.normalize("NFKC", name)
    return re.sub(r"[《》<>\s\u3000\u200b]", "", text).replace(STATE, "")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_article_name(name: str) -> tuple[str, str] | None:
    """``中华人民共和国民法典第五十四条`` → (name key ``民法典``, anchor ``art-54``); None when it names no article."""
    match = _NAME.match(unicodedata.normalize("NFKC", name).strip())
    if not match:
        return None
    sub = match.group("sub")
    return name_key(match.group("name")), article_anchor(_number(match.group("num")), _number(sub) if sub else 0)


@dataclass(frozen=True)
class Asked:
    """One question and the articles that answer it."""

    question: str
    articles: tuple[str, ...]
    source: str
    """Where it was written: ``regulations/questions.yml:12``, or the built-in table."""


@dataclass
class AskedTable:
    """Questions by the article they are answered by."""

    entries: list[Asked] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name: dict[str, dict[str, list[str]]] = {}
        for entry in self.entries:
            for name in entry.articles:
                parsed = parse_article_name(name)
                if parsed is not None:
                    key, anchor = parsed
                    self._by_name.setdefault(key, {}).setdefault(anchor, []).append(entry.question)

    def digest(self) -> str:
        """Changes whenever an entry does: an index made with another table is rebuilt."""
        data = json.dumps([[e.question, list(e.articles)] for e in self.entries], ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]

    def questions(self, names: Iterable[str], anchors: Iterable[str]) -> dict[str, list[str]]:
        """The questions answered by articles (by anchor) of a regulation known by ``names`` (title first)."""
        keys = [name_key(n) for n in names if n]
        wanted: set[str] = set()
        for key in keys:
            wanted.add(key)
            if "(" in key:  # 民法典(总则编) is also named 民法典
                wanted.add(key.split("(", 1)[0])
        found: dict[str, list[str]] = {}
        have = set(anchors)
        for key in sorted(wanted):
            for anchor, questions in self._by_name.get(key, {}).items():
                if anchor in have:
                    listed = found.setdefault(anchor, [])
                    listed += [q for q in questions if q not in listed]
        return found

    def unmatched(self, names_and_anchors: Iterable[tuple[Iterable[str], Iterable[str]]]) -> list[tuple[Asked, str]]:
        """(entry, article name) of the institution's entries whose article is in none of the regulations given as
        (names, anchors): a title misspelt or an article number that does not exist."""
        seen: set[tuple[str, str]] = set()
        for names, anchors in names_and_anchors:
            keys = {name_key(n) for n in names if n}
            keys |= {k.split("(", 1)[0] for k in keys if "(" in k}
            seen.update((k, a) for k in keys for a in anchors)
        out = []
        for entry in self.entries:
            if entry.source == "builtin":
                continue
            for name in entry.articles:
                if parse_article_name(name) not in seen:
                    out.append((entry, name))
        return out


def unmatched_problems(table: AskedTable, regulations: Iterable) -> list[Problem]:
    """A hint (file, line, fix) for each article named in the institution's log that none of ``regulations``
    (parsed ``zhidu.domain.model.Regulation``s) has."""
    from zhidu.domain.errors import Severity
    from zhidu.domain.model import Article

    known = [([r.meta.title, r.meta.short_title, *r.meta.aliases], [i.anchor for i in r.body if isinstance(i, Article) and i.anchor])
             for r in regulations]
    problems = []
    for entry, name in table.unmatched(known):
        path, _, line = entry.source.rpartition(":")
        problems.append(Problem(path, int(line), f"问法“{entry.question}”的答案“{name}”找不到（标题不对，或没有这一条）。",
                                f"请核对制度标题（可用简称）和条号；{ASKED_FILE} 的写法见维护指南“离线检索”一节。", Severity.WARNING))
    return problems


def builtin_entries() -> list[Asked]:
    entries = []
    for line in BUILTIN.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            entries.append(Asked(row["question"], tuple(row["articles"]), "builtin"))
    return entries


def builtin() -> AskedTable:
    return AskedTable(builtin_entries())


def load(regulations_dir: Path, rel_prefix: str = "regulations") -> AskedTable:
    """The built-in questions plus the institution's file, if any. Raises AskedError on the first error."""
    entries = builtin_entries()
    path = regulations_dir / ASKED_FILE
    if path.is_file():
        entries += parse(path.read_bytes(), f"{rel_prefix}/{ASKED_FILE}")
    return AskedTable(entries)


_GUIDE = "格式见维护指南“离线检索”一节"


def parse(data: bytes, rel: str) -> list[Asked]:
    """The entries of a question log::

        - 问: 请假要谁批准
          答: 考勤管理办法第六条
        - 问: 年假有几天
          答: [考勤管理办法第九条, 职工带薪年休假条例第三条]
    """
    import yaml

    def fail(line: int, message: str, fix: str) -> AskedError:
        return AskedError(Problem(rel, line, message, fix))

    node = compose(data, fail, f"请检查这一行的缩进、冒号和短横线；{_GUIDE}。")  # the synonyms file's reading
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise fail(node.start_mark.line + 1, "文件应当是一个列表，每项以“- 问:”开头。", f"请参照示例改写；{_GUIDE}。")
    entries: list[Asked] = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise fail(line, "这一项应当写成“问:”和“答:”两行。", "如：- 问: 请假要谁批准  换行后  答: 考勤管理办法第六条。")
        fields: dict[str, object] = {}
        for key, value in item.value:
            if key.value not in ("问", "答"):
                raise fail(key.start_mark.line + 1, f"未知字段“{key.value}”。", "每项只能有“问”（干警的问法）和“答”（回答它的条文）两个字段。")
            fields[key.value] = value
        question = fields.get("问")
        answer = fields.get("答")
        if not isinstance(question, yaml.ScalarNode) or not str(question.value).strip():
            raise fail(line, "这一项缺少“问”，或“问”不是一句话。", "请写上干警会怎么问，如：问: 请假要谁批准。")
        if isinstance(answer, yaml.ScalarNode) and str(answer.value).strip():
            names = [str(answer.value).strip()]
            answer_line = answer.start_mark.line + 1
        elif isinstance(answer, yaml.SequenceNode) and answer.value and all(isinstance(n, yaml.ScalarNode) for n in answer.value):
            names = [str(n.value).strip() for n in answer.value]
            answer_line = answer.start_mark.line + 1
        else:
            raise fail(line, "这一项缺少“答”，或“答”不是条文名称。", "请写上回答它的条文，如：答: 考勤管理办法第六条；多条写成 [甲办法第六条, 乙规定第三条]。")
        for name in names:
            if parse_article_name(name) is None:
                raise fail(answer_line, f"“{name}”不是条文名称。", "请写成“制度标题第几条”，如 考勤管理办法第六条（标题可用简称，不加书名号也可以）。")
        entries.append(Asked(str(question.value).strip(), tuple(names), f"{rel}:{line}"))
    return entries
