"""Answer a query from the index: segmentation over the index's own vocabulary, synonyms, citation jumps, filters.

A query is segmented without jieba: every substring is looked up in the index's term table (a hash lookup each)
and the segmentation with the longest known words wins. So the query is cut exactly as the documents were, and
a cold query needs neither the dictionary nor the segmenter.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.errors import ZhiduError
from zhidu.numerals import cn_to_int

from . import store
from .analysis import STOP_CHARS, normalize
from .index import Packer
from .thesaurus import Thesaurus

SEARCH_FIELDS = ("text", "head")
FIELD_BOOSTS = {"text": 1.0, "head": 0.6}
NAMED_SCORE = 5.0
"""Query-time weight of a match in the article's text and in its regulation's names and chapter."""
DISPLAY_STATUSES = ("现行有效", "试行", "已废止", "尚未生效", "已修订")
FILTER_KEYS = {
    "category": "category", "分类": "category", "类别": "category",
    "department": "department", "部门": "department",
    "tag": "tags", "标签": "tags",
    "status": "status", "状态": "status",
    "id": "reg", "编号": "reg",
}
SNIPPET_CHARS = 110
# Searches run with optimize=False: Whoosh's block-quality skipping costs more in Python than it saves here
# (measured: a two-field OR over 10,000 postings takes 7 ms without it, 22 ms with it).
_N = "[零〇一二三四五六七八九十百千两]+|[0-9]+"
CITATION_RE = re.compile(rf"《?(?P<name>[^\s《》]{{2,60}}?)?》?\s*第(?P<num>{_N})条(?:之(?P<sub>{_N}))?")
_FILTER_RE = re.compile(r"^(?P<key>[A-Za-z\u4e00-\u9fff]{1,12})[:：](?P<value>.+)$")
_CHUNK_RE = re.compile(r"[0-9a-z]+(?:\.[0-9a-z]+)*|[\u3400-\u9fff\uf900-\ufaff]+")
MAX_WORD = 16
RELAX_ALL_BUT_ONE = 6
"""Up to this many query words, "all words but one" is tried before "any word" (one AND query per word)."""
BM25_B = 0.5
BM25_K1 = 1.2


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


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


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
        from whoosh import scoring

        self.searcher = self.index.searcher(weighting=scoring.BM25F(B=BM25_B, K1=BM25_K1))
        self.reader = self.searcher.reader()
        self.names: dict[str, list[str]] = store.read_json(generation / store.NAMES)
        self.thesaurus = Thesaurus.from_json(store.read_json(generation / store.THESAURUS))
        self.versions: dict[str, dict] = store.read_json(generation / store.VERSIONS)
        self.docmap: dict[str, list[list[int]]] = store.read_json(generation / store.DOCMAP)
        try:
            self.packer = Packer((generation / store.ZDICT).read_bytes())
        except OSError as exc:
            raise store.IndexUnusable(str(exc)) from exc
        self._known: dict[str, bool] = {}
        self._masks: dict[tuple, set[int]] = {}
        self._lexicon: dict[str, list[str]] | None = None
        self._covers: dict[str, list[str]] = {}

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
        if not ("\u3400" <= chunk[0] <= "\ufaff"):
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
                        gain, keep = (math.log(frequency) - total if frequency else -2 * total), frequency > 0
                elif frequency:
                    gain, keep = math.log(frequency) - total, True
                elif word in self.thesaurus.related and word != forbid:
                    gain, keep = -total / 2, True  # a word the thesaurus names is a word, even if no document uses it
                else:
                    continue
                candidate = (previous[0] + gain, previous[1] + [word] if keep else previous[1])
                current = best[end]
                if current is None or candidate[0] > current[0]:
                    best[end] = candidate
        return best[n][1] if best[n] else []

    def concepts(self, text: str) -> list[list[tuple[list[str], float]]]:
        """Each query word with its alternatives: (words that must all match, weight)."""
        result: list[list[tuple[list[str], float]]] = []
        for chunk in _CHUNK_RE.findall(normalize(text)):
            for word in self.segment(chunk) or [chunk]:  # nothing of it known: searched as is, and found nowhere
                alternatives: list[tuple[list[str], float]] = [([word], 1.0)]
                for other in self.thesaurus.related.get(word, []):
                    words = [w for part in _CHUNK_RE.findall(normalize(other)) for w in self.segment(part)]
                    if words and all(self.known(w) for w in words):
                        alternatives.append((words, 0.9))
                if any(all(self.known(w) for w in alt) for alt, _ in alternatives):
                    result.append([(alt, weight) for alt, weight in alternatives if all(self.known(w) for w in alt)])
                elif len(word) > 1:
                    result.append([([word], 1.0)])  # unknown word: nothing can match it, and AND says so
        return result

    # --- filters -----------------------------------------------------------------------------------------------

    def display_status(self, fields: dict, day: dt.date) -> str:
        value = _day(day)
        if fields["start"] > value:
            return "尚未生效"
        if fields["end"] <= value:
            return "已修订"
        if fields["status"] == "已废止" and (not fields["repealed"] or fields["repealed"] <= value):
            return "已废止"
        return "现行有效" if fields["status"] == "已废止" else fields["status"]

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

    def search(self, text: str, options: Options) -> list[Hit]:
        """The hits for a query, best first: a cited article, then articles of a named regulation, then the rest."""
        words, filters, statuses = self._read(text, options)
        day = options.as_of or self.today
        allowed = self.mask(day, statuses, tuple(sorted(filters.items())))
        query_text = " ".join(words)
        cited = self._citation(query_text, allowed)
        if cited is not None:
            query_text = (query_text[: cited[1]] + " " + query_text[cited[2]:]).strip() or cited[3]
        concepts = self.concepts(query_text)
        if not concepts and cited is None:
            if not words and filters:
                raise QueryError("只有筛选条件，没有检索词：请在筛选条件之外写上要查的词，如 “分类:审判管理 合议庭”。")
            raise QueryError("检索词中没有可以检索的文字：请输入要查找的词语，如 “请假 审批”。")
        hits: list[Hit] = []
        if not allowed:
            return hits  # Whoosh reads an empty filter as "no filter"
        surfaces = sorted({w for concept in concepts for alt, _ in concept for w in alt}, key=len, reverse=True)
        if cited is not None:
            hits.append(self._hit(cited[0], 0.0, surfaces, day, cited=True))
        found: list[tuple[int, float]] = []
        if concepts:
            named = self._named(concepts)
            if named:
                # The query names a regulation (刑法 正当防卫, 民诉法 上诉): its articles come first.
                from whoosh.query import Term

                inside = {d for reg_id in named for d in self.searcher.docs_for_query(Term("reg", reg_id)) if d in allowed}
                found = self._rank(concepts, inside, options.limit)
                shown = {docnum for docnum, _ in found}
                found += _below(found, [(d, score) for d, score in self._rank(concepts, allowed, options.limit) if d not in shown])
            else:
                found = self._rank(concepts, allowed, options.limit)
        for docnum, score in found:
            if cited is not None and docnum == cited[0]:
                hits[0].score = round(score, 3)
                continue
            hits.append(self._hit(docnum, score, surfaces, day))
            if len(hits) > options.limit:
                break
        if cited is not None and len(hits) > 1:
            hits[0].score = round(max(hits[0].score, max(h.score for h in hits[1:]) + 1.0), 3)
        return hits[: options.limit]

    def _read(self, text: str, options: Options) -> tuple[list[str], dict[str, str], frozenset[str]]:
        """(query words, field filters, displayed statuses searched) from the query text and the options."""
        filters: dict[str, str] = {}
        words: list[str] = []
        for piece in re.split(r"[\s\u3000]+", text.strip()):
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
        statuses = frozenset([status] if status else ["现行有效", "试行", *(["已废止"] if options.include_repealed else [])])
        return words, filters, statuses

    # --- Whoosh queries ----------------------------------------------------------------------------------------

    def _word_query(self, word: str):
        from whoosh.query import ConstantScoreQuery, Or, Term

        parts = [Term(f, word, boost=b) for f, b in FIELD_BOOSTS.items() if b > 0]
        # A word that names a regulation (刑法, 公司法) is matched by every article of it.
        parts += [ConstantScoreQuery(Term("reg", reg_id), NAMED_SCORE) for reg_id in self.names.get(word, [])]
        return parts[0] if len(parts) == 1 else Or(parts)

    def _concept_query(self, concept: list[tuple[list[str], float]]):
        from whoosh.query import And, Or

        alts = [And([self._word_query(w) for w in alt], boost=weight) if len(alt) > 1 else self._word_query(alt[0]) for alt, weight in concept]
        return alts[0] if len(alts) == 1 else Or(alts)

    def _all_of(self, concepts: list[list[tuple[list[str], float]]]):
        """Every concept must match, except single characters, which only add to the score."""
        from whoosh.query import And, AndMaybe, Or

        required = [self._concept_query(c) for c in concepts if any(len(w) > 1 for alt, _ in c for w in alt)]
        optional = [self._concept_query(c) for c in concepts if not any(len(w) > 1 for alt, _ in c for w in alt)]
        if not required:
            required, optional = optional, []
        combined = And(required) if len(required) > 1 else required[0]
        return AndMaybe(combined, Or(optional)) if optional else combined

    def _rank(self, concepts: list[list[tuple[list[str], float]]], among: set[int], limit: int) -> list[tuple[int, float]]:
        """(docnum, score) of the best documents among ``among``: all words first, then all but one, then any."""
        from whoosh.query import Or

        if not among:
            return []
        found = [(r.docnum, r.score) for r in self.searcher.search(self._all_of(concepts), limit=limit + 1, filter=among, optimize=False)]
        if len(found) > limit or len(concepts) < 2:
            return found
        # Several small AND queries: Whoosh's coordination bonus on one big OR is ten times slower.
        all_but_one = [self._all_of([c for j, c in enumerate(concepts) if j != i]) for i in range(len(concepts))] if len(concepts) <= RELAX_ALL_BUT_ONE else []
        for tier in (all_but_one, [Or([self._concept_query(c) for c in concepts])]):
            shown = {docnum for docnum, _ in found}
            best: dict[int, float] = {}
            for partial in tier:
                for r in self.searcher.search(partial, limit=limit + 1, filter=among, optimize=False):
                    if r.docnum not in shown and r.score > best.get(r.docnum, 0.0):
                        best[r.docnum] = r.score
            found += _below(found, sorted(best.items(), key=lambda item: -item[1]))
            if len(found) > limit:
                break
        return found

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
                elif len(word) >= 3:  # 民法典 names every part titled 民法典（…）
                    for name, owners in self.names.items():
                        if name.startswith(word) and not name[len(word):len(word) + 1].isalnum():
                            named.update(owners)
        return named

    def _citation(self, text: str, allowed: set[int]) -> tuple[int, int, int, str] | None:
        """(docnum, start, end, name) of the article a query like 公务员法第三十八条 names, if it exists."""
        from whoosh.query import Term

        for match in CITATION_RE.finditer(text):
            name = normalize(match.group("name") or "").strip("《》")
            if not name:
                continue
            try:
                number = _number(match.group("num"))
                sub = _number(match.group("sub")) if match.group("sub") else 0
            except ValueError:
                continue
            anchor = f"art-{number}-{sub}" if sub else f"art-{number}"
            for reg_id in self._regulations_named(name):
                for docnum in self.searcher.docs_for_query(Term("reg", reg_id)):
                    if docnum in allowed and self.searcher.stored_fields(docnum)["data"][2] == anchor:
                        return docnum, match.start(), match.end(), name
        return None

    def _regulations_named(self, name: str) -> list[str]:
        """Regulations a name may mean: exact names first, then names containing it (shortest first), then names it contains."""
        ordered: list[str] = list(self.names.get(name, []))
        containing = sorted((k for k in self.names if name in k and k != name), key=len)
        contained = sorted((k for k in self.names if k in name and k != name and len(k) >= 2), key=len, reverse=True)
        for key in [*containing, *contained]:
            ordered += [r for r in self.names[key] if r not in ordered]
        return ordered

    def _hit(self, docnum: int, score: float, surfaces: list[str], day: dt.date, cited: bool = False) -> Hit:
        vkey, label, anchor, line, chapter, body = self.searcher.stored_fields(docnum)["data"]
        version = self.versions[vkey]
        status = self.display_status(version, self.today)  # as the site shows it, whatever day was searched
        url = f"regulations/{version['reg']}/"
        today = _day(self.today)
        shown_today = version["start"] <= today < version["end"] or (version["first"] and version["start"] > today)
        if not shown_today:
            url += f"{version['eff']}/"
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
        if self._lexicon is None:
            lexicon: dict[str, list[str]] = {}
            for line in (self.generation / store.LEXICON).read_text(encoding="utf-8").splitlines():
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


def _below(ahead: list[tuple[int, float]], more: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """``more`` scaled to score below the last of ``ahead``, keeping its order: scores follow the ranking."""
    if not ahead or not more:
        return more
    factor = min(1.0, 0.99 * ahead[-1][1] / max(max(score for _, score in more), 1e-9))
    return [(docnum, score * factor) for docnum, score in more]


def _passes(version: dict, field_name: str, value: str) -> bool:
    if field_name == "tags":
        return value.lower() in (t.lower() for t in version.get("tags", []))
    return version.get(field_name) == value


def _covers(text: str, word: str, surface: str, position: int) -> bool:
    """Whether the occurrence of ``surface`` at ``position`` lies inside an occurrence of the longer ``word``."""
    offset = word.find(surface)
    while offset >= 0:
        begin = position - offset
        if begin >= 0 and text.startswith(word, begin):
            return True
        offset = word.find(surface, offset + 1)
    return False
