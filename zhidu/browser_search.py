"""Keep the browser's search index small enough to fetch on an intranet.

Material writes ``search/search_index.json`` with every Chinese character escaped (``\\uXXXX``, six bytes) and
the full text of every page. At the scale of 1,500 regulations that is tens of megabytes, which no browser should
fetch. This step rewrites it as UTF-8 and, when it is still over the budget, shortens each entry's text
proportionally (titles and headings are always kept whole). Full-text search down to the article is the offline
search CLI's job (``python -m search``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .config import env
from .feature import BuildResult, BuildState

BUDGET_BYTES = 12 * 1024 * 1024
"""Default size budget of the browser index; ``ZHIDU_SEARCH_INDEX_BUDGET_MB`` overrides it."""

_TAG = re.compile(r"<[^>]+>")


def budget() -> int:
    value = env("ZHIDU_SEARCH_INDEX_BUDGET_MB")
    return int(float(value) * 1024 * 1024) if value else BUDGET_BYTES


def _dump(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _shorten(text: str, keep: float) -> str:
    plain = _TAG.sub(" ", text)
    limit = max(80, int(len(plain) * keep))
    if len(plain) <= limit:
        return plain
    cut = plain.rfind("\u200b", 0, limit)
    return plain[: cut if cut > limit // 2 else limit] + "……"


def compact_index(site_dir: Path, limit: int | None = None) -> list[str]:
    """Rewrite the index in place; returns lines for the build log."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return []
    limit = budget() if limit is None else limit
    original = path.stat().st_size
    data = json.loads(path.read_text(encoding="utf-8"))
    # Under ``mkdocs serve --dirty`` Material merges the new entries of one page into the previous index; with
    # several pages rebuilt at once some stay twice. One entry per location, the newest.
    data["docs"] = list({doc.get("location"): doc for doc in data.get("docs", [])}.values())
    encoded = _dump(data)
    lines: list[str] = []
    if len(encoded) > limit:
        docs = data.get("docs", [])
        fixed = len(_dump({**data, "docs": [{**d, "text": ""} for d in docs]}))
        text_bytes = max(1, len(encoded) - fixed)
        keep = max(0.02, (limit - fixed) / text_bytes * 0.95)
        for doc in docs:
            doc["text"] = _shorten(doc.get("text", ""), keep)
        encoded = _dump(data)
        lines.append(
            f"浏览器搜索索引超过 {limit / 1048576:.0f} MB，已按比例截短正文（保留约 {keep:.0%}），标题和章节名完整保留；"
            "逐条全文检索请使用离线检索命令 python -m search。"
        )
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(encoded)
    tmp.replace(path)
    lines.append(f"浏览器搜索索引：{original / 1048576:.1f} MB → {len(encoded) / 1048576:.1f} MB")
    return lines


class BrowserSearch:
    name = "browser_search"

    def prepare(self, state: BuildState) -> None:
        pass

    def extend(self, state: BuildState, result: BuildResult) -> None:
        result.post_build_steps.append(compact_index)
