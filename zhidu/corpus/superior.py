"""上位法已修订: a regulation citing a law whose text in force took effect after the regulation itself did.

The regulation was written against an older text of the law; the maintainers should check that what it says still
agrees with the law as it stands. Computed from the collection's citations and the laws' version histories only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from zhidu.corpus.collection import Collection
from zhidu.corpus.load import RegulationHistory


@dataclass(frozen=True)
class SuperiorRevision:
    """One cited law revised after the citing regulation took effect."""

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


def superior_revisions(collection: Collection, histories: dict[str, RegulationHistory]) -> dict[str, list[SuperiorRevision]]:
    """Regulation id → the laws it cites whose text in force is newer than the regulation's own ``effective``
    (only for the institution's own rules; a law citing a law is not the institution's to amend)."""
    cited: dict[str, set[str]] = defaultdict(set)
    for target, entries in collection.cited_by.items():
        for entry in entries:
            cited[entry.source].add(target)
    found: dict[str, list[SuperiorRevision]] = {}
    for citing_id, targets in cited.items():
        citing = collection.regulations[citing_id]
        if citing.is_law:
            continue
        revisions = []
        for law_id in targets:
            law = collection.regulations.get(law_id)
            hist = histories.get(law_id)
            if law is None or not law.is_law or hist is None:
                continue
            main = hist.main
            if not main.status.in_force or main.effective <= citing.meta.effective:
                continue
            older = [info for info in hist.infos if info.effective <= citing.meta.effective]
            previous = older[-1] if older else None
            compared = previous is not None and (previous.effective, main.effective) in hist.compared_pairs
            revisions.append(SuperiorRevision(law_id, law.meta.title, main.effective, previous.effective if previous else None, compared))
        if revisions:
            found[citing_id] = sorted(revisions, key=lambda r: r.title)
    return found
