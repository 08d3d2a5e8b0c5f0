"""Read a regulation file's front-matter once: split it off, compose the YAML node tree, keep what was written.

Values are never constructed by PyYAML: its timestamp constructor raises ``ValueError`` on impossible dates
(``2021-13-45``) and its mapping constructor keeps the last of two equal keys. Here every scalar stays the text
the maintainer typed, with the kind YAML would give it and its line; ``parser`` checks it against the schema.
Secrecy is read from the same tree (``secrecy_of``), so the gate that keeps secret files out sees exactly what
the validator sees.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

import yaml

from zhidu.domain.errors import Problem
from zhidu.domain.schema import SECRECY_LEVELS

_TAGS = {
    "tag:yaml.org,2002:str": "str", "tag:yaml.org,2002:int": "int", "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool", "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:timestamp": "timestamp",
}
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Characters no editor shows and YAML refuses; tab, LF and CR are ordinary."""
_FULLWIDTH_COLON_RE = re.compile(r"^[ \t]*([A-Za-z_]+)[ \t]*：")
_NO_SPACE_RE = re.compile(r"^([A-Za-z_]+):(?![ \t]|$)")
_SECRECY_LINE_RE = re.compile(r"^[ \t]*[\"']?secrecy[\"']?[ \t]*[:：][ \t]*[\"']?[ \t]*(" + "|".join(SECRECY_LEVELS) + ")")


@dataclass(frozen=True)
class Scalar:
    """One value as written: its text, the kind YAML reads it as (``str``, ``int``, ``bool``, ``timestamp``…), its line."""

    text: str
    kind: str
    line: int


@dataclass(frozen=True)
class Mapping:
    """A nested mapping where a value belongs (``tags: {a: 1}``); only its line matters, for the message."""

    line: int


Value = Scalar | Mapping | tuple
"""A scalar, a mapping, or a tuple of values (a YAML list)."""


@dataclass(frozen=True)
class FrontMatterSource:
    """The front-matter of one file as written, before the schema is applied."""

    values: tuple[tuple[str, Value, int], ...]
    """(key, value, line) in file order, duplicates included."""
    yaml_line: int
    """The file line of the first YAML line (the one after ``---``)."""
    body_line: int
    """The file line where the body starts."""
    problems: tuple[Problem, ...]
    """Problems of the front-matter's form (no ``---``, broken YAML, duplicate keys), with the file's path."""
    found: bool
    """Whether a front-matter block was found at all (the body is then the rest of the file)."""

    @property
    def lines(self) -> dict[str, int]:
        """The line of the first occurrence of each key."""
        lines: dict[str, int] = {}
        for key, _, line in self.values:
            lines.setdefault(key, line)
        return lines

    @property
    def first(self) -> dict[str, Value]:
        """Each key's first value (a duplicate is an error, so which one is kept only matters for messages)."""
        values: dict[str, Value] = {}
        for key, value, _ in self.values:
            values.setdefault(key, value)
        return values


def read_front_matter(text: str, path: str) -> FrontMatterSource:
    """The front-matter of a normalised file text (``text.normalize_source``); problems name ``path``."""
    source = _read(text)
    if path and source.problems:
        source = dataclasses.replace(source, problems=tuple(dataclasses.replace(p, path=path) for p in source.problems))
    return source


def secrecy_of(text: str) -> str | None:
    """The file's secrecy level when any ``secrecy`` line names a valid one, else None.

    Deliberately generous: a file whose YAML is broken but whose ``secrecy`` line names a level is secret, so that
    nothing of it is shown, not even in messages about its broken front-matter.
    """
    source = _read(text)
    for key, value, _ in source.values:
        if key == "secrecy" and isinstance(value, Scalar) and value.text.strip() in SECRECY_LEVELS:
            return value.text.strip()
    if source.found and not source.problems:
        return None
    head = text[: 20000].split("\n")
    end = next((i for i in range(1, len(head)) if head[i].strip() in ("---", "...")), len(head))
    for line in head[1:end]:
        match = _SECRECY_LINE_RE.match(line)
        if match:
            return match.group(1)
    return None


YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: ten times faster than the pure-Python one, same node tree."""


@functools.lru_cache(maxsize=64)
def _read(text: str) -> FrontMatterSource:
    """Cached: the collection asks for a file's secrecy and then parses it; both read the same tree."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatterSource((), 1, 1, (Problem("", 1, "文件开头没有 front-matter。", "请在第一行写 ---，随后写 title、category、status、effective 等字段，再以一行 --- 结束。"),), False)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return FrontMatterSource((), 2, 1, (Problem("", 1, "front-matter 没有结束标记。", "请在字段之后单独写一行 --- 。"),), False)
    yaml_lines = [CONTROL_RE.sub("", line) for line in lines[1:end]]
    values, problems = _compose(yaml_lines, first_line=2)
    return FrontMatterSource(tuple(values), 2, end + 2, tuple(problems), True)


def _compose(yaml_lines: list[str], first_line: int) -> tuple[list[tuple[str, Value, int]], list[Problem]]:
    # A full-width colon or a missing space is reported on its own line and mended, so that the rest of the
    # front-matter is still read and checked: one mistake on line 6 must not hide an impossible date on line 7.
    mended: list[Problem] = []
    yaml_lines = list(yaml_lines)
    for offset, line in enumerate(yaml_lines):
        match = _FULLWIDTH_COLON_RE.match(line)
        if match:
            mended.append(Problem("", first_line + offset, f"字段名 {match.group(1)} 后面用了全角冒号“：”。", f"请改为半角冒号加一个空格，如 {match.group(1)}: …"))
            yaml_lines[offset] = line[:match.end() - 1] + ": " + line[match.end():].lstrip()
            continue
        match = _NO_SPACE_RE.match(line)
        if match:
            mended.append(Problem("", first_line + offset, f"字段名 {match.group(1)} 的冒号后面缺少空格。", f"请在冒号后加一个空格，如 {match.group(1)}: …"))
            yaml_lines[offset] = line[:match.end()] + " " + line[match.end():]
    values, problems = _compose_mended(yaml_lines, first_line)
    return values, mended + problems


def _compose_mended(yaml_lines: list[str], first_line: int) -> tuple[list[tuple[str, Value, int]], list[Problem]]:
    yaml_text = "\n".join(yaml_lines)
    if not yaml_text.strip():
        return [], []
    try:
        try:
            root = yaml.compose(yaml_text, Loader=YamlLoader)
        except (yaml.YAMLError, UnicodeError):  # libyaml also refuses text Python can hold (lone surrogates)
            # libyaml marks some mistakes elsewhere than PyYAML's own reader; the messages are written against the
            # pure-Python marks, so a broken front-matter is read again by it (rare, and only on error).
            root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        # The context mark is where the unfinished thing (a quote, a bracket) began: the line to look at.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        offset = mark.line if mark is not None else 0
        offset = min(max(offset, 0), len(yaml_lines) - 1)
        bad = yaml_lines[offset]
        if "\t" in bad[: len(bad) - len(bad.lstrip())] or (mark is None and "\t" in yaml_text):
            return [], [Problem("", first_line + offset, "front-matter 中这一行用 Tab 键缩进。", "YAML 只能用空格缩进：请把行首的 Tab 换成空格（字段一般顶格写）。")]
        return [], [Problem("", first_line + offset, "front-matter 的 YAML 格式有误。", "请检查这一行的冒号、缩进和引号：每行写成“字段: 值”，冒号后留一个空格。")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [Problem("", first_line, "front-matter 应当是“字段: 值”的列表。", "请每行写一个字段，如 title: 东港市人民法院……规定。")]
    values: list[tuple[str, Value, int]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem("", line, "字段名应当是一个英文单词，这里却是列表或映射。", "请每行写成“字段: 值”，如 title: 东港市人民法院……规定。"))
            continue
        key = key_node.value
        if key in seen:
            problems.append(Problem("", line, f"字段 {key} 写了两次（第 {seen[key]} 行和第 {line} 行）。", "请删除其中一行，只保留正确的值。"))
        else:
            seen[key] = line
        values.append((key, _value(value_node, first_line), line))
    return values, problems


def _value(node: yaml.Node, first_line: int, depth: int = 0) -> Value:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        kind = _TAGS.get(node.tag, "other")
        return Scalar(node.value, "null" if kind == "str" and node.value == "" and not node.style else kind, line)
    if isinstance(node, yaml.SequenceNode) and depth < 2:
        return tuple(_value(item, first_line, depth + 1) for item in node.value)
    return Mapping(line)
