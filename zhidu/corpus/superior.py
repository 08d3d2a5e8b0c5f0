"""上位法已修订, article by article: the cited articles of a law whose text changed after the citing regulation took
effect.

A regulation was written against the text of a law in force on its own ``effective`` date (SPEC §4: that is the
text its citations are read against). When the law's text in force today is newer, each cited article is followed
through the article-aligned comparison of the two texts: modified or deleted articles are what the maintainers must
check; an article only renumbered, or a change in articles the regulation does not cite, is nothing to do. When the
knowledge base holds no text of the law as old as the regulation, the cited articles cannot be compared and are
listed as such. Computed from the collection's citations and the laws' version histories only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from zhidu.corpus.collection import Collection, iter_texts
from zhidu.corpus.load import RegulationHistory
from zhidu.corpus.timeline import Timeline
from zhidu.domain.model import Article, Regulation

MODIFIED, DELETED, UNKNOWN = "modified", "deleted", "unknown"
CHANGE_LABELS = {MODIFIED: "已修改", DELETED: "已删除", UNKNOWN: "无法比对"}


@dataclass
class ArticleChange:
    """One cited article of a law and what the revision did to it."""

    kind: str
    """``modified``, ``deleted``, or ``unknown`` (no older text of the law to compare with)."""
    old: Article
    """The article as the citing regulation read it (in the text in force on its ``effective``; for ``unknown``,
    the article of that number in today's text)."""
    new: Article | None
    """The article in the law's text in force today (None when deleted)."""
    citing: list[tuple[Article | None, int]] = field(default_factory=list)
    """The citing regulation's articles (None outside any article) and lines that cite it."""

    @property
    def label(self) -> str:
        """第八十三条（现为第八十六条）已修改, 第九十条已删除, 第八十三条无法比对."""
        moved = f"（现为{self.new.label}）" if self.kind == MODIFIED and self.new is not None and self.new.key != self.old.key else ""
        return f"{self.old.label}{moved}{CHANGE_LABELS[self.kind]}"


@dataclass
class SuperiorRevision:
    """One cited law revised after the citing regulation took effect, with the cited articles it changed."""

    law: str
    """The id of the law."""
    title: str
    effective: dt.date
    """When the law's text in force took effect."""
    previous: dt.date | None
    """When the law's text in force on the citing regulation's own effective date took effect; None when the
    knowledge base holds no text of the law that old."""
    compared: bool
    """Whether the site has a comparison page from ``previous`` to ``effective``."""
    changes: list[ArticleChange] = field(default_factory=list)
    """The cited articles it changed, in the law's order."""


def _timeline(collection: Collection, histories: dict[str, RegulationHistory]) -> Timeline:
    resolver = collection.resolver
    return resolver if isinstance(resolver, Timeline) and resolver.histories is histories else Timeline(histories)


def superior_revisions(collection: Collection, histories: dict[str, RegulationHistory]) -> dict[str, list[SuperiorRevision]]:
    """Regulation id → the laws it cites whose text in force is newer than the regulation's own ``effective`` and
    changed an article it cites (only for the institution's own rules; a law citing a law is not the institution's
    to amend)."""
    timeline = _timeline(collection, histories)
    found: dict[str, list[SuperiorRevision]] = {}
    for citing in collection.sorted():
        if citing.is_law:
            continue
        revisions = _revisions_of(collection, citing, histories, timeline)
        if revisions:
            found[citing.id] = revisions
    return found


def _revisions_of(collection: Collection, citing: Regulation, histories: dict[str, RegulationHistory], timeline: Timeline) -> list[SuperiorRevision]:
    day = citing.meta.effective
    changes: dict[str, dict[tuple[int, int], ArticleChange]] = defaultdict(dict)
    for article, text, line in iter_texts(citing):
        for citation in collection.citations(citing, text):
            if citation.number is None or citation.target is None or citation.target == citing.id:
                continue
            law = collection.regulations.get(citation.target)
            hist = histories.get(citation.target)
            if law is None or not law.is_law or hist is None:
                continue
            main = hist.main
            if not main.status.in_force or main.effective <= day:
                continue
            at = timeline.version_on(law.id, day)
            if at is None:
                old = main.regulation.article(citation.number, citation.sub)
                change = ArticleChange(UNKNOWN, old, old) if old is not None else None
            else:
                old = at.regulation.article(citation.number, citation.sub)
                if old is None:
                    continue  # a citation of an article the text never had: 引用的条文不存在, another finding
                row = timeline.row_of(law.id, at, main, old)
                if row is None or row.new is None:
                    change = ArticleChange(DELETED, old, None)
                elif row.kind == "modified":
                    change = ArticleChange(MODIFIED, old, row.new)
                else:
                    change = None
            if change is None:
                continue
            change = changes[law.id].setdefault(change.old.key, change)
            place = (article.key, 0) if article is not None else (None, line)
            if place not in {(a.key, 0) if a is not None else (None, n) for a, n in change.citing}:
                change.citing.append((article, line))
    revisions = []
    for law_id, by_article in changes.items():
        hist = histories[law_id]
        main = hist.main
        at = timeline.version_on(law_id, day)
        compared = at is not None and (at.effective, main.effective) in hist.compared_pairs
        revisions.append(SuperiorRevision(
            law_id, collection.regulations[law_id].meta.title, main.effective, at.effective if at else None, compared,
            [by_article[key] for key in sorted(by_article)],
        ))
    return sorted(revisions, key=lambda r: r.title)


@dataclass
class WorkItem:
    """One line of the 办公室's worklist: a changed article of a law and an internal article that cites it."""

    law: str
    revision: SuperiorRevision
    change: ArticleChange
    regulation: Regulation
    article: Article | None
    line: int


def worklist(collection: Collection, revisions: dict[str, list[SuperiorRevision]]) -> list[tuple[str, list[WorkItem]]]:
    """For each changed law (by title), each internal article citing a changed article, in the law's order."""
    by_law: dict[str, list[WorkItem]] = defaultdict(list)
    for reg_id, found in revisions.items():
        regulation = collection.regulations[reg_id]
        for revision in found:
            for change in revision.changes:
                for article, line in change.citing:
                    by_law[revision.law].append(WorkItem(revision.law, revision, change, regulation, article, line))
    for items in by_law.values():
        items.sort(key=lambda w: (w.change.old.key, w.regulation.meta.title, w.line))
    return sorted(by_law.items(), key=lambda item: collection.regulations[item[0]].meta.title)
