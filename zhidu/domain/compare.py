"""Article-aligned comparison of two versions of a regulation (the 修订对照表).

Articles are paired by their CONTENT, not their numbers: inserting one article renumbers every later one, and a
comparison by number would mark them all as changed. Identical texts are paired first (difflib over the list of
article texts); in the stretches between, articles are paired by similarity (ratio ≥ ``PAIR_THRESHOLD``) keeping
their order; what is left is added or deleted. Modified articles get a character-level diff (Chinese has no
spaces between words), with tiny equal runs merged into the change around them so it reads as phrases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from zhidu.domain.model import Article, Block, Regulation

PAIR_THRESHOLD = 0.5
"""Two articles at least this similar (difflib ratio) are one article modified rather than one deleted and one added."""
LONE_PAIR_THRESHOLD = 0.25
"""When exactly one old and one new article stand between unchanged ones, their place already says they are the same
article (a 施行 article whose date and repeal clause changed): a lower similarity is enough."""
MERGE_EQUAL_BELOW = 2
"""Equal runs shorter than this many characters between two changes are shown as part of the change."""
LONG_TEXT = 3000
"""Texts longer than this (both sides together) are diffed line by line first."""
_MAX_PAIRING_CELLS = 40_000
"""Above this many candidate pairs in one stretch, only pairs near the diagonal are tried (whole-text rewrites)."""

KIND_LABELS = {"added": "新增", "deleted": "删除", "modified": "修改", "unchanged": "未变"}


@dataclass
class Row:
    """One line of the comparison: an article of the old version, of the new one, or both."""

    kind: str
    """``added``, ``deleted``, ``modified`` or ``unchanged``."""
    old: Article | None
    new: Article | None
    segments: list[tuple[str, str]] = field(default_factory=list)
    """For ``modified``: (``equal``/``insert``/``delete``, text) over the whole article text (paragraphs joined by newlines)."""

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.key != self.new.key

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def before(self) -> Article:
        """The old article of a row that has one (``deleted``, ``modified``, ``unchanged``)."""
        if self.old is None:
            raise ValueError(f"a row of kind {self.kind} has no old article")
        return self.old

    @property
    def after(self) -> Article:
        """The new article of a row that has one (``added``, ``modified``, ``unchanged``)."""
        if self.new is None:
            raise ValueError(f"a row of kind {self.kind} has no new article")
        return self.new


@dataclass
class Comparison:
    old: Regulation
    new: Regulation
    rows: list[Row]
    other: list[tuple[str, str]] = field(default_factory=list)
    """Inline diff of the text outside articles (preamble, tables, attachments); empty when that text is unchanged."""

    def count(self, kind: str) -> int:
        return sum(row.kind == kind for row in self.rows)

    @property
    def renumbered_count(self) -> int:
        return sum(row.renumbered for row in self.rows)

    @property
    def summary(self) -> str:
        """修改 3 条，新增 1 条，删除 1 条 (zero parts left out); 无条文变化 when no article changed."""
        parts = [f"{label} {n} 条" for kind, label in (("modified", "修改"), ("added", "新增"), ("deleted", "删除")) if (n := self.count(kind))]
        return "，".join(parts) if parts else "无条文变化"


def compare(old: Regulation, new: Regulation) -> Comparison:
    """Align the articles of two versions by content and diff the modified ones."""
    rows = align(old.articles, new.articles)
    other_old, other_new = _outside_articles(old), _outside_articles(new)
    other = inline_diff(other_old, other_new) if other_old != other_new else []
    return Comparison(old, new, rows, other)


def align(old: list[Article], new: list[Article]) -> list[Row]:
    rows: list[Row] = []
    matcher = SequenceMatcher(None, [a.text for a in old], [a.text for a in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Row("unchanged", old[i1 + k], new[j1 + k]) for k in range(i2 - i1)]
        else:
            rows += _pair_stretch(old[i1:i2], new[j1:j2])
    return rows


def _similarity(a: str, b: str) -> float:
    """difflib's ratio, skipped (0) when its cheap upper bounds already rule the pair out."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_THRESHOLD or matcher.quick_ratio() < PAIR_THRESHOLD:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= PAIR_THRESHOLD else 0.0


def _pair_stretch(old: list[Article], new: list[Article]) -> list[Row]:
    """Order-keeping pairing of a changed stretch that maximises total similarity (a small alignment DP)."""
    m, n = len(old), len(new)
    if not m or not n:
        return [Row("deleted", a, None) for a in old] + [Row("added", None, b) for b in new]
    if m == n == 1 and SequenceMatcher(None, old[0].text, new[0].text, autojunk=False).ratio() >= LONE_PAIR_THRESHOLD:
        return [Row("modified", old[0], new[0], inline_diff(old[0].text, new[0].text))]
    band = None if m * n <= _MAX_PAIRING_CELLS else max(abs(m - n) + 5, 20)
    sim: dict[tuple[int, int], float] = {}
    for i in range(m):
        for j in range(n):
            if band is not None and abs(i * n / m - j) > band:
                continue
            score = _similarity(old[i].text, new[j].text)
            if score:
                sim[(i, j)] = score
    # best[i][j]: best total similarity aligning old[i:] with new[j:]
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            if (i, j) in sim:
                value = max(value, sim[(i, j)] + best[i + 1][j + 1])
            best[i][j] = value
    rows: list[Row] = []
    i = j = 0
    while i < m and j < n:
        if (i, j) in sim and best[i][j] == sim[(i, j)] + best[i + 1][j + 1]:
            rows.append(Row("modified", old[i], new[j], inline_diff(old[i].text, new[j].text)))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            rows.append(Row("deleted", old[i], None))
            i += 1
        else:
            rows.append(Row("added", None, new[j]))
            j += 1
    rows += [Row("deleted", a, None) for a in old[i:]] + [Row("added", None, b) for b in new[j:]]
    return rows


def inline_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level changes from ``old`` to ``new``: ("equal"|"delete"|"insert", text), tiny equal runs merged.

    Long texts (a whole attachment, say) are first compared line by line and only the changed lines character by
    character: a character diff costs the product of the lengths.
    """
    if len(old) + len(new) <= LONG_TEXT:
        return _char_diff(old, new)
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            segments.append(("equal", left))
        elif left and right and len(left) + len(right) <= LONG_TEXT:
            segments += _char_diff(left, right)
        else:
            segments += [(kind, text) for kind, text in (("delete", left), ("insert", right)) if text]
    merged: list[tuple[str, str]] = []
    for kind, text in segments:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def _char_diff(old: str, new: str) -> list[tuple[str, str]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    opcodes = matcher.get_opcodes()
    # Equal runs shorter than MERGE_EQUAL_BELOW between two changes join the change: "把甲改为乙的丙" reads better
    # as one replaced phrase than as a comb of single characters.
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inner = 0 < index < len(opcodes) - 1
        if tag == "equal" and inner and i2 - i1 < MERGE_EQUAL_BELOW and "\n" not in old[i1:i2]:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([tag if tag == "equal" else "change", i1, i2, j1, j2])
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "equal":
            segments.append(("equal", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(("delete", old[i1:i2]))
        if j2 > j1:
            segments.append(("insert", new[j1:j2]))
    return segments


def _outside_articles(regulation: Regulation) -> str:
    return "\n".join(item.text for item in regulation.body if isinstance(item, Block))
