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
_KIND = r"(?:规定|办法|细则|制度|规则|意见|规程|方案|守则|条例|准则|须知|章程|清单|手册|指引|决定|标准|要求|机制|流程|纪要|法)"
_TITLE_END = re.compile(rf"{_KIND}(?:[（(][^（）()]{{1,12}}[)）])?$")
_COVER_NOTICE = re.compile(r"(?:关于)?印发[^《]*《(.+?)》(?:等[^的]*)?的通知$")
_SELF = r"本(?:规定|办法|细则|制度|规则|意见|准则|规程|方案|守则|条例|决定|清单|手册|指引|法)"
_IN_FORCE = re.compile(rf"{_SELF}[^。；]*?自(.{{0,24}}?)起(试行|施行|执行|实施|生效)")
_ON_ISSUE = re.compile(r"^(?:发布|印发|公布|下发|通过|颁布|签发)之日$")
_PUNCTUATION = re.compile(r"[。，；：、？！“”《》,;:?!]")
_ITEM = re.compile(rf"^[（(]([{NUMERAL_CHARS}]+)[)）]\s*")
_ROUTING = re.compile(r"^(?:抄送|主送|抄报|分送)[：:]|印发$")
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
    while start > 0 and lines[start - 1].table is None and (structure := _structure(lines[start - 1].text)) and structure[0] not in kinds:
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
        elif date_line(line.text):
            found_adopted = found_adopted or Found(date_line(line.text).isoformat(), _quote(line))
            used.add(index)
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

    body, tail_doc, tail_issuer, tail_adopted = _tail(tail, notes)
    found_doc = found_doc or tail_doc
    found_issuer = tail_issuer
    if found_issuer is None and redhead is not None:
        found_issuer = Found(preamble[redhead].text.removesuffix("文件"), _quote(preamble[redhead]) + "，红头")
    if tail_adopted is not None:
        found_adopted = tail_adopted

    dropped = [line for i, line in enumerate(preamble) if i not in used]
    if dropped:
        wheres = "、".join(line.where for line in dropped[:6]) + ("等" if len(dropped) > 6 else "")
        notes.append(f"标题之前的 {len(dropped)} 段（{wheres}）不是条文，已略去；如其中有应保留的内容，请手工补回。")

    blocks, auto_numbered, tables = _blocks(lines[start:last + 1] + body, notes)
    effective, status_from_text = _effective(lines[start:last + 1] + body, found_adopted, source, today, checks)
    status, reason = _status(title.value, status_from_text)
    if found_adopted is None:
        checks.append("没有找到落款日期，adopted 未填写；如有印发日期请补上。")
    elif found_adopted.value > effective.value:  # the file would not pass make check (issued after it took effect)
        checks.append(f"落款日期 {found_adopted.value} 晚于施行日期 {effective.value}，adopted 未填写；请核对两个日期，确有印发日期的请补上。")
        found_adopted = None
    return Draft(
        title=title, status=status, status_reason=reason, effective=effective, doc_number=found_doc, issuer=found_issuer,
        adopted=found_adopted, blocks=blocks, auto_numbered=auto_numbered, tables=tables, checks=checks, notes=notes,
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
        spaced = bool(ARTICLE_RE.match(line.text).group(3))
        expected = key == (1, 0) if last is None else key in ((last[0] + 1, 0), (last[0], last[1] + 1))
        if spaced or expected or last is None:
            indexes.append(index)
            last = key
    return indexes


def _title(preamble: list[Line], used: set[int], notes: list[str]) -> Found | None:
    candidates = [i for i, line in enumerate(preamble) if i not in used and line.table is None and _TITLE_END.search(line.text) and not _COVER_NOTICE.search(line.text)]
    if candidates:
        index = candidates[-1]
        line = preamble[index]
        text = line.text
        before = index - 1
        # A long title that Word wrapped into two paragraphs: the part before has no punctuation and is no 红头/文号.
        if before >= 0 and before not in used and preamble[before].table is None and _is_issuer_line(preamble[before].text) \
                and not preamble[before].text.endswith("文件") and not _TITLE_END.search(preamble[before].text) and len(preamble[before].text) >= 8:
            text = preamble[before].text + text
            used.add(before)
            notes.append(f"标题由两段合并而成（{preamble[before].where}和{line.where}），请核对。")
        used.add(index)
        return Found(_title_text(text), _quote(line, text))
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


def _title_text(text: str) -> str:
    text = _CJK_GAP.sub("", squeeze(text)).replace("(", "（").replace(")", "）")
    return text.replace(" ", "")


def _tail(tail: list[Line], notes: list[str]) -> tuple[list[Line], Found | None, Found | None, Found | None]:
    """Split what follows the last article into the paragraphs kept (its 款, tables, attachments) and the 落款."""
    kept: list[Line] = []
    doc = issuer = adopted = None
    in_attachment = False
    signed = False
    listing: list[Line] = []
    signature = next((i for i, line in enumerate(tail) if line.table is None and date_line(line.text)), None)
    # "附件：……" before the 落款 only lists the attachments when their text follows the 落款.
    has_attachment_body = signature is not None and any(line.table is None and ATTACHMENT_RE.match(line.text) for line in tail[signature + 1:])
    for index, line in enumerate(tail):
        text = line.text
        if line.table is None and not in_attachment:
            if _ROUTING.search(text) and len(text) <= 60:
                notes.append(f"{_quote(line)}是版记，已略去。")
                continue
            date = date_line(text)
            if date is not None:
                adopted = Found(date.isoformat(), _quote(line) + "，落款日期")
                signed = True
                continue
            if _is_issuer_line(text) and index + 1 < len(tail) and tail[index + 1].table is None and date_line(tail[index + 1].text):
                issuer = Found(_CJK_GAP.sub("", text), _quote(line) + "，落款")
                continue
            if doc is None and doc_number(text) and len(text) <= 40:
                doc = Found(doc_number(text), _quote(line))
                continue
            if ATTACHMENT_RE.match(text):
                if not signed and has_attachment_body:
                    listing.append(line)
                    continue
                in_attachment = True
            elif signed:
                notes.append(f"{_quote(line)}在落款之后，不是条文或附件，已略去。")
                continue
        kept.append(line)
    if listing:
        notes.append(f"附件目录（{'、'.join(line.where for line in listing)}）已略去，附件正文保留在条文之后。")
    return kept, doc, issuer, adopted


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


def _effective(article_lines: list[Line], adopted: Found | None, source: Source, today: dt.date, checks: list[str]) -> tuple[Found, bool]:
    """The 施行日期 and whether the text says 试行; the check to make when it is only a guess."""
    for line in reversed(article_lines):
        if line.table is not None:
            continue
        match = _IN_FORCE.search(compact(line.text))
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
