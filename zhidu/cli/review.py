"""``python -m zhidu diff``: a change to ``regulations/`` shown article by article, with character marks.

``git diff`` shows a one-character fix in a Chinese paragraph as a whole replaced line; this compares the two
texts of each changed regulation file with the site's comparison engine (``zhidu.domain.compare``) instead, so a clerk
sees which article changed and which characters, before committing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from zhidu.corpus.collection import secrecy_of
from zhidu.domain.compare import compare, inline_diff
from zhidu.domain.errors import ZhiduError
from zhidu.domain.model import Heading, Regulation
from zhidu.domain.parser import parse_regulation, split_front_matter
from zhidu.domain.schema import FIELDS_BY_NAME
from zhidu.domain.text import normalize_source

FOLDER = "regulations"

Mark = Callable[[str, str], str]
"""How one piece of a character diff is written: (``equal``/``delete``/``insert``, text) → output text."""


class GitError(ZhiduError):
    """git could not answer (not a repository, an unknown revision)."""


def plain_mark(kind: str, text: str) -> str:
    """Marks that survive a pipe or a file: ``[-删去的-]{+新增的+}`` as in ``git diff --word-diff``."""
    return {"delete": f"[-{text}-]", "insert": f"{{+{text}+}}"}.get(kind, text)


def colour_mark(kind: str, text: str) -> str:
    """Marks for a terminal: deletions red and struck through, insertions green and underlined."""
    import click

    if kind == "delete":
        return click.style(text, fg="red", strikethrough=True)
    if kind == "insert":
        return click.style(text, fg="green", underline=True)
    return text


@dataclass(frozen=True)
class FileChange:
    """One changed file under ``regulations/``: its path(s) and its two texts (None where it does not exist)."""

    old_path: str | None
    new_path: str | None
    old_text: str | None
    new_text: str | None

    @property
    def path(self) -> str:
        if self.old_path and self.new_path and self.old_path != self.new_path:
            return f"{self.old_path} → {self.new_path}"
        return self.new_path or self.old_path or ""


def _git(root: Path, *args: str, name: str = "") -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace")
        if "not a git repository" in message:
            raise GitError("这里不是 git 仓库，无法比较：请在制度库项目的根目录下运行本命令。")
        raise GitError(f"git 无法读取版本“{name or args[-1]}”：请写一个存在的提交，如 HEAD、HEAD~1 或提交编号。")
    return result.stdout.decode("utf-8", "replace")


def changed_files(root: Path, rev: str = "HEAD") -> list[FileChange]:
    """Files under ``regulations/`` that differ between ``rev`` and the working tree (new untracked files included)."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", name=rev)
    changes: list[FileChange] = []
    status = _git(root, "-c", "core.quotepath=off", "diff", "--name-status", "-M", "-z", rev, "--", FOLDER).split("\0")
    fields = [f for f in status if f]
    index = 0
    while index < len(fields):
        code = fields[index]
        if code.startswith(("R", "C")):
            old, new = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old = new = fields[index + 1]
            index += 2
            if code == "A":
                old = None
            elif code == "D":
                new = None
        changes.append(FileChange(old, new, _read_rev(root, rev, old), _read_tree(root, new)))
    untracked = _git(root, "-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard", "-z", "--", FOLDER).split("\0")
    changes += [FileChange(None, path, None, _read_tree(root, path)) for path in untracked if path]
    return sorted(changes, key=lambda c: c.new_path or c.old_path or "")


def _read_rev(root: Path, rev: str, path: str | None) -> str | None:
    if path is None:
        return None
    return _git(root, "show", f"{rev}:{path}")


def _read_tree(root: Path, path: str | None) -> str | None:
    if path is None or not (root / path).is_file():
        return None
    return (root / path).read_bytes().decode("utf-8", "replace")


def describe(change: FileChange, institution: str, mark: Mark) -> list[str]:
    """The lines that show one file's change: front-matter fields, headings, then article by article."""
    lines = [change.path]
    if any(text is not None and secrecy_of(text) for text in (change.old_text, change.new_text)):
        return lines + ["  涉密文件，不显示内容。"]
    if not change.path.endswith(".md"):
        return lines + ["  " + _inline(change.old_text or "", change.new_text or "", mark)]
    if change.old_text is None or change.new_text is None:
        text = change.new_text if change.old_text is None else change.old_text
        regulation = _parse(text or "", change.new_path or change.old_path or "", institution)
        what = "新增文件" if change.old_text is None else "删除文件"
        name = f"《{regulation.meta.title}》" if regulation else ""
        count = f"，共 {len(regulation.articles)} 条" if regulation else ""
        return lines + [f"  {what}{name}{count}。"]
    old = _parse(change.old_text, change.old_path or "", institution)
    new = _parse(change.new_text, change.new_path or "", institution)
    lines += [f"  {line}" for line in _front_matter_lines(change.old_text, change.new_text, mark)]
    if old is None or new is None:  # a file with errors: no articles to align, show the body as text
        body = _inline(_body(change.old_text), _body(change.new_text), mark)
        return lines + ["  文件有错误（运行 python -m zhidu check 查看），按全文比较：", "  " + body.replace("\n", "\n  ")]
    headings_old, headings_new = _headings(old), _headings(new)
    if headings_old != headings_new:
        lines.append("  标题层级：" + _inline(headings_old, headings_new, mark).replace("\n", " / "))
    comparison = compare(old, new)
    for row in comparison.rows:
        if row.kind == "modified":
            label = row.after.label if row.before.key == row.after.key else f"{row.before.label}（现{row.after.label}）"
            for number, text in _changed_paragraphs(row.segments, mark):
                lines.append(f"  修改 {label}{f'（第{number}段）' if number > 1 else ''}：{text}")
        elif row.kind == "added":
            lines.append(f"  新增 {row.after.label}：" + mark("insert", row.after.text).replace("\n", "\n    "))
        elif row.kind == "deleted":
            lines.append(f"  删除 {row.before.label}：" + mark("delete", row.before.text).replace("\n", "\n    "))
        elif row.renumbered:
            lines.append(f"  编号 {row.before.label} → {row.after.label}（内容未变）")
    if comparison.other:
        lines.append("  条文以外：" + "".join(mark(kind, piece) for kind, piece in comparison.other).replace("\n", "\n    "))
    if len(lines) == 1:
        lines.append("  只有空白或格式变化，文字未变。")
    return lines


def review(root: Path, rev: str = "HEAD", institution: str = "", mark: Mark = plain_mark) -> list[str]:
    """Every line of ``python -m zhidu diff``: each changed file, then one summary line."""
    changes = changed_files(root, rev)
    if not changes:
        return [f"{FOLDER}/ 中的文件与 {rev} 相同，没有改动。"]
    lines: list[str] = []
    for change in changes:
        lines += describe(change, institution, mark) + [""]
    lines.append(f"共 {len(changes)} 个文件有改动（与 {rev} 相比）。删去的文字标为 [-…-]，新增的文字标为 {{+…+}}。"
                 if mark is plain_mark else f"共 {len(changes)} 个文件有改动（与 {rev} 相比）。删去的文字为红色删除线，新增的文字为绿色下划线。")
    return lines


def _parse(text: str, path: str, institution: str) -> Regulation | None:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    regulation, problems = parse_regulation(text, path, institution, stem)
    return None if regulation is None or any(p.is_error for p in problems) else regulation


def _changed_paragraphs(segments: list[tuple[str, str]], mark: Mark) -> list[tuple[int, str]]:
    """(1-based paragraph number, marked text) of each paragraph of an article that has a change: a one-character
    fix in a long article shows one paragraph, not the whole article."""
    paragraphs: list[list[str]] = [[]]
    changed: list[bool] = [False]
    for kind, text in segments:
        for index, piece in enumerate(text.split("\n")):
            if index:
                if kind == "equal":
                    paragraphs.append([])
                    changed.append(False)
                else:
                    paragraphs[-1].append(mark(kind, "↵"))
                    changed[-1] = True
            if piece:
                paragraphs[-1].append(mark(kind, piece))
                changed[-1] = changed[-1] or kind != "equal"
    return [(number, "".join(parts)) for number, (parts, flag) in enumerate(zip(paragraphs, changed), start=1) if flag]


def _inline(old: str, new: str, mark: Mark) -> str:
    return "".join(mark(kind, piece) for kind, piece in inline_diff(old, new))


def _front_matter(text: str) -> dict:
    yaml_text, _, _, _ = split_front_matter(normalize_source(text), "")
    try:
        data = yaml.safe_load(yaml_text or "") or {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _body(text: str) -> str:
    _, _, body_line, _ = split_front_matter(normalize_source(text), "")
    return "\n".join(normalize_source(text).split("\n")[max(body_line - 1, 0):])


def _front_matter_lines(old_text: str, new_text: str, mark: Mark) -> list[str]:
    old, new = _front_matter(old_text), _front_matter(new_text)
    lines = []
    for key in list(dict.fromkeys([*old, *new])):
        if old.get(key) == new.get(key):
            continue
        field = FIELDS_BY_NAME.get(str(key))
        name = f"{field.label}（{key}）" if field else str(key)
        before, after = _value(old.get(key)), _value(new.get(key))
        if not before:
            lines.append(f"  新增字段 {name}：{mark('insert', after)}")
        elif not after:
            lines.append(f"  删除字段 {name}：{mark('delete', before)}")
        else:
            lines.append(f"  字段 {name}：{mark('delete', before)} → {mark('insert', after)}")
    return [line.strip() for line in lines]


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _headings(regulation: Regulation) -> str:
    return "\n".join(item.title for item in regulation.body if isinstance(item, Heading))
