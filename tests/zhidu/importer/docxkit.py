"""Word documents built with python-docx the way a court's clerk types them: red-head, 文号, title, chapters,
typed or automatically numbered articles (a real numbering definition whose level text is 第%1条), tables,
attachments, 落款 and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from zhidu.domain.numerals import int_to_cn

ARTICLE_NUM_ID = 91
ITEM_NUM_ID = 93


@dataclass
class Chapter:
    title: str
    """As typed, full-width spaces included (第一章　总　则); empty for a document without chapters."""
    articles: list[list[str]]
    """Each article: its first paragraph (after the number), then its 款 and items."""


@dataclass
class WordRegulation:
    title: str
    chapters: list[Chapter]
    doc_number: str = "东法发〔2021〕3号"
    issuer: str = "东港市人民法院"
    date: str = "二〇二一年一月八日"
    auto_numbered: bool = False
    """Article numbers come from Word's numbering (第%1条), not from the typed text."""
    table: list[list[str]] = field(default_factory=list)
    """An attachment table (附件1) after the 落款, with the attachment listed before it."""
    redhead: bool = True

    def expected_articles(self) -> list[tuple[str, list[str]]]:
        """(label, paragraphs) of every article as ``parse_regulation`` should read them back."""
        result = []
        number = 0
        for chapter in self.chapters:
            for article in chapter.articles:
                number += 1
                result.append((f"第{int_to_cn(number)}条", [_folded(p) for p in article]))
        return result


def _folded(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").split())


def add_numbering(document, num_id: int, level_text: str, number_format: str = "chineseCounting") -> None:
    """A numbering definition (abstractNum + num) in the document's numbering part, as Word writes one."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/><w:lvlText w:val="{level_text}"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def number_paragraph(paragraph, num_id: int, level: int = 0) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def write_docx(path: Path, regulation: WordRegulation) -> Path:
    document = docx.Document()
    if regulation.auto_numbered:
        add_numbering(document, ARTICLE_NUM_ID, "第%1条")
    if regulation.redhead:
        document.add_paragraph(f"{regulation.issuer}文件")
    if regulation.doc_number:
        document.add_paragraph(regulation.doc_number)
    document.add_paragraph(regulation.title)
    number = 0
    for chapter in regulation.chapters:
        if chapter.title:
            document.add_paragraph(chapter.title)
        for article in chapter.articles:
            number += 1
            if regulation.auto_numbered:
                number_paragraph(document.add_paragraph(article[0]), ARTICLE_NUM_ID)
            else:
                document.add_paragraph(f"第{int_to_cn(number)}条\u3000{article[0]}")
            for paragraph in article[1:]:
                document.add_paragraph(f"\u3000\u3000{paragraph}")
    if regulation.table:
        document.add_paragraph("附件：请假审批表")
    document.add_paragraph("")
    document.add_paragraph(regulation.issuer)
    document.add_paragraph(regulation.date)
    if regulation.table:
        document.add_paragraph("附件1")
        document.add_paragraph("请假审批表")
        table = document.add_table(rows=len(regulation.table), cols=len(regulation.table[0]))
        for row, values in zip(table.rows, regulation.table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    document.save(str(path))
    return path


LEAVE = WordRegulation(
    title="东港市人民法院工作人员请休假考勤管理规定",
    chapters=[
        Chapter("第一章\u3000总\u3000则", [
            ["为了规范本院工作人员请休假管理，根据有关规定，制定本规定。"],
            ["本规定适用于本院全体在编干警。", "聘用制书记员参照本规定执行。"],
        ]),
        Chapter("第二章\u3000请假审批", [
            ["请假按照下列权限审批：", "（一）一天以内的，由部门负责人审批；", "（二）二天以上的，由分管院领导审批。"],
            ["病假须提交医院证明。"],
            ["违反本规定第三条未经批准擅自离岗的，按旷工处理。"],
        ]),
        Chapter("第三章\u3000附\u3000则", [
            ["本规定由政治部负责解释。"],
            ["本规定自2021年1月15日起施行。"],
        ]),
    ],
    table=[["姓名", "部门", "请假天数"], ["", "", ""]],
)


CENTER = "center"


def write_layout(path: Path, items: list) -> Path:
    """A Word document paragraph by paragraph, as an office types a document in GB/T 9704 layout: each item is a
    paragraph's text, ``(CENTER, text)`` for a centred one, or a list of rows for a table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for item in items:
        if isinstance(item, list):
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for row, values in zip(table.rows, item):
                for cell, value in zip(row.cells, values):
                    cell.text = value
        elif isinstance(item, tuple):
            document.add_paragraph(item[1]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            document.add_paragraph(item)
    document.save(str(path))
    return path
