"""The one template of an exported Word document: GB/T 9704-2012 (党政机关公文格式) page, fonts and styles.

Every measurement and every style of the exported document is here; ``word`` only picks styles by name.

- A4 (210 × 297 mm), type area 156 × 225 mm: top margin 37 mm, left 28 mm (so right 26 mm, bottom 35 mm).
- 22 lines of 28 characters: body text 3号 (16 pt) with a fixed line pitch of 28.95 pt (225 mm / 22 lines, rounded down) and the
  characters drawn 0.25 pt closer, so that 28 of them fill the 156 mm line.
- Title 2号 (22 pt) 小标宋, body 3号 仿宋, 一级 headings (章) 3号 黑体, 二级 headings (节) 3号 楷体, the
  发文机关标志 in red 小标宋, page numbers 4号 (14 pt) 宋体 "— n —" 7 mm below the type area, right on odd pages
  and left on even pages, one character in from the edge.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)
TYPE_WIDTH, TYPE_HEIGHT = Mm(156), Mm(225)
LINES, CHARS = 22, 28
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(12)  # 小4号: wide tables of attachments
MARK_SIZE = Pt(36)  # 发文机关标志
LINE_PITCH = Pt(28.95)
"""225 mm / 22 lines is 28.99 pt; Word's customary 28.95 pt keeps the 22nd line inside the type area."""
CHAR_SPACING = -5
"""Twentieths of a point added between characters: 28 × (16 − 0.25) pt = 441 pt ≤ 156 mm (442.2 pt)."""
CHAR = Pt(16)
"""One character of body text, the unit of GB/T 9704's indents (空二字, 右空四字)."""
RED = RGBColor(0xE6, 0x00, 0x12)
PAGE_NUMBER_GAP = Mm(7)
"""From the lower edge of the type area to the page number."""

FONT_CHOICES: dict[str, tuple[str, ...]] = {
    # The faces GB/T 9704 names first (as offices have them under Windows), then free faces of the same design.
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FandolSong", "Noto Serif CJK SC"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "FandolFang", "Noto Serif CJK SC"),
    "heading1": ("黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi", "FandolKai", "AR PL KaitiM GB", "LXGW WenKai"),
    "number": ("宋体", "SimSun", "FandolSong", "Noto Serif CJK SC"),
}
BOLD_FALLBACK = {"title": ("FandolSong", "Noto Serif CJK SC")}
"""小标宋 is a heavy 宋体: where a plain 宋体 stands in for it, it is set bold."""


@dataclass(frozen=True)
class Fonts:
    title: str
    body: str
    heading1: str
    heading2: str
    number: str

    def named(self) -> str:
        """The faces as the report and the guide name them."""
        return f"标题 {self.title}，正文 {self.body}，一级标题 {self.heading1}，二级标题 {self.heading2}，页码 {self.number}"


@lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str] | None:
    """Every family name fontconfig knows (each of a face's names), or None where there is no ``fc-list``."""
    if shutil.which("fc-list") is None:
        return None
    try:
        output = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in output.splitlines() for name in line.split(",") if name.strip())


def choose_fonts(installed: frozenset[str] | None = None) -> Fonts:
    """For each role the first face of ``FONT_CHOICES`` the machine has; the standard face when none is there (or
    when the machine cannot tell), so that Word on an office computer shows the standard one."""
    installed = installed_fonts() if installed is None else installed
    chosen = {}
    for role, names in FONT_CHOICES.items():
        chosen[role] = next((name for name in names if installed and name in installed), names[0])
    return Fonts(**chosen)


def set_font(target, face: str) -> None:
    """A face for every script of a style (Word keeps the Chinese face in ``w:eastAsia``)."""
    target.font.name = face
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)


_PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                   "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", *_PPR_AFTER_SNAP)
"""The elements that follow w:pBdr in a paragraph's properties: Word rejects a file whose elements are out of order."""
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                      "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _character_spacing(style, twentieths: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    style.element.get_or_add_rPr().insert_element_before(spacing, *_RPR_AFTER_SPACING)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str
    """A role of ``Fonts``."""
    size: Pt = BODY_SIZE
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_indent: int = 0
    """In characters."""
    left_indent: float = 0
    bold: bool = False
    color: RGBColor | None = None
    exact: bool = True
    """Fixed line pitch (the 22-line grid); off for the 发文机关标志 and tables."""
    keep_with_next: bool = False
    space: Pt = Pt(0)
    """Above and below the paragraph (table cells breathe; the body keeps its grid)."""


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("公文正文", "body", first_indent=2),
    StyleSpec("发文机关标志", "title", MARK_SIZE, WD_ALIGN_PARAGRAPH.CENTER, color=RED, exact=False),
    StyleSpec("发文字号", "body", align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("公文标题", "title", TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    StyleSpec("一级标题", "heading1", align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    StyleSpec("二级标题", "heading2", align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    StyleSpec("附件说明", "body", first_indent=2),
    StyleSpec("附件说明续行", "body", left_indent=5),
    StyleSpec("发文机关署名", "body", align=WD_ALIGN_PARAGRAPH.RIGHT),
    StyleSpec("成文日期", "body", align=WD_ALIGN_PARAGRAPH.RIGHT),
    StyleSpec("附件标识", "heading1", align=WD_ALIGN_PARAGRAPH.LEFT),
    StyleSpec("附件标题", "title", TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True),
    StyleSpec("表格文字", "body", TABLE_SIZE, WD_ALIGN_PARAGRAPH.LEFT, exact=False, space=Pt(3)),
    StyleSpec("页码", "number", PAGE_NUMBER_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, exact=False),
)
ARTICLE_NUMBER_STYLE = "条号"
"""A character style: 第一条 in 黑体 at the start of an article."""
STYLE_IDS = {spec.name: f"GBT9704P{index}" for index, spec in enumerate(STYLES, start=1)}
"""ASCII style ids (the names, 公文正文…, are what Word shows); set directly, as python-docx's lookup by name is slow."""
ARTICLE_NUMBER_ID = "GBT9704C1"


def apply(document, fonts: Fonts) -> None:
    """Give a new python-docx document the GB/T 9704 page and every style of ``STYLES``."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = PAGE_WIDTH - LEFT - TYPE_WIDTH
    section.bottom_margin = PAGE_HEIGHT - TOP - TYPE_HEIGHT
    section.header_distance = Mm(15)
    section.footer_distance = section.bottom_margin - PAGE_NUMBER_GAP - Mm(6)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    document.settings.odd_and_even_pages_header_footer = True

    normal = document.styles["Normal"]
    set_font(normal, fonts.body)
    normal.font.size = BODY_SIZE
    _character_spacing(normal, CHAR_SPACING)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.widow_control = False
    for spec in STYLES:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS[spec.name]
        style.base_style = normal
        style.quick_style = True
        face = getattr(fonts, spec.font)
        set_font(style, face)
        style.font.size = spec.size
        style.font.bold = spec.bold or face in BOLD_FALLBACK.get(spec.font, ())
        if spec.color is not None:
            style.font.color.rgb = spec.color
        form = style.paragraph_format
        form.alignment = spec.align
        form.first_line_indent = CHAR * spec.first_indent if spec.first_indent else Pt(0)
        form.left_indent = Pt(CHAR.pt * spec.left_indent) if spec.left_indent else Pt(0)
        form.keep_with_next = spec.keep_with_next
        form.space_before = form.space_after = spec.space
        if not spec.exact:
            form.line_spacing_rule = WD_LINE_SPACING.SINGLE
            snap = OxmlElement("w:snapToGrid")  # off the 22-line grid
            snap.set(qn("w:val"), "0")
            style.element.get_or_add_pPr().insert_element_before(snap, *_PPR_AFTER_SNAP)
    number = document.styles.add_style(ARTICLE_NUMBER_STYLE, WD_STYLE_TYPE.CHARACTER)
    number.style_id = ARTICLE_NUMBER_ID
    set_font(number, fonts.heading1)
