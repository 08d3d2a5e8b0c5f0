"""Where the index lives and how a new one replaces the old: generations swapped atomically under a lock.

The index folder holds generation folders (``gen-…``), each a complete Whoosh index with its own ``zhidu.json``,
and a ``CURRENT`` file naming the generation in use. A build writes a new generation beside the current one and
then replaces ``CURRENT`` with one ``os.replace``: a reader sees the old index or the new one, never half of one.
A killed build leaves only an unreferenced folder, removed by the next build; two builds at once take turns on
``LOCK``; the second finds the index fresh and does nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zhidu.corpus.config import env
from zhidu.corpus.config import find_root as config_root

FORMAT = 6
"""Bump when the layout of a generation changes; older generations are rebuilt (5: each version says its ``kind``; 6: names.json holds implicit short names, 刑诉法)."""
POINTER = "CURRENT"
META = "zhidu.json"
MANIFEST = "manifest.json"
LEXICON = "lexicon.txt"
THESAURUS = "thesaurus.json"
NAMES = "names.json"
VERSIONS = "versions.json"
ZDICT = "zdict.bin"
DOCMAP = "docmap.json"
DEFAULT_LOCATION = ".cache/zhidu/search"


class IndexUnusable(Exception):
    """The current generation is missing, corrupt or made by an incompatible version."""


def find_root(option: str | None = None) -> Path | None:
    """The project root: the option, ``ZHIDU_ROOT``, or the nearest folder up from cwd with a ``mkdocs.yml``."""
    given = option or env("ZHIDU_ROOT")
    if given:
        path = Path(given).resolve()
        return path if (path / "mkdocs.yml").is_file() or (path / "regulations").is_dir() else None
    return config_root()


def index_location(root: Path, option: str | None = None) -> Path:
    given = option or env("ZHIDU_SEARCH_INDEX")
    return Path(given).resolve() if given else root / DEFAULT_LOCATION


def current_generation(location: Path) -> Path | None:
    try:
        name = (location / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not name.startswith("gen-") or "/" in name:
        return None
    return location / name


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(str(path)) from exc
    if not isinstance(data, dict):
        raise IndexUnusable(str(path))
    return data


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_meta(generation: Path) -> dict:
    meta = read_json(generation / META)
    from search.analysis import ANALYZER_VERSION

    if meta.get("format") != FORMAT or meta.get("analyzer") != ANALYZER_VERSION:
        raise IndexUnusable("incompatible")
    return meta


@contextmanager
def locked(location: Path) -> Iterator[None]:
    """Exclusive lock on the index folder for one build; other builders wait their turn."""
    location.mkdir(parents=True, exist_ok=True)
    with open(location / "LOCK", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_workspace(location: Path) -> Path:
    """An empty folder for a generation being built (called with the lock held, so leftovers are orphans)."""
    for leftover in location.glob("tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    path = location / f"tmp-{os.getpid()}-{time.time_ns()}"
    path.mkdir(parents=True)
    return path


def publish(location: Path, workspace: Path, keep_previous: bool = True) -> Path:
    """Turn a finished workspace into the current generation, atomically.

    The previous generation is kept for readers that still have it open, except when the new one was built to
    purge text that must not stay on disk (a file that became secret).
    """
    previous = current_generation(location)
    generation = location / f"gen-{time.time_ns()}-{os.getpid()}"
    workspace.rename(generation)
    pointer_tmp = location / f"{POINTER}.tmp{os.getpid()}"
    pointer_tmp.write_text(generation.name + "\n", encoding="utf-8")
    with open(pointer_tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, location / POINTER)
    keep = {generation.name, previous.name if previous and keep_previous else ""}
    for old in location.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return generation


def copy_generation(source: Path, workspace: Path) -> None:
    """Copy a generation's files into a workspace so that an update never touches the index in use."""
    for item in source.iterdir():
        if item.is_file() and not item.name.endswith("LOCK"):
            shutil.copy2(item, workspace / item.name)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
