"""Markdown for the site's regulation pages, built from the model (no MkDocs here: the hooks only hand it over)."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from zhidu import urls
from zhidu.corpus.collection import Collection
from zhidu.domain.citations import Citation, Resolution, resolution_note
from zhidu.domain.collation import pinyin_key
from zhidu.domain.dates import cn_date  # noqa: F401  (re-exported for the render layer)
from zhidu.domain.model import Article, Block, Heading, Regulation, article_label
from zhidu.domain.status import Status
from zhidu.domain.wording import adopted_label, self_name
from zhidu.render.rawhtml import wrap

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def escape(text: str) -> str:
    """Regulation text as literal Markdown: no character of it is read as markup."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))




page_path = urls.regulation
version_path = urls.version


def link(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative Markdown link target from one generated page to another (MkDocs resolves ``.md`` links)."""
    from_parts = from_path.split("/")[:-1]
    to_parts = to_path.split("/")
    common = 0
    while common < min(len(from_parts), len(to_parts) - 1) and from_parts[common] == to_parts[common]:
        common += 1
    rel = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    return rel + (f"#{anchor}" if anchor else "")


@dataclass
class PageContext:
    """What a regulation page shows besides the text: which version it is and where its siblings are."""

    display_status: Status
    src_path: str
    banners: list[str] = field(default_factory=list)
    """Admonitions (Markdown) shown under the title, in the order the build's features are listed: the version
    banner, then the notice of a revised superior law."""
    toolbar: list[str] = field(default_factory=list)
    """Markdown links shown in the toolbar (history, PDF…)."""
    show_cited_by: bool = True
    trial_end: dt.date | None = None
    """When the trial period of a 试行 text ends or ended (``trial_until``, else the policy's ``trial_years``)."""
    today: dt.date | None = None
    """The build date, for what is said about dates (the trial period ended or not)."""

    @classmethod
    def for_regulation(cls, reg_id: str, status: Status) -> PageContext:
        """The context of a regulation's main page, before any feature adds to it."""
        return cls(status, page_path(reg_id))


def render_text(collection: Collection, regulation: Regulation, text: str, ctx: PageContext, article: Article | None, as_html: bool = False) -> str:
    """A paragraph with its citations turned into links: Markdown, or HTML with ``as_html`` (article text)."""
    citations = collection.citations(regulation, text)
    literal = html_text if as_html else escape
    out: list[str] = []
    position = 0
    links = [_citation_link(collection, regulation, citation, ctx, article, as_html) for citation in citations]
    for index, citation in enumerate(citations):
        out.append(literal(text[position:citation.start]))
        link_html, note = links[index]
        if index + 1 < len(links) and links[index + 1][1] == note and citations[index + 1].start - citation.end <= 4:
            note = ""  # 第三十七条、第三十九条 of one document: the same note once, after the last
        out.append(link_html + note)
        position = citation.end
    out.append(literal(text[position:]))
    return "".join(out)


def html_text(text: str) -> str:
    """Regulation text as literal HTML."""
    return html.escape(text, quote=False)


def href(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """An ``href`` for raw HTML between generated pages (MkDocs rewrites only Markdown links): the directory URL."""
    rel = link(from_path, to_path, None).removesuffix("index.md")
    return (rel or "./") + (f"#{anchor}" if anchor else "")


def html_link(from_path: str, to_path: str, label_html: str, anchor: str | None = None) -> str:
    """``<a>`` to another generated page, for finished HTML."""
    return f'<a href="{html.escape(href(from_path, to_path, anchor))}">{label_html}</a>'


def html_table(head: list[str], rows: list[list[str]]) -> str:
    """A table of finished HTML cells, as Markdown's table extension writes one (Material styles it the same)."""
    out = ["<table>", "<thead>", "<tr>", *(f"<th>{cell}</th>" for cell in head), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        out += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]
    return "\n".join(out + ["</tbody>", "</table>"])


def html_list(items: list[str]) -> str:
    """A bulleted list of finished HTML items."""
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def _citation_link(collection: Collection, regulation: Regulation, citation: Citation, ctx: PageContext, article: Article | None, as_html: bool) -> tuple[str, str]:
    """The citation as a link (or plain text) and the note that goes beside it (empty when none)."""
    label = html_text(citation.text) if as_html else escape(citation.text)
    if citation.target is None or citation.target not in collection.regulations:
        return label, ""
    target = collection.regulations[citation.target]
    anchor = citation.anchor
    if anchor is not None and (citation.number is None or target.article(citation.number, citation.sub) is None):
        anchor = None
    if target.id == regulation.id:
        if anchor is None or (article is not None and anchor == article.anchor):
            return label, ""  # an article's own number is never a link
        return (f'<a class="zd-cite" href="#{anchor}">{label}</a>' if as_html else f'[{label}](#{anchor}){{ .zd-cite }}'), ""
    resolution = collection.resolve(regulation, citation)
    to, css, note = page_path(target.id), "zd-cite", ""
    if resolution is not None:
        to = version_path(target.id, resolution.as_of) if resolution.as_of else page_path(target.id)
        anchor = resolution.anchor
        note = citation_note(collection, resolution, ctx.src_path)
        if resolution.dead:
            css = "zd-cite zd-cite--dead"
    if as_html:
        return f'<a class="{css}" href="{html.escape(href(ctx.src_path, to, anchor))}">{label}</a>', note
    return f'[{label}]({link(ctx.src_path, to, anchor)}){{ {" ".join("." + c for c in css.split())} }}', note


def citation_note(collection: Collection, resolution: Resolution, from_path: str) -> str:
    """The note beside a citation whose target changed or cannot be followed, as HTML (empty when nothing to say):
    the words of ``resolution_note`` with the article's new place and the comparison page linked."""
    successor = collection.regulations.get(resolution.successor) if resolution.successor else None
    words = resolution_note(resolution, successor.meta.short_title if successor else "")
    if not words:
        return ""
    text = html_text(words)
    if resolution.now_label and resolution.fate in ("renumbered", "modified") and resolution.now_label in words:
        text = text.replace(
            html_text(resolution.now_label), html_link(from_path, page_path(resolution.target), html_text(resolution.now_label), resolution.now_anchor), 1,
        )
    if successor is not None:
        title = f"《{html_text(successor.meta.short_title)}》"
        text = text.replace(title, html_link(from_path, page_path(successor.id), title), 1)
    if resolution.fate in ("modified", "deleted", "renumbered") and resolution.as_of is not None:
        target = resolution.target
        if resolution.compared is not None:
            text += "，" + html_link(from_path, urls.comparison(target, *resolution.compared), "查看对照")
        else:
            text += "，" + html_link(from_path, urls.history(target), "查看历史版本")
    css = "zd-cite-note zd-cite-note--dead" if resolution.dead else "zd-cite-note"
    return f'<span class="{css}" data-search-exclude>（{text}）</span>'


def metadata_table(regulation: Regulation, display_status: Status) -> str:
    meta = regulation.meta
    rows = [
        ("文号", meta.doc_number),
        ("制定机关", meta.issuer),
        ("归口部门", meta.department),
        (adopted_label(regulation), cn_date(meta.adopted)),
        ("施行日期", cn_date(meta.effective)),
        ("版本", meta.version),
        ("状态", f'<span class="zd-status zd-status--{display_status.key}">{display_status}</span>'),
    ]
    if meta.repealed:
        rows.append(("废止日期", cn_date(meta.repealed)))
    cells = "".join(f"<div><dt>{label}</dt><dd>{value if label == '状态' else html.escape(value)}</dd></div>" for label, value in rows if value)
    return f'<dl class="zd-meta">{cells}</dl>'


def status_banner(collection: Collection, regulation: Regulation, ctx: PageContext) -> str:
    meta = regulation.meta
    if meta.status == "试行":
        end = ctx.trial_end or meta.trial_until
        today = ctx.today or dt.date.today()
        when = "" if end is None else (f"试行期至{cn_date(end)}。" if end >= today else f"试行期已于{cn_date(end)}届满，尚待评估后决定转为正式施行、修订或废止。")
        return f'!!! warning "试行"\n    本制度为试行版本，{when}试行期间如与新规定不一致，以新规定为准。\n'
    if meta.status == "已废止" and ctx.display_status is not Status.REPEALED and meta.repealed:
        return f'!!! info "即将废止"\n    {self_name(regulation)}将于{cn_date(meta.repealed)}废止，在此之前仍然有效。\n'
    if meta.status == "已废止":
        name = self_name(regulation)
        text = f"{name}已于{cn_date(meta.repealed)}废止，仅供查阅，不再执行。" if meta.repealed else f"{name}已废止，仅供查阅，不再执行。"
        if meta.replaced_by and meta.replaced_by in collection.regulations:
            new = collection.regulations[meta.replaced_by]
            text += f"现行规定见[《{escape(new.meta.short_title)}》]({link(ctx.src_path, page_path(new.id))})。"
        return f'!!! danger "已废止"\n    {text}\n'
    return ""


def _heading_levels(regulation: Regulation) -> dict[str, int]:
    kinds = [k for k in ("part", "subpart", "chapter", "section") if any(h.kind == k for h in regulation.headings)]
    levels = {kind: min(2 + index, 6) for index, kind in enumerate(kinds)}
    levels["other"] = 2
    return levels


def article_html(collection: Collection, regulation: Regulation, article: Article, ctx: PageContext) -> str:
    """One article as a raw HTML block: Markdown passes it through untouched, which is most of a page's text
    (Markdown's inline processing of every article was half the cost of building a large site)."""
    cite = f"《{regulation.meta.title}》{article.label}"
    button = (
        f'<button class="zd-copy" type="button" data-search-exclude data-cite="{html.escape(cite)}" data-anchor="{article.anchor}" '
        f'title="复制本条的正式引用和链接">复制引用</button>'
    )
    first, *rest = article.paragraphs
    parts = [
        f'<div class="zd-art" id="{article.anchor}">',
        f'<p><strong class="zd-art-no">{article.label}</strong>　{render_text(collection, regulation, first, ctx, article, True)}{button}</p>',
    ]
    for paragraph in rest:
        css = "zd-item" if paragraph.startswith("（") else "zd-para"
        parts.append(f'<p class="{css}">{render_text(collection, regulation, paragraph, ctx, article, True)}</p>')
    parts += ["</div>", ""]
    return "\n".join(parts)


def render_body(collection: Collection, regulation: Regulation, ctx: PageContext) -> str:
    levels = _heading_levels(regulation)
    out: list[str] = []
    articles: list[str] = []  # a run of articles between headings: one block of finished HTML
    for item in regulation.body:
        if isinstance(item, Article):
            articles.append(article_html(collection, regulation, item, ctx))
            continue
        if articles:
            out.append(wrap("\n".join(articles)))
            articles = []
        if isinstance(item, Heading):
            out.append(f"{'#' * levels[item.kind]} {escape(item.title)} {{ #{item.anchor} }}\n")
        elif isinstance(item, Block):
            if item.lines and item.lines[0].startswith("|"):
                out.append("\n".join(_render_table_line(collection, regulation, line, ctx) for line in item.lines) + "\n")
            else:
                out.append("\n\n".join(render_text(collection, regulation, line, ctx, None) for line in item.lines) + "\n")
    if articles:
        out.append(wrap("\n".join(articles)))
    return "\n".join(out)


def _render_table_line(collection: Collection, regulation: Regulation, line: str, ctx: PageContext) -> str:
    cells = line.strip().strip("|").split("|")
    if all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in cells):
        return line
    return "| " + " | ".join(render_text(collection, regulation, c.strip(), ctx, None) for c in cells) + " |"


def cited_by_section(collection: Collection, regulation: Regulation, ctx: PageContext) -> str:
    """被引用: every place that cites this regulation. On the main page each cited article is shown where it is now
    (a citation made against an older version says so); on an older version's own page, the places whose citations
    are read against that version (SPEC §4)."""
    main_page = ctx.src_path == page_path(regulation.id)
    entries = []
    for entry in collection.cited_by.get(regulation.id, []):
        source = collection.regulations[entry.source]
        resolution = collection.resolver(source, regulation.id, *(entry.target or (None, 0))) if collection.resolver else None
        as_of = resolution.as_of if resolution is not None else None
        if main_page or as_of == regulation.meta.effective:
            entries.append((entry, resolution if main_page else None))
    if not entries:
        return ""
    sources = {e.source for e, _ in entries}
    if regulation.is_law:
        own = sum(not collection.regulations[s].is_law for s in sources)
        intro = "、".join(part for part in (f"本院 {own} 项制度" if own else "", f"{len(sources) - own} 件法律法规" if own < len(sources) else "") if part)
        lines = ["## 被引用 { #cited-by data-search-exclude }", "", f"以下{intro}引用了《{escape(regulation.meta.short_title)}》{'' if main_page else '的这一文本'}：", ""]
    else:
        lines = ["## 被引用 { #cited-by data-search-exclude }", "", f"以下 {len(sources)} 项制度引用了本制度{'' if main_page else '的这一文本'}：", ""]
    # One line per citing place: an article that names this regulation twice (once with an article number) is listed once.
    places: dict[tuple[str, tuple[int, int]], tuple[Article | None, list[str]]] = {}
    for entry, resolution in entries:
        _, cited = places.setdefault((entry.source, entry.article.key if entry.article else (0, 0)), (entry.article, []))
        ref = _cited_ref(regulation, entry, resolution, ctx) if entry.target else ""
        if ref and ref not in cited:
            cited.append(ref)
    # The institution's own rules first (for a law, they are what a reader looks for), then laws citing laws.
    order = sorted(places.items(), key=lambda p: (collection.regulations[p[0][0]].is_law, pinyin_key(collection.regulations[p[0][0]].meta.short_title), p[0][1]))
    # Finished HTML: the list of a much-cited law runs to thousands of links, which Markdown would read one by one.
    items = []
    for (source_id, _key), (article, cited) in order:
        source = collection.regulations[source_id]
        where = f"《{html_text(source.meta.short_title)}》" + (article.label if article else "")
        refs = "、".join(cited)
        place = html_link(ctx.src_path, page_path(source.id), where, article.anchor if article else None)
        items.append(place + (f"，引用{'' if regulation.is_law else '本制度'}{refs}" if refs else ""))
    lines.append(wrap(html_list(items)))
    return "\n".join(lines)


def _cited_ref(regulation: Regulation, entry, resolution: Resolution | None, ctx: PageContext) -> str:
    """The cited article as the list shows it: a link to it on this page, and what became of it when the citation
    was made against an older version."""
    number, sub = entry.target
    if resolution is None or resolution.as_of is None:
        art = regulation.article(number, sub)
        if art is None:
            return ""
        older = f"（{html_text(resolution_note(resolution))}）" if resolution is not None and resolution.fate == "older" else ""
        return f'<a href="#{art.anchor}">{art.label}</a>{older}'
    old_label = article_label(number, sub)
    old = html_link(ctx.src_path, version_path(regulation.id, resolution.as_of), old_label, resolution.anchor)
    note = resolution_note(resolution)
    if resolution.fate in ("renumbered", "modified") and resolution.now_label:
        note = html_text(note).replace(html_text(resolution.now_label), f'<a href="#{resolution.now_anchor}">{resolution.now_label}</a>', 1)
    else:
        note = html_text(note)
    return f"{old}（{cn_date(resolution.as_of)}施行文本{'，' + note if note else ''}）"


def regulation_page(collection: Collection, regulation: Regulation, ctx: PageContext) -> str:
    """The whole Markdown of one regulation page, front-matter included."""
    meta = regulation.meta
    front = {
        "title": meta.short_title,
        "status": ctx.display_status.key,
        "tags": meta.tags,
    }
    front_lines = ["---", f"title: {_yaml_str(meta.short_title)}"]
    if ctx.display_status is not Status.IN_FORCE:  # Material shows a status icon in the navigation only for the exceptions
        front_lines.append(f"status: {front['status']}")
    if meta.tags:
        front_lines.append("tags:")
        front_lines += [f"  - {_yaml_str(t)}" for t in meta.tags]
    front_lines.append("---")
    parts = ["\n".join(front_lines), "", f"# {escape(meta.title)}", ""]
    parts.append(metadata_table(regulation, ctx.display_status))
    parts.append("")
    if ctx.banners:
        parts += ["\n".join(ctx.banners), ""]
    banner = status_banner(collection, regulation, ctx)
    if banner:
        parts += [banner, ""]
    if ctx.toolbar:
        parts += ['<div class="zd-toolbar" markdown="1">', "", " · ".join(ctx.toolbar), "", "</div>", ""]
    parts.append(render_body(collection, regulation, ctx))
    if ctx.show_cited_by:
        parts.append(cited_by_section(collection, regulation, ctx))
    return "\n".join(parts)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
