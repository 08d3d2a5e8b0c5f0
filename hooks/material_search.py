"""The one place that touches Material's search plugin internals: its segmenter.

Material's search plugin (``material.plugins.search.plugin``) segments Chinese with the ``jieba`` module it imported
at module level, calling ``jieba.load_userdict(path)`` and ``jieba.cut(text)``. We hand it the shared rjieba
segmenter instead (same dictionary as the CLI, about 30 times faster). That is a private detail of Material, so it
is checked against the versions it was written for; on any other version the build warns once and leaves Material
as it is (slower, and cut by jieba, but correct).
"""

from __future__ import annotations

from zhidu.segment import MaterialSegmenter

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
