"""Snippets for hits: a window of an article around the first query word, with the words to highlight.

A query word is highlighted only where it is a word of the text, not inside a longer word of the lexicon that
merely contains it (办法 is not highlighted in 承办法官), which needs the lexicon with each word's parts.
"""

from __future__ import annotations

import re
from pathlib import Path

from search.analysis import normalize

SNIPPET_CHARS = 110


class Snippets:
    """Snippet maker over one index generation's lexicon (read on first use, then cached with its look-ups)."""

    def __init__(self, path: Path):
        self.path = path
        self._lexicon: dict[str, list[str]] | None = None
        self._covers: dict[str, list[str]] = {}

    def lexicon(self) -> dict[str, list[str]]:
        if self._lexicon is None:
            lexicon: dict[str, list[str]] = {}
            for line in self.path.read_text(encoding="utf-8").splitlines():
                word, _, parts = line.partition("\t")
                lexicon[word] = parts.split()
            self._lexicon = lexicon
        return self._lexicon

    def snippet(self, text: str, surfaces: list[str]) -> tuple[str, list[tuple[int, int]]]:
        """A window of the text around the first query word, and the spans to highlight in it.

        Only a window around the first occurrence is examined: texts outside articles can be long.
        """
        lowered = text.lower()
        first = min((p for p in (lowered.find(s) for s in surfaces) if p >= 0), default=0)
        begin = max(0, first - 40)
        raw = text[begin:begin + 3 * SNIPPET_CHARS]
        flat = re.sub(r"\s*\n\s*", " ", raw).strip()
        spans = self._spans(flat, surfaces)
        start = 0
        if len(flat) > SNIPPET_CHARS and spans:
            start = max(0, min(spans[0][0] - 20, len(flat) - SNIPPET_CHARS))
        end = min(len(flat), start + SNIPPET_CHARS)
        prefix = "…" if start > 0 or begin > 0 else ""
        suffix = "…" if end < len(flat) or begin + len(raw) < len(text) else ""
        offset = len(prefix) - start
        shown = [(s + offset, e + offset) for s, e in spans if s >= start and e <= end]
        return prefix + flat[start:end] + suffix, shown

    def _covering(self, surface: str) -> list[str]:
        """Longer lexicon words that contain ``surface`` without it being one of their parts (承办法官 for 办法)."""
        found = self._covers.get(surface)
        if found is None:
            lexicon = self.lexicon()
            found = [w for w in lexicon if surface in w and w != surface and surface not in lexicon[w]] if len(surface) > 1 else []
            self._covers[surface] = found
        return found

    def _spans(self, text: str, surfaces: list[str]) -> list[tuple[int, int]]:
        folded = normalize(text)
        if len(folded) != len(text):
            folded = text.lower()
        taken = [False] * len(text)
        spans: list[tuple[int, int]] = []
        for surface in surfaces:
            covering = self._covering(surface)
            position = folded.find(surface)
            while position >= 0:
                end = position + len(surface)
                inside = any(_covers(folded, w, surface, position) for w in covering)
                if not inside and not any(taken[position:end]):
                    spans.append((position, end))
                    for i in range(position, end):
                        taken[i] = True
                position = folded.find(surface, position + 1)
        return sorted(spans)


def _covers(text: str, word: str, surface: str, position: int) -> bool:
    """Whether the occurrence of ``surface`` at ``position`` lies inside an occurrence of the longer ``word``."""
    offset = word.find(surface)
    while offset >= 0:
        begin = position - offset
        if begin >= 0 and text.startswith(word, begin):
            return True
        offset = word.find(surface, offset + 1)
    return False
