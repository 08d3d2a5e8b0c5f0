"""BM25F over Whoosh's posting lists, term at a time, in plain Python.

Whoosh's own matchers walk documents one at a time through layers of Python objects: an AND of four common
words (申请, 政府, 信息, 公民) costs 10-20 ms, and the "all words but one" fallback runs one such AND per word.
Here each word's posting list is read block by block into a dict (C-speed ``dict(zip(...))``), the tiers
(documents matching every word, all but one, fewer) are set operations, and only the documents of the tiers a
page of hits needs are scored. Whoosh still stores the index; only query execution lives here.
"""

from __future__ import annotations

import math

from search import whoosh_internals


class Scorer:
    """Scores of query words over an open Whoosh searcher (all its segments), for one index generation."""

    def __init__(self, searcher, boosts: dict[str, float], b: float, k1: float):
        self.searcher = searcher
        self.boosts = boosts
        self.b = b
        self.k1 = k1
        self.doc_count = searcher.doc_count_all()
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._norms: dict[str, tuple[bytes, list[float]]] = {}

    def _norm(self, field: str) -> tuple[bytes, list[float]]:
        """(length byte per document, BM25 length normalisation per byte value) of a field; read once per process."""
        found = self._norms.get(field)
        if found is None:
            from whoosh.util.numeric import byte_to_length

            parts = [whoosh_internals.field_length_bytes(reader, field, reader.doc_count_all()) for reader, _ in self.leaves]
            average = self.searcher.avg_field_length(field) or 1.0
            table = [self.k1 * (1 - self.b + self.b * byte_to_length(i) / average) for i in range(256)]
            found = (b"".join(parts), table)
            self._norms[field] = found
        return found

    def postings(self, field: str, word: str) -> dict[int, float]:
        """docnum → weight (term frequency × boosts given at indexing) of a word in a field, all segments."""
        from whoosh.reading import TermNotFound

        result: dict[int, float] = {}
        for reader, offset in self.leaves:
            try:
                matcher = reader.postings(field, word)
            except TermNotFound:  # not in this segment
                continue
            result.update(whoosh_internals.read_postings(whoosh_internals.leaf_matcher(matcher), offset))
        return result

    def idf(self, field: str, word: str) -> float:
        return math.log(self.doc_count / (self.searcher.doc_frequency(field, word) + 1)) + 1

    def word(self, word: str, constant: dict[int, float] | None = None) -> dict[int, float]:
        """docnum → BM25F score of one word over the searched fields (plus ``constant`` per document)."""
        scores: dict[int, float] = dict(constant or {})
        k1 = self.k1
        for field, boost in self.boosts.items():
            weights = self.postings(field, word)
            if not weights:
                continue
            lengths, table = self._norm(field)
            factor = boost * self.idf(field, word) * (k1 + 1)
            if not scores:
                scores = {d: factor * w / (w + table[lengths[d]]) for d, w in weights.items()}
                continue
            get = scores.get
            scores.update({d: get(d, 0.0) + factor * w / (w + table[lengths[d]]) for d, w in weights.items()})
        return scores


def tiers(required: list[set[int]], optional: list[set[int]], among: set[int], needed: int) -> list[set[int]]:
    """Documents in ``among`` grouped by how many of the ``required`` sets miss them (none, one, more: then any of
    ``optional`` is enough), only as many groups as it takes to hold more than ``needed`` documents."""
    sets = [s & among for s in required]
    if not sets:
        return []
    every = set.intersection(*sets)
    groups = [every]
    if len(every) > needed or len(sets) < 2:
        return groups
    but_one: set[int] = set()
    for i in range(len(sets)):
        others = [s for j, s in enumerate(sets) if j != i]
        but_one |= set.intersection(*others) - every
    groups.append(but_one)
    if len(every) + len(but_one) > needed:
        return groups
    groups.append((set().union(*sets, *(s & among for s in optional)) - every) - but_one)
    return groups
