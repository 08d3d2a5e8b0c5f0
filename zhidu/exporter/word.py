"""A parsed regulation written into the template of ``layout``: 版头 (发文机关标志, 发文字号, the red rule) when it has a
文号, 标题, 正文 (章 in 黑体, 节 in 楷体, 第X条 in 黑体, each 款 and 项 a paragraph), 附件说明, 发文机关署名 and 成文日期,
then each 附件 on a page of its own; page numbers — n — in the footers; the front-matter the layout cannot show in
the document properties (``zhidu.domain.officialdoc``)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from zhidu.domain.model import Article, Block, Heading, Regulation
from zhidu.domain.officialdoc import LAYOUT_KEYS, PROPERTIES_MARK
from zhidu.exporter import layout

_ATTACHMENT = re.compile(r"^((?:附件|附表|附录)[0-9一二三四五六七八九十]*)[\s：:]*(.*)$")
_HEADING_STYLE = {"part": "一级标题", "subpart": "一级标题", "chapter": "一级标题", "section": "二级标题", "other": "一级标题"}


def chinese_width(text: str) -> float:
    """Width in body characters: a half-width digit or letter is half a character."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def written_date(date: dt.date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, year, month and day in full (2023年2月20日)."""
    return f"{date.year}年{date.month}月{date.day}日"


def to_docx(regulation: Regulation, front_matter: dict, institution: str, fonts: layout.Fonts | None = None) -> bytes:
    """The Word document of one regulation (``front_matter``: its YAML as written, for the document properties)."""
    fonts = fonts or layout.choose_fonts()
    document = docx.Document()
    _clear(document)
    layout.apply(document, fonts)
    meta = regulation.meta
    issuer = meta.issuer or institution
    if meta.doc_number:
        _add(document, f"{issuer}文件", "发文机关标志")
        _add(document, "", "发文字号")
        number = _add(document, meta.doc_number, "发文字号")
        _red_rule(number)
        _add(document, "", "公文正文")
    _add(document, meta.title, "公文标题")
    _add(document, "", "公文正文")

    body, attachments = _split_attachments(regulation)
    for item in body:
        _write_item(document, item)
    # The last lines of the text stay on the page of the 附件说明, 署名 and 成文日期 (no page with a date alone).
    tail_start = len(document.paragraphs) - 1
    names = [name for name, _, _ in attachments]
    if names:
        _add(document, "", "公文正文")
        if len(names) == 1:
            _add(document, f"附件：{names[0]}", "附件说明")
        else:
            _add(document, f"附件：1．{names[0]}", "附件说明")
            for n, name in enumerate(names[1:], start=2):
                _add(document, f"{n}．{name}", "附件说明续行")
    if meta.adopted:
        _signature(document, issuer, meta.adopted)
    for paragraph in document.paragraphs[max(0, tail_start):-1]:
        paragraph.paragraph_format.keep_with_next = True
    for name, label, items in attachments:
        heading = _add(document, label, "附件标识")
        heading.paragraph_format.page_break_before = True
        _add(document, "", "公文正文")
        if name:
            _add(document, name, "附件标题")
            _add(document, "", "公文正文")
        for item in items:
            _write_item(document, item)
    _page_numbers(document)
    _properties(document, regulation, front_matter, issuer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add(container, text: str, style: str):
    """A paragraph of one of the template's styles at the end of the document (or of a table cell)."""
    paragraph = container.add_paragraph(text)
    paragraph._p.style = layout.STYLE_IDS[style]
    return paragraph


def _clear(document) -> None:
    """python-docx's default document starts with no paragraph; its template's metadata is replaced."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _split_attachments(regulation: Regulation) -> tuple[list, list[tuple[str, str, list]]]:
    """(body items, [(attachment name, label such as 附件1, its items)]): attachments start at a 附件 heading."""
    body: list = []
    attachments: list[list] = []
    for item in regulation.body:
        match = _ATTACHMENT.match(item.title) if isinstance(item, Heading) and item.kind == "other" else None
        if match:
            attachments.append([match.group(2).strip(), match.group(1), []])
        elif attachments:
            attachments[-1][2].append(item)
        else:
            body.append(item)
    result = []
    for n, (name, label, items) in enumerate(attachments, start=1):
        if not name and items and isinstance(items[0], Block) and len(items[0].lines) == 1 and not items[0].lines[0].startswith("|") \
                and len(items[0].lines[0]) <= 40:
            name, items = items[0].lines[0], items[1:]  # a bare "## 附件" followed by the attachment's title
            name = _ATTACHMENT.sub(lambda m: m.group(2), name).strip() or name  # 附表：…一览表 → …一览表
        if label in ("附件", "附表", "附录") and len(attachments) > 1:
            label = f"{label}{n}"
        result.append((name, label, items))
    return body, result


def _write_item(document, item) -> None:
    if isinstance(item, Heading):
        _add(document, item.title, _HEADING_STYLE.get(item.kind, "一级标题"))
    elif isinstance(item, Article):
        first = _add(document, "", "公文正文")
        first.add_run(item.label)._r.style = layout.ARTICLE_NUMBER_ID
        first.add_run("\u3000" + _plain(item.paragraphs[0]) if item.paragraphs else "")
        for paragraph in item.paragraphs[1:]:
            _write_text(document, paragraph)
    elif isinstance(item, Block):
        _write_text(document, item.text)


def _write_text(document, text: str) -> None:
    lines = text.split("\n")
    if lines and all(line.lstrip().startswith("|") for line in lines):
        _table(document, lines)
        return
    for line in lines:
        if line.strip():
            _add(document, _plain(line), "公文正文")


def _plain(text: str) -> str:
    """A paragraph of the file without Markdown's escapes (``\\#`` at the start of a paragraph)."""
    return re.sub(r"^\\(?=[#|>=-])", "", text.strip())


def _cells(line: str) -> list[str]:
    line = line.strip().strip("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def _table(document, lines: list[str]) -> None:
    rows = [_cells(line) for line in lines if not ("-" in line and re.fullmatch(r"[\s:|-]+", line))]
    if not rows:
        return
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = document.styles["Table Grid"]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values + [""] * (width - len(values))):
            parts = re.split(r"<br\s*/?>", value) or [""]
            cell.paragraphs[0].text = parts[0]
            cell.paragraphs[0]._p.style = layout.STYLE_IDS["表格文字"]
            for part in parts[1:]:
                _add(cell, part, "表格文字")
    for cell in table.rows[0].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.bold = True


def _red_rule(paragraph) -> None:
    """The red rule under the 发文字号 (版头中的分隔线), as wide as the type area."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", str(layout.RED))):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *layout.PPR_AFTER_BORDER)


def _signature(document, issuer: str, adopted: dt.date) -> None:
    """发文机关署名 and 成文日期 without a seal (GB/T 9704-2012 7.3.5.2): one line below the text, the 署名 two
    characters in from the right, the date below it starting two characters further right; a date longer than the
    署名 stays two characters in and moves the 署名 left."""
    _add(document, "", "公文正文")
    date = written_date(adopted)
    name_width, date_width = chinese_width(issuer), chinese_width(date)
    date_right = max(2.0, name_width - date_width)
    name_right = date_right + date_width + 2 - name_width
    signer = _add(document, issuer, "发文机关署名")
    signer.paragraph_format.right_indent = Pt(layout.CHAR.pt * name_right)
    line = _add(document, date, "成文日期")
    line.paragraph_format.right_indent = Pt(layout.CHAR.pt * date_right)


def _page_numbers(document) -> None:
    """— n — in 4号 宋体: odd pages on the right, even pages on the left, one character in."""
    section = document.sections[0]
    for footer, align, side in ((section.footer, "right", "right_indent"), (section.even_page_footer, "left", "left_indent")):
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph._p.style = layout.STYLE_IDS["页码"]
        paragraph.alignment = {"right": 2, "left": 0}[align]
        setattr(paragraph.paragraph_format, side, Pt(layout.PAGE_NUMBER_SIZE.pt))
        paragraph.add_run("— ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" —")


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    code = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code._r.append(text)
    separate = paragraph.add_run()
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "separate")
    separate._r.append(mark)
    paragraph.add_run("1")
    end = paragraph.add_run()
    finish = OxmlElement("w:fldChar")
    finish.set(qn("w:fldCharType"), "end")
    end._r.append(finish)


def _properties(document, regulation: Regulation, front_matter: dict, issuer: str) -> None:
    """The front-matter keys the layout does not show, for the importer (and Word's 属性 dialog)."""
    properties = document.core_properties
    properties.title = regulation.meta.title
    properties.author = issuer
    properties.last_modified_by = issuer
    properties.category = regulation.meta.category
    properties.keywords = "；".join(regulation.meta.tags)
    properties.subject = regulation.meta.short_title
    properties.revision = 1
    properties.created = properties.modified = dt.datetime.combine(regulation.meta.effective, dt.time())
    # Without a 成文日期 there is no 署名 either (GB/T 9704 puts them together); without a 文号 there is no 版头.
    shown = {"title"} | ({"issuer", "adopted"} if regulation.meta.adopted else set()) | ({"doc_number", "issuer"} if regulation.meta.doc_number else set())
    rest = {key: _plain_value(value) for key, value in front_matter.items() if key not in LAYOUT_KEYS or key not in shown}
    # A key the file does not set is recorded as null: the 署名 shown by default, a 文号 quoted in a preamble, are
    # then not taken for the file's own.
    rest.update({key: None for key in LAYOUT_KEYS if key not in front_matter})
    properties.comments = PROPERTIES_MARK + "\n" + yaml.safe_dump(rest, allow_unicode=True, sort_keys=False, default_flow_style=None)


def _plain_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value
