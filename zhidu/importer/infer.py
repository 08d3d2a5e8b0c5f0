"""From a source's paragraphs to a draft regulation: front-matter values (each with where it was found), the body
normalised to SPEC §2, and what the maintainer must still check."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from zhidu.domain.numerals import NUMERAL_CHARS, cn_to_int
from zhidu.domain.parser import ARTICLE_RE, ATTACHMENT_RE, STRUCTURE_RE
from zhidu.domain.text import compact, squeeze
from zhidu.importer.sources import Line, Source, Unreadable

_CJK = "\u4e00-\u9fff"
_ARABIC_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_DOC_NUMBER = re.compile(rf"[{_CJK}]{{1,12}}[〔\[［(（【]\s*(\d{{4}})\s*[〕\]］)）】]\s*(\d+)\s*号")
_KIND = r"(?:规定|办法|细则|制度|规则|意见|规程|规范|要点|纪律|公约|措施|通则|指南|方案|守则|条例|准则|须知|章程|清单|手册|指引|决定|标准|要求|机制|流程|纪要|法)"
_TITLE_END = re.compile(rf"{_KIND}(?:[（(][^（）()]{{1,12}}[)）])?$")
_COVER_NOTICE = re.compile(r"(?:关于)?印发[^《]*《(.+?)》(?:等[^的]*)?的通知$")
_SELF_NAMES = ("规定", "办法", "细则", "制度", "规则", "意见", "准则", "规程", "规范", "方案", "守则", "条例", "决定", "清单", "手册", "指引", "法")
"""What a regulation calls itself whatever its title (本规定, 本办法…); the title adds its own kind (本规范, 本要点…)."""
_TITLE_SUFFIX = re.compile(r"[（(][^（）()]{1,12}[)）]$")
_ON_ISSUE = re.compile(r"^(?:发布|印发|公布|下发|通过|颁布|签发)之日$")
_RULE = re.compile(r"^[—―─━\-_=＝－﹣·…]{3,}$")
"""A line drawn with characters (the rules of a 版记 in a text file)."""
_COLOPHON = re.compile(r"^(?:抄送|抄报|主送|分送|发送)[：:]|印发$")
_LISTED = re.compile(r"^(?:附件|附录|附表)\s*[：:]\s*")
_LISTED_ITEM = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.．、]\s*")
_NOTICE = re.compile(r"印发.*《.+》.*的通知$")
_NOTICE_COUNT = re.compile(r"等([一二三四五六七八九十两]|\d+)(?:项|个|件|部)")
_PUNCTUATION = re.compile(r"[。，；：、？！“”《》,;:?!]")
_ITEM = re.compile(rf"^[（(]([{NUMERAL_CHARS}]+)[)）]\s*")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


@dataclass(frozen=True)
class Found:
    """A value and where in the input it was found, for the report."""

    value: str
    where: str


@dataclass
class Draft:
    """What the importer makes of one input: front-matter values, the body as Markdown blocks, notes for the report."""

    title: Found
    status: str
    status_reason: str
    effective: Found
    doc_number: Found | None = None
    issuer: Found | None = None
    adopted: Found | None = None
    blocks: list[str] = field(default_factory=list)
    auto_numbered: int = 0
    tables: int = 0
    checks: list[str] = field(default_factory=list)
    """What the maintainer must still check, one sentence each."""
    notes: list[str] = field(default_factory=list)
    """What the importer did that the maintainer should know (paragraphs left out, say)."""
    listed: Found | None = None
    """The 附件说明 before the 署名 (附件：1. … 2. …): the names of the attachments, joined with ；."""
    colophon: Found | None = None
    """The 版记 (抄送, 印发机关 and 印发日期, the rules between them), left out of the text."""
    extra: dict[str, object] = field(default_factory=dict)
    """Front-matter keys from the document properties of a Word file zhidu exported (category, tags…)."""


def clean(text: str) -> str:
    """A paragraph as the regulation file writes it: zero-width characters gone, spaces folded, （一） items."""
    text = squeeze(text)
    item = _ITEM.match(text)
    if item:
        text = f"（{item.group(1)}）" + text[item.end():]
    return text


def _digits(text: str) -> str:
    """Full-width digits as ASCII (２０２１ → 2021); nothing else changes."""
    return "".join(unicodedata.normalize("NFKC", ch) if "０" <= ch <= "９" else ch for ch in text)


def find_dates(text: str) -> list[dt.date]:
    """Every real date written as 2021年1月8日 or 二〇二一年一月八日 in ``text``, in order."""
    text = _digits(compact(text))
    found: list[tuple[int, dt.date]] = []
    for match in _ARABIC_DATE.finditer(text):
        _add_date(found, match.start(), int(match.group(1)), int(match.group(2)), int(match.group(3)))
    for match in _CHINESE_DATE.finditer(text):
        year = match.group(1).translate(str.maketrans("○Ｏ", "〇〇"))
        _add_date(found, match.start(), cn_to_int(year), cn_to_int(match.group(2)), cn_to_int(match.group(3)))
    return [date for _, date in sorted(found)]


def _add_date(found: list, position: int, year: int, month: int, day: int) -> None:
    try:
        found.append((position, dt.date(year, month, day)))
    except ValueError:
        pass


def date_line(text: str) -> dt.date | None:
    """The date when the whole paragraph is a date (a 落款 date), else None."""
    text = _digits(compact(text)).removesuffix("印发").removesuffix("发布").removesuffix("通过")
    for pattern in (_ARABIC_DATE, _CHINESE_DATE):
        if pattern.fullmatch(text):
            dates = find_dates(text)
            return dates[0] if dates else None
    return None


def doc_number(text: str) -> str | None:
    match = _DOC_NUMBER.search(_digits(compact(text)))
    if not match:
        return None
    prefix = match.group(0)[: match.group(0).index(next(ch for ch in match.group(0) if ch in "〔[［(（【"))]
    return f"{prefix}〔{match.group(1)}〕{match.group(2)}号"


def _quote(line: Line, text: str | None = None) -> str:
    text = squeeze(text if text is not None else line.text)
    excerpt = text if len(text) <= 24 else text[:23] + "…"
    return f"{line.where}“{excerpt}”"


def _structure(text: str):
    """(kind char, normalised heading text) when the paragraph is a 编/分编/章/节 heading, else None."""
    if len(text) > 40 or "。" in text:
        return None
    match = STRUCTURE_RE.match(compact(text))
    if not match:
        return None
    rest = _CJK_GAP.sub("", squeeze(text[text.find(match.group(2)) + len(match.group(2)):]))
    return match.group(2), f"第{match.group(1)}{match.group(2)} {rest}".strip()


_ORDINAL = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")


def _ordinal_heading(line: Line, centred: bool = True):
    """("、", text) for a heading numbered 一、二、 between articles (a judicial interpretation's parts), or a short
    centred line there (``centred``: inside the body, where the title cannot be); else None."""
    text = line.text
    if len(text) > 30 or text.endswith(("。", "；", "：", ";", ":", "，")) or _article_number(text) or _ITEM.match(text):
        return None
    if _ORDINAL.match(text) or (centred and line.centered and not ATTACHMENT_RE.match(text) and not date_line(text)):
        return "、", text
    return None


def _article_number(text: str) -> tuple[int, int] | None:
    match = ARTICLE_RE.match(text)
    if not match:
        return None
    return cn_to_int(match.group(1)), cn_to_int(match.group(2)) if match.group(2) else 0


def _is_issuer_line(text: str) -> bool:
    return 2 <= len(text) <= 30 and not _PUNCTUATION.search(text) and not text.startswith("第") and bool(re.fullmatch(rf"[{_CJK}（）() ]+", text))


def infer(source: Source, today: dt.date) -> Draft:
    """Read the structure of a source; raise ``Unreadable`` when it has no article."""
    lines = [line for line in source.lines if line.table is not None or clean(line.text)]
    for line in lines:
        if line.table is None:
            line.text = clean(line.text)
    articles = _article_indexes(lines)
    if not articles:
        raise Unreadable("没有找到条文（以“第一条”开头的段落），未导入。请确认这是分条的制度；如条文编号是图片或文本框，请改为文字后再导入。")
    first, last = articles[0], articles[-1]
    start, kinds = first, set()
    # Headings right before the first article belong to the body; a second heading of the same kind there means a
    # table of contents (目录), which stays in the preamble.
    while start > 0 and lines[start - 1].table is None and (structure := _structure(lines[start - 1].text) or _ordinal_heading(lines[start - 1], centred=False)) \
            and structure[0] not in kinds:
        kinds.add(structure[0])
        start -= 1
    preamble, tail = lines[:start], lines[last + 1:]
    notes: list[str] = []
    checks: list[str] = []

    title = source_title = None
    if source.title:
        source_title = Found(source.title[0], source.title[1])
    found_doc = found_issuer = found_adopted = None
    used: set[int] = set()
    for index, line in enumerate(preamble):
        if line.table is not None:
            continue
        number = doc_number(line.text)
        if number and found_doc is None and len(line.text) <= 40:
            found_doc = Found(number, _quote(line))
            used.add(index)
        elif line.text.startswith(("（", "(")) and line.text.endswith(("）", ")")) and find_dates(line.text):
            found_adopted = Found(find_dates(line.text)[-1].isoformat(), _quote(line))
            used.add(index)
        elif (day := date_line(line.text)) is not None:
            found_adopted = found_adopted or Found(day.isoformat(), _quote(line) + "，成文日期")
            used.add(index)
            signers = _signers(preamble, index)
            if signers and found_issuer is None:
                found_issuer = Found("、".join(_CJK_GAP.sub("", preamble[i].text) for i in signers), _quote(preamble[signers[0]]) + "，发文机关署名")
                used.update(signers)
    title = source_title or _title(preamble, used, notes)
    if title is None:
        title = Found(source.path.stem, f"文件名“{source.path.name}”")
        checks.append(f"文件中标题前没有可作标题的段落，title 暂用文件名“{source.path.stem}”，请改为正式标题。")
    redhead = next((i for i, line in enumerate(preamble) if line.table is None and line.text.endswith("文件") and _is_issuer_line(line.text)), None)
    if redhead is not None:
        used.add(redhead)
    for header_line in source.header:
        dates = find_dates(header_line.text)
        if dates:
            found_adopted = Found(max(dates).isoformat(), f"{header_line.where}“{squeeze(header_line.text)[:24]}”")

    body, tail_doc, tail_issuer, tail_adopted, listed, colophon = _tail(tail, notes, checks)
    found_doc = found_doc or tail_doc
    found_issuer = tail_issuer or found_issuer
    if found_issuer is None and redhead is not None:
        found_issuer = Found(preamble[redhead].text.removesuffix("文件"), _quote(preamble[redhead]) + "，红头")
    if tail_adopted is not None:
        found_adopted = tail_adopted

    dropped = [line for i, line in enumerate(preamble) if i not in used]
    if dropped:
        wheres = "、".join(line.where for line in dropped[:6]) + ("等" if len(dropped) > 6 else "")
        notes.append(f"标题之前的 {len(dropped)} 段（{wheres}）不是条文，已略去；如其中有应保留的内容，请手工补回。")

    blocks, auto_numbered, tables = _blocks(lines[start:last + 1] + body, notes)
    effective, status_from_text = _effective(lines[start:last + 1] + body, title.value, found_adopted, source, today, checks)
    status, reason = _status(title.value, status_from_text)
    extra = dict(source.properties)
    exported = "Word 文档属性（导出时记录）"
    if "effective" in extra and str(extra["effective"]) != effective.value:
        checks = [c for c in checks if "effective" not in c]
        effective = Found(str(extra["effective"]), exported)
    extra.pop("effective", None)
    if extra.get("status") in ("现行有效", "试行", "已废止"):
        status, reason = str(extra["status"]), exported
    extra.pop("status", None)
    unset = {key for key in ("doc_number", "issuer", "adopted") if key in extra and extra.pop(key) is None}
    found_doc, found_issuer, found_adopted = (None if "doc_number" in unset else found_doc), (None if "issuer" in unset else found_issuer), \
        (None if "adopted" in unset else found_adopted)
    if found_adopted is None and "adopted" not in unset:
        checks.append("没有找到落款日期，adopted 未填写；如有印发日期请补上。")
    elif found_adopted is not None and found_adopted.value > effective.value:  # the file would not pass make check (issued after it took effect)
        checks.append(f"落款日期 {found_adopted.value} 晚于施行日期 {effective.value}，adopted 未填写；请核对两个日期，确有印发日期的请补上。")
        found_adopted = None
    return Draft(
        title=title, status=status, status_reason=reason, effective=effective, doc_number=found_doc, issuer=found_issuer,
        adopted=found_adopted, blocks=blocks, auto_numbered=auto_numbered, tables=tables, checks=checks, notes=notes,
        listed=listed, colophon=colophon, extra=extra,
    )


def _article_indexes(lines: list[Line]) -> list[int]:
    """Indexes of the paragraphs that start an article, before any attachment (附件) heading."""
    indexes: list[int] = []
    last: tuple[int, int] | None = None
    for index, line in enumerate(lines):
        if line.table is not None:
            continue
        if indexes and ATTACHMENT_RE.match(line.text) and len(line.text) <= 40:
            break
        key = _article_number(line.text)
        if key is None:
            continue
        match = ARTICLE_RE.match(line.text)
        spaced = bool(match and match.group(3))
        expected = key == (1, 0) if last is None else key in ((last[0] + 1, 0), (last[0], last[1] + 1))
        if spaced or expected or last is None:
            indexes.append(index)
            last = key
    return indexes


def _title(preamble: list[Line], used: set[int], notes: list[str]) -> Found | None:
    candidates = [i for i, line in enumerate(preamble) if i not in used and line.table is None and _TITLE_END.search(line.text) and not _COVER_NOTICE.search(line.text)]
    # Where Word centres some of them, the title is one of those (a preamble that repeats the title is not centred).
    candidates = [i for i in candidates if preamble[i].centered] or candidates
    if candidates:
        index = candidates[-1]
        line = preamble[index]
        parts = [index]
        # A title broken over two or three lines (centred, or Word wrapped a long one): the lines before have no
        # punctuation and are no 红头/文号.
        while len(parts) < 3 and _title_head(preamble, parts[0] - 1, used, line):
            parts.insert(0, parts[0] - 1)
        text = "".join(preamble[i].text for i in parts)
        used.update(parts)
        if len(parts) > 1:
            notes.append(f"标题由 {len(parts)} 行合并而成（{'、'.join(preamble[i].where for i in parts)}），请核对。")
        return Found(_title_text(text), _quote(preamble[parts[0]], text))
    for index, line in enumerate(preamble):
        notice = _COVER_NOTICE.search(line.text) if line.table is None else None
        if notice:
            used.add(index)
            return Found(_title_text(notice.group(1)), _quote(line) + "，印发通知中的书名")
    for index, line in enumerate(preamble):
        if index not in used and line.table is None and not line.text.endswith("文件") and len(line.text) <= 60 and not line.text.endswith("。"):
            used.add(index)
            return Found(_title_text(line.text), _quote(line))
    return None


def _title_head(preamble: list[Line], index: int, used: set[int], last: Line) -> bool:
    """Whether the line at ``index`` is the first part of a title continued on the next line."""
    if index < 0 or index in used or preamble[index].table is not None:
        return False
    text = preamble[index].text
    if not _is_issuer_line(text) or text.endswith("文件") or _NOTICE.search(text) or len(text) > 30:
        return False
    if preamble[index].centered and last.centered:
        return True
    if _TITLE_END.search(text):
        return False
    return len(text) >= 8 or text.endswith(("的", "关于", "人民法院", "党组", "委员会")) or text.startswith("关于")


def _title_text(text: str) -> str:
    text = _CJK_GAP.sub("", squeeze(text)).replace("(", "（").replace(")", "）")
    return text.replace(" ", "")


def _signers(lines: list[Line], date_index: int) -> list[int]:
    """Indexes of the 发文机关署名 right above the 成文日期 at ``date_index`` (two lines for a joint document)."""
    found: list[int] = []
    index = date_index - 1
    while index >= 0 and len(found) < 2:
        line = lines[index]
        if line.table is not None or not _is_issuer_line(line.text) or line.text.endswith("文件") or _TITLE_END.search(line.text) \
                or _NOTICE.search(line.text) or ATTACHMENT_RE.match(line.text) or len(line.text) > 20:
            break
        found.insert(0, index)
        index -= 1
    return found


def _colophon_start(tail: list[Line]) -> int:
    """Where the 版记 begins (抄送, 印发机关 and 印发日期 and the rules between them), ``len(tail)`` when there is none:
    the first 抄送/印发 line (or the rule right above it) after which nothing but short lines follow."""
    for index, line in enumerate(tail):
        if line.table is not None or not _COLOPHON.search(compact(line.text)) or len(compact(line.text)) > 80:
            continue
        rest = tail[index + 1:]
        if any(other.table is not None or len(compact(other.text)) > 80 or ATTACHMENT_RE.match(other.text) or _article_number(other.text) for other in rest):
            return len(tail)
        while index > 0 and tail[index - 1].table is None and _RULE.match(compact(tail[index - 1].text)):
            index -= 1
        return index
    return len(tail)


def _tail(tail: list[Line], notes: list[str], checks: list[str]) -> tuple[list[Line], Found | None, Found | None, Found | None, Found | None, Found | None]:
    """Split what follows the last article into the paragraphs kept (its 款, tables, attachments), the 附件说明,
    the 署名 and 成文日期 (wherever they stand) and the 版记."""
    kept: list[Line] = []
    doc = issuer = adopted = colophon = None
    in_attachment = False
    signed = False
    listing: list[Line] = []
    cut = _colophon_start(tail)
    if cut < len(tail):
        shown = [line for line in tail[cut:] if not _RULE.match(compact(line.text))]
        first = shown[0] if shown else tail[cut]
        wheres = f"{tail[cut].where}至{tail[-1].where}" if len(tail) - cut > 1 else tail[cut].where
        colophon = Found("、".join(dict.fromkeys(_colophon_kind(line.text) for line in shown)) or "分隔线", f"{wheres}，自{_quote(first)}起")
        tail = tail[:cut]
    signature = next((i for i, line in enumerate(tail) if line.table is None and date_line(line.text)), None)
    signer_lines = set(_signers(tail, signature)) if signature is not None else set()
    for index, line in enumerate(tail):
        text = line.text
        if line.table is None and not in_attachment:
            if _RULE.match(compact(text)):
                continue
            day = date_line(text)
            if index == signature or (signed and day and adopted is None):
                if day is not None:
                    adopted = Found(day.isoformat(), _quote(line) + "，成文日期")
                signed = True
                continue
            if index in signer_lines:
                issuer = Found("、".join(_CJK_GAP.sub("", tail[i].text) for i in sorted(signer_lines)), _quote(tail[min(signer_lines)]) + "，发文机关署名") if issuer is None else issuer
                continue
            number = doc_number(text) if doc is None and len(text) <= 40 else None
            if number:
                doc = Found(number, _quote(line))
                continue
            if signature is not None and index < signature and (_LISTED.match(text) or (listing and _LISTED_ITEM.match(text))):
                listing.append(line)  # 附件说明: the attachments are listed here, their text follows the 署名
                continue
            if ATTACHMENT_RE.match(text):
                in_attachment = True
            elif signed:
                notes.append(f"{_quote(line)}在落款之后，不是条文或附件，已略去。")
                continue
        kept.append(line)
    listed = None
    if listing:
        names = [_LISTED_ITEM.sub("", _LISTED.sub("", line.text)).strip() for line in listing]
        names = [name for name in names if name]
        listed = Found("；".join(names), "、".join(line.where for line in listing))
        bodies = sum(1 for line in kept if line.table is None and ATTACHMENT_RE.match(line.text) and len(line.text) <= 40)
        if bodies < len(names):
            checks.append(f"附件说明列有 {len(names)} 个附件（{'；'.join(names)}），文件中只有 {bodies} 个附件正文；请把缺少的附件补在条文之后。")
    return kept, doc, issuer, adopted, listed, colophon


def _colophon_kind(text: str) -> str:
    text = compact(text)
    if text.startswith(("抄送", "抄报")):
        return "抄送"
    if text.startswith(("主送", "分送", "发送")):
        return text[:2]
    if text.endswith("印发"):
        return "印发机关和印发日期"
    return "版记"


def _blocks(lines: list[Line], notes: list[str]) -> tuple[list[str], int, int]:
    """The body as Markdown blocks: headings at SPEC §2 levels, one paragraph per 款, tables, attachments."""
    has_parts = any(line.table is None and (s := _structure(line.text)) and s[0] in ("编", "分编") for line in lines)
    levels = {"编": 2, "分编": 2, "章": 3 if has_parts else 2, "节": 4 if has_parts else 3}
    blocks: list[str] = []
    auto = tables = 0
    in_attachment = False
    pending_attachment: str | None = None
    for line in lines:
        if line.table is not None:
            if line.table:
                tables += 1
                blocks.append("\n".join(line.table))
            pending_attachment = None
            continue
        text = line.text
        structure = None if in_attachment else _structure(text)
        if structure:
            blocks.append(f"{'#' * levels[structure[0]]} {structure[1]}")
            continue
        if not in_attachment and not line.heading and _ordinal_heading(line):
            blocks.append(f"## {text}")
            continue
        if ATTACHMENT_RE.match(text) and (len(text) <= 40 or line.heading):
            in_attachment = True
            blocks.append(f"## {text}")
            # A bare "附件1" heading takes the attachment's own title from the next paragraph.
            pending_attachment = text if re.fullmatch(r"(附件|附录|附表)[0-9一二三四五六七八九十]*[：:]?", compact(text)) else None
            continue
        if pending_attachment is not None and len(text) <= 40 and not _PUNCTUATION.search(text[:-1]):
            blocks[-1] = f"## {pending_attachment.rstrip('：:')} {text}"
            pending_attachment = None
            continue
        pending_attachment = None
        if line.heading:
            blocks.append(f"{'#' * max(2, line.heading)} {text}")
            continue
        auto += line.numbered and _article_number(text) is not None
        if text.startswith(("#", "|", ">", "---", "===")):
            text = "\\" + text  # a paragraph, not Markdown syntax
        blocks.append(text)
    return blocks, auto, tables


def in_force_pattern(title: str) -> re.Pattern:
    """``本<名称>……自……起施行``, where the name is one regulations always use (本规定…) or the end of ``title``
    (本规范, 本要点, 本实施办法…)."""
    core = _TITLE_SUFFIX.sub("", compact(title))
    names = set(_SELF_NAMES)
    kind = re.search(rf"{_KIND}$", core)
    if kind:
        names.add(kind.group(0))
    names.update(core[-n:] for n in range(2, 6) if len(core) > n)
    alternation = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"本(?:{alternation})[^。；]*?自(.{{0,24}}?)起(试行|施行|执行|实施|生效)")


def _effective(article_lines: list[Line], title: str, adopted: Found | None, source: Source, today: dt.date, checks: list[str]) -> tuple[Found, bool]:
    """The 施行日期 and whether the text says 试行; the check to make when it is only a guess."""
    in_force = in_force_pattern(title)
    for line in reversed(article_lines):
        if line.table is not None:
            continue
        match = in_force.search(compact(line.text))
        if not match:
            continue
        trial = match.group(2) == "试行"
        dates = find_dates(match.group(1))
        if dates and source.effective and dates[0].isoformat() < source.effective[0]:
            # An amended law keeps its original 施行 sentence; the version's own date is the later one.
            return Found(source.effective[0], f"{source.effective[1]}；条文中的 {dates[0].isoformat()} 是修正前的施行日期"), trial
        if dates:
            return Found(dates[0].isoformat(), _quote(line, match.group(0))), trial
        if _ON_ISSUE.match(match.group(1)) and adopted is not None:
            checks.append(f"条文规定自{match.group(1)}起施行，effective 按落款日期填为 {adopted.value}，请核对实际发布日期。")
            return Found(adopted.value, _quote(line, match.group(0)) + "，按落款日期"), trial
    if source.effective:
        return Found(source.effective[0], source.effective[1]), False
    if adopted is not None:
        checks.append(f"条文中没有写明施行日期，effective 暂按落款日期填为 {adopted.value}，请核对。")
        return Found(adopted.value, adopted.where + "，暂按落款日期"), False
    checks.append(f"没有找到施行日期，也没有落款日期：effective 暂填为导入当天 {today.isoformat()}，必须改为实际施行日期。")
    return Found(today.isoformat(), "未找到，暂填导入当天"), False


def _status(title: str, trial_in_text: bool) -> tuple[str, str]:
    if "试行" in title:
        return "试行", "标题中有“试行”"
    if trial_in_text:
        return "试行", "条文规定“自……起试行”"
    if "暂行" in title:
        return "现行有效", "标题中的“暂行”不是试行，按现行有效"
    return "现行有效", "标题中没有“试行”"


def split_notice(source: Source) -> list[Source]:
    """An 印发通知 that carries several regulations (…等三项制度的通知) as one source per regulation, each with the
    notice in front (its 文号, 署名 and 成文日期 apply to all); raise ``Unreadable`` naming the parts when the
    regulations cannot be told apart. Any other source comes back alone."""
    lines = [line for line in source.lines if line.table is not None or squeeze(line.text)]
    notice = next((i for i, line in enumerate(lines[:40]) if line.table is None and _NOTICE.search(compact(line.text))), None)
    if notice is None:
        return [source]
    notice_title = compact(lines[notice].text)
    names = re.findall(r"《(.+?)》", notice_title)
    count = _NOTICE_COUNT.search(notice_title)
    expected = (cn_to_int(count.group(1).replace("两", "二")) if not count.group(1).isdigit() else int(count.group(1))) if count else len(names)
    firsts = [i for i, line in enumerate(lines) if i > notice and line.table is None and _article_number(clean(line.text)) == (1, 0)]
    if expected <= 1 and len(firsts) <= 1:
        return [source]
    starts = []
    for first in firsts:
        index = first - 1
        while index > notice and lines[index].table is None and _structure(clean(lines[index].text)):
            index -= 1
        if index <= notice or lines[index].table is not None or not _TITLE_END.search(_TITLE_SUFFIX.sub("", compact(lines[index].text))):
            break
        while index - 1 > notice and _title_head(lines, index - 1, set(), lines[index]) and not date_line(lines[index - 1].text):
            index -= 1
        starts.append(index)
    found = [_title_text("".join(clean(lines[i].text) for i in range(start, firsts[n]) if not _structure(clean(lines[i].text)))) for n, start in enumerate(starts)]
    if len(starts) != len(firsts) or len(starts) != expected:
        listed = "、".join(f"《{name}》" for name in names) + ("等" if count and len(names) < expected else "")
        told = "、".join(f"《{title}》" for title in found) or "没有一项"
        raise Unreadable(
            f"这是印发 {expected} 项制度的通知（{listed}），但只能分出 {len(starts)} 项（{told}），未导入。"
            "请在 Word 中把每项制度连同通知的文号和日期另存为单独的文件，再逐个导入。"
        )
    parts = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        part = Source(source.path, f"{source.kind}，通知中的第 {n + 1} 项", lines[:starts[0]] + lines[start:end])
        part.properties = source.properties
        parts.append(part)
    return parts
