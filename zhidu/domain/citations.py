"""Cross-references in regulation text (SPEC §4): 《T》, 《T》第十二条, 本规定第五条, and a bare 第五条."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from zhidu.domain.dates import cn_date
from zhidu.domain.model import article_anchor
from zhidu.domain.numerals import NUMERAL, cn_to_int

_N = rf"(?:{NUMERAL}|[0-9０-９]+)"
"""An article number in a citation: Chinese (第三十八条) or Arabic, half- or full-width (第38条, 第３８条)."""
SELF_WORDS = "规定|办法|细则|制度|规则|手册|意见|清单|条例|法|决定|章程|准则|纲要|方案|解释"
_ARTICLE = rf"第(?P<{{p}}num>{_N})条(?:之(?P<{{p}}sub>{_N}))?(?:第{_N}款)?(?:第{_N}项)?"
CITATION_RE = re.compile(
    r"《(?P<title>[^《》\n]{1,100})》(?:" + _ARTICLE.format(p="t") + r")?"
    r"|(?P<self>本(?:" + SELF_WORDS + r"))?" + _ARTICLE.format(p="a")
)
# A document named without 《》 right before an article number: 刑事诉讼法第一百零三条, 该法第五条.
DOC_SUFFIX_RE = re.compile(r"([\u4e00-\u9fff]{0,30}?(?:" + SELF_WORDS + r"|法典|通知|批复))$")
# What may stand between two article numbers of one citation: 第三条、第五条和第七条至第九条.
CHAIN_RE = re.compile(r"^(?:、|，|和|及|以及|或者|或|至|到|、和|、以及)$")


@dataclass(frozen=True)
class Citation:
    """One reference found in a piece of text."""

    start: int
    end: int
    text: str
    target: str | None
    """The id of the regulation referred to; None when nothing in the knowledge base has that name."""
    number: int | None
    sub: int
    title: str | None
    """The name inside 《》, when the citation names a document."""

    @property
    def anchor(self) -> str | None:
        if self.number is None:
            return None
        return article_anchor(self.number, self.sub)


def number_value(text: str) -> int:
    """The value of an article number as cited: 三十八, 38 or ３８ (``int`` reads full-width digits too)."""
    return int(text) if text.isdigit() else cn_to_int(text)


def find_citations(text: str, names: dict[str, str], self_id: str | None) -> list[Citation]:
    """Every citation in ``text``. ``names`` maps titles, short titles and aliases to ids; ``self_id`` is the citing document."""
    found: list[Citation] = []
    context: str | None = self_id  # the document the previous citation named
    context_named = False
    previous_end = -1
    for match in CITATION_RE.finditer(text):
        title = match.group("title")
        if title is not None:
            key = title.strip()
            target = names.get(key)
            number = match.group("tnum")
            found.append(Citation(
                match.start(), match.end(), match.group(0), target,
                number_value(number) if number else None,
                number_value(match.group("tsub")) if match.group("tsub") else 0,
                key,
            ))
            context, context_named = target, True
        else:
            gap = text[previous_end:match.start()] if previous_end >= 0 else None
            chained = context_named and gap is not None and CHAIN_RE.match(gap.strip() or "、") is not None and len(gap) <= 4
            named = None if match.group("self") else DOC_SUFFIX_RE.search(text[max(0, match.start() - 31):match.start()])
            if match.group("self"):
                target, context_named = self_id, False
            elif chained:
                target = context
            elif named:
                target = _named_target(named.group(1), names, context if context_named else None, self_id)
                context, context_named = target, True
            else:
                target, context_named = self_id, False
            found.append(Citation(
                match.start(), match.end(), match.group(0), target,
                number_value(match.group("anum")),
                number_value(match.group("asub")) if match.group("asub") else 0,
                None,
            ))
        previous_end = match.end()
    return found


def _named_target(words: str, names: dict[str, str], previous: str | None, self_id: str | None) -> str | None:
    """The document a name written without 《》 refers to: the longest known name it ends with, the document named
    just before for 该法/该规定, or None (a document outside the knowledge base: no link)."""
    if words[:1] in "该上" and len(words) <= 4:
        return previous
    if words[:1] == "本" and len(words) <= 4:
        return self_id
    for start in range(len(words)):
        if words[start:] in names:
            return names[words[start:]]
    return None


@dataclass(frozen=True)
class Resolution:
    """Where a citation of another regulation leads, read on the day the citing text took effect (SPEC §4)."""

    target: str
    as_of: date | None
    """The ``effective`` of the target's version the citation is read against, when that is not the text shown
    on the target's page (the link then goes to that version's own page); None when it is the shown text."""
    anchor: str | None
    """The cited article's anchor in that version; None for the whole regulation or an article it does not have."""
    fate: str = "same"
    """What became of the cited article in the shown text: ``same``, ``renumbered``, ``modified``
    (possibly renumbered too), ``deleted``; ``older`` when the knowledge base holds no text of the target as old
    as the citing text; ``missing`` when the version read has no such article."""
    now_label: str = ""
    """The cited article's label in the shown text (第八十六条), when it still exists."""
    now_anchor: str | None = None
    compared: tuple[date, date] | None = None
    """(older, newer) effective dates of the comparison page between the version read and the shown text."""
    repealed: str = ""
    """``已废止`` when the target is repealed on the build day; empty otherwise."""
    successor: str | None = None
    """The id of the regulation that replaced a repealed target (``replaced_by``)."""
    earliest: date | None = None
    """For ``older``: the ``effective`` of the oldest text of the target the knowledge base holds."""

    @property
    def dead(self) -> str:
        """Why the citation cannot be followed as written (已废止, 条文不存在), or empty."""
        if self.repealed:
            return self.repealed
        return "条文不存在" if self.fate == "missing" else ""


def resolution_note(resolution: Resolution, successor_title: str = "") -> str:
    """What a reader needs to know beside a citation, in words (empty when nothing): 该条现为第八十六条,
    该条已修改, 该条已删除, 已废止…. The page adds links to these words; a PDF prints them as a note."""
    parts: list[str] = []
    if resolution.repealed:
        parts.append(resolution.repealed + (f"，现行规定见《{successor_title}》" if successor_title else ""))
    if resolution.fate == "missing":
        parts.append("条文不存在")
    elif resolution.fate == "renumbered":
        parts.append(f"该条现为{resolution.now_label}")
    elif resolution.fate == "modified":
        parts.append("该条已修改" + (f"，现为{resolution.now_label}" if resolution.now_label and resolution.anchor != resolution.now_anchor else ""))
    elif resolution.fate == "deleted":
        parts.append("该条已删除")
    elif resolution.fate == "older" and resolution.earliest is not None:
        parts.append(f"本库只收录{cn_date(resolution.earliest)}以后施行的文本，所引条号可能已变动")
    return "；".join(parts)
