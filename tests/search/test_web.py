"""The search box's index files (search/web.py): the CLI's analysis, postings that decode to the right documents."""

from __future__ import annotations

import json
from pathlib import Path

from sitekit import regulation

from search.analysis import words
from search.thesaurus import builtin
from search.web import DOC_SHARD, IndexedVersion, head_names, write_index
from zhidu.parser import parse_regulation

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


def build(tmp_path: Path) -> Path:
    reg, _ = parse_regulation(RULES, "regulations/huiyi.md", "东港市人民法院", "huiyi")
    version = IndexedVersion("huiyi", reg.title, reg.names, head_names(reg), "现行有效", "2021-01-15", True, "regulations/huiyi/", reg)
    target = tmp_path / "zhidu-search"
    write_index(target, [version], builtin(), ["院党组", "审委会", "三重一大"])
    return target


def test_terms_are_the_cli_analyzers_and_postings_decode_to_their_documents(tmp_path):
    target = build(tmp_path)
    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == 2 and meta["versions"] == [["huiyi", "东港市人民法院会议规定", "现行有效", "2021-01-15", 1, 0, 2, "regulations/huiyi/"]]
    assert meta["names"]["会议规定"] == ["huiyi"]
    shards = meta["vocabShards"]
    vocabulary = {}
    for path in (target / "v").glob("*.json"):
        for word, entry in json.loads(path.read_text(encoding="utf-8")).items():
            assert int(path.stem) == ord(word[0]) % shards
            vocabulary[word] = entry
    assert set(words("院党组会议由院长主持，审委会讨论重大案件。")) <= set(vocabulary)
    df_text, df_head, number, offset, text_bytes, head_bytes = vocabulary["会议"]
    assert (df_text, df_head) == (2, 2)  # in both articles' text, and in the title of both (the head field)
    data = (target / "p" / f"{number}.bin").read_bytes()[offset:offset + text_bytes]
    gap1, tf1, _, gap2, tf2, _ = read_varints(data)
    assert (gap1, gap2) == (1, 1)  # documents 0 and 1, as gaps from -1
    assert (tf1 // 2, tf2 // 2) == (1, 3) and tf1 % 2 == tf2 % 2 == 0  # 会议 once in 第一条, three times in 第二条
    docs = json.loads((target / "d" / "0.json").read_text(encoding="utf-8"))
    assert DOC_SHARD >= 2 and docs[1][:4] == [0, "第二条", "art-2", "第一章 总则"]
    assert json.loads((target / "a" / "0.json").read_text(encoding="utf-8")) == ["art-1", "art-2"]


def test_the_search_box_engine_uses_the_cli_ranking_constant_it_cannot_read_from_meta():
    import re

    from search.query import FIRST_BONUS

    engine = (Path(__file__).parents[2] / "docs" / "javascripts" / "websearch-engine.js").read_text(encoding="utf-8")
    assert float(re.search(r"var FIRST_BONUS = ([0-9.]+);", engine).group(1)) == FIRST_BONUS
