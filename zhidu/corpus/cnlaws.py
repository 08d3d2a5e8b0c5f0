"""The cn-laws corpus (LawRefBook snapshot) as regulation files, for benchmarks and robustness tests.

A cn-laws file is ``<folder>/<name>(YYYY-MM-DD).md``: a ``# `` title (sometimes a second ``# `` subtitle, as in the
parts of the Civil Code), a header of adoption dates, ``<!-- INFO END -->`` and the body. ``convert`` turns one into
the text of a regulation file with front-matter, so that the project's own parser reads it like any other.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

_DATE_IN_NAME = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\.md$")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_INFO_END = "<!-- INFO END -->"
_PREFIX = "中华人民共和国"
FALLBACK_DATE = "2000-01-01"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> tuple[str, list[str], list[str]]:
    """(title, header lines, body lines) of a cn-laws text."""
    lines = text.split("\n")
    titles: list[str] = []
    header: list[str] = []
    end = next((i for i, line in enumerate(lines) if line.strip() == _INFO_END), None)
    head_lines = lines[:end] if end is not None else []
    body = lines[end + 1:] if end is not None else []
    if end is None:
        # No INFO END: the title lines are the header, the rest is the body.
        index = 0
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith("# ")):
            index += 1
        head_lines, body = lines[:index], lines[index:]
    for line in head_lines:
        if line.startswith("# ") and len(titles) < 2 and not header:
            titles.append(line[2:].strip())
        elif line.strip():
            header.append(line.strip())
    title = titles[0] if titles else ""
    if len(titles) > 1 and titles[1]:
        title = f"{title}（{titles[1]}）"
    return title, header, body


def split_with_lines(text: str) -> tuple[str, list[str], list[str], int]:
    """(title, header lines, body lines, file line of the first body line) of a cn-laws text, for the importer."""
    title, header, body = _split(text)
    return title, header, body, len(text.split("\n")) - len(body) + 1


def date_in_name(path: Path) -> str | None:
    """The version date a cn-laws file name carries (``法官法(2019-04-23).md``), or None."""
    match = _DATE_IN_NAME.search(path.name)
    return match.group(1) if match else None


def title_of(path: Path) -> str:
    return _split(_read(path))[0] or path.stem


def _effective(path: Path, header: list[str]) -> str:
    match = _DATE_IN_NAME.search(path.name)
    if match:
        return match.group(1)
    dates = [(int(y), int(m), int(d)) for line in header for y, m, d in _CN_DATE.findall(line)]
    if dates:
        y, m, d = max(dates)
        return f"{y:04d}-{m:02d}-{d:02d}"
    return FALLBACK_DATE


def law_id(title: str) -> str:
    """A stable ASCII id for a title: every version of one law shares it."""
    return "law-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]


def category_of(path: Path, root: Path | None = None) -> str:
    """The corpus folder a file is filed under: its first folder below ``root`` (部门规章/公安部/… is a 部门规章,
    issued by 公安部), else the folder it is in."""
    if root is not None:
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            parts = ()
        if len(parts) > 1:
            return parts[0]
    return path.parent.name or "法律"


def convert(path: Path, root: Path | None = None) -> tuple[str, str]:
    """(id, text of a regulation file) for one cn-laws file. The category is the corpus folder (``category_of``)."""
    title, header, body = _split(_read(path))
    title = title or path.stem
    alias = title.removeprefix(_PREFIX)
    fields: dict[str, str | list[str]] = {
        "title": title,
        "category": category_of(path, root),
        "status": "现行有效",
        "effective": _effective(path, header),
    }
    if alias and alias != title:
        fields["aliases"] = [alias]
    lines = ["---"]
    for key, value in fields.items():
        # JSON strings and lists are valid YAML and quote anything a title may hold.
        lines.append(f"{key}: {value if key == 'effective' else json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    text = "\n".join(lines) + "\n\n" + "\n".join(body).strip("\n") + "\n"
    return law_id(title), text


def newest(corpus_dir: Path) -> list[Path]:
    """The newest file of each title in the corpus, in a stable order."""
    best: dict[str, tuple[str, Path]] = {}
    for path in sorted(corpus_dir.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        title, header, _ = _split(_read(path))
        key = title or path.stem
        date = _effective(path, header)
        if key not in best or date > best[key][0]:
            best[key] = (date, path)
    return sorted(path for _, path in best.values())
