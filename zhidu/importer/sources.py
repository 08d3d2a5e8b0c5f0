"""Readers per input format: each turns one file into a ``Source``, a list of paragraphs with where they came from.

Every way a file can be unreadable raises ``Unreadable`` with the one Chinese line the maintainer sees.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.corpus import cnlaws
from zhidu.domain.numerals import int_to_cn
from zhidu.domain.officialdoc import PROPERTIES_MARK
from zhidu.domain.text import normalize_source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Legacy Word (.doc) files and password-protected .docx files are both OLE compound files, not zip archives."""


class Unreadable(Exception):
    """A file that cannot be imported; ``str()`` is what to tell the maintainer (without the file name)."""


@dataclass
class Line:
    """One paragraph of the input (or one table, already as Markdown lines)."""

    text: str
    where: str
    """Where the maintainer finds it: 第 12 行, 第 7 段, 表格 1."""
    table: list[str] | None = None
    heading: int = 0
    """The Markdown heading level the input gave it (LawRefBook files), 0 for a paragraph."""
    numbered: bool = False
    """Its number (第一条, （一）) came from Word's automatic numbering, not from the typed text."""
    centered: bool = False
    """Word centres it (a title broken over several lines, a 发文机关标志)."""


@dataclass
class Source:
    path: Path
    kind: str
    """What the file is, as the report names it: Word 文档, 文本文件（GB18030/GBK 编码）, LawRefBook Markdown."""
    lines: list[Line] = field(default_factory=list)
    title: tuple[str, str] | None = None
    """(title, where) when the format marks the title (the ``# `` line of a LawRefBook file)."""
    effective: tuple[str, str] | None = None
    """(YYYY-MM-DD, where) when the format carries the version's date (a LawRefBook file name)."""
    header: list[Line] = field(default_factory=list)
    """Lines before the body that the format separates (a LawRefBook file's adoption history)."""
    properties: dict[str, object] = field(default_factory=dict)
    """Front-matter keys a Word file exported by zhidu carries in its document properties (what the GB/T 9704
    layout has no place for: category, tags, department…), keyed as in the front-matter."""


def read_source(path: Path) -> Source:
    """Read one input file, whatever its format; raise ``Unreadable`` with the reason and the fix."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise Unreadable("文件不存在。请检查文件名和路径。")
    head = path.read_bytes()[:8]
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        raise Unreadable("PDF 文件不能导入。请提供 Word 原件（.docx），或把 PDF 的文字导出为 .txt 后再导入；扫描件须先做文字识别。")
    if suffix in (".doc", ".docx", ".wps"):
        if head.startswith(OLE_MAGIC):
            if suffix == ".docx":
                raise Unreadable("文档设有打开密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx，再导入。")
            raise Unreadable("这是旧版 Word 文档（.doc），无法读取。请用 Word 或 WPS 打开，另存为 .docx 后再导入。")
        return read_docx(path)
    if suffix == ".txt":
        return read_text(path)
    if suffix == ".md":
        return read_lawrefbook(path)
    raise Unreadable(f"不支持 {suffix or '无扩展名的'} 文件。可导入 Word 文档（.docx）、文本文件（.txt）和 LawRefBook 格式的 Markdown（.md）。")


# --- text ---------------------------------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, name of the encoding) of a text file: UTF-8 (BOM or not), UTF-16 (BOM or not), else GB18030/GBK."""
    for bom, codec, name in ((codecs.BOM_UTF8, "utf-8", "UTF-8 带 BOM"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
        # No BOM and not UTF-8: GB18030/GBK or UTF-16 without a BOM; the reading that gives plausible Chinese text wins.
        readings = []
        for codec, name in (("gb18030", "GB18030/GBK"), ("utf-16-le", "UTF-16 无 BOM"), ("utf-16-be", "UTF-16 无 BOM")):
            if codec.startswith("utf-16") and len(data) % 2:
                continue
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            readings.append((_plausibility(text), codec == "gb18030", text, name))
        if readings:
            score, _, text, name = max(readings, key=lambda r: r[:2])
            if score >= 0.9:
                return text, name
    raise Unreadable("无法识别文本编码。请用记事本打开，另存为“UTF-8”编码后再导入。")


def _plausibility(text: str) -> float:
    """The share of characters a Chinese regulation is made of: CJK, CJK punctuation, printable ASCII, whitespace."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or " " <= ch <= "~" or ch in "\n\r\t“”‘’…—·")
    return good / len(text)


def read_text(path: Path) -> Source:
    text, encoding = decode_text(path.read_bytes())
    lines = [Line(raw, f"第 {number} 行", centered=_indent(raw) >= 6) for number, raw in enumerate(normalize_source(text).split("\n"), start=1)]
    return Source(path, f"文本文件，{encoding} 编码", lines)


def _indent(raw: str) -> int:
    """The width of a line's leading spaces in half-width characters: a text file centres a title with spaces."""
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        else:
            break
    return width


# --- LawRefBook Markdown ------------------------------------------------------------------------------------------

def read_lawrefbook(path: Path) -> Source:
    text, encoding = decode_text(path.read_bytes())
    if encoding.startswith("UTF-8"):
        text = normalize_source(text)
    title, header, body, body_line = cnlaws.split_with_lines(text)
    source = Source(path, "LawRefBook 格式的 Markdown")
    if title:
        source.title = (title, "第 1 行（# 标题）")
    date_in_name = cnlaws.date_in_name(path)
    if date_in_name:
        source.effective = (date_in_name, f"文件名“{path.name}”中的日期")
    source.header = [Line(line, "文件开头的通过、修订记录") for line in header]
    for offset, raw in enumerate(body):
        stripped = raw.strip()
        level = len(stripped) - len(stripped.lstrip("#")) if stripped.startswith("#") else 0
        if level and stripped[level:level + 1] in (" ", "\t", "\u3000"):
            source.lines.append(Line(stripped[level:].strip(), f"第 {body_line + offset} 行", heading=level))
        else:
            source.lines.append(Line(raw, f"第 {body_line + offset} 行"))
    return source


# --- Word ---------------------------------------------------------------------------------------------------------

def read_docx(path: Path) -> Source:
    if not zipfile.is_zipfile(path):
        raise Unreadable("不是有效的 Word 文档（文件可能已损坏）。请用 Word 打开确认无误后，重新另存为 .docx 再导入。")
    import docx  # python-docx: imported here so that the other formats and the rest of the CLI do not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise Unreadable("不是有效的 Word 文档（文件可能已损坏）。请用 Word 打开确认无误后，重新另存为 .docx 再导入。") from exc
    except Exception as exc:  # lxml errors on a damaged document.xml
        raise Unreadable("Word 文档内容已损坏，无法读取。请用 Word 打开确认无误后，重新另存为 .docx 再导入。") from exc
    return _WordReader(document, path).read()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
    "ideographTraditional", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
}


class _WordReader:
    """Walks a document's body in order, giving each paragraph the number Word would display for it."""

    def __init__(self, document, path: Path):
        self.document = document
        self.path = path
        self.levels = self._numbering_levels()
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.paragraphs = 0
        self.tables = 0
        self.style_centred: dict[str | None, bool] = {}

    def read(self) -> Source:
        source = Source(self.path, "Word 文档")
        self._walk(self.document.element.body, source.lines)
        source.properties = _exported_properties(self.document)
        return source

    def _walk(self, element, lines: list[Line]) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in element.iterchildren():
            if child.tag == f"{_W}p":
                self.paragraphs += 1
                paragraph = Paragraph(child, self.document._body)
                number = self._number(paragraph)
                where = f"第 {self.paragraphs} 段"
                centered = self._centered(child)
                for index, part in enumerate(paragraph.text.split("\n")):
                    text = part.replace("\t", " ")
                    if index == 0 and number:
                        lines.append(Line(_join_number(number, text), where, numbered=True, centered=centered))
                    else:
                        lines.append(Line(text, where, centered=centered))
            elif child.tag == f"{_W}tbl":
                self.tables += 1
                table = Table(child, self.document._body)
                lines.append(Line("", f"表格 {self.tables}", table=_markdown_table(table)))
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self._walk(content, lines)

    def _centered(self, p) -> bool:
        """Whether Word centres the paragraph: its own alignment, else its style's (followed through basedOn),
        looked up once per style."""
        p_pr = p.find(f"{_W}pPr")
        jc = p_pr.find(f"{_W}jc") if p_pr is not None else None
        if jc is not None:
            return jc.get(f"{_W}val") == "center"
        style_id = p.style
        if style_id not in self.style_centred:
            self.style_centred[style_id] = self._style_alignment(style_id) == "center"
        return self.style_centred[style_id]

    def _style_alignment(self, style_id: str | None) -> str | None:
        try:
            styles = self.document.styles.element
        except (KeyError, AttributeError, NotImplementedError):
            return None
        style = styles.get_by_id(style_id) if style_id else None
        if style is None:
            style = next((s for s in styles.findall(f"{_W}style") if s.get(f"{_W}type") == "paragraph" and s.get(f"{_W}default") in ("1", "true")), None)
        seen: set[str] = set()
        while style is not None and style.get(f"{_W}styleId") not in seen:
            seen.add(style.get(f"{_W}styleId"))
            jc = style.find(f"{_W}pPr/{_W}jc")
            if jc is not None:
                return jc.get(f"{_W}val")
            based = style.find(f"{_W}basedOn")
            style = styles.get_by_id(based.get(f"{_W}val")) if based is not None else None
        return None

    def _numbering_levels(self) -> dict[str, tuple[str, dict[int, dict], dict[int, int]]]:
        """numId → (abstractNumId, level definitions by ilvl, start overrides by ilvl)."""
        try:
            numbering = self.document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return {}
        abstracts: dict[str, dict[int, dict]] = {}
        for abstract in numbering.findall(f"{_W}abstractNum"):
            levels: dict[int, dict] = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = {
                    "start": int(_val(lvl, "start") or 1),
                    "format": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText") or "",
                }
            abstracts[abstract.get(f"{_W}abstractNumId")] = levels
        result = {}
        for num in numbering.findall(f"{_W}num"):
            abstract_id = _val(num, "abstractNumId")
            overrides = {}
            for override in num.findall(f"{_W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(start)
            if abstract_id in abstracts:
                result[num.get(f"{_W}numId")] = (abstract_id, abstracts[abstract_id], overrides)
        return result

    def _num_pr(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph, else from its style and the styles it is based on."""
        candidates = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            candidates.append(style.element.pPr)
            style = style.base_style
        for ppr in candidates:
            num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if num_id is None:
                    continue
                return num_id, int(_val(num_pr, "ilvl") or 0)
        return None

    def _number(self, paragraph) -> str:
        """The number Word shows before this paragraph ('第三条', '（二）'), or '' for none or a bullet."""
        if not self.levels:
            return ""
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr[0] not in self.levels or not paragraph.text.strip():
            return ""
        num_id, ilvl = num_pr
        abstract_id, levels, overrides = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters: list[int | None] = self.counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl]["start"] if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        level = levels[ilvl]
        if level["format"] in ("bullet", "none"):
            return ""
        text = level["text"]
        for n in range(1, 10):
            token = f"%{n}"
            if token in text:
                counted = counters[n - 1]
                value = counted if counted is not None else levels.get(n - 1, {"start": 1})["start"]
                text = text.replace(token, _format_number(value, levels.get(n - 1, level)["format"], text))
        return text


def _exported_properties(document) -> dict[str, object]:
    import yaml

    try:
        comments = document.core_properties.comments or ""
    except (AttributeError, KeyError, ValueError):
        return {}
    if not comments.startswith(PROPERTIES_MARK + "\n"):
        return {}
    try:
        data = yaml.safe_load(comments[len(PROPERTIES_MARK) + 1:])
    except yaml.YAMLError:
        return {}
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else {}


def _val(element, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}")
    return child.get(f"{_W}val") if child is not None else None


def _format_number(value: int, number_format: str, level_text: str) -> str:
    chinese = number_format in _CHINESE_FORMATS or (level_text.startswith("第") and level_text[-1:] in "条章节编")
    if chinese and 0 < value < 10000:
        return int_to_cn(value)
    return str(value)


def _join_number(number: str, text: str) -> str:
    if number.startswith("第") and number[-1:] in "条章节编":
        return f"{number} {text.lstrip()}"
    return number + text.lstrip()


def _markdown_table(table) -> list[str]:
    rows = []
    for row in table.rows:
        rows.append([_cell_text(cell) for cell in row.cells])
    width = max((len(r) for r in rows), default=0)
    if not width:
        return []
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return lines


def _cell_text(cell) -> str:
    parts = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
    return "<br>".join(parts).replace("|", "\\|").replace("\n", "<br>")
