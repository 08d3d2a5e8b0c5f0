"""Words that mean the same thing in court and legal writing, so a query finds what the text calls otherwise.

Two kinds: ``synonyms`` (a group of equal words; any finds the others, 审委会 = 审判委员会) and ``expand`` (a
one-way widening, 请假 → 请休假: a query for 请假 also finds 请休假, not the reverse). An institution adds its own
in ``regulations/synonyms.yml`` (documented in docs/guide/search.md); errors in it name the file, line and fix.
"""

from __future__ import annotations

import re
from pathlib import Path

from zhidu.domain.errors import Problem, ZhiduError

SYNONYMS_FILE = "synonyms.yml"

BUILTIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("审委会", "审判委员会"),
    ("检委会", "检察委员会"),
    ("公车", "公务用车"),
    ("党组会", "党组会议"),
    ("院长办公会", "院长办公会议"),
    ("庭务会", "庭务会议"),
    ("年假", "年休假"),
    ("民诉法", "民事诉讼法"),
    ("刑诉法", "刑事诉讼法"),
    ("行诉法", "行政诉讼法"),
    ("人大常委会", "人民代表大会常务委员会"),
    ("纪委", "纪律检查委员会"),
    ("政法委", "政法委员会"),
    ("社保", "社会保险"),
    ("医保", "医疗保险"),
    ("个税", "个人所得税"),
    ("公积金", "住房公积金"),
    ("国赔", "国家赔偿"),
    ("醉驾", "醉酒驾驶"),
    ("法援", "法律援助"),
    # What people say for what laws write (a legal-domain list, not taken from any test query).
    ("交强险", "机动车第三者责任强制保险"),
    ("驾照", "机动车驾驶证"),
    ("家暴", "家庭暴力"),
    ("低保", "最低生活保障"),
    ("刑拘", "刑事拘留"),
    ("老赖", "失信被执行人"),
    ("高利贷", "高利放贷"),
    ("诉讼费", "诉讼费用"),
    ("取保", "取保候审"),
)

BUILTIN_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "请假": ("请休假", "休假", "事假", "病假"),
    "休假": ("请休假", "年休假"),
    "辞职": ("辞去公职", "辞去职务"),
    "加班": ("延长工作时间",),
    "工资": ("劳动报酬",),
    "出差": ("差旅",),
    "酒驾": ("饮酒后驾驶", "醉酒驾驶"),
    "彩礼": ("借婚姻索取财物",),
    "用车": ("派车",),
    "交通肇事": ("交通运输肇事",),
    "肇事逃逸": ("交通运输肇事后逃逸",),
    "欠薪": ("拖欠工资", "拖欠劳动报酬"),
    "限高": ("限制消费",),
}

_WORD = re.compile(r"^[\w\u3400-\u9fff·（）()]{1,30}$")
_SPLIT = re.compile(r"[、,，=＝\s]+")


class SynonymsError(ZhiduError):
    """An error in an institution's synonyms file; ``str()`` is one line naming the file, the line and the fix."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


class Thesaurus:
    """Word → the other words a query for it also looks for."""

    def __init__(self, groups: list[list[str]], expansions: dict[str, list[str]]):
        self.groups = groups
        self.expansions = expansions
        self.related: dict[str, list[str]] = {}
        for group in groups:
            for word in group:
                self._add(word, [w for w in group if w != word])
        for word, targets in expansions.items():
            self._add(word, targets)

    def _add(self, word: str, others: list[str]) -> None:
        known = self.related.setdefault(word, [])
        known += [w for w in others if w not in known and w != word]

    def words(self) -> list[str]:
        """Every word named, for the segmentation dictionary."""
        seen: dict[str, None] = {}
        for word, others in self.related.items():
            seen[word] = None
            seen.update(dict.fromkeys(others))
        return list(seen)

    def to_json(self) -> dict:
        return {"groups": self.groups, "expand": self.expansions}

    @classmethod
    def from_json(cls, data: dict) -> Thesaurus:
        return cls(data.get("groups", []), data.get("expand", {}))


def builtin() -> Thesaurus:
    return Thesaurus([list(g) for g in BUILTIN_SYNONYMS], {k: list(v) for k, v in BUILTIN_EXPANSIONS.items()})


def load(regulations_dir: Path, rel_prefix: str = "regulations") -> Thesaurus:
    """The built-in thesaurus plus the institution's file, if any. Raises SynonymsError on the first error."""
    base = builtin()
    path = regulations_dir / SYNONYMS_FILE
    if not path.is_file():
        return base
    groups, expansions = parse(path.read_bytes(), f"{rel_prefix}/{SYNONYMS_FILE}")
    merged = dict(base.expansions)
    for word, targets in expansions.items():
        merged[word] = list(dict.fromkeys([*merged.get(word, []), *targets]))
    return Thesaurus(base.groups + groups, merged)


def compose(data: bytes, fail, yaml_fix: str):
    """The YAML node of a word-list file beside the regulations (None when it is empty). Bytes that are not UTF-8, or
    text that is not YAML, raise ``fail(line, message, fix)``; ``yaml_fix`` says how to mend this file's YAML."""
    import yaml

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(data[: exc.start].count(b"\n") + 1, "文件不是 UTF-8 编码。", "请用文本编辑器以 UTF-8 编码重新保存该文件。") from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(mark.line + 1 if mark else 1, "YAML 格式有误。", yaml_fix) from None


def parse(data: bytes, rel: str) -> tuple[list[list[str]], dict[str, list[str]]]:
    """(groups, expansions) of a synonyms file."""
    import yaml

    def fail(line: int, message: str, fix: str) -> SynonymsError:
        return SynonymsError(Problem(rel, line, message, fix))

    node = compose(data, fail, "请检查这一行的缩进、冒号和方括号；格式见维护指南“离线检索”一节。")
    if node is None:
        return [], {}
    if not isinstance(node, yaml.MappingNode):
        raise fail(node.start_mark.line + 1, "文件应当由 synonyms: 和 expand: 两部分组成。", "请参照维护指南“离线检索”一节的示例改写。")
    groups: list[list[str]] = []
    expansions: dict[str, list[str]] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if key.value == "synonyms":
            if not isinstance(value, yaml.SequenceNode):
                raise fail(line, "synonyms 应当是列表，每项一组同义词。", "请写成 synonyms: 下面每行一组，如 - [审委会, 审判委员会]。")
            for item in value.value:
                group = _words(item, fail)
                if len(group) < 2:
                    raise fail(item.start_mark.line + 1, f"同义词组“{'、'.join(group)}”只有一个词。", "每组至少写两个词，如 - [审委会, 审判委员会]；多余的行请删除。")
                groups.append(group)
        elif key.value == "expand":
            if not isinstance(value, yaml.MappingNode):
                raise fail(line, "expand 应当是“词: [扩展词, …]”的列表。", "请写成 expand: 下面每行一个，如 请假: [请休假, 事假]。")
            for word_node, targets in value.value:
                word = _words(word_node, fail)
                if len(word) != 1:
                    raise fail(word_node.start_mark.line + 1, "expand 中冒号左边应当是一个词。", "请每行只写一个被扩展的词，如 请假: [请休假, 事假]。")
                expansions.setdefault(word[0], []).extend(_words(targets, fail))
        else:
            guess = "synonyms" if "syn" in str(key.value).lower() else "expand" if "exp" in str(key.value).lower() else ""
            fix = f"是否应为“{guess}”？请改正。" if guess else "只能使用 synonyms（同义词组）和 expand（扩展词）两个字段。"
            raise fail(line, f"未知字段“{key.value}”。", fix)
    return groups, expansions


def _words(node, fail) -> list[str]:
    import yaml

    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        raw = [w for w in _SPLIT.split(str(node.value)) if w]
    elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        raw = [str(n.value).strip() for n in node.value]
    else:
        raise fail(line, "这里应当是用逗号分隔的词语。", "请写成 [词一, 词二] 的形式，词语中不要再嵌套列表或冒号。")
    words: list[str] = []
    for word in raw:
        if not word:
            raise fail(line, "这一行有空的词。", "请删除多余的逗号。")
        if not _WORD.match(word):
            raise fail(line, f"“{word}”不是一个词（含空格或标点，或超过 30 个字）。", "每个词只写汉字、字母或数字，多个词之间用逗号分隔。")
        if word not in words:
            words.append(word)
    return words
