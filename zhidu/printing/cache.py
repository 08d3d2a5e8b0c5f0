"""A content-hash cache of rendered PDFs (``.cache/zhidu/pdf/``): an unchanged document is never rendered again.

The key is the hash of everything that decides the output: the document's HTML (which carries the text, the
version, the print date and the QR code), the stylesheet and the renderer's version.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

FORMAT = "1"
"""Bump when the rendering changes in a way the HTML and CSS do not show (fonts, options)."""
KEEP_DAYS = 30


class PdfCache:
    def __init__(self, folder: Path):
        self.folder = folder

    @staticmethod
    def key(html: str, css: str) -> str:
        import weasyprint

        digest = hashlib.sha256()
        for part in (FORMAT, weasyprint.__version__, css, html):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> Path | None:
        path = self.path(key)
        if not path.is_file():
            return None
        os.utime(path)  # marks it as used, for pruning
        return path

    def temp_path(self, key: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"{key}.tmp{os.getpid()}"

    def put(self, key: str, rendered: Path) -> Path:
        """Move a freshly rendered file into the cache atomically (a reader never sees half a PDF)."""
        target = self.path(key)
        rendered.replace(target)
        return target

    def copy_to(self, key: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path(key), target)

    def prune(self, keep_days: int = KEEP_DAYS) -> int:
        """Delete entries not used for ``keep_days`` (and stray temporary files); returns how many went."""
        if not self.folder.is_dir():
            return 0
        limit = time.time() - keep_days * 86400
        removed = 0
        for path in self.folder.iterdir():
            stale_tmp = ".tmp" in path.name and path.stat().st_mtime < time.time() - 3600
            if stale_tmp or (path.suffix == ".pdf" and path.stat().st_mtime < limit):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
