"""The texts a role's list is made from: the institution's own regulations in force, each with its earlier versions."""

from __future__ import annotations

from zhidu.corpus.load import Corpus
from zhidu.domain.collation import pinyin_key
from zhidu.domain.model import Regulation


def role_sources(corpus: Corpus) -> dict[str, list[Regulation]]:
    """Regulation id → its versions up to the one in force (ascending), for every regulation of the institution's own
    (laws kept for reference are not its rules) that is in force on the build date, in pinyin order of short titles.
    Secret files are never in the corpus's collection, nor in its histories."""
    found: dict[str, list[Regulation]] = {}
    regulations = sorted(corpus.collection.regulations.values(), key=lambda r: pinyin_key(r.meta.short_title))
    for regulation in regulations:
        if regulation.is_law or not corpus.status(regulation.id).in_force:
            continue
        history = corpus.histories.get(regulation.id)
        shown = regulation.meta.effective
        earlier = [info.regulation for info in history.infos if info.effective < shown] if history else []
        found[regulation.id] = [*earlier, regulation]
    return found
