"""The Material search adapter: the build really segments with the shared rjieba segmenter, and says so when it cannot."""

from __future__ import annotations

import importlib
import sys

from sitekit import PROJECT, make_site, regulation

sys.path.insert(0, str(PROJECT / "hooks"))
material_search = importlib.import_module("material_search")

RULES = regulation("东港市人民法院会议规定", "第一条 院党组会议由院长主持，审委会讨论重大案件，三重一大事项集体决策。")


def test_a_real_build_keeps_material_from_indexing_pages_and_publishes_the_article_index(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from zhidu.domain.segment import MaterialSegmenter

    site = make_site(tmp_path, {"regulations/a/huiyi.md": RULES})
    calls: list[str] = []
    original = MaterialSegmenter.cut

    def counting_cut(self, text, *args, **kwargs):
        calls.append(text if isinstance(text, str) else text.decode("utf-8"))
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(MaterialSegmenter, "cut", counting_cut)
    monkeypatch.setenv("ZHIDU_PDF", "0")
    monkeypatch.setenv("ZHIDU_TODAY", "2026-11-25")
    monkeypatch.chdir(site.root)
    build(load_config(str(site.root / "mkdocs.yml")))
    assert calls == [], "Material's search plugin indexed pages nobody reads"
    assert not (site.root / "site" / "search" / "search_index.json").exists()
    assert (site.root / "site" / "zhidu-search" / "meta.json").exists()
    assert 'class="md-search__input"' in (site.root / "site" / "index.html").read_text(encoding="utf-8")


def test_an_unverified_material_version_indexes_as_before_and_says_so(monkeypatch):
    class Plugin:
        search_index = "Material's own"

    monkeypatch.setattr(material_search, "material_version", lambda: "10.0.0")
    warning = material_search.skip_material_index(Plugin())
    assert warning == "Material 10.0.0 的搜索插件未经验证，仍会为每个页面建立它自己的索引（不使用，生成后删除），生成会慢一些。"
    assert Plugin.search_index == "Material's own"


def test_an_unverified_material_version_keeps_its_own_jieba_and_says_so(monkeypatch):
    class Config:
        jieba_dict_user = None

    class Plugin:
        config = Config()

    monkeypatch.setattr(material_search, "material_version", lambda: "10.0.0")
    warning = material_search.use_shared_segmenter(Plugin(), "/tmp/userdict.txt")
    assert warning == "Material 10.0.0 的搜索插件未经验证，站内搜索改用其自带的 jieba 分词（较慢）。"
    assert Plugin.config.jieba_dict_user == "/tmp/userdict.txt"


def test_the_pinned_material_is_the_verified_one():
    assert material_search.material_version().startswith(material_search.SUPPORTED)
