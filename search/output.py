"""Hits for a person at a terminal: title, article, highlighted snippet, site URL and ``file:line``.

rich writes colours only when stdout is a terminal; piped output is plain text.
"""

from __future__ import annotations

from pathlib import Path

from search.query import Hit


def show(hits: list[Hit], query: str, site_url: str, root: Path, missing: list[str] | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if not hits:
        console.print(f"没有找到与“{query}”相关的条文。")
        return
    if missing:
        # Say which words matched nothing, so that the hits are not read as an answer about them (量子计算).
        console.print(Text(f"{'、'.join(missing)} 没有找到（没有条文含有这个词），以下结果只按其余的词检索。", style="yellow"))
    base = site_url.rstrip("/") + "/" if site_url else ""
    for rank, hit in enumerate(hits, 1):
        head = Text(f"{rank:>2}. ")
        head.append(hit.title, style="bold")
        if hit.article:
            head.append(f" {hit.article}", style="bold cyan")
        if hit.chapter:
            head.append(f"  〔{hit.chapter}〕", style="dim")
        if hit.status not in ("现行有效",):
            head.append(f"  [{hit.status}·{hit.effective}施行]", style="yellow")
        console.print(head)
        snippet = Text("    ")
        position = 0
        for start, end in hit.highlights:
            snippet.append(hit.snippet[position:start])
            snippet.append(hit.snippet[start:end], style="bold red")
            position = end
        snippet.append(hit.snippet[position:])
        console.print(snippet)
        console.print(Text(f"    {base}{hit.url}", style="blue"))
        console.print(Text(f"    {hit.path}:{hit.line}", style="dim"))
    console.print(Text(f"共 {len(hits)} 条结果。", style="dim"))
