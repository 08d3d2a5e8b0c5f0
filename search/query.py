"""Answer a query from the index: segmentation over the index's own vocabulary, synonyms, citation jumps, filters.

A query is segmented without jieba: every substring is looked up in the index's term table (a hash lookup each)
and the segmentation with the longest known words wins. So the query is cut exactly as the documents were, and
a cold query needs neither the dictionary nor the segmenter.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search import bridge, legal, scoring, store
from search.analysis import STOP_CHARS, as_typed, normalize
from search.index import OPEN_END, Packer
from search.ranking import ALTERNATIVE_WEIGHT, BELOW_FACTOR, BELOW_FLOOR, IN_FORCE, NAME_PREFIX_MIN, QUERY_SPLIT
from search.snippets import Snippets
from search.thesaurus import Thesaurus
from zhidu import urls
from zhidu.domain.errors import ZhiduError
from zhidu.domain.model import article_anchor
from zhidu.domain.numerals import NUMERAL, cn_to_int
from zhidu.domain.status import Status, displayed_status

SEARCH_FIELDS = ("text", "head")
FIELD_BOOSTS = {"text": 1.0, "head": 0.6}
NAMED_SCORE = 5.0
"""Query-time weight of a match in the article's text and in its regulation's names and chapter."""
DISPLAY_STATUSES = tuple(s.value for s in Status)
FILTER_KEYS = {
    "category": "category", "分类": "category", "类别": "category",
    "department": "department", "部门": "department",
    "tag": "tags", "标签": "tags",
    "status": "status", "状态": "status",
    "id": "reg", "编号": "reg",
}
_N = f"{NUMERAL}|[0-9]+"
CITATION_RE = re.compile(rf"《?(?P<name>[^\s《》]{{2,60}}?)?》?\s*第(?P<num>{_N})条(?:之(?P<sub>{_N}))?")
_FILTER_RE = re.compile(r"^(?P<key>[A-Za-z\u4e00-\u9fff]{1,12})[:：](?P<value>.+)$")
_UNSTOP = dict.fromkeys(map(ord, STOP_CHARS), None)
"""Phrases are matched across function words, as the index sees them: 工作的年限 holds 工作年限."""
_LEAD_RE = re.compile(r"[^。：:；;\n]*")
_CHUNK_RE = re.compile(r"[0-9a-z]+(?:\.[0-9a-z]+)*|[\u3400-\u9fff\uf900-\ufaff]+")
_QUESTION = frozenset(bridge.QUESTION_WORDS)
_FORMS = {name: ([normalize(w) for w in form["ask"]], [re.compile(p) for p in form["answer"]]) for name, form in bridge.FORMS.items()}
_DEFINITION = [re.compile(p) for p in bridge.DEFINITION_PATTERNS]
_NUMBER_RUN = re.compile(bridge.NUMBER_RUN)
_ASKS = sorted({a for asks, _ in _FORMS.values() for a in asks if len(a) > 1})
MAX_WORD = 16
LEAD_BONUS = 1.0
"""How much an article whose first sentence holds every query word gains (a share of its score)."""
LEAD_CHARS = 120
PHRASE_BONUS = 0.5
"""How much an article that holds every phrase of the query as typed gains (a share of its score)."""
FIRST_BONUS = 0.2
"""How much the earliest of a regulation's reranked candidates whose text holds every query word and phrase as typed gains (a
share of its score, on top of the other bonuses)."""
RERANK = 20
"""How many of the best documents of each tier are checked for the query's phrases (each one is decompressed)."""
BM25_B = 0.5
BM25_K1 = 1.2
FUSE_MIN_WORDS = 3
"""A question (a word that only asks, or a question mark) of at least this many words is answered by two rankings
fused: the tiers above, and the plain sum of its words' scores. Keywords (请假 审批) keep the tiers alone."""
FUSE_K = 1
"""Reciprocal rank fusion: a document's fused score is the sum of 1 / (FUSE_K + rank) over the two rankings."""
FUSE_DEPTH = 20
"""How many documents of each ranking are fused: fixed, so that asking for more hits never reorders the first ones."""
FUSE_KEEP = 1
"""The tiers' first hits kept first: fusion adds answers further down, it never displaces the best-matched one."""


class QueryError(ZhiduError):
    """A query or option that cannot be searched; the message says how to write it instead."""


@dataclass
class Options:
    limit: int = 10
    category: str | None = None
    status: str | None = None
    as_of: dt.date | None = None
    include_repealed: bool = False
    department: str | None = None
    tag: str | None = None


@dataclass
class Hit:
    id: str
    title: str
    article: str | None
    anchor: str | None
    url: str
    snippet: str
    score: float
    path: str
    line: int
    effective: str
    status: str
    chapter: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    cited: bool = False

    def to_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "article": self.article, "anchor": self.anchor, "url": self.url,
            "snippet": self.snippet, "score": self.score, "path": self.path, "line": self.line,
            "effective": self.effective, "status": self.status, "chapter": self.chapter,
            "highlights": [list(span) for span in self.highlights],
        }


@dataclass
class SetAside:
    """A cited article that exists only in a text the query does not search."""

    id: str
    title: str
    article: str | None
    status: str
    """The status of that text on the day searched (已废止, 已修订, 尚未生效, or searched-for status if filtered out)."""
    effective: str


class Hits(list):
    """Hits, best first, and what the query set aside (a cited article in a text not searched)."""

    def __init__(self, hits=(), set_aside: SetAside | None = None, missing: list[str] | None = None):
        super().__init__(hits)
        self.set_aside = set_aside
        self.missing = missing or []  # words of the query that no document holds (量子 没有找到)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def _date(day: int) -> dt.date | None:
    """A date stored as YYYYMMDD (0 for none)."""
    return dt.date(day // 10000, day // 100 % 100, day % 100) if day else None


def _day(date: dt.date) -> int:
    return int(date.strftime("%Y%m%d"))


class Engine:
    """An open index generation; reuse one Engine for many queries (the warm path)."""

    def __init__(self, generation: Path, today: dt.date):
        from whoosh import index as whoosh_index

        self.generation = generation
        self.today = today
        self.meta = store.read_meta(generation)
        self.index = whoosh_index.open_dir(str(generation))
        self.searcher = self.index.searcher()
        self.reader = self.searcher.reader()
        self.scorer = scoring.Scorer(self.searcher, FIELD_BOOSTS, BM25_B, BM25_K1)
        self.names: dict[str, list[str]] = store.read_json(generation / store.NAMES)
        self.thesaurus = Thesaurus.from_json(store.read_json(generation / store.THESAURUS))
        self.versions: dict[str, dict] = store.read_json(generation / store.VERSIONS)
        self.weights = {key: legal.weight(v["title"], v.get("category"), v.get("kind")) for key, v in self.versions.items()}
        self.subjects = legal.subjects(((v["reg"], v["title"], v.get("kind")) for v in self.versions.values()), normalize)
        self.docmap: dict[str, list[list[int]]] = store.read_json(generation / store.DOCMAP)
        try:
            self.packer = Packer((generation / store.ZDICT).read_bytes())
        except OSError as exc:
            raise store.IndexUnusable(str(exc)) from exc
        self._known: dict[str, bool] = {}
        self._masks: dict[tuple, set[int]] = {}
        self.snippets = Snippets(generation / store.LEXICON)

    def close(self) -> None:
        self.searcher.close()

    # --- segmentation ------------------------------------------------------------------------------------------

    def frequency(self, word: str) -> int:
        """In how many documents the index has this word (0: unknown); a hash lookup per field, cached."""
        found = self._known.get(word)
        if found is None:
            found = max(self.reader.doc_frequency(name, word) for name in SEARCH_FIELDS)
            self._known[word] = found
        return found

    def known(self, word: str) -> bool:
        return self.frequency(word) > 0

    def segment(self, chunk: str, forbid: str | None = None) -> list[str]:
        """Cut one run of Han characters (or one ASCII word) into the index's words.

        The most probable cut wins, each word weighted by how many documents hold it — jieba's own criterion,
        with the index's statistics instead of jieba's dictionary, so that 认定为工伤 is cut 认定/为/工伤 as the
        documents were, not 认/定为/工伤.
        """
        if not _han(chunk[0]):
            return [chunk]
        total = math.log(max(self.reader.doc_count(), 1) * 2)
        n = len(chunk)
        best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * n
        for end in range(1, n + 1):
            for start in range(max(0, end - MAX_WORD), end):
                previous = best[start]
                if previous is None:
                    continue
                word = chunk[start:end]
                frequency = 0 if word == forbid else self.frequency(word)
                if len(word) == 1:
                    if word in STOP_CHARS:
                        gain, keep = -1.0, False
                    else:
                        # A character the bridge widens (批 → 审批, 批准) is kept though no document has it alone.
                        gain, keep = (math.log(frequency) - total if frequency else -2 * total), frequency > 0 or word in bridge.BRIDGE
                elif frequency:
                    gain, keep = math.log(frequency) - total, True
                elif (word in self.thesaurus.related or word in self.names or word in bridge.BRIDGE or word in _QUESTION) and word != forbid:
                    # A word the thesaurus, the bridge or a regulation's name (刑诉法) names is a word, even if no document uses it.
                    gain, keep = -total / 2, True
                else:
                    continue
                candidate = (previous[0] + gain, previous[1] + [word] if keep else previous[1])
                current = best[end]
                if current is None or candidate[0] > current[0]:
                    best[end] = candidate
        found = best[n]
        return found[1] if found else []

    def query_words(self, text: str) -> list[str]:
        """The words of a query, as segmented, without the words that only ask (吗, 怎么办, 谁) when others remain."""
        found = [word for chunk in _CHUNK_RE.findall(normalize(text)) for word in (self.segment(chunk) or [chunk])]
        kept = [w for w in found if w not in _QUESTION]
        return kept or found

    def concepts(self, text: str) -> list[list[tuple[list[str], float]]]:
        """Each query word with its alternatives: (words that must all match, weight)."""
        result: list[list[tuple[list[str], float]]] = []
        for word in self.query_words(text):
            alternatives: list[tuple[list[str], float]] = [([word], 1.0)]
            others = [(o, ALTERNATIVE_WEIGHT) for o in self.thesaurus.related.get(word, [])] + [(o, bridge.BRIDGE_WEIGHT) for o in bridge.BRIDGE.get(word, []) if o != word]
            self._widen(alternatives, others)
            full = self.abbreviation(word)
            if full:
                alternatives.append(([full], bridge.ABBREVIATION_WEIGHT))
            if any(all(self.known(w) for w in alt) for alt, _ in alternatives):
                result.append([(alt, weight) for alt, weight in alternatives if all(self.known(w) for w in alt)])
            elif len(word) > 1:
                result.append([([word], 1.0)])  # unknown word: nothing can match it, and AND says so
        return result

    def _widen(self, alternatives: list[tuple[list[str], float]], others: list[tuple[str, float]]) -> list[tuple[list[str], float]]:
        """``alternatives`` with each of ``others`` (text, weight) whose words the index all knows, cut as the index cuts it."""
        for other, weight in others:
            words = [w for part in _CHUNK_RE.findall(normalize(other)) for w in self.segment(part)]
            if words and all(self.known(w) for w in words) and words not in [alt for alt, _ in alternatives]:
                alternatives.append((words, weight))
        return alternatives

    def _mixed(self, plain: str) -> dict[int, tuple[int, list[tuple[list[str], float]]]]:
        """Letters and the character after them that the bridge knows as one word (u盘 → 移动存储介质), by the position
        of the letters: (the character's position, the alternatives the index knows). Neither part is searched
        alone; without a known alternative the word is not here, and it is named 没有找到 as any unknown letters are."""
        found: dict[int, tuple[int, list[tuple[list[str], float]]]] = {}
        for match in _CHUNK_RE.finditer(plain):
            key = match.group() + plain[match.end():match.end() + 1]
            if _han(key[0]) or key not in bridge.BRIDGE or not _han(key[-1]):
                continue
            alternatives = [alt for alt in self._widen([], [(o, bridge.BRIDGE_WEIGHT) for o in bridge.BRIDGE[key]]) if any(len(w) > 1 for w in alt[0])]
            if alternatives:  # not 超 alone for b超 → 超声 where no text holds 超声
                found[match.start()] = (match.end(), alternatives)
        return found

    def abbreviation(self, word: str, among: list[str] | None = None) -> str | None:
        """The full word an abbreviation no document holds stands for, checked against the corpus: the most frequent
        index word (or, with ``among``, name) that begins with its first character, ends with its last, is longer and
        holds its characters in order (村委会 → 村民委员会, 保密法 → 保守国家秘密法)."""
        low, high = bridge.ABBREVIATION_LENGTHS
        names = among is not None
        if not (low <= len(word) <= high) or not _han(word[0]) or (not names and self.frequency(word) >= bridge.ABBREVIATION_RARE):
            return None
        if among is None:
            buckets: dict[str, dict[str, list[str]]] = self.__dict__.setdefault("_abbreviation_buckets", {})
            if word[0] not in buckets:  # the index words beginning with a character, by their last character
                bucket: dict[str, list[str]] = {}
                for term in sorted({t.decode("utf-8") if isinstance(t, bytes) else t for name in SEARCH_FIELDS for t in self.reader.expand_prefix(name, word[0])}):
                    bucket.setdefault(term[-1], []).append(term)
                buckets[word[0]] = bucket
            among = buckets[word[0]].get(word[-1], [])
        best: tuple[int, str] | None = None
        for candidate in among:
            if not (len(word) < len(candidate) <= 2 * len(word) + 1 and candidate[0] == word[0] and candidate[-1] == word[-1]):
                continue
            rest = iter(candidate)
            if all(char in rest for char in word):
                key = (0 if names else -self.frequency(candidate), candidate)
                if best is None or key < best:
                    best = key
        return best[1] if best else None

    def asks(self, text: str) -> bool:
        """Whether a query is a question: it holds a question mark or a word that only asks (吗, 谁, 怎么, 能不能)."""
        plain = normalize(text)
        return "?" in plain or any(w in _QUESTION for chunk in _CHUNK_RE.findall(plain) for w in self.segment(chunk))

    def forms(self, text: str) -> list[str]:
        """The question forms a query asks in (``search.bridge.FORMS``), and "rule" when it asks for a rule, not a definition."""
        plain = normalize(text)
        found = [name for name, (asks, _) in _FORMS.items() if any(a in plain for a in asks)]
        if found and not any(a in plain for a in bridge.DEFINITION_ASKS):
            found.append(bridge.RULE)
        return found

    def missing(self, text: str, seen: Iterable[str] = ()) -> list[str]:
        """Words of a query that no document holds (量子 of 量子计算): runs of two or more characters that no known
        word of two or more characters covers, leaving out function characters and the words that only ask, and
        those found as typed in one of the ``seen`` texts (the ones the search re-ranked: 领用 is indexed as 领, 用
        but is in the text)."""
        words, _, _ = self._read(text, Options())
        query_text = " ".join(words)
        cited = self._citation(query_text, set())
        if cited is not None:  # a citation (保密法第29条) is not a word to find: only the rest of the query, as in search()
            query_text = _uncited(query_text, cited)
        plain = normalize(query_text)
        mixed = self._mixed(plain)
        return self._missing(query_text, plain, self._glued(plain, mixed), mixed, seen)

    def _missing(self, query_text: str, plain: str, glued: set[int], mixed: dict, seen: Iterable[str]) -> list[str]:
        """``missing`` of a query already read and cut of its citation (``plain`` normalized, ``glued`` its positions
        of characters named with the letters before them, ``mixed`` its letters read with a character), as ``search``
        has it."""
        found: list[str] = []
        typed = as_typed(query_text)
        if len(typed) != len(plain):
            typed = plain
        for match in _CHUNK_RE.finditer(plain):
            chunk = match.group()
            if not _han(chunk[0]):
                if not self.known(chunk) and match.start() not in mixed:  # named as typed, with the character it prefixes (U盘, not u)
                    found.append(typed[match.start():match.end() + (match.end() in glued)])
                continue
            covered = [match.start() in glued] + [False] * (len(chunk) - 1)
            cursor = 0
            for word in self.segment(chunk):
                at = chunk.find(word, cursor)
                if at < 0:
                    continue
                cursor = at + len(word)
                if len(word) > 1 and (self.known(word) or word in _QUESTION or word in bridge.BRIDGE or word in self.thesaurus.related or word in self.names):
                    covered[at:cursor] = [True] * len(word)
            for ask in _ASKS:  # 几天 of 几天假 asks in a form, however the cut split it (几/天假): never 没有找到
                at = chunk.find(ask)
                while at >= 0:
                    covered[at:at + len(ask)] = [True] * len(ask)
                    at = chunk.find(ask, at + 1)
            run = ""
            for char, done in zip(chunk + "。", covered + [True]):
                if done or char in STOP_CHARS or char in _QUESTION:
                    if len(run) > 1 and not _NUMBER_RUN.match(run):
                        found.append(run)
                    run = ""
                else:
                    run += char
        if found and seen:
            texts = [normalize(t) for t in seen]
            found = [w for w in found if not any(w in t for t in texts)]
        return list(dict.fromkeys(found))

    def _glued(self, plain: str, mixed: dict) -> set[int]:
        """Where a character of the normalized query belongs to the unknown letters before it (盘 of U盘): named with
        them as 没有找到, never searched alone (盘 would find 盘盈). Not when a word of two or more characters starts
        there (PDF文件: 文件 is searched), nor a function character or a word that asks. The character of a word of
        ``mixed`` (``_mixed``) belongs to its letters whether they are known or not."""
        runs = list(_CHUNK_RE.finditer(plain))
        glued = {end for end, _ in mixed.values()}
        for match, following in zip(runs, runs[1:]):
            chunk, run = match.group(), following.group()
            if _han(chunk[0]) or following.start() != match.end() or self.known(chunk):
                continue
            cut = self.segment(run)
            if not (cut and len(cut[0]) > 1 and run.startswith(cut[0])) and run[0] not in STOP_CHARS and run[0] not in _QUESTION:
                glued.add(following.start())
        return glued

    def phrases(self, text: str) -> list[str]:
        """Runs of Han characters in the query that the index knows only as several words (经济补偿 → 经济, 补偿)."""
        found = []
        for chunk in _CHUNK_RE.findall(normalize(text)):
            if _han(chunk[0]) and len([w for w in self.segment(chunk) if w not in STOP_CHARS]) > 1:
                found.append(chunk.translate(_UNSTOP))
        return found

    # --- filters -----------------------------------------------------------------------------------------------

    def display_status(self, fields: dict, day: dt.date) -> str:
        """The status a reader sees on ``day``, by the project's one rule (``zhidu.domain.status.displayed_status``)."""
        return displayed_status(
            fields["status"], _date(fields["start"]) or dt.date.min, day, _date(fields["end"]) if fields["end"] < OPEN_END else None, _date(fields["repealed"]),
        ).value

    def mask(self, day: dt.date, statuses: frozenset[str], filters: tuple[tuple[str, str], ...] = ()) -> set[int]:
        """Document numbers of the versions whose displayed status on ``day`` is one of ``statuses`` and that pass
        ``filters`` (field, value); cached per open index."""
        key = (day, statuses, filters)
        cached = self._masks.get(key)
        if cached is None:
            cached = set()
            for vkey, version in self.versions.items():
                if self.display_status(version, day) in statuses and all(_passes(version, f, v) for f, v in filters):
                    for first, last in self.docmap.get(vkey, []):
                        cached.update(range(first, last))
            self._masks[key] = cached  # a set: Whoosh takes no frozenset as a filter; callers never change it
        return cached

    # --- searching ---------------------------------------------------------------------------------------------

    def search(self, text: str, options: Options) -> Hits:
        """The hits for a query, best first: a cited article, then articles of a named regulation, then the rest.

        A citation is resolved as the search box resolves it, over every version (those searched first); an article
        found only in a text not searched (a repealed regulation without ``include_repealed``, an old or pending
        version) is not listed: ``Hits.set_aside`` says which it is, and the rest of the query is searched."""
        words, filters, statuses = self._read(text, options)
        day = options.as_of or self.today
        allowed = self.mask(day, statuses, tuple(sorted(filters.items())))
        query_text = " ".join(words)
        cited = self._citation(query_text, allowed)
        set_aside = None
        if cited is not None:
            query_text = _uncited(query_text, cited)
            if cited[0] not in allowed:
                set_aside = self._set_aside(cited[0], day)
                cited = None
        plain = normalize(query_text)
        mixed = self._mixed(plain)
        glued = self._glued(plain, mixed)
        blank = glued | {at for start, (end, _) in mixed.items() for at in range(start, end)}
        concepts = self.concepts("".join(" " if at in blank else c for at, c in enumerate(plain)) if blank else query_text)
        concepts += [alternatives for _, alternatives in mixed.values() if alternatives not in concepts]
        if not concepts and cited is None and set_aside is None and not glued:  # U盘 alone: nothing found, not no words
            if not words and filters:
                raise QueryError("只有筛选条件，没有检索词：请在筛选条件之外写上要查的词，如 “分类:审判管理 合议庭”。")
            raise QueryError("检索词中没有可以检索的文字：请输入要查找的词语，如 “请假 审批”。")
        seen: list[str] = []  # the texts re-ranked: a run the index splits (领用: 领, 用) found in one is no 没有找到
        hits = Hits(set_aside=set_aside)
        if not allowed or not concepts and cited is None:
            hits.missing = self._missing(query_text, plain, glued, mixed, seen)
            return hits  # Whoosh reads an empty filter as "no filter"
        # Marked in snippets: each query word, and each alternative whole (延长工作时间 for 加班, never 工作 alone).
        surfaces = sorted({"".join(alt) for concept in concepts for alt, _ in concept}, key=len, reverse=True)
        if cited is not None:
            hits.append(self._hit(cited[0], 0.0, surfaces, day, cited=True))
        found: list[tuple[int, float]] = []
        if concepts:
            # The query names a regulation (刑法 正当防卫, 民诉法 上诉): its articles come first.
            named = self._named(concepts)
            inside = {d for reg_id in named for d in self._regulation_docs(reg_id)} if named else None
            lifted = {d for reg_id in self._subjects(plain) for d in self._regulation_docs(reg_id)}
            found = self._rank(concepts, allowed, options.limit, inside, self.phrases(query_text), self.forms(query_text), self.asks(query_text), seen, lifted)
        for docnum, score in found:
            if cited is not None and docnum == cited[0]:
                hits[0].score = round(score, 3)
                continue
            hits.append(self._hit(docnum, score, surfaces, day))
            if len(hits) > options.limit:
                break
        if cited is not None and len(hits) > 1:
            hits[0].score = round(max(hits[0].score, max(h.score for h in hits[1:]) + 1.0), 3)
        return Hits(hits[: options.limit], set_aside=set_aside, missing=self._missing(query_text, plain, glued, mixed, seen))

    def _set_aside(self, docnum: int, day: dt.date) -> SetAside:
        vkey, label, *_ = self.searcher.stored_fields(docnum)["data"]
        version = self.versions[vkey]
        return SetAside(version["reg"], version["title"], label, self.display_status(version, day), version["eff"])

    def _read(self, text: str, options: Options) -> tuple[list[str], dict[str, str], frozenset[str]]:
        """(query words, field filters, displayed statuses searched) from the query text and the options."""
        filters: dict[str, str] = {}
        words: list[str] = []
        for piece in re.split(QUERY_SPLIT, text.strip()):
            match = _FILTER_RE.match(piece)
            if match and match.group("key") in FILTER_KEYS:
                filters[FILTER_KEYS[match.group("key")]] = match.group("value").strip()
            elif match and match.group("key").isascii():
                keys = "、".join(k for k in FILTER_KEYS if not k.isascii())
                raise QueryError(f"未知的筛选条件“{match.group('key')}:”：可用 {keys}，如 分类:审判管理。")
            elif piece:
                words.append(piece)
        for name, value in (("category", options.category), ("department", options.department), ("tags", options.tag)):
            if value:
                filters[name] = value
        status = filters.pop("status", None) or options.status
        if status is not None and status not in DISPLAY_STATUSES:
            raise QueryError(f"状态“{status}”无效：只能是 {'、'.join(DISPLAY_STATUSES)} 之一。")
        statuses = frozenset([status] if status else [*IN_FORCE, *(["已废止"] if options.include_repealed else [])])
        return words, filters, statuses

    # --- ranking ----------------------------------------------------------------------------------------------

    def _word_scores(self, word: str) -> dict[int, float]:
        """docnum → score of one query word; a word that names a regulation (刑法, 公司法) matches all its articles."""
        named: dict[int, float] = {}
        for reg_id in self.names.get(word, []):
            named.update(dict.fromkeys(self._regulation_docs(reg_id), NAMED_SCORE))
        return self.scorer.word(word, named)

    def _concept_scores(self, concept: list[tuple[list[str], float]], cache: dict[str, dict[int, float]]) -> dict[int, float]:
        """docnum → score of one query word or any of its alternatives (an alternative of several words needs them all)."""
        total: dict[int, float] = {}
        for alt, weight in concept:
            parts = [cache[w] if w in cache else cache.setdefault(w, self._word_scores(w)) for w in alt]
            if len(parts) == 1:
                scores = parts[0] if weight == 1.0 else {d: weight * v for d, v in parts[0].items()}
            else:
                common = set(parts[0]).intersection(*parts[1:])
                scores = {d: weight * sum(p[d] for p in parts) for d in common}
            if not total:
                total = dict(scores)
            else:
                get = total.get
                total.update({d: get(d, 0.0) + v for d, v in scores.items()})
        return total

    def _reranked(self, ranked: list[tuple[int, float]], phrases: list[str], topics: list[list[list[str]]],
                  forms: list[str] | None = None, seen: list[str] | None = None) -> list[tuple[int, float]]:
        """``ranked`` reordered by what BM25 cannot see: each phrase of the query (a run typed without a space that
        the index knows only as several words: 认定为工伤) found in the text as typed, and each query word found in
        the article's first sentence or its chapter (and section) heading, which say what the article is about
        (法官助理在法官指导下履行下列职责; 第二章 受案范围). Of each regulation's candidates, the earliest whose text
        holds every query word and phrase as typed gains too: a law states a rule where it first names the matter, and the
        articles after it refer back (工伤保险条例第十四条 认定为工伤, then 第十六条 不得认定为工伤). An article that
        answers in the question's form (``forms``: 由……审批 for 谁批) gains; a definition or scope article loses when
        the question asks for a rule (``search.bridge``)."""
        forms = forms or []
        gap = "[" + "".join(sorted(STOP_CHARS)) + "]?"
        patterns = [re.compile(gap.join(map(re.escape, phrase))) for phrase in phrases]
        scored = []
        first: set[str] = set()  # versions whose earliest candidate holding every word has been seen
        for docnum, score in sorted(ranked):  # in text order within each regulation
            data = self.searcher.stored_fields(docnum)["data"]
            text = self.packer.unpack(data[5])
            if seen is not None:
                seen.append(text)
            held_phrases = sum(1 for pattern in patterns if pattern.search(text))
            bonus = PHRASE_BONUS * held_phrases / len(patterns) if patterns else 0.0
            if topics and data[0] not in first and held_phrases == len(patterns):
                plain = normalize(text)
                if all(all(w in plain for w in alts[0]) for alts in topics):
                    first.add(data[0])
                    score *= 1 + FIRST_BONUS
            if topics:
                opening = _LEAD_RE.match(text[:LEAD_CHARS])
                lead = normalize(opening.group(0) if opening else "") + "\n" + normalize(data[4])
                held = sum(1 for alts in topics if any(all(w in lead for w in alt) for alt in alts))
                bonus += LEAD_BONUS * held / len(topics)
            for name in forms:
                if name in _FORMS and any(pattern.search(text) for pattern in _FORMS[name][1]):
                    bonus += bridge.FORM_BONUS
            if bridge.RULE in forms and any(pattern.search(text) for pattern in _DEFINITION):
                score *= bridge.DEFINITION_PENALTY
            scored.append((docnum, score * (1 + bonus)))
        return sorted(scored, key=lambda item: (-item[1], item[0]))

    def _rank(self, concepts: list[list[tuple[list[str], float]]], among: set[int], limit: int,
              inside: set[int] | None = None, phrases: list[str] | None = None, forms: list[str] | None = None,
              question: bool = False, seen: list[str] | None = None, lifted: set[int] | None = None) -> list[tuple[int, float]]:
        """(docnum, score) of the best documents among ``among``: all words first, then all but one, then any.

        Single characters only add to the score. With ``inside`` (the articles of a regulation the query names),
        those come first, each part ranked the same way. A ``question`` of ``FUSE_MIN_WORDS`` words or more that
        names no regulation is answered by these tiers fused with the plain ranking (``_fused``). The documents of
        ``lifted`` (laws kept for reference whose subject the query names, ``_subjects``) are not weighed down
        against the institution's own rules.
        """
        if not among:
            return []
        cache: dict[str, dict[int, float]] = {}
        phrases = phrases or []
        topics = [[alt for alt, _ in c] for c in concepts
                  if any(len(w) > 1 for alt, _ in c for w in alt) and not any(len(alt) == 1 and alt[0] in self.names for alt, _ in c)]
        scored = [self._concept_scores(c, cache) for c in concepts]
        long = [any(len(w) > 1 for alt, _ in c for w in alt) for c in concepts]
        required = [set(s) for s, keep in zip(scored, long) if keep] or [set(s) for s in scored]
        optional = [set(s) for s, keep in zip(scored, long) if not keep] if any(long) else []
        fuse = question and inside is None and len(concepts) >= FUSE_MIN_WORDS
        wanted = limit
        if fuse:
            limit = max(limit + 1, FUSE_DEPTH) - 1
        found: list[tuple[int, float]] = []
        for part in ([among & inside, among] if inside else [among]):
            shown = {d for d, _ in found}
            for group in self._outside_later(scoring.tiers(required, optional, part, limit + len(shown))):
                group -= shown
                if not group:
                    continue
                ranked = sorted(((d, self._weight(d, inside, lifted) * sum(s.get(d, 0.0) for s in scored)) for d in group), key=lambda item: (-item[1], item[0]))
                if phrases or topics or forms:
                    ranked = self._reranked(ranked[: RERANK], phrases, topics, forms, seen) + ranked[RERANK:]
                found += _below(found, ranked[: limit + 1])
                if len(found) > limit:
                    break
            if len(found) > limit:
                break
        if fuse:
            return self._fused(found[: limit + 1], scored, among, lifted)[: wanted + 1]
        return found

    def _fused(self, tiered: list[tuple[int, float]], scored: list[dict[int, float]], among: set[int], lifted: set[int] | None = None) -> list[tuple[int, float]]:
        """``tiered`` fused by reciprocal rank (``FUSE_K``) with the plain ranking of the same words: every article in
        ``among`` holding any of them, by the sum of their scores — no tiers, no re-ranking, and of the prior only
        what puts the institution's own rules first (``legal.kind_weight``). A lay question holds words its answer
        lacks (孩子, 房子, 怎么要回来): the tiers put first what holds the most of them, the plain sum what holds the
        rarest, and each finds answers the other misses. The first ``FUSE_KEEP`` of the tiers stay first; the scores
        are the fused ones (the kept hits one above the best of the rest)."""
        totals: dict[int, float] = {}
        for scores in scored:
            get = totals.get
            totals.update({d: get(d, 0.0) + v for d, v in scores.items() if d in among})
        weights = self.plain_weights
        plain = heapq.nsmallest(len(tiered), ((d, _lift(weights.get(d, 1.0), d, lifted) * v) for d, v in totals.items() if not (d in self.run_ends and self._outside(d))),
                                key=lambda item: (-item[1], item[0]))
        fused: dict[int, float] = {}
        for ranking in (tiered, plain):
            for rank, (docnum, _) in enumerate(ranking):
                fused[docnum] = fused.get(docnum, 0.0) + 1 / (FUSE_K + rank)
        kept = [d for d, _ in tiered[:FUSE_KEEP]]
        rest = sorted(((d, v) for d, v in fused.items() if d not in kept), key=lambda item: (-item[1], item[0]))
        top = (rest[0][1] if rest else 0.0) + 1.0
        return [(d, top + len(kept) - i) for i, d in enumerate(kept)] + rest

    def _outside_later(self, groups: list[set[int]]) -> list[set[int]]:
        """``groups`` with the text outside articles of each moved to the next (after the last, a group of its own).

        Preambles, attachments and amendment decisions are long (92 KB of one 司法解释 decision restating 27 others):
        they hold every word of a long question without being about it, so they never lead a tier of articles."""
        moved: list[set[int]] = []
        carried: set[int] = set()
        for group in groups:
            group = group | carried
            carried = {d for d in group & self.run_ends if self._outside(d)}
            moved.append(group - carried)
        if carried:
            moved.append(carried)
        return moved

    @property
    def run_ends(self) -> set[int]:
        """The last document of each run of a version's documents: where its text outside articles, if any, is."""
        found = getattr(self, "_run_ends", None)
        if found is None:
            found = self._run_ends = {last - 1 for runs in self.docmap.values() for _first, last in runs}
        return found

    def _outside(self, docnum: int) -> bool:
        """Whether a document is text outside articles (it has no anchor); read once per document."""
        cache: dict[int, bool] = self.__dict__.setdefault("_outside_cache", {})
        found = cache.get(docnum)
        if found is None:
            found = cache[docnum] = self.searcher.stored_fields(docnum)["data"][2] is None
        return found

    def _weight(self, docnum: int, named: set[int] | None, lifted: set[int] | None = None) -> float:
        """The document-level prior (``legal.weight``: a law before the regulations and interpretations that repeat
        it, the institution's own rules before laws kept for reference); 1 for a regulation the query names; a law
        whose subject the query names (``lifted``) without the weight of a law kept for reference."""
        if named is not None and docnum in named:
            return 1.0
        return _lift(self.doc_weights.get(docnum, 1.0), docnum, lifted)

    def _subjects(self, plain: str) -> list[str]:
        """The laws kept for reference whose subject (``legal.subjects``: 人民陪审员 of 人民陪审员法) the normalized
        query holds, spaces aside."""
        joined = plain.replace(" ", "")
        return [reg_id for core, owners in self.subjects.items() if core in joined for reg_id in owners]

    @property
    def doc_weights(self) -> dict[int, float]:
        """docnum → its version's prior, from the document runs of each version (no stored document is read)."""
        found = getattr(self, "_doc_weights", None)
        if found is None:
            found = self._doc_weights = self._per_document(self.weights)
        return found

    @property
    def plain_weights(self) -> dict[int, float]:
        """docnum → the part of its version's prior the plain ranking keeps (``legal.kind_weight``)."""
        found = getattr(self, "_plain_weights", None)
        if found is None:
            found = self._plain_weights = self._per_document({key: legal.kind_weight(v.get("kind")) for key, v in self.versions.items()})
        return found

    def _per_document(self, weights: dict[str, float]) -> dict[int, float]:
        found: dict[int, float] = {}
        for vkey, runs in self.docmap.items():
            weight = weights.get(vkey, 1.0)
            for first, last in runs:
                found.update(dict.fromkeys(range(first, last), weight))
        return found

    def _regulation_docs(self, reg_id: str) -> list[int]:
        from whoosh.query import Term

        return list(self.searcher.docs_for_query(Term("reg", reg_id)))

    def _named(self, concepts: list[list[tuple[list[str], float]]]) -> set[str]:
        """Regulations that a query word names exactly: a title, short title or alias (or its thesaurus twin)."""
        named: set[str] = set()
        for concept in concepts:
            for words, _ in concept:
                word = words[0]
                if len(words) != 1 or len(word) < 2:
                    continue
                exact = self.names.get(word)
                if exact:
                    named.update(exact)
                elif len(word) >= NAME_PREFIX_MIN:  # 民法典 names every part titled 民法典（…）
                    for name, owners in self.names.items():
                        if name.startswith(word) and not name[len(word):len(word) + 1].isalnum():
                            named.update(owners)
        return named

    def _citation(self, text: str, allowed: set[int]) -> tuple[int, int, int, str] | None:
        """(docnum, start, end, name) of the article a query like 公务员法第三十八条 names, if it exists."""
        for match in CITATION_RE.finditer(text):
            name = normalize(match.group("name") or "").strip("《》")
            if not name:
                continue
            try:
                number = _number(match.group("num"))
                sub = _number(match.group("sub")) if match.group("sub") else 0
            except ValueError:
                continue
            anchor = article_anchor(number, sub)
            for reg_id in self._regulations_named(name):
                for docs in self._version_docs(reg_id, allowed):
                    docnum = self._article(docs, anchor, (number, sub))
                    if docnum is not None:
                        return docnum, match.start(), match.end(), name
        return None

    def _version_docs(self, reg_id: str, allowed: set[int]) -> list[list[int]]:
        """The document numbers of each version of a regulation, in the order the search box tries them for a
        citation: versions searched first, then pending ones, then the rest (superseded or repealed)."""
        if not hasattr(self, "_by_reg"):
            self._by_reg: dict[str, list[str]] = {}
            for vkey, version in self.versions.items():
                self._by_reg.setdefault(version["reg"], []).append(vkey)
        groups = []
        for vkey in self._by_reg.get(reg_id, []):
            docs = [d for first, last in self.docmap.get(vkey, []) for d in range(first, last)]
            if docs:
                pending = self.display_status(self.versions[vkey], self.today) == Status.PENDING.value
                groups.append((0 if docs[0] in allowed else 1 if pending else 2, docs[0], docs))
        return [docs for *_, docs in sorted(groups)]

    def _article(self, docs: list[int], anchor: str, number: tuple[int, int]) -> int | None:
        """The document of an article among a regulation's documents (in text order): a binary search by article
        number reads a dozen stored documents instead of hundreds; a scan covers numbering out of order."""
        def key(docnum: int) -> tuple[int, int]:
            found = self.searcher.stored_fields(docnum)["data"][2]
            parts = re.findall(r"\d+", found or "")
            return (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0) if parts else (1 << 30, 0)

        low, high = 0, len(docs)
        while low < high:
            middle = (low + high) // 2
            if key(docs[middle]) < number:
                low = middle + 1
            else:
                high = middle
        if low < len(docs) and self.searcher.stored_fields(docs[low])["data"][2] == anchor:
            return docs[low]
        before = key(docs[low - 1]) if low > 0 else (-1, 0)
        after = key(docs[low]) if low < len(docs) else (1 << 31, 0)
        if before < number < after:
            return None  # the neighbours are in order: the regulation has no such article
        return next((d for d in docs if self.searcher.stored_fields(d)["data"][2] == anchor), None)

    def _regulations_named(self, name: str) -> list[str]:
        """Regulations a name may mean: exact names first, then names containing it (shortest first), then names it contains."""
        ordered: list[str] = list(self.names.get(name, []))
        containing = sorted((k for k in self.names if name in k and k != name), key=len)
        contained = sorted((k for k in self.names if k in name and k != name and len(k) >= 2), key=len, reverse=True)
        for key in [*containing, *contained]:
            ordered += [r for r in self.names[key] if r not in ordered]
        if not ordered:  # an abbreviation of a name (保密法 of 保守国家秘密法)
            full = self.abbreviation(name, [k for k in self.names if k[:1] == name[:1]])
            ordered = list(self.names.get(full, [])) if full else []
        return ordered

    def _hit(self, docnum: int, score: float, surfaces: list[str], day: dt.date, cited: bool = False) -> Hit:
        vkey, label, anchor, line, chapter, body = self.searcher.stored_fields(docnum)["data"]
        version = self.versions[vkey]
        status = self.display_status(version, self.today)  # as the site shows it, whatever day was searched
        today = _day(self.today)
        shown_today = version["start"] <= today < version["end"] or (version["first"] and version["start"] > today)
        url = urls.url_of(urls.regulation(version["reg"])) if shown_today else urls.version_url(version["reg"], version["eff"])
        if anchor:
            url += f"#{anchor}"
        snippet, spans = self.snippet(self.packer.unpack(body), surfaces)
        return Hit(
            id=version["reg"], title=version["title"], article=label, anchor=anchor, url=url,
            snippet=snippet, score=round(float(score), 3), path=version["path"], line=line,
            effective=version["eff"], status=status, chapter=chapter, highlights=spans, cited=cited,
        )

    # --- snippets ----------------------------------------------------------------------------------------------

    def lexicon(self) -> dict[str, list[str]]:
        return self.snippets.lexicon()

    def snippet(self, text: str, surfaces: list[str]) -> tuple[str, list[tuple[int, int]]]:
        return self.snippets.snippet(text, surfaces)


def _uncited(text: str, cited: tuple[int, int, int, str]) -> str:
    """The rest of a query once the citation ``Engine._citation`` found in it is cut out (its name when nothing is left)."""
    return (text[: cited[1]] + " " + text[cited[2]:]).strip() or cited[3]


def _han(char: str) -> bool:
    """Whether a character is a Han character as the index's runs read them (JS ``isHan``)."""
    return "\u3400" <= char <= "\ufaff"


def _lift(weight: float, docnum: int, lifted: set[int] | None) -> float:
    """A document's prior without the weight of a law kept for reference when the query names its subject (``lifted``)."""
    return weight / legal.LAW_WEIGHT if lifted and docnum in lifted else weight


def _below(ahead: list[tuple[int, float]], more: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """``more`` scaled to score below the last of ``ahead``, keeping its order: scores follow the ranking."""
    if not ahead or not more:
        return more
    factor = min(1.0, BELOW_FACTOR * ahead[-1][1] / max(max(score for _, score in more), BELOW_FLOOR))
    return [(docnum, score * factor) for docnum, score in more]


def _passes(version: dict, field_name: str, value: str) -> bool:
    if field_name == "tags":
        return value.lower() in (t.lower() for t in version.get("tags", []))
    return version.get(field_name) == value
