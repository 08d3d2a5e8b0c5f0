"""MkDocs hooks: a thin adapter from build events to the zhidu core.

Everything it shows is computed by ``zhidu``; this file only loads the regulations when the build starts, hands
the generated pages to MkDocs, and reports problems in MkDocs' log. MkDocs calls module-level functions, so the
state of one build lives on one ``SiteHooks`` object and the functions below are its bound methods.
"""

from __future__ import annotations

from pathlib import Path

from material_search import use_shared_segmenter  # hooks/material_search.py: MkDocs puts this folder on the path
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from zhidu.build import SiteBuild
from zhidu.config import read_site_config
from zhidu.errors import ZhiduError
from zhidu.feature import BuildResult
from zhidu.parsecache import ParseCache

log = get_plugin_logger("zhidu")


class SiteHooks:
    def __init__(self) -> None:
        self.command = "build"
        self.result: BuildResult | None = None
        self.parse_cache: ParseCache | None = None
        """Kept across the rebuilds of one ``mkdocs serve``: an unchanged text is never parsed twice."""

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before Material's search plugin reads the user dictionary in its own on_config
    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        site = read_site_config(root)
        if self.parse_cache is None or self.command != "serve":
            self.parse_cache = ParseCache(site.cache_dir)
        try:
            self.result = SiteBuild(site, serving=self.command == "serve", parse_cache=self.parse_cache).run()
        except ZhiduError as exc:  # typed core errors become one readable message, never a traceback
            raise PluginError(str(exc)) from None
        for line in self.result.report_lines():
            log.info(line)
        search = config.plugins.get("material/search")
        if search is not None and self.result.dictionary_path is not None:
            warning = use_shared_segmenter(search, str(self.result.dictionary_path))
            if warning:
                log.info(warning)
        return config

    def on_files(self, files: Files, config) -> Files:
        result = self._result()
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

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        return self._result().fill_markers(markdown)

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config) -> None:
        for line in self._result().post_build(Path(config.site_dir)):
            log.info(line)

    def _result(self) -> BuildResult:
        if self.result is None:
            raise PluginError("zhidu：构建尚未开始（on_config 没有运行）。")
        return self.result


hooks = SiteHooks()
on_startup = hooks.on_startup
on_config = hooks.on_config
on_files = hooks.on_files
on_page_markdown = hooks.on_page_markdown
on_post_build = hooks.on_post_build
