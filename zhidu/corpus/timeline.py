"""Point-in-time citations (SPEC §4): a citation is read against the version of its target in force on the day the
citing text took effect, and what became of the cited article since is found with the article-aligned comparison.

A 2020 opinion that cites 《民事诉讼法》第八十三条 meant the article numbered 83 in the text in force in 2020; when
the law was renumbered since, today's 第八十三条 is another rule. ``Timeline.resolve`` says which version and
article the citation meant, where that article is now (renumbered, modified, deleted) and whether the citation can
be followed at all (a repealed target, an article the version never had).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zhidu.domain.citations import Resolution
from zhidu.domain.compare import Comparison, Row, compare
from zhidu.domain.model import Article, Regulation
from zhidu.domain.status import Status

if TYPE_CHECKING:
    from zhidu.corpus.load import RegulationHistory, VersionInfo


class Timeline:
    """Resolves citations against the versions of every regulation (``Corpus.histories``)."""

    def __init__(self, histories: dict[str, RegulationHistory]):
        self.histories = histories
        self._comparisons: dict[tuple[str, dt.date, dt.date], Comparison] = {}
        self._rows: dict[tuple[str, dt.date, dt.date], dict[tuple[int, int], Row]] = {}
        self._resolved: dict[tuple[str, dt.date, str, int | None, int], Resolution | None] = {}

    def __call__(self, citing: Regulation, target: str, number: int | None, sub: int) -> Resolution | None:
        key = (citing.id, citing.meta.effective, target, number, sub)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(citing.meta.effective, target, number, sub)
        return self._resolved[key]

    def version_on(self, target: str, day: dt.date) -> VersionInfo | None:
        """The target's version in force on ``day`` (pending ones included once their day has come), or None when
        the knowledge base holds no text of it that old."""
        hist = self.histories.get(target)
        if hist is None:
            return None
        older = [info for info in hist.infos if info.effective <= day]
        return older[-1] if older else None

    def comparison(self, target: str, old: VersionInfo, new: VersionInfo) -> Comparison:
        """The comparison of two versions of ``target``, made once per build (``compare_versions`` reads the same)."""
        return self.compare(old.regulation, new.regulation)

    def compare(self, old: Regulation, new: Regulation) -> Comparison:
        """Two texts of one regulation compared, once per build whoever asks (keyed by id and dates of effect)."""
        key = (new.id, old.meta.effective, new.meta.effective)
        found = self._comparisons.get(key)
        if found is None:
            found = self._comparisons[key] = compare(old, new)
        return found

    def row_of(self, target: str, old: VersionInfo, new: VersionInfo, article: Article) -> Row | None:
        """The comparison row of ``article`` (of the older version)."""
        key = (target, old.effective, new.effective)
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = {row.old.key: row for row in self.comparison(target, old, new).rows if row.old is not None}
        return rows.get(article.key)

    def _resolve(self, day: dt.date, target: str, number: int | None, sub: int) -> Resolution | None:
        hist = self.histories.get(target)
        if hist is None:
            return None
        main = hist.main
        repealed = "已废止" if main.status is Status.REPEALED else ""
        successor = main.regulation.meta.replaced_by if repealed else None
        at = self.version_on(target, day)
        if at is None:
            # The knowledge base starts later than the citing text: read it against the shown text, and say so.
            earliest = hist.infos[0]
            fate = "older" if number is not None and earliest.effective > day else "same"
            article = main.regulation.article(number, sub) if number is not None else None
            if number is not None and article is None:
                fate = "missing"
            return Resolution(target, None, article.anchor if article else None, fate, article.label if article else "",
                              article.anchor if article else None, None, repealed, successor, earliest.effective)
        as_of = None if at is main else at.effective
        if number is None:
            return Resolution(target, as_of, None, "same", repealed=repealed, successor=successor)
        article = at.regulation.article(number, sub)
        if article is None:
            return Resolution(target, as_of, None, "missing", repealed=repealed, successor=successor)
        if at is main:
            return Resolution(target, None, article.anchor, "same", article.label, article.anchor, repealed=repealed, successor=successor)
        if main.effective < at.effective:  # the version read is pending on the build day: nothing became of it yet
            return Resolution(target, as_of, article.anchor, "same", article.label, article.anchor, repealed=repealed, successor=successor)
        row = self.row_of(target, at, main, article)
        compared = (at.effective, main.effective) if (at.effective, main.effective) in hist.compared_pairs else None
        if row is None or row.new is None:
            return Resolution(target, as_of, article.anchor, "deleted", compared=compared, repealed=repealed, successor=successor)
        now = row.new
        fate = "modified" if row.kind == "modified" else ("renumbered" if row.renumbered else "same")
        return Resolution(target, as_of, article.anchor, fate, now.label, now.anchor, compared, repealed, successor)
