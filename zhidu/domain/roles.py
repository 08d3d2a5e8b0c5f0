"""Roles (岗位) and the articles that bind or empower them (岗位制度清单): the written rule, as pure functions.

The rule, as the role page states it: a sentence of an article (text between 。；！？ or line breaks) names the
role with one of its words (书记员, 聘用制书记员 …) and, AFTER that word, uses a modal word: 应当/必须 (义务),
不得/禁止/严禁 (禁止), 可以/审批 (权限) or 负责 (职责; 负责人 is a noun, not the modal). The order matters: in
"办公室应当组织驾驶人员培训" the duty is the 办公室's, so the modal before the role word does not count; in
"向部门负责人报告，不得拖延" the role is whom one reports to, so after 向/对/经/报 + the role word only 审批 right after it
counts (报分管院领导审批); 非专职驾驶人员 is not the role. 履行 (履行下列职责) is a 职责 too. A role's
``exclude`` list takes out what the words over-match (a whole regulation or one article), ``include`` adds what
they miss. Only what the caller passes is searched: the caller passes the regulations in force, secret ones are
never in the collection.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zhidu.domain.compare import Comparison, compare
from zhidu.domain.model import Article, Regulation, article_label

OBLIGATION, PROHIBITION, POWER, DUTY = "义务", "禁止", "权限", "职责"
KINDS = (OBLIGATION, PROHIBITION, POWER, DUTY)
MODALS: tuple[tuple[str, str], ...] = (
    ("应当", OBLIGATION), ("必须", OBLIGATION),
    ("不得", PROHIBITION), ("禁止", PROHIBITION), ("严禁", PROHIBITION),
    ("可以", POWER), ("审批", POWER),
    ("负责", DUTY), ("履行", DUTY),
)
"""Modal word → what it makes of the sentence for the role."""
KIND_KEYS = {OBLIGATION: "duty", PROHIBITION: "ban", POWER: "power", DUTY: "task"}
"""ASCII keys of the kinds (CSS classes, data)."""
_MODAL = re.compile("|".join(word for word, _ in MODALS))
_KIND_OF = dict(MODALS)
_SENTENCE = re.compile(r"[^。；！？!?;\n]+[。；！？!?;]?")
_NOT_MODAL_AFTER = {"负责": ("人", "同志")}
"""负责人 (the person in charge) and 负责同志 are nouns."""


@dataclass(frozen=True)
class ArticleRef:
    """A regulation (``key`` None) or one of its articles, as written in a role's ``exclude``/``include``."""

    reg_id: str
    key: tuple[int, int] | None = None
    line: int = 0
    """The line of ``mkdocs.yml`` that wrote it."""

    @property
    def label(self) -> str:
        return self.reg_id + (f" {article_label(*self.key)}" if self.key else "")


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    words: tuple[str, ...]
    exclude: tuple[ArticleRef, ...] = ()
    include: tuple[ArticleRef, ...] = ()
    since: dt.date | None = None
    """The date the printed list's "what changed" section counts from (default: a year before the build)."""
    line: int = 0

    def excludes(self, reg_id: str, key: tuple[int, int]) -> bool:
        return any(ref.reg_id == reg_id and (ref.key is None or ref.key == key) for ref in self.exclude)

    def includes(self, reg_id: str, key: tuple[int, int]) -> bool:
        return any(ref.reg_id == reg_id and ref.key == key for ref in self.include)


@dataclass(frozen=True)
class Mark:
    """A marked word in a sentence: the role's word (``kind`` empty) or a modal word with its kind."""

    start: int
    end: int
    kind: str = ""


@dataclass
class Sentence:
    text: str
    marks: list[Mark]

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in KINDS if any(m.kind == kind for m in self.marks)]

    def pieces(self) -> list[tuple[str, str]]:
        """The text cut at the marks: (kind or "role" or "", text)."""
        out: list[tuple[str, str]] = []
        position = 0
        for mark in sorted(self.marks, key=lambda m: m.start):
            if mark.start < position:
                continue
            if mark.start > position:
                out.append(("", self.text[position:mark.start]))
            out.append((mark.kind or "role", self.text[mark.start:mark.end]))
            position = mark.end
        if position < len(self.text):
            out.append(("", self.text[position:]))
        return out


@dataclass
class RoleArticle:
    """One article that binds or empowers a role, with the sentences that do it."""

    regulation: Regulation
    article: Article
    sentences: list[Sentence]
    added: bool = False
    """Listed by the role's ``include`` rather than found by the rule."""

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in KINDS if any(kind in s.kinds for s in self.sentences)]

    @property
    def reg_id(self) -> str:
        return self.regulation.id


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _role_spans(words: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of the role's words, the longest word winning at one place."""
    found: list[tuple[int, int]] = []
    for word in sorted(set(words), key=len, reverse=True):
        for match in re.finditer(re.escape(word), text):
            span = (match.start(), match.end())
            if not any(s < span[1] and span[0] < e for s, e in found):
                found.append(span)
    return sorted(found)


def _modal_marks(text: str, start: int, blocked: list[tuple[int, int]]) -> list[Mark]:
    marks = []
    for match in _MODAL.finditer(text, start):
        word = match.group(0)
        if text[match.end():].startswith(_NOT_MODAL_AFTER.get(word, ())):
            continue
        if any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        marks.append(Mark(match.start(), match.end(), _KIND_OF[word]))
    return marks


_OBJECT = re.compile(r"(?:向|对|经|报|请|提请|告知|通知|协助)(?:所在|本部门|分管|其)?$")
"""Before a role word: the role is whom something is asked of or reported to (向部门负责人报告, 经部门负责人同意), not who
acts; only 审批/批准 right after the word counts then (报分管院领导审批)."""
_NOT_THE_ROLE = re.compile(r"非\S{0,3}$")
"""非专职驾驶人员 is everyone but the role."""


def match_sentence(words: Iterable[str], text: str) -> Sentence | None:
    """The sentence with its marks when it names the role before a modal word, else None (see the module's doc)."""
    spans = [(s, e) for s, e in _role_spans(words, text) if not _NOT_THE_ROLE.search(text[max(0, s - 4):s])]
    if not spans:
        return None
    modals: dict[int, Mark] = {}
    for start, end in spans:
        found = _modal_marks(text, end, spans)
        if _OBJECT.search(text[max(0, start - 4):start]):
            found = [m for m in found if m.start == end and m.kind == POWER]
        modals.update((m.start, m) for m in found)
    if not modals:
        return None
    return Sentence(text, [Mark(s, e) for s, e in spans] + sorted(modals.values(), key=lambda m: m.start))


def match_article(words: Iterable[str], article: Article) -> list[Sentence]:
    """The sentences of an article that bind the role; a matched lead-in ("履行下列职责：") brings its items along."""
    words = tuple(words)
    found = []
    leading = False
    for text in sentences(article.text):
        sentence = match_sentence(words, text)
        if sentence is not None:
            found.append(sentence)
            leading = text.endswith(("：", ":"))
        elif leading and text.startswith(("（", "(")):
            found.append(Sentence(text, []))
        else:
            leading = False
    return found


def _marked_all(words: tuple[str, ...], article: Article) -> list[Sentence]:
    """An added article's sentences: every sentence, with the role's and the modal words marked wherever they are."""
    out = []
    for text in sentences(article.text):
        spans = _role_spans(words, text)
        out.append(Sentence(text, [Mark(s, e) for s, e in spans] + _modal_marks(text, 0, spans)))
    return out


@functools.lru_cache(maxsize=64)
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!)")


def role_articles_of(role: Role, regulation: Regulation) -> list[RoleArticle]:
    """The articles of one regulation that bind the role, exclusions and additions applied, in the text's order."""
    found = []
    excluding = any(ref.reg_id == regulation.id for ref in role.exclude)  # rare: most regulations need no look-up
    including = any(ref.reg_id == regulation.id for ref in role.include)
    any_word = _any_word(role.words)
    for article in regulation.articles:
        if excluding and role.excludes(regulation.id, article.key):
            continue
        if not any_word.search(article.text):  # most articles: no sentence to split
            matched = []
        else:
            matched = match_article(role.words, article)
        if matched:
            found.append(RoleArticle(regulation, article, matched))
        elif including and role.includes(regulation.id, article.key):
            found.append(RoleArticle(regulation, article, _marked_all(role.words, article), added=True))
    return found


def role_articles(role: Role, regulations: Iterable[Regulation]) -> list[RoleArticle]:
    """Every article of ``regulations`` that binds the role, regulation by regulation in the order given."""
    return [entry for regulation in regulations for entry in role_articles_of(role, regulation)]


CHANGE_LABELS = {"added": "新增", "modified": "修改", "deleted": "删除", "new": "此后施行"}


@dataclass
class RoleChange:
    """An article binding the role that was added, changed or deleted between two texts of one regulation."""

    kind: str
    """``new`` (the regulation itself took effect later), ``added``, ``modified`` or ``deleted``."""
    regulation: Regulation
    """The text in force."""
    old: Article | None
    new: Article | None
    segments: list[tuple[str, str]] = field(default_factory=list)
    """For ``modified``: the character diff (``equal``/``insert``/``delete``, text)."""
    old_effective: dt.date | None = None
    """The effective date of the text compared with; for ``new``, of the earliest text stored."""

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.kind]

    @property
    def article(self) -> Article:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]


Compare = Callable[[Regulation, Regulation], Comparison]


def changes_between(role: Role, old: Regulation | None, new: Regulation, compared: Compare = compare) -> list[RoleChange]:
    """What changed for the role from ``old`` (the text in force on the chosen day; None when the regulation did not
    exist yet) to ``new`` (the text in force), article-aligned by content (``zhidu.domain.compare``). ``compared``
    makes the comparison, only when the role has articles in either text: a build passes one that remembers, so
    that one comparison serves every role."""
    now = {entry.article.key for entry in role_articles_of(role, new)}
    if old is None:
        return [RoleChange("new", new, None, new.article(*key)) for key in sorted(now)]
    if old.meta.effective >= new.meta.effective:
        return []
    before = {entry.article.key for entry in role_articles_of(role, old)}
    if not now and not before:
        return []
    changes = []
    for row in compared(old, new).rows:
        binds_now = row.new is not None and row.new.key in now
        bound_then = row.old is not None and row.old.key in before
        if row.kind == "added" and binds_now:
            changes.append(RoleChange("added", new, None, row.new, old_effective=old.meta.effective))
        elif row.kind == "modified" and (binds_now or bound_then):
            changes.append(RoleChange("modified", new, row.old, row.new, row.segments, old.meta.effective))
        elif row.kind == "deleted" and bound_then:
            changes.append(RoleChange("deleted", new, row.old, None, old_effective=old.meta.effective))
    return changes


def version_on(versions: list[Regulation], day: dt.date) -> Regulation | None:
    """The text in force on ``day`` among ``versions`` (ascending by ``effective``), or None before the first."""
    found = None
    for version in versions:
        if version.meta.effective <= day:
            found = version
    return found


def role_changes(role: Role, versions_of: dict[str, list[Regulation]], since: dt.date, compared: Compare = compare) -> list[RoleChange]:
    """What changed for the role since ``since``: for each regulation (``versions_of``: id → its versions up to the one
    in force, ascending), the text in force on that day compared with the text in force now."""
    changes = []
    for versions in versions_of.values():
        if not versions:
            continue
        current = versions[-1]
        then = version_on(versions, since)
        found = changes_between(role, then, current, compared)
        if then is None:  # the earliest text stored is later than the day: say when that one took effect
            for change in found:
                change.old_effective = versions[0].meta.effective
        changes += found
    return changes
