"""MkDocs hooks: a thin adapter from build events to the zhidu core.

Everything it shows is computed by ``zhidu``; this file only loads the regulations when the build starts, hands
the generated pages to MkDocs, and reports problems in MkDocs' log. MkDocs calls module-level functions, so the
state of one build lives on one ``SiteHooks`` object and the functions below are its bound methods.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from zhidu.build.feature import BuildResult
from zhidu.build.run import SiteBuild
from zhidu.corpus.config import read_site_config, release_label
from zhidu.corpus.parsecache import ParseCache
from zhidu.domain.errors import ZhiduError
from zhidu.render.preview import (
    DIRTY_BUILD_FOLDER,
    PAGES_FOLDER,
    DirtyBuildPages,
    PreviewPages,
    empty_folder,
    forget_built_pages,
    forget_dirty_build,
    quiet_dirty_build_notice,
)
from zhidu.render.rawhtml import anchor_ids, restore, stash
from zhidu.urls import SEARCH_FOLDER

log = get_plugin_logger("zhidu")

DIRTY_BUILDS = True
"""This adapter makes ``mkdocs build --dirty`` equal a full build (DirtyBuildPages): the publishing server builds a
project incrementally only when its hook file says so (an older copy of this file in a project would not)."""


class SiteHooks:
    def __init__(self) -> None:
        self.command = "build"
        self.result: BuildResult | None = None
        self.parse_cache: ParseCache | None = None
        """Kept across the rebuilds of one ``mkdocs serve``: an unchanged text is never parsed twice."""
        self.preview: PreviewPages | None = None
        """Under ``mkdocs serve --dirty`` (``make serve``): pages as files, so that a save rebuilds only what changed."""
        self.dirty_build: DirtyBuildPages | None = None
        """Under ``mkdocs build --dirty`` (the publishing server): pages as files kept between builds, the same way."""
        self.dirty = False
        self.raw: dict[str, list[str]] = {}
        """Finished HTML kept out of Markdown, by page, from ``on_page_markdown`` to ``on_page_content``."""

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        site = read_site_config(root)
        if self.parse_cache is None or self.command != "serve":
            self.parse_cache = ParseCache(site.cache_dir)
        if self.command == "serve" and self.dirty and self.preview is None:
            self.preview = PreviewPages(site.cache_dir / PAGES_FOLDER)
        if self.command == "build":
            if self.dirty:
                self.dirty_build = DirtyBuildPages(site.cache_dir / DIRTY_BUILD_FOLDER)
                quiet_dirty_build_notice()
            else:
                forget_dirty_build(site.cache_dir)
        try:
            previous = self.result.collection if self.result is not None and self.command == "serve" else None
            self.result = SiteBuild(site, serving=self.command == "serve", parse_cache=self.parse_cache, previous=previous).run()
        except ZhiduError as exc:  # typed core errors become one readable message, never a traceback
            raise PluginError(str(exc)) from None
        for line in self.result.report_lines():
            log.info(line)
        config.extra["zhidu_search_folder"] = SEARCH_FOLDER  # the search box's index, for overrides/partials/search.html
        config.extra["release"] = release_label()  # the footer's 发布版本 (overrides/partials/copyright.html)
        return config

    def on_files(self, files: Files, config) -> Files:
        result = self._result()
        hand_written = [item for item in (config.nav or []) if not (isinstance(item, dict) and "index.md" in item.values())]
        config.nav = result.plan.nav + hand_written
        pages = dict(result.plan.pages)
        if self.preview is not None or self.dirty_build is not None:
            for file in files.documentation_pages():  # hand-written pages with generated parts: filled in here
                if file.abs_src_path and file.src_uri not in pages:
                    text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
                    if any(marker in text for marker in result.markers):
                        pages[file.src_uri] = result.fill_markers(text)
        folder = None
        if self.dirty_build is not None:
            folder = self.dirty_build.folder
            changed, full = self.dirty_build.write(pages, config.nav, Path(config.site_dir))
            if full:
                empty_folder(Path(config.site_dir))
                log.info(f"增量构建：{full}，全部页面重新生成。")
            else:
                log.info(f"增量构建：{len(changed)} 个页面有变化，只重新生成这些页面。")
        if self.preview is not None:
            folder = self.preview.folder
            changed = self.preview.write(pages)
            if self.preview.nav_changed(config.nav):
                forget_built_pages(Path(config.site_dir))
                log.info("预览：导航有变化，全部页面重新生成。")
            else:
                names = "、".join(changed[:8]) + (" 等" if len(changed) > 8 else "")
                log.info(f"预览：{len(changed)} 个页面有变化，只重新生成这些页面{'：' + names if changed else '。'}")
        generated = {}
        for src_uri, content in pages.items():
            if folder is not None:
                generated[src_uri] = File.generated(config, src_uri, abs_src_path=str(folder / src_uri))
            else:
                generated[src_uri] = File.generated(config, src_uri, content=content)
        # A hand-written page filled in keeps its place (the sitemap lists pages in this order).
        files = Files([generated.pop(file.src_uri, file) for file in files] + list(generated.values()))
        for src_uri, abs_path in result.assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(abs_path)))
        return files

    def on_nav(self, nav, config, files):
        if self.dirty_build is not None:  # pages a dirty build does not read still need their titles in the navigation
            for page in nav.pages:
                if page.markdown is None:
                    page.read_source(config)
        return nav

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        markdown, self.raw[page.file.src_uri] = stash(self._result().fill_markers(markdown))
        return markdown

    @event_priority(100)  # the finished page before any other plugin reads it
    def on_page_content(self, html: str, page, config, files) -> str:
        blocks = self.raw.pop(page.file.src_uri, [])
        if blocks and page.present_anchor_ids is not None:  # MkDocs validates links to anchors against these ids
            page.present_anchor_ids |= anchor_ids(blocks)
        return restore(html, blocks)

    def on_post_build(self, config) -> None:
        try:
            lines = self._result().post_build(Path(config.site_dir))
        except ZhiduError as exc:
            raise PluginError(str(exc)) from None
        for line in lines:
            log.info(line)
        if self.dirty_build is not None:
            self.dirty_build.built()

    def _result(self) -> BuildResult:
        if self.result is None:
            raise PluginError("zhidu：构建尚未开始（on_config 没有运行）。")
        return self.result


hooks = SiteHooks()
on_startup = hooks.on_startup
on_config = hooks.on_config
on_files = hooks.on_files
on_nav = hooks.on_nav
on_page_markdown = hooks.on_page_markdown
on_page_content = hooks.on_page_content
on_post_build = hooks.on_post_build
