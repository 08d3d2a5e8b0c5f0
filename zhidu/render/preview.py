"""A fast preview for maintainers: under ``mkdocs serve --dirty`` only the pages whose text changed are rebuilt.

MkDocs rebuilds a page in a dirty build when its source file is newer than the page it wrote. Generated pages have
no source file, so every one of them would be rebuilt on every save. The preview therefore writes each generated
page's Markdown to a folder of its own, rewriting a file only when its text changed: the file's age then tells MkDocs
exactly which pages a save affected (the regulation itself, the regulations it cites or that cite it, lists that
show its title…). Hand-written pages that carry generated parts (the home page) are written there too, filled in.
When the navigation changes (a regulation added, renamed or moved), every page shows it, so every page is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

PAGES_FOLDER = "preview-pages"


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
