"""Helpers for the search tests: the real CLI (``python -m search``) as a subprocess against sitekit sites."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sitekit import PROJECT, Site, make_site, regulation

__all__ = ["PROJECT", "Site", "make_site", "regulation", "search", "hits", "index_bytes"]


def search(site: Site, *args: str, index: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {
        **os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25",
        "ZHIDU_SEARCH_INDEX": str(index or site.root.parent / "search-index"), **(env or {}),
    }
    environment.pop("ZHIDU_ROOT", None)
    return subprocess.run([sys.executable, "-m", "search", *args], cwd=site.root, capture_output=True, text=True, env=environment)


def hits(site: Site, query: str, *options: str, **kwargs) -> list[dict]:
    result = search(site, "query", query, "--json", *options, **kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def index_bytes(folder: Path) -> bytes:
    """Every byte of every file under the index folder."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
