"""Parsed regulations cached by content, so that an unchanged text costs nothing on the next build.

The key of a text is a digest of its bytes (the same idea as its git blob id), its path and the institution (the
default issuer is part of the parse), plus a fingerprint of the parser's own source: a change to the parser
invalidates every entry by itself. One pickle under ``.cache/zhidu/`` holds the entries a build used; a process
that builds again (``mkdocs serve``) keeps them in memory and reads nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path

from zhidu.domain.errors import Problem
from zhidu.domain.model import Regulation
from zhidu.domain.parser import parse_regulation

log = logging.getLogger("zhidu")

CACHE_FILE = "parsed.pickle"
_DOMAIN = Path(__file__).parent.parent / "domain"
"""Every module the parser may depend on: a change to any of them makes the cache stale."""


def _fingerprint() -> bytes:
    digest = hashlib.sha1(f"{sys.version_info[:2]}".encode())
    for path in [*sorted(_DOMAIN.glob("*.py")), _DOMAIN.parent / "urls.py"]:  # the model spells its anchors from urls
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


_FINGERPRINT = _fingerprint()

Parsed = tuple[Regulation | None, list[Problem]]


class ParseCache:
    """``parse(text, path, institution, stem)`` with the results remembered by content (see the module's doc)."""

    def __init__(self, cache_dir: Path | None = None):
        self.path = cache_dir / CACHE_FILE if cache_dir is not None else None
        self._entries: dict[bytes, Parsed] | None = None
        self._used: set[bytes] = set()
        self._added = False
        self.parsed = 0
        """How many texts this cache had to parse (the rest came from the cache)."""

    def _load(self) -> dict[bytes, Parsed]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None and self.path.exists():
                try:
                    with open(self.path, "rb") as handle:
                        data = pickle.load(handle)
                    if isinstance(data, dict):
                        self._entries = data
                except Exception as exc:  # a cache from another version, or a damaged file: parse again
                    log.debug("parse cache ignored: %s", exc)
        return self._entries

    @staticmethod
    def key(text: str, path: str, institution: str, stem: str) -> bytes:
        digest = hashlib.sha1(_FINGERPRINT)
        digest.update(f"{path}\0{stem}\0{institution}\0".encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.digest()

    def __call__(self, text: str, path: str, institution: str = "", stem: str | None = None) -> Parsed:
        stem = stem if stem is not None else path.rsplit("/", 1)[-1].removesuffix(".md")
        entries = self._load()
        key = self.key(text, path, institution, stem)
        self._used.add(key)
        found = entries.get(key)
        if found is None:
            found = entries[key] = parse_regulation(text, path, institution, stem)
            self.parsed += 1
            self._added = True
        return found

    def save(self, prune: bool = True) -> None:
        """Keep the entries for the next build; never fails the build. ``prune`` drops the entries this process did
        not use (a whole build uses every current text; a partial reader such as the search index update does not)."""
        if self.path is None or self._entries is None:
            return
        if not self._added and (not prune or len(self._used) == len(self._entries)):
            return
        kept = {key: value for key, value in self._entries.items() if key in self._used} if prune else self._entries
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            with open(tmp, "wb") as handle:
                pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
        except OSError as exc:  # a read-only checkout still builds, only slower
            log.debug("parse cache not written: %s", exc)
            return
        self._entries = kept
        self._used = set()
        self._added = False
