"""HTML of the printed documents, built from the parsed model with Jinja2 (never from the site's screen HTML).

Each function returns a complete HTML string; the string is also what the PDF cache is keyed on, so anything
that changes the print changes the key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import segno
from markupsafe import Markup, escape

from zhidu.corpus.collection import Collection
from zhidu.domain.citations import resolution_note
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Article, Block, Heading, Regulation

TEMPLATES = Path(__file__).with_name("templates")
CSS_PATH = TEMPLATES / "print.css"
HEADING_KINDS = ("part", "subpart", "chapter", "section")
_EMPHASIS = re.compile(r"\*\*|__|`")
_LIST_MARK = re.compile(r"^[-*+]\s+")


_CN_DIGIT = "〇零一二三四五六七八九十"
_UNBREAKABLE = re.compile(
    r"(?P<link>https?://[^\s　，。；、）)」》]+)"
    r"|(?P<nw>"
    r"[\u4e00-\u9fff]{1,6}[〔［\[（(]\d{4}[〕］\]）)]\d+号"  # 文号: 东法发〔2021〕3号
    r"|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}"  # 2026年1月15日
    rf"|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,2}}月(?:[{_CN_DIGIT}]{{1,3}}日)?"  # 二〇二一年一月十五日
    r"|\d+(?:[.,]\d+)*\s?(?:%|％|‰|个工作日|个月|小时|分钟|周岁|万元|公里|平方米|[个项条款日天年月周人次元件份页名位部台辆辆岁倍米吨处分章节])"
    r")"
)


def nowrap(text: str) -> Markup:
    """``text`` escaped, with the runs a Chinese page must not break inside wrapped in spans (print.css): dates, a
    number with its unit, a 文号 (class ``nw``), a URL (class ``link``)."""
    out: list[str] = []
    last = 0
    for match in _UNBREAKABLE.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup('<span class="%s">%s</span>') % (match.lastgroup, match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.filters["nw"] = nowrap
    return env


@cache
def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (segno works offline, no image library needed)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0)


@dataclass
class PrintRegulation:
    """What the templates need of one regulation: its text as printable items and its currency statement."""

    id: str
    title: str
    short_title: str
    category: str
    doc_number: str
    status: str
    version_label: str
    effective_cn: str
    printed_cn: str
    url: str
    qr: str
    pending_cn: str = ""
    """The date a revision already on record takes effect (this text then stops applying), or empty."""
    trial_cn: str = ""
    """For a 试行 text: 试行期至2027年1月1日 or 试行期已于2023年1月15日届满; empty otherwise."""
    repealed_cn: str = ""
    """The date the regulation was (or will be) repealed, or empty."""
    successor: str = ""
    """The short title of the regulation that replaced it (``replaced_by``), or empty."""
    items: list[dict] = field(default_factory=list)
    articles: dict[tuple[int, int], dict] = field(default_factory=dict)


def plain(text: str) -> str:
    """Regulation text as printed: Markdown emphasis marks dropped; citations stay plain text."""
    return _EMPHASIS.sub("", text)


def _table_rows(lines: list[str]) -> tuple[list[list[str]], bool]:
    rows: list[list[str]] = []
    header = False
    for line in lines:
        cells = [plain(c.strip()) for c in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-+:?", c.replace(" ", "")) for c in cells if c) and rows:
            header = len(rows) == 1
            continue
        rows.append(cells)
    return rows, header


TYPE_WIDTH_MM = 156.0
"""Width of the type area (GB/T 9704): tables are laid out to exactly this width."""
TABLE_SIZES_PT = (12.0, 10.5, 9.0)
"""Type sizes a table may use (小四, 五号, 小五): the largest at which every column gets its minimum width."""
TABLE_CELL_PAD_MM = 3.5
"""Left and right padding of a cell plus its border (print.css: 1.5 mm each side)."""
MIN_COLUMN_CHARS = 6
"""No column narrower than this many characters (or its longest unbreakable word, if longer), unless all its text is shorter."""
SPARE_SHARE = 0.15
"""A smaller type size is taken when the minimums leave less than this share of the width to the text columns."""
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/_%-]*")


def _advance(text: str) -> float:
    """Width of ``text`` in ems: Chinese characters one em, Latin letters and digits about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _longest_word(text: str) -> float:
    """The widest run a line must not break: a date, a number with its unit, a 文号, a URL, a Latin word."""
    runs = [m.group() for m in _UNBREAKABLE.finditer(text)] + _WORD.findall(text)
    return max((_advance(run) for run in runs), default=0.0)


@dataclass
class TableLayout:
    widths: list[float]
    """Percent of the type width of each column."""
    size_pt: float


def table_layout(rows: list[list[str]], header: bool = False) -> TableLayout:
    """Column widths from the content: a column is as wide as its longest cell when the table fits; otherwise each
    gets at least its minimum (``MIN_COLUMN_CHARS`` or its longest word, never more than its longest cell) and the
    columns with more text share the rest, by the square root of their length (a 60-character column need not be
    five times a 12-character one), none wider than its longest cell. The type shrinks to 五号 or 小五 when
    the minimums do not fit at 小四; the width of the page is never exceeded."""
    count = max((len(row) for row in rows), default=0)
    if count == 0:
        return TableLayout([], TABLE_SIZES_PT[0])
    cells = [[plain(row[c]).strip() for row in rows if c < len(row)] for c in range(count)]
    need = [max((_advance(t) for t in col), default=1.0) or 1.0 for col in cells]
    # A header (员额法官, 审判辅助人员 over a column of numbers) may take two lines; the body's text sets the minimum.
    shortest = [max([_advance(t) for t in col[1:]] + [_advance(col[0]) / 2 if header else _advance(col[0])]) for col in cells]
    least = [
        min(short, max(MIN_COLUMN_CHARS, max((_longest_word(t) for t in col), default=0.0)))
        for short, col in zip(shortest, cells)
    ]
    for size in TABLE_SIZES_PT:  # the largest size that leaves the text columns some room beyond their minimum
        em = size / 72 * 25.4
        room_em = (TYPE_WIDTH_MM - count * TABLE_CELL_PAD_MM) / em
        if sum(need) <= room_em or sum(least) <= room_em * (1 - SPARE_SHARE):
            break
    if sum(need) <= room_em:
        width = list(need)
    elif sum(least) >= room_em:
        width = list(least)  # scaled to the page below: the page width wins
    else:
        width = list(least)
        open_ = [c for c in range(count) if need[c] > least[c]]
        spare = room_em - sum(width)
        while open_ and spare > 1e-6:  # the longer a column's remaining text, the more of the room it gets
            weights = {c: need[c] - width[c] for c in open_}
            total = sum(weights.values())
            for c in open_:
                width[c] += spare * weights[c] / total
            spare = 0.0
            for c in list(open_):
                if width[c] >= need[c]:
                    spare += width[c] - need[c]
                    width[c] = need[c]
                    open_.remove(c)
    mm = [w * em + TABLE_CELL_PAD_MM for w in width]
    total = sum(mm)
    return TableLayout([round(100 * w / total, 2) for w in mm], size)


def column_widths(rows: list[list[str]]) -> list[float]:
    """Percentages of the type width for each column (see ``table_layout``)."""
    return table_layout(rows).widths


def print_regulation(
    regulation: Regulation, display_status: str, today: dt.date, site_url: str, pending: dt.date | None = None,
    notes: Callable[[str], list[str]] | None = None, trial_end: dt.date | None = None,
) -> PrintRegulation:
    """The printable form of one regulation, laid out once for every document that prints it: each item's
    ``depth`` is its bookmark level below the regulation's title, whatever level the title has there.
    ``notes(paragraph)`` gives the notes printed under an article (what became of a cited article, SPEC §4);
    ``trial_end`` is when the trial period of a 试行 text ends or ended."""
    meta = regulation.meta
    url = f"{site_url.rstrip('/')}/regulations/{regulation.id}/" if site_url else ""
    kinds = [k for k in HEADING_KINDS if any(h.kind == k for h in regulation.headings)]
    depth_of = {kind: 1 + index for index, kind in enumerate(kinds)}
    depth_of["other"] = 1
    article_depth = 1 + len(kinds)
    doc = PrintRegulation(
        id=regulation.id,
        title=meta.title,
        short_title=meta.short_title,
        category=meta.category,
        doc_number=meta.doc_number,
        status=display_status,
        version_label=f"{meta.version}文本" if meta.version else "文本",
        effective_cn=cn_date(meta.effective),
        printed_cn=cn_date(today),
        url=url,
        qr=qr_data_uri(url) if url else "",
        pending_cn=cn_date(pending) if pending else "",
        trial_cn=("" if trial_end is None else f"试行期至{cn_date(trial_end)}" if trial_end >= today else f"试行期已于{cn_date(trial_end)}届满"),
        repealed_cn=cn_date(meta.repealed) if meta.repealed else "",
    )
    for item in regulation.body:
        if isinstance(item, Heading):
            tag = min(2 + (kinds.index(item.kind) if item.kind in kinds else 0), 5)
            doc.items.append({
                "kind": "heading", "tag": tag, "css": item.kind, "anchor": f"{regulation.id}-{item.anchor}",
                "depth": depth_of[item.kind], "text": item.title,
            })
        elif isinstance(item, Article):
            entry = article_item(regulation, item, article_depth)
            if notes is not None:
                entry["notes"] = [note for paragraph in item.paragraphs for note in notes(paragraph)]
            doc.items.append(entry)
            doc.articles[item.key] = entry
        elif isinstance(item, Block):
            if item.lines and item.lines[0].startswith("|"):
                rows, header = _table_rows(item.lines)
                layout = table_layout(rows, header)
                doc.items.append({"kind": "table", "rows": rows, "header": header, "widths": layout.widths, "size": layout.size_pt})
            else:
                doc.items.append({"kind": "lines", "lines": [_LIST_MARK.sub("· ", plain(line)) for line in item.lines]})
    return doc


def article_item(regulation: Regulation, article: Article, depth: int) -> dict:
    first, *rest = article.paragraphs
    context = " ".join(h.title for h in (article.chapter, article.section) if h is not None)
    return {
        "kind": "article", "anchor": f"{regulation.id}-{article.anchor}", "label": article.label, "depth": depth,
        "first": plain(first), "rest": [plain(p) for p in rest], "context": context, "notes": [],
    }


def citation_notes(collection: Collection, regulation: Regulation, text: str) -> list[str]:
    """The printed notes of one paragraph: for each citation whose target changed since the citing text took
    effect or that cannot be followed, what became of the cited article (the page says the same beside the link)."""
    notes = []
    for citation in collection.citations(regulation, text):
        resolution = collection.resolve(regulation, citation)
        if resolution is None:
            continue
        successor = collection.regulations.get(resolution.successor) if resolution.successor else None
        words = resolution_note(resolution, successor.meta.short_title if successor else "")
        if not words:
            continue
        cited = plain(citation.text)
        if resolution.as_of is not None and resolution.fate in ("renumbered", "modified", "deleted"):
            note = f"{cited}指{cn_date(resolution.as_of)}施行文本中的条文；{words}。"
        else:
            note = f"{cited}：{words}。"
        if note not in notes:
            notes.append(note)
    return notes


def regulation_html(doc: PrintRegulation, institution: str) -> str:
    return environment().get_template("regulation.html.j2").render(doc=doc, institution=institution)


def handbook_html(groups: list[tuple[str, list[PrintRegulation]]], institution: str, today: dt.date, site_url: str) -> str:
    """The collected regulations in force (制度汇编): cover, table of contents, one regulation per new page."""
    return environment().get_template("handbook.html.j2").render(
        groups=groups, institution=institution, today_cn=cn_date(today), url=site_url,
        qr=qr_data_uri(site_url) if site_url else "", count=sum(len(docs) for _, docs in groups),
    )


def studypack_html(pack, entries: list[dict], changes: dict | None, institution: str) -> str:
    """A study pack: the regulations or articles to study and, optionally, the comparison tables of revisions."""
    return environment().get_template("studypack.html.j2").render(
        pack=pack, entries=entries, changes=changes, institution=institution,
        date_cn=cn_date(pack.date), since_cn=cn_date(pack.changes_since) if pack.changes_since else "",
    )


def stylesheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")
