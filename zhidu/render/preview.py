"""A fast preview for maintainers: under ``mkdocs serve --dirty`` only the pages whose text changed are rebuilt.

MkDocs rebuilds a page in a dirty build when its source file is newer than the page it wrote. Generated pages have
no source file, so every one of them would be rebuilt on every save. The preview therefore writes each generated
page's Markdown to a folder of its own, rewriting a file only when its text changed: the file's age then tells MkDocs
exactly which pages a save affected (the regulation itself, the regulations it cites or that cite it, lists that
show its title…). Hand-written pages that carry generated parts (the home page) are written there too, filled in.
When the navigation changes (a regulation added, renamed or moved), every page shows it, so every page is rebuilt.

``mkdocs build --dirty`` (the publishing server's builds, zhidu/server/publish.py) uses the same page files, kept
between processes (``DirtyBuildPages``): a page file is rewritten only when its text differs from the file on disk,
so a later build rewrites only what a change touched. Where a dirty build could leave something a full build would
not (the navigation changed, a page is gone — a regulation removed or made secret —, or the site folder is not the one
these files were built for), the site folder is emptied first and everything is built again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

PAGES_FOLDER = "preview-pages"
DIRTY_BUILD_FOLDER = "dirty-build-pages"
STATE_FILE = ".dirty-build.json"
"""Beside the page files: the navigation's digest, the page list and the site folder they were last built into."""


@dataclass
class PreviewPages:
    """The page files of one ``mkdocs serve`` process (see the module's doc)."""

    folder: Path
    written: dict[str, str] = field(default_factory=dict)
    """src_uri → digest of the Markdown last written for it."""
    nav_digest: str = ""

    def __post_init__(self) -> None:
        if self.folder.exists():  # left by an earlier process: its pages may be newer than this server's site
            shutil.rmtree(self.folder, ignore_errors=True)

    def write(self, pages: dict[str, str]) -> list[str]:
        """Write the pages whose Markdown changed (and drop the ones that are gone); returns the changed src_uris."""
        changed: list[str] = []
        for src_uri, content in pages.items():
            digest = hashlib.sha1(content.encode("utf-8")).hexdigest()
            if self.written.get(src_uri) == digest:
                continue
            path = self.folder / src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            self.written[src_uri] = digest
            changed.append(src_uri)
        for src_uri in [uri for uri in self.written if uri not in pages]:
            (self.folder / src_uri).unlink(missing_ok=True)
            del self.written[src_uri]
        return changed

    def nav_changed(self, nav: list) -> bool:
        """Whether the navigation differs from the previous build's (the first build counts as a change)."""
        digest = hashlib.sha1(json.dumps(nav, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()
        changed = digest != self.nav_digest
        self.nav_digest = digest
        return changed


def forget_built_pages(site_dir: Path) -> None:
    """Make a dirty build rebuild every page: MkDocs rebuilds a page whose output is missing."""
    for path in Path(site_dir).rglob("*.html"):
        try:
            os.unlink(path)
        except OSError:
            pass


def nav_digest(nav: list) -> str:
    return hashlib.sha1(json.dumps(nav, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@dataclass
class DirtyBuildPages:
    """The page files of ``mkdocs build --dirty``, kept from one process to the next (see the module's doc)."""

    folder: Path
    pending: dict | None = None
    """What ``built`` records once MkDocs is through."""

    @property
    def state_file(self) -> Path:
        return self.folder / STATE_FILE

    def read_state(self) -> dict:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def write(self, pages: dict[str, str], nav: list, site_dir: Path) -> tuple[list[str], str]:
        """Write the pages whose Markdown differs from their file; returns the changed src_uris and, when the site
        folder must be emptied first, why (in Chinese; then every page file is rewritten), else ""."""
        before = self.read_state()
        pages_before = set(before.get("pages", []))
        if before.get("site_dir") != str(Path(site_dir).resolve()):
            full = "上次构建未完成，或不是在这个文件夹中构建的"
        elif before.get("nav") != nav_digest(nav):
            full = "导航有变化"
        elif not pages_before <= set(pages):
            gone = sorted(pages_before - set(pages))
            full = f"{len(gone)} 个页面不再生成（如 {gone[0]}）"
        else:
            full = ""
        self.state_file.unlink(missing_ok=True)  # until this build is through, the files belong to no build
        changed: list[str] = []
        for src_uri, content in pages.items():
            path = self.folder / src_uri
            data = content.encode("utf-8")
            if not full:
                try:
                    if path.read_bytes() == data:
                        continue
                except OSError:
                    pass
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(src_uri)
        for src_uri in pages_before - set(pages):
            (self.folder / src_uri).unlink(missing_ok=True)
        self.pending = {"nav": nav_digest(nav), "site_dir": str(Path(site_dir).resolve()), "pages": sorted(pages)}
        return changed, full

    def built(self) -> None:
        """Record the build as complete (after MkDocs wrote every page): the next dirty build may start from it."""
        if self.pending is not None:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            self.state_file.write_text(json.dumps(self.pending, ensure_ascii=False), encoding="utf-8")


class DirtyBuildNotice(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave navigation and links inaccurate (which ``--strict`` would
    turn into a failure): with ``DirtyBuildPages`` a change of navigation or a page gone rebuilds everything."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def quiet_dirty_build_notice(logger_name: str = "mkdocs.commands.build") -> None:
    target = logging.getLogger(logger_name)
    if not any(isinstance(f, DirtyBuildNotice) for f in target.filters):
        target.addFilter(DirtyBuildNotice())


def forget_dirty_build(cache_dir: Path) -> None:
    """A build that is not dirty wrote its pages from memory: the page files no longer describe the site folder."""
    (Path(cache_dir) / DIRTY_BUILD_FOLDER / STATE_FILE).unlink(missing_ok=True)


def empty_folder(folder: Path) -> None:
    """Everything inside ``folder`` removed (the folder itself stays)."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
