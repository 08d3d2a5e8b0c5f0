"""All regulations of one institution: loading, cross-file validation, citation resolution and the cited-by graph."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.corpus.sources import read_sources
from zhidu.domain.citations import Citation, find_citations
from zhidu.domain.errors import Problem, Severity, ValidationFailed
from zhidu.domain.frontmatter import secrecy_of as _secrecy_of
from zhidu.domain.model import Article, Block, Regulation
from zhidu.domain.numerals import NUMERAL_CHARS
from zhidu.domain.parser import ID_PATTERN, parse_regulation
from zhidu.domain.text import normalize_source

log = logging.getLogger("zhidu")
STATE_PREFIX = "中华人民共和国"
"""Left out when a national law is cited by its short name (《公务员法》 for 《中华人民共和国公务员法》)."""
ARTICLE_PART = re.compile(f"第[{NUMERAL_CHARS}0-9０-９]+条.*$")


@dataclass(frozen=True)
class CitedBy:
    """One place that cites a regulation: the citing regulation and, when inside one, the citing article."""

    source: str
    article: Article | None
    target: tuple[int, int] | None
    """(number, sub) of the cited article, or None when the citation names the whole regulation."""


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
    """Names in 《》 that match no regulation, with the ids of the institution's own regulations that use them."""
    unresolved_in_laws: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """The same for the texts of laws (``kind: 法律法规``), which cite laws the shelf need not hold."""
    found: dict[tuple[str, str], list[Citation]] = field(default_factory=dict)
    """The citations of every paragraph seen so far, by (citing regulation, paragraph text): each paragraph is
    scanned once per set of names, however many pages, checks and printouts show it."""

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
        """The citations in one paragraph of ``regulation`` (scanned on first use, then remembered)."""
        key = (regulation.id, text)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = find_citations(text, self.names, regulation.id)
        return found


def regulation_files(folder: Path) -> list[Path]:
    """Every regulation file below ``folder`` (Markdown only; data files such as YAML sit beside them)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def secrecy_of(text: str) -> str | None:
    """The ``secrecy`` value of a file's front-matter if it is a valid level; read before anything else of the file."""
    return _secrecy_of(normalize_source(text))


def is_secret(text: str) -> bool:
    """Whether a text carries ``secrecy``; the word itself is looked for first (a text without it needs no YAML)."""
    return "secrecy" in text and secrecy_of(text) is not None


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


Parse = Callable[[str, str, str, str], "tuple[Regulation | None, list[Problem]]"]
"""``(text, path, institution, stem) -> (regulation, problems)``: ``parse_regulation`` or a cache in front of it."""


def parse_sources(sources: dict[str, str], institution: str = "", parse: Parse | None = None) -> tuple[dict[str, Regulation], list[Problem], list[str]]:
    """Parse file texts into (regulations by id, problems, secret paths); a secret file is never parsed."""
    parse = parse or parse_regulation
    regulations: dict[str, Regulation] = {}
    problems: list[Problem] = []
    secret_paths: list[str] = []
    seen_ids: dict[str, str] = {}
    for rel, text in sorted(sources.items()):
        if is_secret(text):
            secret_paths.append(rel)
            continue
        stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
        regulation, found = parse(text, rel, institution, stem)
        problems += found
        if stem in seen_ids and ID_PATTERN.match(stem):
            problems.append(Problem(rel, 1, f"制度编号“{stem}”与 {seen_ids[stem]} 重复。", "编号就是文件名，在 regulations/ 的所有子文件夹中必须唯一：请给其中一个文件改名。"))
            continue
        seen_ids[stem] = rel
        if regulation is not None:
            regulations[regulation.id] = regulation
    return regulations, problems, secret_paths


def build_collection(
    root: Path, regulations: dict[str, Regulation], problems: list[Problem] | None = None, secret_paths: list[str] | None = None,
    known: Collection | None = None,
) -> Collection:
    """Cross-link parsed regulations: names, ``replaced_by``, citations and the cited-by graph.

    ``known`` is another collection of the same project (the working tree, say): where its names are the same,
    the citations it already found are reused instead of scanning the paragraphs again.
    """
    collection = Collection(root=root, regulations=dict(regulations), problems=list(problems or []), secret_paths=list(secret_paths or []))
    _index_names(collection)
    if known is not None and known.names == collection.names:
        collection.found = known.found
    _check_links(collection)
    _resolve_citations(collection)
    return collection


def load_collection(folder: Path, root: Path | None = None, institution: str = "", texts: dict[str, str] | None = None) -> Collection:
    """Read, validate and cross-link every regulation below ``folder``.

    ``texts`` maps relative paths to file texts, to load another version of the collection (history) without
    touching the files; by default the files are read from disk.
    """
    root = root or folder.parent
    if texts is None:
        sources, problems = read_sources(regulation_files(folder), root, relative)
    else:
        sources, problems = dict(texts), []
    regulations, parse_problems, secret_paths = parse_sources(sources, institution)
    return build_collection(root, regulations, problems + parse_problems, secret_paths)


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
    # Implicit names: 公务员法 for 中华人民共和国公务员法 (no two names strip to the same one). A name written in any
    # file's front-matter always wins over it.
    implicit = {name.removeprefix(STATE_PREFIX): reg_id for name, reg_id in collection.names.items() if name.startswith(STATE_PREFIX)}
    collection.names.update({name: reg_id for name, reg_id in implicit.items() if len(name) >= 2 and name not in collection.names})


def _check_links(collection: Collection) -> None:
    for regulation in collection.regulations.values():
        target = regulation.meta.replaced_by
        if target == regulation.id:
            collection.problems.append(Problem(
                regulation.path, regulation.meta.lines.get("replaced_by", 1),
                f"replaced_by 指向本制度自己（“{target}”）。", "请填写取代它的另一项制度的文件名（不含 .md），或删除此行。",
            ))
        elif target and target in collection.regulations and (cycle := _replacement_cycle(collection, regulation.id)):
            if regulation.id == min(cycle):
                collection.problems.append(Problem(
                    regulation.path, regulation.meta.lines.get("replaced_by", 1),
                    f"replaced_by 形成循环：{' → '.join([*cycle, cycle[0]])}。", "被取代的旧制度写 replaced_by，新制度不要再写回指旧制度：请删除其中一处。",
                ))
        elif target and target not in collection.regulations:
            collection.problems.append(Problem(
                regulation.path, regulation.meta.lines.get("replaced_by", 1),
                f"replaced_by 指向的制度“{target}”不存在。",
                "请填写取代它的制度的文件名（不含 .md），或删除此行。",
            ))


def _replacement_cycle(collection: Collection, start: str) -> list[str]:
    """The ids of the replaced_by chain from ``start`` when it comes back to ``start``, else []."""
    chain = [start]
    current = collection.regulations[start].meta.replaced_by
    while current and current in collection.regulations and current not in chain:
        chain.append(current)
        current = collection.regulations[current].meta.replaced_by
    return chain if current == start else []


def _resolve_citations(collection: Collection) -> None:
    seen: set[tuple[str, str, tuple[int, int] | None, tuple[int, int] | None]] = set()
    for regulation in collection.sorted():
        for article, text, _ in iter_texts(regulation):
            for citation in collection.citations(regulation, text):
                if citation.title is not None and citation.target is None:
                    users = (collection.unresolved_in_laws if regulation.is_law else collection.unresolved)[citation.title]
                    if regulation.id not in users:
                        users.append(regulation.id)
                    continue
                if citation.target is None:
                    continue
                target = collection.regulations.get(citation.target)
                if target is None:
                    continue
                # A citation of a missing article is a finding of the 制度体检 (zhidu.corpus.health), with the others.
                if target.id == regulation.id:
                    continue
                cited = (citation.number, citation.sub) if citation.number is not None else None
                key = (target.id, regulation.id, article.key if article else None, cited)  # not the Articles: comparing them compares their text
                if key not in seen:
                    seen.add(key)
                    collection.cited_by[target.id].append(CitedBy(regulation.id, article, cited))


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
