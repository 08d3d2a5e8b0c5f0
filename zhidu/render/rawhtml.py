"""Finished HTML that a generated page carries through Markdown untouched, without Markdown reading it.

Most of a regulation page is HTML the core already wrote (the articles, the cited-by list). Python-Markdown would
still run its HTML parser over every such block and keep it in its stash: on a large site that was about half the
build. A page wraps such a run in ``<!--zd-raw-->`` … ``<!--/zd-raw-->`` lines; before Markdown runs, ``stash``
swaps each run for a one-line placeholder comment, and ``restore`` puts the HTML back into Markdown's output. The
page text itself stays complete (tests and the preview files read it whole); only the converter is spared.
"""

from __future__ import annotations

import html
import re

OPEN = "<!--zd-raw-->"
CLOSE = "<!--/zd-raw-->"
_RUN = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.M | re.S)
_PLACEHOLDER = re.compile(r"<!--zd-raw:(\d+)-->")
_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"]*)"')


def wrap(html: str) -> str:
    """A block of finished HTML as it goes into a page's Markdown (blank lines around, so it is a block of its own)."""
    return f"{OPEN}\n{html.strip(chr(10))}\n{CLOSE}\n"


def stash(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each wrapped run replaced by a placeholder, and the runs in order."""
    blocks: list[str] = []

    def keep(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"<!--zd-raw:{len(blocks) - 1}-->"

    return _RUN.sub(keep, markdown), blocks


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids the stashed runs carry (``id`` on any element, as MkDocs counts them): Markdown never saw the runs, so
    MkDocs is told of these ids after the fact, else every link to an article would be reported as a broken anchor.
    The runs are HTML this project wrote (attribute values always in double quotes)."""
    return {html.unescape(found) for block in blocks for found in _ID.findall(block)}


def restore(html: str, blocks: list[str]) -> str:
    """Markdown's output with every placeholder replaced by its run."""
    if not blocks:
        return html
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else m.group(0), html)
