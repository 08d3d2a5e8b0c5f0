"""Study packs (学习材料): small YAML files under ``regulations/study/`` that say what a study session reads.

A pack names whole regulations or single articles by id, and may ask for the comparison tables of every listed
regulation revised since a date. Every mistake is reported with the file, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zhidu.corpus.collection import Collection, relative
from zhidu.domain.errors import Problem, Severity, ZhiduError
from zhidu.domain.model import Article
from zhidu.domain.numerals import NUMERAL_CHARS, cn_to_int  # digits allowed too: 12 or 第十二条
from zhidu.domain.parser import ID_PATTERN
from zhidu.domain.quiz import QuizSettings

STUDY_FOLDER = "study"
KEYS = {"title": "标题", "date": "学习日期", "intro": "说明", "changes_since": "修订对照的起始日期", "items": "学习内容", "quiz": "学习自测"}
QUIZ_KEYS = {"seed": "随机种子", "count": "题数", "mix": "各类题数"}
MIX_KEYS = {"blank": "填空题", "truefalse": "判断题"}
ITEM_KEYS = {"regulation": "制度编号", "articles": "条文"}
_N = f"[{NUMERAL_CHARS}0-9]+"
_ONE = re.compile(rf"^第?({_N})条?(?:之({_N}))?$")
_RANGE = re.compile(rf"^第?({_N})条?\s*(?:至|到|-|—|～|~)\s*第?({_N})条?$")


class StudyPackInvalid(ZhiduError):
    """A study pack definition has mistakes; ``problems`` lists each with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"学习材料定义中有 {len(problems)} 处错误，请逐条改正后重新构建：\n" + "\n".join(p.format() for p in problems))


@dataclass
class PackItem:
    regulation: str
    articles: list[tuple[int, int]] | None
    """None: the whole regulation; otherwise (number, sub) of each article, in the order given."""
    line: int


@dataclass
class StudyPack:
    name: str
    path: str
    title: str
    date: dt.date
    intro: str = ""
    changes_since: dt.date | None = None
    items: list[PackItem] = field(default_factory=list)
    quiz: QuizSettings | None = None
    """``quiz``: the self-test generated from the pack's articles (学习自测), when asked for."""

    @property
    def pdf(self) -> str:
        return f"pdf/study/{self.name}.pdf"


def pack_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def load_packs(folder: Path, root: Path, collection: Collection) -> list[StudyPack]:
    """Every pack in ``folder``, validated against the published collection; raises ``StudyPackInvalid``."""
    packs: list[StudyPack] = []
    problems: list[Problem] = []
    for path in pack_files(folder):
        pack = load_pack(path, relative(path, root), collection, problems)
        if pack is not None:
            packs.append(pack)
    if any(p.is_error for p in problems):
        raise StudyPackInvalid(problems)
    return sorted(packs, key=lambda p: (p.date, p.name), reverse=True)


def _suggest(key: str, known: dict[str, str]) -> str:
    guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
    if guess:
        return f"是否应为“{guess[0]}”？"
    return "可用字段：" + "、".join(f"{k}（{v}）" for k, v in known.items()) + "。"


def _mapping(node: yaml.Node, rel: str, problems: list[Problem], known: dict[str, str], what: str) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(rel, node.start_mark.line + 1, f"{what}应当是“字段: 值”的形式。", "请参照维护指南中的学习材料示例改写。"))
        return None
    fields: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in known:
            problems.append(Problem(rel, key_node.start_mark.line + 1, f"未知字段“{key}”。", _suggest(key, known)))
            continue
        fields[key] = value_node
    return fields


def _unknown_keys(node: yaml.Node) -> list[str]:
    return [str(k.value) for k, _ in node.value if str(k.value) not in KEYS] if isinstance(node, yaml.MappingNode) else []


def _date(node: yaml.Node | None, key: str, rel: str, problems: list[Problem]) -> dt.date | None:
    if node is None:
        return None
    text = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(rel, node.start_mark.line + 1, f"{key}（{KEYS[key]}）“{text}”不是有效日期。", "请写成 YYYY-MM-DD，如 2026-12-03。"))
        return None


def _text(node: yaml.Node | None) -> str:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) and node.value is not None else ""


def load_pack(path: Path, rel: str, collection: Collection, problems: list[Problem]) -> StudyPack | None:
    before = len(problems)
    name = path.stem
    if not ID_PATTERN.match(name):
        problems.append(Problem(rel, 1, f"文件名“{path.name}”不能用作网址。", "文件名只能用小写英文字母、数字和 -，如 2026-12-jizhong.yml。"))
    try:
        text = path.read_bytes().decode("utf-8-sig")
        root_node = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        problems.append(Problem(rel, 1, "文件不是 UTF-8 编码。", "请用文本编辑器以 UTF-8 编码重新保存该文件。"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(rel, mark.line + 1 if mark else 1, "YAML 格式有误。", "请检查这一行的冒号、缩进和引号：每行写成“字段: 值”，冒号后留一个空格。"))
        return None
    if root_node is None:
        problems.append(Problem(rel, 1, "文件是空的。", "请至少写 title、date 和 items 三个字段。"))
        return None
    fields = _mapping(root_node, rel, problems, KEYS, "学习材料")
    if fields is None:
        return None
    misspelt = {g for key in _unknown_keys(root_node) for g in difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.5)}
    for key in ("title", "date", "items"):
        if key not in fields and key not in misspelt:  # a misspelt key already has its message
            problems.append(Problem(rel, 1, f"缺少必填字段 {key}（{KEYS[key]}）。", "请参照维护指南中的学习材料示例补上。"))
    title = _text(fields.get("title"))
    if "title" in fields and not title:
        problems.append(Problem(rel, fields["title"].start_mark.line + 1, "title（标题）是空的。", "请写上学习材料的标题。"))
    date = _date(fields.get("date"), "date", rel, problems)
    since = _date(fields.get("changes_since"), "changes_since", rel, problems)
    items = _items(fields.get("items"), rel, collection, problems)
    quiz = _quiz(fields["quiz"], rel, problems) if "quiz" in fields else None
    if len(problems) > before or date is None:
        return None
    return StudyPack(name, rel, title, date, _text(fields.get("intro")), since, items, quiz)


QUIZ_EXAMPLE = "写成 quiz: 下面缩进的 seed: 2026、count: 10、mix: {blank: 6, truefalse: 4} 三行，见维护指南“学习自测”一章。"


def _int(node: yaml.Node, what: str, low: int, high: int, rel: str, problems: list[Problem]) -> int | None:
    text = _text(node)
    if not isinstance(node, yaml.ScalarNode) or not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
        problems.append(Problem(rel, node.start_mark.line + 1, f"{what}“{text}”无效。", f"请写 {low} 到 {high} 之间的整数。"))
        return None
    return int(text)


def _quiz(node: yaml.Node, rel: str, problems: list[Problem]) -> QuizSettings | None:
    """``quiz``: seed (any whole number), count (1–100) and mix (how many of each kind; they add up to count)."""
    fields = _mapping(node, rel, problems, QUIZ_KEYS, "quiz（学习自测）")
    if fields is None:
        return None
    line = node.start_mark.line + 1
    if "seed" not in fields:
        problems.append(Problem(rel, line, "quiz（学习自测）缺少 seed（随机种子）。", "请写一个整数，如 seed: 2026；同一学习材料、同一制度文本，出的题总是相同，换一个数就换一套题。"))
        return None
    seed = _int(fields["seed"], "seed（随机种子）", 0, 10**9, rel, problems)
    count = _int(fields["count"], "count（题数）", 1, 100, rel, problems) if "count" in fields else None
    mix: dict[str, int] = {}
    if "mix" in fields:
        kinds = _mapping(fields["mix"], rel, problems, MIX_KEYS, "mix（各类题数）")
        if kinds is None:
            return None
        for key, value in kinds.items():
            number = _int(value, f"mix.{key}（{MIX_KEYS[key]}数）", 0, 100, rel, problems)
            if number is None:
                return None
            mix[key] = number
    if seed is None or ("count" in fields and count is None):
        return None
    if count is None and not mix:
        problems.append(Problem(rel, line, "quiz（学习自测）没有写题数。", QUIZ_EXAMPLE))
        return None
    if not mix and count is not None:  # only a count: about half and half, blanks first
        mix = {"blank": count - count // 2, "truefalse": count // 2}
    blank, truefalse = mix.get("blank", 0), mix.get("truefalse", 0)
    if count is not None and blank + truefalse != count:
        problems.append(Problem(rel, fields["mix"].start_mark.line + 1, f"mix（各类题数）合计 {blank + truefalse} 道，与 count（题数）{count} 道不一致。", "请改正其中之一，使各类题数之和等于题数。"))
        return None
    if blank + truefalse == 0:
        problems.append(Problem(rel, line, "quiz（学习自测）的题数是 0。", QUIZ_EXAMPLE))
        return None
    return QuizSettings(seed, blank, truefalse)


def _items(node: yaml.Node | None, rel: str, collection: Collection, problems: list[Problem]) -> list[PackItem]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(Problem(rel, node.start_mark.line + 1, "items（学习内容）应当是一个列表，每项以“- regulation: 制度编号”开头。", "请参照维护指南中的学习材料示例改写。"))
        return []
    items: list[PackItem] = []
    seen: dict[str, int] = {}
    for entry in node.value:
        line = entry.start_mark.line + 1
        fields: dict[str, Any] | None
        if isinstance(entry, yaml.ScalarNode):  # "- kaoqin" is accepted as the short form of a whole regulation
            fields = {"regulation": entry}
        else:
            fields = _mapping(entry, rel, problems, ITEM_KEYS, "学习内容的每一项")
            if fields is None:
                continue
        reg_id = _text(fields.get("regulation"))
        if not reg_id:
            problems.append(Problem(rel, line, "这一项没有写 regulation（制度编号）。", "请写成“- regulation: 制度编号”，编号就是制度文件名（不含 .md）。"))
            continue
        regulation = collection.regulations.get(reg_id)
        broken = None if regulation is not None else _broken_file(collection, reg_id)
        if broken is not None:  # the regulation's own errors are reported already; the pack is not to blame
            problems.append(Problem(
                rel, fields["regulation"].start_mark.line + 1, f"制度“{reg_id}”的文件 {broken} 有错误，暂时无法核对这一项。",
                "请先按该文件的错误信息改正它。", Severity.WARNING,
            ))
            continue
        if regulation is None:
            guess = difflib.get_close_matches(reg_id, list(collection.regulations), n=1, cutoff=0.6)
            fix = f"是否应为“{guess[0]}”？" if guess else "编号就是 regulations/ 中制度文件的文件名（不含 .md）。"
            problems.append(Problem(rel, fields["regulation"].start_mark.line + 1, f"没有编号为“{reg_id}”的已公开制度。", fix))
            continue
        if reg_id in seen:
            problems.append(Problem(rel, line, f"制度“{reg_id}”在第 {seen[reg_id]} 行已经列过。", "请把同一制度要学的条文写在同一项的 articles 中。"))
            continue
        seen[reg_id] = line
        articles = None
        if "articles" in fields:
            articles = _articles(fields["articles"], rel, regulation.articles, problems)
            if articles is None:
                continue
        items.append(PackItem(reg_id, articles, line))
    return items


def _broken_file(collection: Collection, reg_id: str) -> str | None:
    """The path of the regulation file named ``reg_id`` when it has errors (and so is not in the collection)."""
    for problem in collection.errors:
        if problem.path.rsplit("/", 1)[-1] == f"{reg_id}.md":
            return problem.path
    return None


def _articles(node: yaml.Node, rel: str, existing: list[Article], problems: list[Problem]) -> list[tuple[int, int]] | None:
    values = node.value if isinstance(node, yaml.SequenceNode) else [node]
    keys = [a.key for a in existing]
    span = f"该制度现行文本为{existing[0].label}至{existing[-1].label}。" if existing else "该制度没有条文，请删除 articles，学习整项制度。"
    chosen: list[tuple[int, int]] = []
    ok = True
    for value in values:
        line = value.start_mark.line + 1
        text = re.sub(r"\s+", "", _text(value)) if isinstance(value, yaml.ScalarNode) else ""
        wanted = _parse_article_spec(text, keys)
        if wanted is None:
            problems.append(Problem(rel, line, f"看不懂条文“{text}”。", "请写成 第十二条、第十二条之一、12 或 第三条至第五条。"))
            ok = False
            continue
        missing = [k for k in wanted if k not in keys]
        if missing or not wanted:
            label = Article(*(missing[0] if missing else (0, 0)), [], 0).label if missing else text
            problems.append(Problem(rel, line, f"该制度没有{label}。", span))
            ok = False
            continue
        chosen += [k for k in wanted if k not in chosen]
    if not ok:
        return None
    return chosen


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def _parse_article_spec(text: str, keys: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    try:
        if match := _ONE.match(text):
            return [(_number(match.group(1)), _number(match.group(2)) if match.group(2) else 0)]
        if match := _RANGE.match(text):
            first, last = _number(match.group(1)), _number(match.group(2))
            if last < first:
                return None
            inside = [k for k in keys if first <= k[0] <= last]
            ends = [(n, 0) for n in (first, last) if (n, 0) not in inside]
            return ends + inside if ends else inside
    except ValueError:
        return None
    return None
