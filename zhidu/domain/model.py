"""The regulation model: plain data, no MkDocs."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from functools import cached_property

from zhidu import urls
from zhidu.domain.numerals import int_to_cn
from zhidu.domain.schema import LAW_KIND, OWN_KIND

article_anchor = urls.article_anchor


@functools.lru_cache(maxsize=4096)  # every page names its articles; a few thousand numbers cover a large site
def article_label(number: int, sub: int = 0) -> str:
    """How an article is named in text: 第十二条, 第十二条之一."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")


@dataclass
class FrontMatter:
    """The validated front-matter of one regulation file (see ``schema.FIELDS`` for what each key means)."""

    title: str
    category: str
    status: str
    effective: dt.date
    short_title: str
    aliases: list[str] = field(default_factory=list)
    doc_number: str = ""
    issuer: str = ""
    department: str = ""
    adopted: dt.date | None = None
    version: str = ""
    repealed: dt.date | None = None
    replaced_by: str = ""
    tags: list[str] = field(default_factory=list)
    secrecy: str = ""
    kind: str = OWN_KIND
    """``本院制度`` or ``法律法规`` (see ``schema.KINDS``)."""
    review_by: dt.date | None = None
    trial_until: dt.date | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each key in the file, for messages about it."""


@dataclass
class Heading:
    """A part (编), sub-part (分编), chapter (章), section (节) or other heading of a regulation's body."""

    kind: str
    """``part``, ``subpart``, ``chapter``, ``section`` or ``other``."""
    level: int
    """The Markdown heading level as written (2 for ``##``)."""
    number: int | None
    title: str
    """The heading text as displayed, spaces folded (第一章 总则)."""
    anchor: str
    line: int


@dataclass
class Article:
    """An article (条): its number, its paragraphs (款) and items (项)."""

    number: int
    sub: int
    """0, or N for 第十二条之N."""
    paragraphs: list[str]
    """The first is the text after the article number; items are paragraphs that start with （一）."""
    line: int
    chapter: Heading | None = None
    section: Heading | None = None
    paragraph_lines: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return article_label(self.number, self.sub)

    @property
    def anchor(self) -> str:
        return article_anchor(self.number, self.sub)

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, self.sub)

    @property
    def text(self) -> str:
        """The article's text without its number, paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)


@dataclass
class Block:
    """Anything in the body that is not a heading or an article: preamble, tables, attachments."""

    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


BodyItem = Heading | Article | Block


@dataclass
class Regulation:
    """One version of one regulation file, parsed."""

    id: str
    path: str
    """The file's path relative to the project root (``regulations/xingzheng/kaoqin.md``)."""
    meta: FrontMatter
    body: list[BodyItem]
    body_line: int
    """Line number of the first body line in the file."""

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def is_law(self) -> bool:
        """A law, regulation or superior-court document kept for reference, not one of the institution's own rules."""
        return self.meta.kind == LAW_KIND

    @cached_property
    def articles(self) -> list[Article]:
        return [b for b in self.body if isinstance(b, Article)]

    @cached_property
    def _by_key(self) -> dict[tuple[int, int], Article]:
        found: dict[tuple[int, int], Article] = {}
        for art in self.articles:
            found.setdefault(art.key, art)
        return found

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.body if isinstance(b, Heading)]

    def article(self, number: int, sub: int = 0) -> Article | None:
        return self._by_key.get((number, sub))

    @property
    def names(self) -> list[str]:
        """Every name by which another text may cite it: title, short title, aliases."""
        seen: list[str] = []
        for name in [self.meta.title, self.meta.short_title, *self.meta.aliases]:
            if name and name not in seen:
                seen.append(name)
        return seen
