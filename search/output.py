"""Hits for a person at a terminal: title, article, highlighted snippet, site URL and ``file:line``.

rich writes colours only when stdout is a terminal; piped output is plain text.
"""

from __future__ import annotations

from pathlib import Path

from search.query import Hit, SetAside


def set_aside_line(item: SetAside) -> str:
    """One line on a cited article left out because its text is not searched, and how to include it."""
    name = f"《{item.title}》{item.article or ''}"
    if item.status == "已废止":
        return f"{name}：该制度已废止，默认不检索已废止的制度；要查看该条，请加 --include-repealed。"
    if item.status == "已修订":
        return f"{name}：只见于该制度 {item.effective} 施行的旧版本，默认只检索现行有效的版本；要查看该条，请加 --as-of {item.effective}。"
    if item.status == "尚未生效":
        return f"{name}：见于该制度 {item.effective} 起施行、尚未生效的版本；要查看该条，请加 --as-of {item.effective}。"
    return f"{name}：不符合本次的筛选条件，未列出；去掉筛选条件即可查看该条。"


def show(hits: list[Hit], query: str, site_url: str, root: Path, set_aside: SetAside | None = None, missing: list[str] | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if set_aside is not None:
        console.print(Text(set_aside_line(set_aside), style="yellow"))
        if hits:
            console.print(Text("以下是其余检索词的结果：", style="dim"))
    if not hits:
        if set_aside is None:
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
