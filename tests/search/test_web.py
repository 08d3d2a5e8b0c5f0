"""The search box's index files (search/web.py): the CLI's analysis, postings that decode to the right documents."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from sitekit import regulation

from search import web
from search.analysis import words
from search.thesaurus import builtin
from search.web import IndexedVersion, write_index
from zhidu.domain.parser import parse_regulation

RULES = regulation(
    "东港市人民法院会议规定",
    """
    ## 第一章 总则

    第一条 院党组会议由院长主持，审委会讨论重大案件。

    第二条 三重一大事项集体决策，会议会议会议。
    """,
    aliases="[会议规定]",
)


def read_varints(data: bytes) -> list[int]:
    values, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            values.append(value)
            value, shift = 0, 0
    return values


def build(tmp_path: Path, name: str = "zhidu-search") -> Path:
    reg, _ = parse_regulation(RULES, "regulations/huiyi.md", "东港市人民法院", "huiyi")
    version = IndexedVersion("huiyi", reg.title, reg.names, "现行有效", "2021-01-15", True, "regulations/huiyi/", reg)
    target = tmp_path / name
    write_index(target, [version], builtin(), ["院党组", "审委会", "三重一大"])
    return target


def read_vocabulary(target: Path) -> dict[str, list]:
    shards = json.loads((target / "meta.json").read_text(encoding="utf-8"))["vocabShards"]
    vocabulary = {}
    for path in (target / "v").glob("*.json"):
        for word, entry in json.loads(path.read_text(encoding="utf-8")).items():
            assert int(path.stem) == ord(word[0]) % shards
            vocabulary[word] = entry
    return vocabulary


def postings(target: Path, entry: list) -> tuple[bytes, bytes]:
    """(text postings, head postings) of a vocabulary entry: inline (base64) for a rare word, else in a postings file."""
    if isinstance(entry[2], str):
        data = base64.b64decode(entry[2])
        return data[:entry[3]], data[entry[3]:]
    number, offset, text_bytes, head_bytes = entry[2:]
    data = (target / "p" / f"{number}.bin").read_bytes()[offset:offset + text_bytes + head_bytes]
    return data[:text_bytes], data[text_bytes:]


def test_terms_are_the_cli_analyzers_and_postings_decode_to_their_documents(tmp_path):
    target = build(tmp_path)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == 2 and meta["versions"] == [["huiyi", "东港市人民法院会议规定", "现行有效", "2021-01-15", 1, 0, 2]]
    assert meta["urlForms"] == ["regulations/{id}/", "regulations/{id}/{effective}/"]
    assert meta["names"]["会议规定"] == [0]  # the number of the regulation's first version
    vocabulary = read_vocabulary(target)
    assert set(words("院党组会议由院长主持，审委会讨论重大案件。")) <= set(vocabulary)
    entry = vocabulary["会议"]
    assert tuple(entry[:2]) == (2, 2)  # in both articles' text, and in the title of both (the head field)
    text, _ = postings(target, entry)
    gap1, tf1, _, gap2, tf2, _ = read_varints(text)
    assert (gap1, gap2) == (1, 1)  # documents 0 and 1, as gaps from -1
    assert (tf1 // 2, tf2 // 2) == (1, 3) and tf1 % 2 == tf2 % 2 == 0  # 会议 once in 第一条, three times in 第二条
    docs = json.loads((target / "d" / "0.json").read_text(encoding="utf-8"))
    assert meta["docShards"] == [0] and docs[1][:4] == [0, "第二条", "art-2", "第一章 总则"]
    assert meta["anchors"] == [[[1, 2]]]  # art-1 … art-2, for citation jumps


def test_anchors_are_kept_short_and_in_document_order():
    anchors = ["art-1", "art-2", "art-3", "art-5", "art-6", "art-6-1", "art-7", "art-8", "art-10"]
    assert web.compact_anchors(anchors) == [[1, 3], [5, 6], "art-6-1", [7, 8], 10]
    assert web.compact_anchors([]) == [] and web.compact_anchors(["art-4"]) == [4]


@pytest.mark.parametrize("inline_bytes", [0, 4])
def test_postings_inline_in_the_vocabulary_or_in_postings_files_are_the_same(tmp_path, monkeypatch, inline_bytes):
    """A rare word's postings travel inside its vocabulary entry; every other word's sit in a postings file. Both
    decode to exactly what the layout without inline postings says, and only the vocabulary shards differ."""
    reference = build(tmp_path, "reference")  # the default threshold: in this small index every word is inline
    monkeypatch.setattr(web, "INLINE_POSTINGS_BYTES", inline_bytes)
    other = build(tmp_path, "other")
    expected, found = read_vocabulary(reference), read_vocabulary(other)
    assert set(expected) == set(found)
    assert all(isinstance(e[2], str) for e in expected.values())
    kinds = {isinstance(e[2], str) for e in found.values()}
    assert kinds == ({False} if inline_bytes == 0 else {True, False})
    for word in expected:
        assert found[word][:2] == expected[word][:2]
        assert postings(other, found[word]) == postings(reference, expected[word]), word
    for path in (reference / "d").iterdir():
        assert (other / "d" / path.name).read_bytes() == path.read_bytes()
    meta, other_meta = (json.loads((folder / "meta.json").read_text(encoding="utf-8")) for folder in (reference, other))
    assert meta.pop("version") != other_meta.pop("version")  # other files, another version: the browser fetches them anew
    assert other_meta == meta


def test_the_whole_vocabulary_is_the_shards_one_per_line(tmp_path):
    target = build(tmp_path)
    shards = json.loads((target / "meta.json").read_text(encoding="utf-8"))["vocabShards"]
    lines = (target / "vocabulary.jsonl").read_text(encoding="utf-8").split("\n")
    assert len(lines) == shards
    for k, line in enumerate(lines):
        assert json.loads(line) == json.loads((target / "v" / f"{k}.json").read_text(encoding="utf-8"))


def test_document_shards_close_at_a_count_or_a_size(tmp_path, monkeypatch):
    """Documents are cut into shards of at most DOC_SHARD documents or DOC_SHARD_BYTES; meta.docShards says where
    each starts, and every document is in exactly one, in order."""
    monkeypatch.setattr(web, "DOC_SHARD", 1)
    target = build(tmp_path, "one")
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    assert meta["docShards"] == [0, 1]
    assert [len(json.loads((target / "d" / f"{k}.json").read_text(encoding="utf-8"))) for k in range(2)] == [1, 1]
    monkeypatch.setattr(web, "DOC_SHARD", 64)
    monkeypatch.setattr(web, "DOC_SHARD_BYTES", 10)  # smaller than any document: each alone
    target = build(tmp_path, "small")
    assert json.loads((target / "meta.json").read_text(encoding="utf-8"))["docShards"] == [0, 1]
    monkeypatch.setattr(web, "DOC_SHARD_BYTES", 1 << 20)
    target = build(tmp_path, "big")
    assert json.loads((target / "meta.json").read_text(encoding="utf-8"))["docShards"] == [0]
    assert [d[2] for d in json.loads((target / "d" / "0.json").read_text(encoding="utf-8"))] == ["art-1", "art-2"]


def test_the_search_box_engine_gets_the_cli_earliest_article_bonus_from_meta(tmp_path):
    from search.query import FIRST_BONUS

    meta = json.loads((build(tmp_path) / "meta.json").read_text(encoding="utf-8"))
    assert meta["firstBonus"] == FIRST_BONUS
    engine = (Path(__file__).parents[2] / "docs" / "javascripts" / "websearch-engine.js").read_text(encoding="utf-8")
    assert "meta.firstBonus" in engine and "FIRST_BONUS" not in engine  # read from the index, never a copy of its own


def test_the_index_version_is_a_hash_of_its_files(tmp_path):
    """The same index written twice (two releases) has one version, so browsers keep its files across releases."""
    first, second = build(tmp_path, "one"), build(tmp_path, "two")
    version = json.loads((first / "meta.json").read_text(encoding="utf-8"))["version"]
    assert version == json.loads((second / "meta.json").read_text(encoding="utf-8"))["version"]
    assert version == web.content_version(second)
    shard = next((second / "d").iterdir())
    shard.write_bytes(shard.read_bytes() + b" ")
    assert web.content_version(second) != version


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_term_cache_changes_nothing_written_and_is_used_only_for_the_same_analysis(tmp_path, monkeypatch):
    """An index written with the terms of an earlier build (``cache_file``) is the same, file for file, as one written
    from scratch; a changed text is analysed again; a cache of another lexicon is not used."""
    reg, _ = parse_regulation(RULES, "regulations/huiyi.md", "东港市人民法院", "huiyi")
    changed, _ = parse_regulation(RULES.replace("会议会议会议", "审委会集体讨论"), "regulations/huiyi.md", "东港市人民法院", "huiyi")
    lexicon = ["院党组", "审委会", "三重一大"]

    def index(name: str, regulation, cache: Path | None, words_of=lexicon) -> dict[str, bytes]:
        version = IndexedVersion("huiyi", regulation.title, regulation.names, "现行有效", "2021-01-15", True, "regulations/huiyi/", regulation)
        write_index(tmp_path / name, [version], builtin(), words_of, cache_file=cache)
        return files_of(tmp_path / name)

    cache = tmp_path / "cache" / "terms.pickle"
    assert index("a", reg, cache) == index("plain-a", reg, None)
    analysed = []
    real = web.words
    monkeypatch.setattr(web, "words", lambda text: analysed.append(text) or real(text))
    cached = index("b", changed, cache)
    assert any("审委会集体讨论" in text for text in analysed)  # the changed article: analysed again
    assert not any("院党组会议由院长主持" in text for text in analysed)  # the unchanged one: from the cache
    assert cached == index("plain-b", changed, None)
    assert any("院党组会议由院长主持" in text for text in analysed)  # (the plain index does analyse it)
    analysed.clear()
    index("c", changed, cache, words_of=[*lexicon, "集体讨论"])
    assert any("院党组会议由院长主持" in text for text in analysed)  # another lexicon: everything analysed again
