"""Markdown of the version pages, history pages, comparison pages (修订对照表) and the recent-changes page.

Plain functions from parsed versions to Markdown; which pages exist is decided in ``history_feature``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

from zhidu import urls
from zhidu.corpus.collection import Collection
from zhidu.corpus.load import Comparisons, Pair, RegulationHistory, VersionInfo
from zhidu.domain.compare import Comparison, Row
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Article, Regulation
from zhidu.domain.status import Status
from zhidu.domain.wording import adopted_label, self_name
from zhidu.render.pages import PageContext, escape, href, link, page_path, regulation_page, version_path

CHANGES_PATH = urls.CHANGES
CHANGES_TITLE = "最近修订"
GUIDE_PATH = "guide/versions.md"


history_path = urls.history
compare_path = urls.comparison


def version_src(info: VersionInfo) -> str:
    """The page that shows a version's text: the regulation's main page for the main version, else its own."""
    return page_path(info.regulation.id) if info.main else version_path(info.regulation.id, info.effective)


def _front(title: str, status: str | None = None, search: bool = True) -> str:
    lines = ["---", f'title: "{title.replace(chr(34), "")}"']
    if status:
        lines.append(f"status: {status}")
    if not search:
        lines += ["search:", "  exclude: true"]
    return "\n".join(lines + ["---", ""])


def _status_badge(status: Status) -> str:
    return f'<span class="zd-status zd-status--{status.key}">{status}</span>'


def _label(info: VersionInfo) -> str:
    return f"{cn_date(info.effective)}施行" + (f"（{info.regulation.meta.version}）" if info.regulation.meta.version else "")


# --- version pages ---------------------------------------------------------------------------------------------


def version_banner(hist: RegulationHistory, info: VersionInfo, src: str) -> str:
    """The admonition on a version's own page (or on the main page when only pending versions exist)."""
    main = hist.main
    if info.status is Status.PENDING:
        text = f"本版本将于{cn_date(info.effective)}起施行，目前尚未生效。"
        current = next((i for i in reversed(hist.infos) if i.effective < info.effective and i.status is not Status.PENDING), None)
        if current is not None:
            text += f"在此之前，请执行[现行文本]({link(src, version_src(current))})（{cn_date(current.effective)}起施行）。"
            text += f"[查看修订对照]({link(src, compare_path(hist.reg_id, current.effective, info.effective))})。"
        return f'!!! info "尚未生效"\n    {text}\n'
    if info.status is Status.SUPERSEDED:
        nxt = hist.successor(info)
        until = f"（施行期间：{cn_date(info.effective)}至{cn_date(nxt.effective - dt.timedelta(days=1))}）" if nxt else ""
        text = f"本文本已被修订，不再执行{until}。"
        if nxt is not None:
            text += f"自{cn_date(nxt.effective)}起施行的是[修订后的版本]({link(src, version_src(nxt))})；"
            text += f"[查看修订对照]({link(src, compare_path(hist.reg_id, info.effective, nxt.effective))})。"
        if main is not nxt:
            text += f"现行文本见[此处]({link(src, version_src(main))})。"
        return f'!!! warning "已修订"\n    {text}\n'
    return ""


def version_page(collection: Collection, hist: RegulationHistory, info: VersionInfo) -> str:
    src = version_src(info)
    ctx = PageContext(info.status, src, banners=[version_banner(hist, info, src)])
    ctx.toolbar = [f"[历史版本]({link(src, history_path(hist.reg_id))})", f"[现行文本]({link(src, version_src(hist.main))})"]
    prev = hist.predecessor(info)
    if prev is not None:
        ctx.toolbar.append(f"[与上一版本对照]({link(src, compare_path(hist.reg_id, prev.effective, info.effective))})")
    markdown = regulation_page(collection, info.regulation, ctx)
    # Its own front-matter: a distinct browser title, no tags (the tags page lists texts in force), and superseded
    # texts kept out of the site search so that hits are texts that apply.
    _, _, body = markdown.partition("\n---\n")
    title = f"{info.regulation.meta.short_title}（{cn_date(info.effective)}施行版）"
    return _front(title, info.status.key if info.status is not Status.IN_FORCE else None, search=info.status is not Status.SUPERSEDED) + body


# --- history page ----------------------------------------------------------------------------------------------


def history_page(hist: RegulationHistory, comparisons: Mapping[Pair, Comparison]) -> str:
    """The version history of one regulation; ``comparisons`` are its compared pairs (``compare_versions``)."""
    src = history_path(hist.reg_id)
    main = hist.main.regulation
    lines = [_front(f"{main.meta.short_title} · 历史版本", search=False), f"# {escape(main.meta.title)}", "", "## 历史版本 { #versions }", ""]
    count = len(hist.infos)
    name = self_name(main)
    intro = f"{name}共有 {count} 个版本。" if count > 1 else f"{name}目前只有一个版本，尚无修订。"
    lines += [f"{intro}[返回主页面]({link(src, page_path(hist.reg_id))})", ""]
    with_adopted = any(info.regulation.meta.adopted for info in hist.infos)
    head = ["施行日期", "版本", "文号"] + ([adopted_label(main)] if with_adopted else []) + ["状态", "修订对照", "文字最后更新"]
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for info in reversed(hist.infos):
        meta = info.regulation.meta
        prev = hist.predecessor(info)
        comparison = ""
        if prev is not None:
            cmp = comparisons.get((prev.effective, info.effective))
            summary = f"<br>{cmp.summary}" if cmp else ""
            comparison = f"[与上一版本对照]({link(src, compare_path(hist.reg_id, prev.effective, info.effective))}){summary}"
        updated = cn_date(info.version.committed.date()) if info.version.committed else "尚未提交"
        current = "（现行文本）" if info.main and info.status is not Status.PENDING else ""
        cells = [f"[{cn_date(info.effective)}]({link(src, version_src(info))}){current}", escape(meta.version), escape(meta.doc_number)]
        cells += [cn_date(meta.adopted)] if with_adopted else []
        cells += [_status_badge(info.status), comparison, updated]
        lines.append("| " + " | ".join(cells) + " |")
    others = [(a, b) for (a, b) in comparisons if not _consecutive(hist, a, b)]
    if others:
        lines += ["", "### 任意两个版本对照", ""]
        for a, b in sorted(others):
            lines.append(f"- [{cn_date(a)}施行版 → {cn_date(b)}施行版]({link(src, compare_path(hist.reg_id, a, b))})：{comparisons[(a, b)].summary}")
    lines += ["", "点击施行日期查看该版本的全文。“文字最后更新”是该版本的文字在制度库中最后一次改动（如更正错别字）的日期：更正文字不改施行日期，不产生新版本。", ""]
    return "\n".join(lines)


def _consecutive(hist: RegulationHistory, a: dt.date, b: dt.date) -> bool:
    dates = [info.effective for info in hist.infos]
    return dates.index(b) == dates.index(a) + 1


# --- comparison page -------------------------------------------------------------------------------------------


def _segments_html(segments: list[tuple[str, str]], side: str) -> str:
    """One side of an inline diff: ``old`` shows equal + deleted text, ``new`` equal + inserted text."""
    out: list[str] = []
    for kind, text in segments:
        body = html.escape(text).replace("\n", "<br>")
        if kind == "equal":
            out.append(body)
        elif kind == "delete" and side == "old":
            out.append(f"<del>{body}</del>")
        elif kind == "insert" and side == "new":
            out.append(f"<ins>{body}</ins>")
    return "".join(out)


def comparison_page(hist: RegulationHistory, old: VersionInfo, new: VersionInfo, cmp: Comparison) -> str:
    src = compare_path(hist.reg_id, old.effective, new.effective)
    meta = new.regulation.meta
    lines = [_front(f"{meta.short_title} 修订对照（{old.effective.isoformat()} → {new.effective.isoformat()}）", search=False)]
    lines += [f"# {escape(meta.title)}修订对照表", ""]
    lines += [
        '<div class="zd-cmp-versions" markdown="1">',
        "",
        f"**修改前**：[{_label(old)}]({link(src, version_src(old))}) {_status_badge(old.status)}{'　' + escape(old.regulation.meta.doc_number) if old.regulation.meta.doc_number else ''}<br>"
        f"**修改后**：[{_label(new)}]({link(src, version_src(new))}) {_status_badge(new.status)}{'　' + escape(meta.doc_number) if meta.doc_number else ''}",
        "",
        "</div>",
        "",
    ]
    summary = cmp.summary
    if cmp.renumbered_count:
        summary += f"；{cmp.renumbered_count} 条序号变化"
    lines += [f'<p class="zd-cmp-summary"><strong>{summary}</strong></p>', ""]
    lines += [
        '<div class="zd-toolbar zd-cmp-tools" markdown="1">',
        "",
        f"[历史版本]({link(src, history_path(hist.reg_id))}) · "
        # No inline handlers: the site runs under a CSP without 'unsafe-inline' (docs/javascripts/zhidu.js does this).
        '<a href="#" class="zd-cmp-toggle">展开/收起未变条文</a> · '
        '<a href="#" class="zd-cmp-print">打印对照表</a>',
        "",
        "</div>",
        "",
    ]
    meta_rows = _meta_changes(old.regulation, new.regulation)
    if meta_rows:
        lines += ["| 项目 | 修改前 | 修改后 |", "| --- | --- | --- |"]
        lines += [f"| {name} | {escape(a) or '—'} | {escape(b) or '—'} |" for name, a, b in meta_rows]
        lines.append("")
    lines.append(comparison_table(src, old, new, cmp))
    if cmp.other:
        lines += [
            "", "## 条文以外内容的变化 { #other }", "",
            '<div class="zd-cmp-other">' + _segments_html(cmp.other, "old") + "</div>",
            '<div class="zd-cmp-other">' + _segments_html(cmp.other, "new") + "</div>", "",
        ]
    return "\n".join(lines) + "\n"


def comparison_table(src: str, old: VersionInfo, new: VersionInfo, cmp: Comparison) -> str:
    """The two-column table: changed articles side by side, unchanged runs collapsed; one raw HTML block."""
    old_target, new_target = version_src(old), version_src(new)
    out = ['<table class="zd-cmp">', '<colgroup><col class="zd-cmp-c1"><col class="zd-cmp-c2"><col class="zd-cmp-c3"></colgroup>',
           "<thead><tr><th>变化</th><th>修改前</th><th>修改后</th></tr></thead>", "<tbody>"]
    rows = cmp.rows
    index = 0
    while index < len(rows):
        row = rows[index]
        if row.kind == "unchanged":
            run = [row]
            while index + len(run) < len(rows) and rows[index + len(run)].kind == "unchanged":
                run.append(rows[index + len(run)])
            out.append(_unchanged_run(src, new_target, run))
            index += len(run)
            continue
        index += 1
        old_html = _segments_html(row.segments, "old") if row.kind == "modified" else None
        new_html = _segments_html(row.segments, "new") if row.kind == "modified" else None
        note = f'<div class="zd-cmp-renum">原{row.before.label} → {row.after.label}</div>' if row.renumbered else ""
        out.append(
            f'<tr class="zd-cmp-row zd-cmp--{row.kind}"><td class="zd-cmp-kind"><span>{row.label}</span>{note}</td>'
            + _cell(row.old, src, old_target, old_html) + _cell(row.new, src, new_target, new_html) + "</tr>"
        )
    out += ["</tbody>", "</table>", ""]
    return "\n".join(out)


def _cell(article: Article | None, src: str, target: str, text_html: str | None) -> str:
    if article is None:
        return '<td class="zd-cmp-none">—</td>'
    body = text_html if text_html is not None else html.escape(article.text).replace("\n", "<br>")
    return f'<td><a class="zd-cmp-no" href="{html.escape(href(src, target, article.anchor))}">{article.label}</a>　{body}</td>'


def _unchanged_run(src: str, new_target: str, run: list[Row]) -> str:
    first, last = run[0].after, run[-1].after
    renumbered = sum(r.renumbered for r in run)
    if len(run) == 1:
        span = first.label + (f"（原{run[0].before.label}）" if renumbered else "")
        note = ""
    else:
        span = f"{first.label}至{last.label}"
        note = f"，其中 {renumbered} 条序号变化" if renumbered else ""
    items = []
    for row in run:
        renum = f'<span class="zd-cmp-renum">（原{row.before.label}）</span>' if row.renumbered else ""
        target_href = html.escape(href(src, new_target, row.after.anchor))
        items.append(f'<p><a class="zd-cmp-no" href="{target_href}">{row.after.label}</a>{renum}　{html.escape(row.after.text).replace(chr(10), "<br>")}</p>')
    return (
        f'<tr class="zd-cmp--unchanged"><td class="zd-cmp-kind"><span>未变</span></td><td colspan="2">'
        f'<details class="zd-cmp-same"><summary>{span}未变{"" if len(run) == 1 else f"（{len(run)} 条{note}）"}</summary>{"".join(items)}</details></td></tr>'
    )


def _meta_changes(old: Regulation, new: Regulation) -> list[tuple[str, str, str]]:
    fields = [
        ("标题", old.meta.title, new.meta.title),
        ("文号", old.meta.doc_number, new.meta.doc_number),
        ("制定机关", old.meta.issuer, new.meta.issuer),
        ("归口部门", old.meta.department, new.meta.department),
        (adopted_label(new), cn_date(old.meta.adopted), cn_date(new.meta.adopted)),
        ("施行日期", cn_date(old.meta.effective), cn_date(new.meta.effective)),
        ("版本", old.meta.version, new.meta.version),
        ("状态", old.meta.status, new.meta.status),
    ]
    return [(name, a, b) for name, a, b in fields if a != b]


# --- recent changes --------------------------------------------------------------------------------------------


def changes_page(histories: list[RegulationHistory], today: dt.date, comparisons: Comparisons) -> str:
    """Every revision (a version with a predecessor) by effective date, newest first, pending ones on top."""
    src = CHANGES_PATH
    entries: list[tuple[VersionInfo, VersionInfo, Comparison | None, RegulationHistory]] = []
    for hist in histories:
        for prev, info in zip(hist.infos, hist.infos[1:]):
            entries.append((prev, info, comparisons.get(hist.reg_id, {}).get((prev.effective, info.effective)), hist))
    entries.sort(key=lambda e: (e[1].effective, e[1].regulation.meta.title), reverse=True)
    pending = [e for e in entries if e[1].effective > today]
    done = [e for e in entries if e[1].effective <= today]
    lines = [_front(CHANGES_TITLE), f"# {CHANGES_TITLE}", ""]
    lines += [f"本库制度的全部修订，按施行日期排列，最新的在前（截至{cn_date(today)}）。尚未生效的修订列在最前面。", ""]
    if not entries:
        return "\n".join(lines + ["暂无修订记录。", ""])
    for heading, group in (("尚未生效的修订", pending), ("已施行的修订", done)):
        if not group:
            continue
        lines += [f"## {heading}", "", "| 施行日期 | 制度 | 版本 | 修订内容 | 修订对照 |", "| --- | --- | --- | --- | --- |"]
        for prev, info, cmp, hist in group:
            meta = info.regulation.meta
            summary = cmp.summary if cmp else ""
            lines.append(
                f"| {cn_date(info.effective)} | [{escape(meta.short_title)}]({link(src, version_src(info))}) | {escape(meta.version)} | {summary} "
                f"| [对照]({link(src, compare_path(hist.reg_id, prev.effective, info.effective))}) |"
            )
        lines.append("")
    lines += [f"维护人员：修订、更正错字和预先录入尚未施行的修订的方法，见[维护指南 · 版本与修订]({link(src, GUIDE_PATH)})。", ""]
    return "\n".join(lines)
