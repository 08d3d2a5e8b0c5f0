"""All regulations of one institution: loading, cross-file validation, citation resolution and the cited-by graph."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .citations import Citation, find_citations
from .errors import Problem, Severity, ValidationFailed
from .model import Article, Block, Regulation
from .numerals import NUMERAL_CHARS
from .parser import ID_PATTERN, parse_regulation, split_front_matter
from .schema import SECRECY_LEVELS
from .text import normalize_source

log = logging.getLogger("zhidu")
ARTICLE_PART = re.compile(f"第[{NUMERAL_CHARS}]+条.*$")


@dataclass(frozen=True)
class CitedBy:
    """One place that cites a regulation: the citing regulation and, when inside one, the citing article."""

    source: str
    article: Article | None
    target_anchor: str | None


@dataclass
class Collection:
    """The published regulations of one folder, with everything derived across files."""

    root: Path
    """The project root; paths in messages are relative to it."""
    regulations: dict[str, Regulation] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    secret_paths: list[str] = field(default_factory=list)
    """Files left out because they carry ``secrecy``: only their paths are ever shown."""
    names: dict[str, str] = field(default_factory=dict)
    cited_by: dict[str, list[CitedBy]] = field(default_factory=lambda: defaultdict(list))
    unresolved: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Names in 《》 that match no regulation, with the ids of the regulations that use them."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def raise_for_errors(self) -> None:
        if self.errors:
            raise ValidationFailed(self.problems)

    def sorted(self) -> list[Regulation]:
        """Regulations in a stable reading order: category, then title."""
        return sorted(self.regulations.values(), key=lambda r: (r.meta.category, r.meta.title))

    def citations(self, regulation: Regulation, text: str) -> list[Citation]:
        return find_citations(text, self.names, regulation.id)


def regulation_files(folder: Path) -> list[Path]:
    """Every regulation file below ``folder`` (Markdown only; data files such as YAML sit beside them)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def secrecy_of(text: str) -> str | None:
    """The ``secrecy`` value of a file's front-matter if it is a valid level; read before anything else of the file."""
    yaml_text, _, _, _ = split_front_matter(normalize_source(text), "")
    if yaml_text is None or "secrecy" not in yaml_text:
        return None
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError:
        return None
    if isinstance(data, dict) and str(data.get("secrecy", "")).strip() in SECRECY_LEVELS:
        return str(data["secrecy"]).strip()
    return None


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_collection(folder: Path, root: Path | None = None, institution: str = "", texts: dict[str, str] | None = None) -> Collection:
    """Read, validate and cross-link every regulation below ``folder``.

    ``texts`` maps relative paths to file texts, to load another version of the collection (history) without
    touching the files; by default the files are read from disk.
    """
    root = root or folder.parent
    collection = Collection(root=root)
    sources: dict[str, str] = {}
    if texts is None:
        for path in regulation_files(folder):
            rel = relative(path, root)
            try:
                sources[rel] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                line = path.read_bytes()[: exc.start].count(b"\n") + 1
                collection.problems.append(Problem(rel, line, "文件不是 UTF-8 编码。", "请用文本编辑器以 UTF-8 编码重新保存该文件。"))
    else:
        sources = dict(texts)
    seen_ids: dict[str, str] = {}
    for rel, text in sorted(sources.items()):
        if secrecy_of(text):
            collection.secret_paths.append(rel)
            continue
        stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
        regulation, problems = parse_regulation(text, rel, institution, stem)
        collection.problems += problems
        if stem in seen_ids and ID_PATTERN.match(stem):
            collection.problems.append(Problem(rel, 1, f"制度编号“{stem}”与 {seen_ids[stem]} 重复。", "编号就是文件名，在 regulations/ 的所有子文件夹中必须唯一：请给其中一个文件改名。"))
            continue
        seen_ids[stem] = rel
        if regulation is not None:
            collection.regulations[regulation.id] = regulation
    _index_names(collection)
    _check_links(collection)
    _resolve_citations(collection)
    return collection


def _index_names(collection: Collection) -> None:
    owners: dict[str, Regulation] = {}
    for regulation in sorted(collection.regulations.values(), key=lambda r: r.path):
        for name in regulation.names:
            other = owners.get(name)
            if other is not None and other.id != regulation.id:
                line = regulation.meta.lines.get("aliases" if name in regulation.meta.aliases else "short_title", regulation.meta.lines.get("title", 1))
                collection.problems.append(Problem(
                    regulation.path, line,
                    f"名称“{name}”同时属于 {other.path}，引用《{name}》时无法确定指向哪一个。",
                    "请修改其中一个的 short_title 或 aliases，使每个名称只属于一项制度。",
                ))
                continue
            owners[name] = regulation
    collection.names = {name: reg.id for name, reg in owners.items()}


def _check_links(collection: Collection) -> None:
    for regulation in collection.regulations.values():
        target = regulation.meta.replaced_by
        if target and target not in collection.regulations:
            collection.problems.append(Problem(
                regulation.path, regulation.meta.lines.get("replaced_by", 1),
                f"replaced_by 指向的制度“{target}”不存在。",
                "请填写取代它的制度的文件名（不含 .md），或删除此行。",
            ))


def _resolve_citations(collection: Collection) -> None:
    for regulation in collection.sorted():
        for article, text, line in iter_texts(regulation):
            for citation in collection.citations(regulation, text):
                if citation.title is not None and citation.target is None:
                    users = collection.unresolved[citation.title]
                    if regulation.id not in users:
                        users.append(regulation.id)
                    continue
                if citation.target is None:
                    continue
                target = collection.regulations.get(citation.target)
                if target is None:
                    continue
                if citation.number is not None and target.article(citation.number, citation.sub) is None:
                    collection.problems.append(Problem(
                        regulation.path, line,
                        f"引用的{'《' + target.meta.short_title + '》' if target.id != regulation.id else '本制度'}{cited_article(citation)}不存在。",
                        "请核对条文编号；链接将指向该制度首页。",
                        Severity.WARNING,
                    ))
                if target.id == regulation.id:
                    continue
                entry = CitedBy(regulation.id, article, citation.anchor if citation.number is not None else None)
                if entry not in collection.cited_by[target.id]:
                    collection.cited_by[target.id].append(entry)


def cited_article(citation: Citation) -> str:
    """The article part of a citation as written (第八十条, 第十二条第二款), without the document's name before it."""
    match = ARTICLE_PART.search(citation.text)
    return match.group(0) if match else citation.text


def iter_texts(regulation: Regulation):
    """(article or None, text, line) for every piece of the body in which citations are looked for."""
    for item in regulation.body:
        if isinstance(item, Article):
            for text, line in zip(item.paragraphs, item.paragraph_lines or [item.line] * len(item.paragraphs)):
                yield item, text, line
        elif isinstance(item, Block):
            for offset, text in enumerate(item.lines):
                yield None, text, item.line + offset
