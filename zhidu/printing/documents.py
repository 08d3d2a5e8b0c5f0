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

from zhidu.corpus.collection import Collection
from zhidu.domain.citations import resolution_note
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Article, Block, Heading, Regulation

TEMPLATES = Path(__file__).with_name("templates")
CSS_PATH = TEMPLATES / "print.css"
HEADING_KINDS = ("part", "subpart", "chapter", "section")
_EMPHASIS = re.compile(r"\*\*|__|`")
_LIST_MARK = re.compile(r"^[-*+]\s+")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


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
TABLE_CHAR_MM = 12 / 72 * 25.4
"""Advance of one character in a table (12pt)."""
TABLE_CELL_PAD_MM = 4.5
"""Left and right padding of a cell plus its border."""
SHORT_COLUMN = 8
"""A column whose longest cell has at most this many characters gets room for it on one line."""


def column_widths(rows: list[list[str]]) -> list[float]:
    """Percentages of the type width for each column: short columns (序号, 第十五条) keep their text on one line,
    the long ones share the rest by the square root of their length. Automatic table layout gave the last column of a wide table one
    character, so its text stacked vertically."""
    count = max((len(row) for row in rows), default=0)
    if count == 0:
        return []
    need = [max((len(plain(row[c]).strip()) for row in rows if c < len(row)), default=1) or 1 for c in range(count)]
    width = [n * TABLE_CHAR_MM + TABLE_CELL_PAD_MM for n in need]
    if sum(width) > TYPE_WIDTH_MM:
        short = [c for c in range(count) if need[c] <= SHORT_COLUMN]
        short_total = sum(width[c] for c in short)
        long = [c for c in range(count) if c not in short]
        if long and short_total < TYPE_WIDTH_MM * 0.6:
            weights = {c: max(need[c], SHORT_COLUMN) ** 0.5 for c in long}  # a 60-character column need not be 5 times a 12-character one
            rest = TYPE_WIDTH_MM - short_total
            for c in long:
                width[c] = rest * weights[c] / sum(weights.values())
        else:  # many columns: every one gets a share by its (capped) length
            width = [min(n, SHORT_COLUMN) for n in need]
    total = sum(width)
    return [round(100 * w / total, 2) for w in width]


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
                doc.items.append({"kind": "table", "rows": rows, "header": header, "widths": column_widths(rows)})
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
