"""One Chinese segmenter for the site's search and the offline search CLI, so that both cut text alike.

Both use rjieba (jieba's dictionary and algorithm, in Rust: about 30 times faster than jieba, and 0.2 s to import)
with the user dictionary generated from the regulations (``zhidu.corpus.dictionary.terms``).
"""

from __future__ import annotations

from collections.abc import Iterable


def word_frequency(word: str) -> int:
    """The frequency a user word is added with: high enough to keep it whole, growing with its length."""
    return 20000 + 1000 * len(word)


def rjieba_segmenter(words: Iterable[str]):
    """A fresh rjieba segmenter with ``words`` added."""
    import rjieba

    segmenter = rjieba.Jieba()
    for word in words:
        segmenter.add_word(word, word_frequency(word), None)
    return segmenter

