"""MkDocs hooks: a thin adapter from build events to the zhidu core.

Everything it shows is computed by ``zhidu``; this file only loads the regulations when the build starts,
hands the generated pages to MkDocs, and reports problems in MkDocs' log.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from zhidu.build import BuildResult, SiteBuild
from zhidu.segment import MaterialSegmenter

log = get_plugin_logger("zhidu")

_state: dict[str, object] = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


@event_priority(100)  # before Material's search plugin reads the user dictionary in its own on_config
def on_config(config):
    builder = SiteBuild(_root(config), institution=str(config.extra.get("institution", "")), serving=_state["command"] == "serve")
    try:
        result = builder.run()
    except Exception as exc:  # typed core errors become one readable message, never a traceback
        from zhidu.errors import ZhiduError

        if isinstance(exc, ZhiduError):
            raise PluginError(str(exc)) from None
        raise
    for line in result.report_lines():
        log.info(line)
    search = config.plugins.get("material/search")
    if search is not None and result.dictionary_path is not None:
        search.config.jieba_dict_user = str(result.dictionary_path)
        _use_shared_segmenter()
    _state["result"] = result
    return config


def on_files(files: Files, config) -> Files:
    result: BuildResult = _state["result"]  # type: ignore[assignment]
    for src_uri, content in result.plan.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, abs_path in result.assets.items():
        files.append(File.generated(config, src_uri, abs_src_path=str(abs_path)))
    hand_written = [item for item in (config.nav or []) if not (isinstance(item, dict) and "index.md" in item.values())]
    config.nav = result.plan.nav + hand_written
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    result: BuildResult = _state["result"]  # type: ignore[assignment]
    return result.fill_markers(page.file.src_uri, markdown)


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config) -> None:
    result: BuildResult = _state["result"]  # type: ignore[assignment]
    for line in result.post_build(Path(config.site_dir)):
        log.info(line)


def _use_shared_segmenter() -> None:
    """Make Material's search segment with the CLI's segmenter (same dictionary, same cuts, faster than jieba)."""
    try:
        import material.plugins.search.plugin as material_search
    except ImportError:  # another theme: nothing to adapt
        return
    if getattr(material_search, "jieba", None) is not None and not isinstance(material_search.jieba, MaterialSegmenter):
        material_search.jieba = MaterialSegmenter()
