"""The one place that touches Material's search plugin internals: its index and its segmenter.

The site's search box is answered by zhidu's own article index (``zhidu/websearch.py``); Material's search plugin
stays only because its header template shows the search box when the plugin is enabled. Its own index of every
page is therefore not needed: ``skip_material_index`` gives the plugin an index that records nothing (the plugin
calls ``search_index.add_entry_from_context(page)`` per page and ``search_index.generate_search_index(prev)`` once).

Should that not be possible (another Material version), Material indexes as before and ``use_shared_segmenter``
hands it the shared rjieba segmenter (``jieba.load_userdict(path)``, ``jieba.cut(text)``: same dictionary as the
CLI, about 30 times faster); the file it writes is deleted after the build either way. Both are private details of
Material, checked against the versions they were written for; on any other version the build warns once.
"""

from __future__ import annotations

from zhidu.domain.segment import MaterialSegmenter

SUPPORTED = ("9.8.",)
"""Material versions whose search plugin is known to call ``jieba.load_userdict`` and ``jieba.cut`` as above."""


def material_version() -> str:
    try:
        from material import __version__
    except ImportError:
        return ""
    return str(__version__)


def use_shared_segmenter(search_plugin, dictionary_path: str) -> str | None:
    """Give Material's search the shared dictionary and segmenter; returns a warning line when it cannot."""
    search_plugin.config.jieba_dict_user = dictionary_path
    version = material_version()
    if not version.startswith(SUPPORTED):
        return f"Material {version} 的搜索插件未经验证，站内搜索改用其自带的 jieba 分词（较慢）。"
    try:
        import material.plugins.search.plugin as material_search
    except ImportError:
        return None
    current = getattr(material_search, "jieba", None)
    if current is None:
        return "Material 的搜索插件没有加载 jieba，站内搜索不分词。"
    if not isinstance(current, MaterialSegmenter):
        material_search.jieba = MaterialSegmenter()
    return None


class _NoIndex:
    """Stands in for Material's ``SearchIndex``: records no page, writes an empty index."""

    def add_entry_from_context(self, page) -> None:
        pass

    def generate_search_index(self, prev) -> str:
        return '{"config": {}, "docs": []}'


def skip_material_index(search_plugin) -> str | None:
    """Keep Material's search plugin from indexing every page; returns a warning line when it cannot."""
    version = material_version()
    if not version.startswith(SUPPORTED) or not hasattr(search_plugin, "search_index"):
        return f"Material {version} 的搜索插件未经验证，仍会为每个页面建立它自己的索引（不使用，生成后删除），生成会慢一些。"
    search_plugin.search_index = _NoIndex()
    return None
