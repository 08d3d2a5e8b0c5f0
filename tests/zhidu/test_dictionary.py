"""The segmentation dictionary generated from the regulations keeps court words whole in the site's search."""

from __future__ import annotations

import json

from sitekit import make_site, regulation

from zhidu.corpus.collection import load_collection
from zhidu.corpus.dictionary import terms
from zhidu.domain.segment import rjieba_segmenter

RULES = regulation(
    "东港市人民法院议事规则",
    """
    第一条 中共东港市人民法院党组（以下简称院党组）研究决定重大事项。本规则所称“三重一大”，是指重大事项决策、重要干部任免、重大项目安排和大额度资金运作。

    第二条 审判委员会（以下简称审委会）讨论重大疑难案件。院党组会议和审委会会议依照本规则第一条召开。
    """,
    aliases="[议事规则]",
)


def test_terms_come_from_definitions_titles_and_aliases(tmp_path):
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "yishi.md").write_text(RULES, encoding="utf-8")
    words = terms(load_collection(tmp_path / "regulations", tmp_path, "东港市人民法院"))
    for word in ("院党组", "三重一大", "审委会", "议事规则", "东港市人民法院议事规则"):
        assert word in words


def test_the_shared_segmenter_needs_the_dictionary(tmp_path):
    """Why the dictionary exists: without it, the segmenter (rjieba, as the site and the CLI use it) cuts the words
    the officers search for; with the generated words it keeps them whole."""
    sentence = "院党组会议和审委会会议研究三重一大事项"
    plain = set(rjieba_segmenter(()).cut(sentence, True))
    assert not {"院党组", "审委会", "三重一大"} <= plain
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "yishi.md").write_text(RULES, encoding="utf-8")
    words = terms(load_collection(tmp_path / "regulations", tmp_path, "东港市人民法院"))
    assert {"院党组", "审委会", "三重一大"} <= set(rjieba_segmenter(words).cut(sentence, True))


def test_site_search_index_keeps_them_whole(tmp_path):
    site = make_site(tmp_path, {"regulations/yishi.md": RULES})
    site.build()
    folder = site.root / "site" / "zhidu-search"
    vocabulary = {word for path in (folder / "v").glob("*.json") for word in json.loads(path.read_text(encoding="utf-8"))}
    assert {"院党组", "审委会", "三重一大"} <= vocabulary
