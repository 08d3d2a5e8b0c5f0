"""The search box's index: the CLI's analysis and scoring data, written as small static files a browser fetches
piece by piece (as Pagefind does), so that a query costs kilobytes, not the whole corpus.

Layout (under ``site/zhidu-search/``):

- ``meta.json``: versions (regulation, title, status, effective date, whether it is the text in force, range of
  document numbers; the search box makes each version's URL from ``urlForms``, zhidu/urls.py) and each version's prior
  (``weights``, ``search.legal.weight``), the anchors of each version's articles (for citation jumps, see
  ``compact_anchors``: about 14 KB for 1,428 regulations), the names a query can cite (implicit short names included;
  each name's regulations as the number of their first version, which the search box turns back into ids: a third
  fewer bytes than repeating the ids, the largest part of the first answer's download at 1,428 regulations),
  the thesaurus, BM25 constants and field averages, and the shapes of the shards below. Fetched when the search box first gets focus.
- ``v/<k>.json``: the vocabulary, sharded by the first character of each word (``ord(word[0]) % shards``), so that a
  query's substrings — all its segmentation needs — sit in as many shards as it has distinct characters. Each word:
  ``[documents with it in text, in head, postings file, offset, bytes in text, bytes in head]``, or, for a rare word
  (postings of at most ``INLINE_POSTINGS_BYTES``), ``[documents in text, in head, postings in base64, bytes in text]``:
  its postings come with the vocabulary and cost no request of their own.
- ``vocabulary.jsonl``: every vocabulary shard, one per line in shard order. The search box fetches it in the
  background once the first answer is on screen and parses a line only when a query needs that shard, so that later
  queries need no vocabulary request at all (a request costs the browser a few milliseconds even from a server next
  door) and the page never stalls parsing 1.5 MB of JSON at once.
- ``p/<n>.bin``: postings, a term's text postings then its head postings, each entry three varints: gap to the
  previous document number, ``term frequency × 2 + (1 if outside any article)``, and the field's Whoosh length byte.
- ``d/<n>.json``: documents ``meta.docShards[n]`` onwards: ``[version, article label, anchor, chapter, text]``, up to
  ``DOC_SHARD`` documents or ``DOC_SHARD_BYTES`` (a longer document has a shard of its own);
  fetched only for the hits a query shows (and the few it re-ranks).

What is indexed — which versions, in what order, the documents of each and their fields, the vocabulary — is
``search.documents``'s, the definition the CLI's index uses too; the terms are those of ``search.analysis``, the
CLI's analyzer; every ranking constant and pattern comes from ``search.ranking`` into ``meta.json``. Secret files
never reach the collection, so nothing of them is written here.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import math
import os
import pickle
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from search import documents, legal, ranking
from search.analysis import configure, normalize, words
from search.asked import AskedTable
from search.thesaurus import Thesaurus
from zhidu import urls
from zhidu.domain.model import Regulation

FORMAT = 3
FOLDER = urls.SEARCH_FOLDER
DOC_SHARD = 64
"""At most this many documents per document shard."""
DOC_SHARD_BYTES = 16 * 1024
"""A document shard is closed before it passes this many bytes. The 20 articles a query re-ranks are spread over
several shards, each fetched whole; at 24 KB (and postings files of 32 KB) the first answer cost up to 302 KB at 1,428
regulations over nginx with gzip, at 16 KB (and 16 KB) 284 KB, a few more requests (docs/benchmarks.md, issue 21)."""
POSTINGS_FILE_BYTES = 16 * 1024
"""Postings files are filled up to this size; a term with more postings gets a file of its own. A query fetches
the whole file of each of its terms, mostly for other terms' postings: smaller files, fewer wasted bytes."""
INLINE_POSTINGS_BYTES = 48
"""Postings of at most this many bytes (about 16 documents) are written into the vocabulary entry itself."""
VOCAB_SHARD_BYTES = 8 * 1024
"""The vocabulary is cut into about this many bytes per shard (a power of two of shards)."""


@dataclass
class IndexedVersion:
    """One published version of one regulation, as the search box shows it."""

    reg_id: str
    title: str
    names: list[str]
    status: str
    effective: str
    main: bool
    url: str
    regulation: Regulation
    """The parsed ``zhidu.domain.model.Regulation``."""


def _length_to_byte(length: int) -> int:
    from whoosh.util.numeric import length_to_byte

    return length_to_byte(length)


def compact_anchors(anchors: list[str]) -> list:
    """A version's article anchors in document order, short: a run ``art-a`` … ``art-b`` is ``[a, b]``, a lone
    ``art-n`` is ``n``, anything else (``art-12-1``) stays as it is. The search box expands them back."""
    out: list = []
    for anchor in anchors:
        number = urls.plain_article_number(anchor)
        last = out[-1] if out else None
        if number is not None and isinstance(last, list) and last[1] + 1 == number:
            last[1] = number
        elif number is not None and isinstance(last, int) and last + 1 == number:
            out[-1] = [last, number]
        else:
            out.append(number if number is not None else anchor)
    return out


def _varint(out: bytearray, value: int) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


class _Postings:
    """The postings of one field while documents are added in order."""

    __slots__ = ("data", "last", "count")

    def __init__(self) -> None:
        self.data = bytearray()
        self.last = -1
        self.count = 0


class _Fields:
    def __init__(self) -> None:
        self.terms: dict[str, tuple[_Postings, _Postings]] = {}
        self.total = [0, 0]

    def add(self, docnum: int, field: int, counts: dict[str, int], length: int, outside: int) -> None:
        self.total[field] += length
        length_byte = _length_to_byte(length)
        terms = self.terms
        for term, tf in counts.items():
            pair = terms.get(term)
            if pair is None:
                pair = terms[term] = (_Postings(), _Postings())
            postings = pair[field]
            data = postings.data
            gap, value = docnum - postings.last, tf * 2 + outside
            if gap < 0x80 and value < 0x80 and length_byte < 0x80:  # the common case: three one-byte varints
                data += bytes((gap, value, length_byte))
            else:
                _varint(data, gap)
                _varint(data, value)
                _varint(data, length_byte)
            postings.last = docnum
            postings.count += 1


def _counts(tokens: Iterable[str]) -> tuple[dict[str, int], int]:
    counts = Counter(tokens)  # counted in C
    return counts, sum(counts.values())


def _dump(path: Path, data) -> int:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(encoded)
    return len(encoded)


def content_version(target: Path) -> str:
    """A hash of every file of the index but meta.json: the search box asks for each file with ``?v=`` this, so a
    browser may keep the files for good (docs/deploy/nginx.conf) and a new index is never mixed with an old one."""
    digest = hashlib.sha256()
    for path in sorted(p for p in target.rglob("*") if p.is_file() and p.name != "meta.json"):
        digest.update(path.relative_to(target).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class TermCache:
    """The terms of each document's text from the previous index, kept in one file between builds (``cache_file``
    of ``write_index``): analysing every text is most of an index's time, and a push changes few of them.

    Keyed by a digest of the text; valid only for the same analysis — the analyzer's source, rjieba's version and the
    lexicon (``configure``) — else started afresh. Only the texts of the latest index are written back."""

    def __init__(self, path: Path | None, lexicon: Iterable[str]):
        self.path = path
        self.key = self._key(lexicon) if path is not None else ""
        self.old: dict[bytes, tuple[dict[str, int], int]] = {}
        self.new: dict[bytes, tuple[dict[str, int], int]] = {}
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    key, entries = pickle.load(handle)
                if key == self.key:
                    self.old = entries
            except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError, AttributeError):
                pass

    @staticmethod
    def _key(lexicon: Iterable[str]) -> str:
        import search.analysis
        import zhidu.domain.segment

        digest = hashlib.sha256()
        for module in (search.analysis, zhidu.domain.segment):
            if module.__file__:
                digest.update(Path(module.__file__).read_bytes())
        try:
            digest.update(importlib.metadata.version("rjieba").encode())
        except importlib.metadata.PackageNotFoundError:
            pass
        digest.update("\n".join(sorted(set(lexicon))).encode("utf-8"))
        return digest.hexdigest()

    def counts(self, text: str) -> tuple[dict[str, int], int]:
        if self.path is None:
            return _counts(words(text))
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        found = self.new.get(key) or self.old.get(key)
        if found is None:
            counts, length = _counts(words(text))
            found = ({sys.intern(term): tf for term, tf in counts.items()}, length)  # interned: pickled once each
        self.new[key] = found
        return found

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}-{threading.get_ident()}")
        with open(tmp, "wb") as handle:
            pickle.dump((self.key, self.new), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def write_index(target: Path, versions: list[IndexedVersion], thesaurus: Thesaurus, lexicon: Iterable[str],
                asked: AskedTable | None = None, cache_file: Path | None = None) -> dict[str, int]:
    """Write the index of ``versions`` into ``target`` (replaced whole); returns sizes for the build log.

    What is indexed (versions, their order, documents, fields) is ``search.documents``'s, as in the CLI's index;
    ``lexicon`` should be ``search.documents.vocabulary`` of the same versions; ``asked`` the question log the CLI's
    index uses (``search.asked.load``). With ``cache_file`` the terms of
    texts analysed by an earlier call are read from it (``TermCache``); the files written are the same."""
    from whoosh.util.numeric import byte_to_length

    versions = sorted(versions, key=lambda v: documents.version_order(v.reg_id, v.effective))
    lexicon = list(lexicon)
    configure(lexicon)
    terms = TermCache(cache_file, lexicon)
    if target.exists():
        shutil.rmtree(target)
    for sub in ("v", "p", "d"):
        (target / sub).mkdir(parents=True)
    fields = _Fields()
    docs: list[list] = []
    table: list[list] = []
    anchor_table: list[list] = []
    names: dict[str, list[str]] = {}
    cache: dict[str, tuple[dict[str, int], int]] = {}

    def analysed(text: str) -> tuple[dict[str, int], int]:
        found = cache.get(text)
        if found is None:
            found = cache[text] = _counts(words(text))
        return found

    for number, version in enumerate(versions):
        regulation = version.regulation
        for name in version.names:
            owners = names.setdefault(normalize(name), [])
            if version.reg_id not in owners:
                owners.append(version.reg_id)
        start = len(docs)
        anchors: list[str] = []
        for doc in documents.documents(regulation, asked):
            head_counts, head_length = analysed(doc.head)
            counts, length = terms.counts(documents.indexed_text(doc))  # the text and its questions (search.asked)
            fields.add(len(docs), 0, counts, length, int(doc.outside))
            fields.add(len(docs), 1, head_counts, head_length, int(doc.outside))
            docs.append([number, doc.article, doc.anchor, doc.chapter, doc.text])
            if not doc.outside and doc.anchor is not None:
                anchors.append(doc.anchor)
        forms = urls.url_forms()
        if version.url != forms[0 if version.main else 1].replace("{id}", version.reg_id).replace("{effective}", version.effective):
            raise ValueError(f"{version.url}: not the URL urls.url_forms() gives the search box")
        table.append([version.reg_id, version.title, version.status, version.effective, int(version.main), start, len(docs)])
        anchor_table.append(compact_anchors(anchors))
        cache.clear()

    names = legal.add_implicit_names(names, [(v.reg_id, v.title) for v in versions], normalize)
    numbers: dict[str, list[int]] = {}  # regulation id → its version numbers, the first first
    for number, version in enumerate(versions):
        numbers.setdefault(version.reg_id, []).append(number)
    numbered = {name: [numbers[reg_id][0] for reg_id in owners] for name, owners in names.items()}
    weights = [legal.weight(v.title, v.regulation.meta.category, v.regulation.meta.kind) for v in versions]
    plain_weights = [legal.kind_weight(v.regulation.meta.kind) for v in versions]
    subject_regs = legal.subjects(((v.reg_id, v.title, v.regulation.meta.kind) for v in versions), normalize)
    subjects = {core: [n for reg_id in owners for n in numbers[reg_id]] for core, owners in subject_regs.items()}
    sizes = {"documents": len(docs), "versions": len(versions), "terms": len(fields.terms)}
    # Postings files: terms packed in vocabulary order into files of about POSTINGS_FILE_BYTES.
    vocabulary: dict[str, list[int | str]] = {}
    buffer = bytearray()
    file_number = 0
    postings_bytes = 0
    for term in sorted(fields.terms):
        text_postings, head_postings = fields.terms[term]
        size = len(text_postings.data) + len(head_postings.data)
        if size <= INLINE_POSTINGS_BYTES:
            inline = base64.b64encode(bytes(text_postings.data + head_postings.data)).decode("ascii")
            vocabulary[term] = [text_postings.count, head_postings.count, inline, len(text_postings.data)]
            continue
        if buffer and len(buffer) + size > POSTINGS_FILE_BYTES:
            (target / "p" / f"{file_number}.bin").write_bytes(buffer)
            postings_bytes += len(buffer)
            buffer = bytearray()
            file_number += 1
        vocabulary[term] = [text_postings.count, head_postings.count, file_number, len(buffer), len(text_postings.data), len(head_postings.data)]
        buffer += text_postings.data
        buffer += head_postings.data
    if buffer:
        (target / "p" / f"{file_number}.bin").write_bytes(buffer)
        postings_bytes += len(buffer)
    sizes["postings_bytes"] = postings_bytes

    estimate = sum(len(term.encode()) + 30 for term in vocabulary)
    shards = 1 << max(0, math.ceil(math.log2(max(1, estimate / VOCAB_SHARD_BYTES))))
    by_shard: list[dict[str, list[int | str]]] = [{} for _ in range(shards)]
    for term, entry in vocabulary.items():
        by_shard[ord(term[0]) % shards][term] = entry
    lines = [json.dumps(shard, ensure_ascii=False, separators=(",", ":")) for shard in by_shard]
    for k, line in enumerate(lines):
        (target / "v" / f"{k}.json").write_text(line, encoding="utf-8")
    sizes["vocabulary_bytes"] = sum(len(line.encode("utf-8")) for line in lines)
    # JSON never holds a raw line break (json.dumps escapes it), so one line per shard.
    sizes["whole_vocabulary_bytes"] = (target / "vocabulary.jsonl").write_text("\n".join(lines), encoding="utf-8")

    doc_bytes = 0
    starts: list[int] = []
    shard: list[str] = []
    shard_bytes = 0

    def close() -> None:
        nonlocal doc_bytes
        (target / "d" / f"{len(starts) - 1}.json").write_text("[" + ",".join(shard) + "]", encoding="utf-8")
        doc_bytes += shard_bytes + len(shard) + 1

    for number, row in enumerate(docs):
        encoded = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        size = len(encoded.encode("utf-8"))
        if shard and (len(shard) >= DOC_SHARD or shard_bytes + size > DOC_SHARD_BYTES):
            close()
            shard, shard_bytes = [], 0
        if not shard:
            starts.append(number)
        shard.append(encoded)
        shard_bytes += size
    if shard:
        close()
    sizes["document_bytes"] = doc_bytes

    count = max(len(docs), 1)
    meta = {
        "format": FORMAT, "docs": len(docs), "docShards": starts, "vocabShards": shards,
        "avg": [fields.total[0] / count or 1.0, fields.total[1] / count or 1.0],
        **ranking.definition(),  # every ranking constant and pattern: the JS engine has none of its own
        "lengths": [byte_to_length(i) for i in range(256)],
        "versions": table, "urlForms": urls.url_forms(), "weights": weights, "plainWeights": plain_weights, "subjects": subjects, "anchors": anchor_table, "anchorForms": [urls.ARTICLE_ANCHOR, urls.SUB_ARTICLE_ANCHOR], "names": numbered, "related": thesaurus.related,
        "version": content_version(target),
    }
    sizes["meta_bytes"] = _dump(target / "meta.json", meta)
    terms.save()
    sizes["total_bytes"] = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return sizes
