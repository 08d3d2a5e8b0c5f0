"""Normalisation of the whitespace that real regulation texts carry (BOM, CRLF, full-width and zero-width spaces)."""

from __future__ import annotations

import re

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def normalize_source(raw: str) -> str:
    """Drop a BOM and turn CRLF or CR line endings into LF."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def strip_invisible(text: str) -> str:
    """Remove zero-width characters anywhere in the text."""
    # str.translate walks the whole string through a dict; the search finds the (rare) characters in C first.
    return text.translate(ZERO_WIDTH) if _ZERO_WIDTH_RE.search(text) else text


def squeeze(text: str) -> str:
    """Zero-width characters removed, runs of half/full-width spaces folded to one space, ends stripped."""
    return _SPACES.sub(" ", strip_invisible(text)).strip()


def compact(text: str) -> str:
    """All spaces removed: the form used to compare headings such as 总　则 and 总则."""
    return _SPACES.sub("", strip_invisible(text)).strip()
