"""Chinese analysis of regulation text for the Whoosh index.

NOTE: Whoosh pickles the analyzer into the index's table of contents, as ``search.analysis.ChineseAnalyzer``.
This module's name and the class name must never change, or existing indexes cannot be opened (they would be
rebuilt, with one message). The pickled object holds no state: the lexicon lives in this module (``configure``),
so changing the dictionary never changes what is pickled.

Indexing segments with rjieba (jieba's dictionary, in Rust: ~0.1 s to import instead of jieba's ~1-2 s) plus the
project's user dictionary (``zhidu.corpus.dictionary.terms``, the words the site's search uses too). Each long word is
also indexed as its parts, so 法官 finds 承办法官 — but the parts come from segmenting the word on its own
(承办/法官), never from every dictionary word inside it, so 办法 does not match 承办法官.

Queries are not segmented here: ``search.query`` segments them over the index's own vocabulary, which needs
neither rjieba nor the dictionary at query time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer

from zhidu.domain.numerals import NUMERAL

ANALYZER_VERSION = 5
"""Bump when tokens change: indexes made with another version are rebuilt."""

STOP_CHARS = frozenset("的了和与及或等之其在是对将于以而并也则即所被把向从")
"""Single-character function words that carry no meaning for retrieval."""

_WORD = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
_ARTICLE_NUMBER = re.compile(rf"^第(?:{NUMERAL}|[0-9]+)[条款项章节编]$")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+(?:\.[0-9a-z]+)*")

_state: dict[str, object] = {}


def normalize(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, zero-width characters removed."""
    return unicodedata.normalize("NFKC", text).lower().translate(_INVISIBLE)


def as_typed(text: str) -> str:
    """``normalize`` without the lower case: the query's letters as the user typed them, to name them back (U盘)."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def configure(words: Iterable[str]) -> None:
    """Set the user dictionary used when indexing. Cheap to repeat with the same words."""
    lexicon = tuple(sorted({normalize(w) for w in words if len(w) >= 2}))
    if _state.get("lexicon") == lexicon:
        return
    from zhidu.domain.segment import rjieba_segmenter  # lazy: only indexing needs rjieba

    plain = rjieba_segmenter(())  # jieba's dictionary alone: where a word's own boundaries are
    segmenter = rjieba_segmenter(lexicon)  # the same segmenter the site's search uses
    _state.clear()
    _state.update(lexicon=lexicon, words=frozenset(lexicon), plain=plain, segmenter=segmenter, parts={})


def _ensure() -> None:
    if "segmenter" not in _state:
        from zhidu.corpus.dictionary import BUILTIN_TERMS

        configure(BUILTIN_TERMS)


def parts(word: str) -> list[str]:
    """The words inside a long word that it is also indexed as.

    Any dictionary word inside it counts, as long as it does not straddle a boundary of the word's plain
    segmentation: 中华人民共和国行政诉讼法 (中华人民共和国|行政诉讼法) gives 行政诉讼, 诉讼法, 人民…; 承办法官
    (承办|法官) gives 承办 and 法官 but never 办法, which would straddle the boundary. Words of the user
    dictionary (names, aliases, defined terms) count wherever they are.
    """
    _ensure()
    cache: dict[str, list[str]] = _state["parts"]  # type: ignore[assignment]
    found = cache.get(word)
    if found is not None:
        return found
    found = []
    if len(word) >= 3 and not _ARTICLE_NUMBER.match(word) and "\u3400" <= word[0] <= "\ufaff":
        plain = _state["plain"]
        user_words: frozenset[str] = _state["words"]  # type: ignore[assignment]
        bounds: list[int] = []
        position = 0
        for piece in plain.cut(word, False):  # type: ignore[attr-defined]
            position += len(piece)
            bounds.append(position)
        for i in range(len(word)):
            limit = next((b for b in bounds if b > i), len(word))  # the next boundary after i
            for j in range(i + 2, len(word) + 1):
                sub = word[i:j]
                if sub == word:
                    continue
                # User words (names, defined terms) count anywhere: 法律援助法 inside 中华人民共和国法律援助法.
                if sub in user_words or (j <= limit and plain.has_word(sub)):  # type: ignore[attr-defined]
                    found.append(sub)
    cache[word] = found
    return found


def segments(text: str) -> Iterator[str]:
    """The words of a text as the index segments it, in order, without the parts of long words."""
    _ensure()
    segmenter = _state["segmenter"]
    for run in _HAN_RUN.findall(normalize(text)):
        if len(run) == 1 or not ("\u3400" <= run[0] <= "\ufaff"):
            if run not in STOP_CHARS:
                yield run
            continue
        for word in segmenter.cut(run, False):  # type: ignore[attr-defined]  # no HMM: it invents words (内分案) a query cannot know
            if len(word) > 1 or word not in STOP_CHARS:
                yield word


def words(text: str) -> Iterator[str]:
    """The index terms of a text, in order, with the parts of long words after each word."""
    for word in segments(text):
        yield word
        if len(word) >= 3 and not word.isascii():
            yield from parts(word)


class ChineseAnalyzer(Tokenizer):
    """Whoosh analyzer over ``words``; stateless so that pickling it into the index is safe."""

    def __eq__(self, other: object) -> bool:
        return other is not None and other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__.__name__)

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, word in enumerate(words(value), start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = position
            if keeporiginal:
                token.original = word
            yield token


def has_word_char(text: str) -> bool:
    return bool(_WORD.search(normalize(text)))
