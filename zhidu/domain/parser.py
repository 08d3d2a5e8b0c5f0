"""Parse one regulation file (front-matter and body) into the model, collecting every problem on the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from zhidu.domain.errors import Problem, Severity
from zhidu.domain.frontmatter import CONTROL_RE, FrontMatterSource, Mapping, Scalar, Value, read_front_matter
from zhidu.domain.lint import markup_warnings
from zhidu.domain.model import Article, Block, BodyItem, FrontMatter, Heading, Regulation
from zhidu.domain.numerals import NUMERAL, cn_to_int
from zhidu.domain.schema import DATE_RE, FIELDS, FIELDS_BY_NAME, OWN_KIND, closest_field, parse_date
from zhidu.domain.text import compact, normalize_source, squeeze, strip_invisible
from zhidu.urls import chapter_anchor

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_N = NUMERAL
ARTICLE_RE = re.compile(rf"^第({_N})条(?:之({_N}))?([ \u3000\t]*)(.*)$", re.S)
STRUCTURE_RE = re.compile(rf"^第({_N})(分编|编|章|节)[ \u3000]*(.*)$")
HEADING_RE = re.compile(r"^(#{1,6})[ \t\u3000]+(.*?)[ \t#]*$")
ITEM_RE = re.compile(rf"^[（(]({_N})[)）][ \u3000]*")
ATTACHMENT_RE = re.compile(r"^(附件|附录|附表)")
STRUCTURE_KIND = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}


def split_front_matter(text: str, path: str) -> tuple[str | None, int, int, list[Problem]]:
    """Return (yaml text, line where the YAML starts, line where the body starts, problems)."""
    source = read_front_matter(text, path)
    if not source.found:
        return None, 1, 1, list(source.problems)
    lines = text.split("\n")
    return "\n".join(lines[1:source.body_line - 2]), source.yaml_line, source.body_line, []


def parse_front_matter(source: FrontMatterSource, path: str, institution: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Apply the schema to a front-matter as written: every value checked, every problem named with its line."""
    problems: list[Problem] = list(source.problems)
    if not source.found or (problems and not source.values):
        return None, problems  # nothing could be read: every other message would follow from this one
    lines = source.lines
    written = source.first
    values: dict[str, Any] = {}
    for key, value in written.items():
        line = lines[key]
        field = FIELDS_BY_NAME.get(key)
        if field is None:
            guess = closest_field(key)
            fix = f"是否应为“{guess}”？请改正字段名。" if guess else "请删除该字段；可用字段见维护指南的字段说明。"
            problems.append(Problem(path, line, f"未知字段“{key}”。", fix))
            continue
        checked = _check_value(field, value, path, line, problems, institution)
        if checked is not None:
            values[key] = checked
    missing = [f for f in FIELDS if f.required and f.name not in written]
    if len(source.values) != len(written):
        # A field written twice is already an error; which value counts is unknown, so whatever follows from
        # comparing fields (a repeal date against the status or the effective date) would only repeat it.
        return None, problems
    for f in missing:
        problems.append(Problem(path, source.yaml_line - 1, f"缺少必填字段 {f.name}（{f.label}）。", f"请在 front-matter 中加一行，如 {f.name}: {f.example_for(institution)}"))
    if values.get("status") == "已废止" and "repealed" not in written:
        problems.append(Problem(path, lines.get("status", source.yaml_line), "状态为“已废止”，但没有填写废止日期 repealed。", "请加一行 repealed: YYYY-MM-DD。"))
    problems += date_order_problems(values, lines, path)
    if any(p.is_error for p in problems) or missing:
        return None, problems
    kind = values.get("kind", OWN_KIND)
    # A law's issuer is never the institution: without one written, it has none (and its short title is its title).
    issuer = values.get("issuer") or (institution if kind == OWN_KIND else "")
    title = values["title"]
    short_title = values.get("short_title") or default_short_title(title, issuer)
    meta = FrontMatter(
        title=title,
        category=values["category"],
        status=values["status"],
        effective=values["effective"],
        short_title=short_title,
        aliases=values.get("aliases", []),
        doc_number=values.get("doc_number", ""),
        issuer=issuer,
        department=values.get("department", ""),
        adopted=values.get("adopted"),
        version=values.get("version", ""),
        repealed=values.get("repealed"),
        replaced_by=values.get("replaced_by", ""),
        tags=values.get("tags", []),
        secrecy=values.get("secrecy", ""),
        kind=kind,
        review_by=values.get("review_by"),
        trial_until=values.get("trial_until"),
        lines=lines,
    )
    return meta, problems


def dated_problems(regulation: Regulation, today: dt.date) -> list[Problem]:
    """What depends on the build date: a repeal date that has passed while the status still says in force.

    Kept out of ``parse_regulation`` on purpose: a parse is cached by content, the build date is an input of the
    build (``ZHIDU_TODAY``), so the checks that need it run on every build with the date given."""
    meta = regulation.meta
    if meta.repealed is None or meta.status not in ("现行有效", "试行") or meta.repealed > today:
        return []
    return [Problem(
        regulation.path, meta.lines.get("repealed", 1), f"废止日期 {meta.repealed.isoformat()} 已过，但状态仍为“{meta.status}”。",
        "如该制度已废止，请把 status 改为 已废止；如废止日期写错了，请改正。", Severity.WARNING,
    )]


def date_order_problems(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Problem]:
    """Dates that contradict each other: repealed before it took effect, issued after it took effect, a trial
    period on a regulation that is not on trial. Each is an error on the line of the date that is out of place."""
    problems: list[Problem] = []
    effective, status = values.get("effective"), values.get("status")
    repealed, adopted, trial_until = values.get("repealed"), values.get("adopted"), values.get("trial_until")
    if effective is not None and repealed is not None and repealed <= effective:
        problems.append(Problem(
            path, lines["repealed"], f"废止日期 repealed（{repealed.isoformat()}）不晚于施行日期 effective（{effective.isoformat()}）。",
            "废止日期应在施行日期之后：请核对两个日期（常见为年份写错）。",
        ))
    if effective is not None and adopted is not None and adopted > effective:
        problems.append(Problem(
            path, lines["adopted"], f"印发日期 adopted（{adopted.isoformat()}）晚于施行日期 effective（{effective.isoformat()}）。",
            "制度不能在印发之前施行：请核对两个日期（常见为年份或月份写错）。",
        ))
    if trial_until is not None and status is not None and status != "试行":
        problems.append(Problem(
            path, lines["trial_until"], f"填写了试行期满日期 trial_until，但状态是“{status}”。",
            "trial_until 只用于试行的制度：已转为正式施行的，请删除此行；仍在试行的，请把 status 改为 试行。",
        ))
    elif trial_until is not None and effective is not None and trial_until <= effective:
        problems.append(Problem(
            path, lines["trial_until"], f"试行期满日期 trial_until（{trial_until.isoformat()}）不晚于施行日期 effective（{effective.isoformat()}）。",
            "试行期满日期应在施行日期之后：请核对日期。",
        ))
    return problems


def default_short_title(title: str, issuer: str) -> str:
    if issuer and title.startswith(issuer) and len(title) > len(issuer):
        return title[len(issuer):]
    return title


NUMBER_AS_TEXT = ("doc_number", "version")
"""Text fields where a bare number is a plausible value (version: 2021); elsewhere a number is a slip."""


def _check_value(field, value: Value, path: str, line: int, problems: list[Problem], institution: str = ""):
    """The value converted to what the model holds, or None after adding a problem (or when it is empty)."""
    name = f"{field.name}（{field.label}）"
    if isinstance(value, Scalar) and value.kind == "null":
        if field.required:
            problems.append(Problem(path, line, f"字段 {name}是空的。", f"请填写，如 {field.name}: {field.example_for(institution)}"))
        return None
    if field.kind == "list":
        items = [value] if isinstance(value, Scalar) else value
        if not isinstance(items, tuple) or not all(isinstance(v, Scalar) for v in items):
            problems.append(Problem(path, line, f"字段 {name}应当是列表。", f"请写成 {field.name}: {field.example_for(institution)}"))
            return None
        return [_one_line(v.text) for v in items if v.kind != "null" and v.text.strip()]
    if not isinstance(value, Scalar):
        shape = "映射（“键: 值”）" if isinstance(value, Mapping) else "列表"
        problems.append(Problem(path, line, f"字段 {name}只能写一个值，这里写成了{shape}。", f"请写成 {field.name}: {field.example_for(institution)}"))
        return None
    text = _one_line(value.text)
    if field.kind == "date":
        if DATE_RE.match(text):
            date = parse_date(text)
            if date is None:
                problems.append(Problem(path, line, f"字段 {name}的日期“{text}”不存在。", f"请核对年、月、日（月份 01 至 12，日不超过当月天数），如 {field.name}: {field.example_for(institution)}"))
            return date
        problems.append(Problem(path, line, f"字段 {name}的日期“{text}”格式不对。", f"请写成 YYYY-MM-DD，如 {field.name}: {field.example_for(institution)}"))
        return None
    if value.kind in ("int", "float") and field.name not in NUMBER_AS_TEXT:
        problems.append(Problem(path, line, f"字段 {name}应当是文字，这里是数字“{text}”。", f"请写成 {field.name}: {field.example_for(institution)}"))
        return None
    if field.kind == "choice" and text not in field.choices:
        allowed = "、".join(field.choices)
        if field.name == "secrecy":
            problems.append(Problem(path, line, f"密级“{text}”无效，该文件不会被发布。", f"secrecy 只能是 {allowed} 之一；不涉密请删除此行。"))
        else:
            problems.append(Problem(path, line, f"字段 {name}的值“{text}”无效。", f"只能是 {allowed} 之一。"))
        return None
    if field.kind == "id" and not ID_PATTERN.match(text):
        problems.append(Problem(path, line, f"字段 {name}的值“{text}”不是制度编号。", "请填写目标制度的文件名（不含 .md），如 cheliang。"))
        return None
    return text


def _one_line(text: str) -> str:
    """A front-matter value on one line: YAML keeps a line break where a value runs on after a blank line
    (``status: 现行有效`` then an empty line and more text), and neither a field nor the error naming it has one."""
    return squeeze(" ".join(text.splitlines()))


def missing_span(first: int, last: int) -> str:
    """The article numbers skipped by a gap, written as articles are (第二十五条至第九十八条)."""
    label = Article(first, 0, [], 0).label
    return label if first == last else f"{label}至{Article(last, 0, [], 0).label}"


def parse_body(text: str, first_line: int, path: str) -> tuple[list[BodyItem], list[Problem]]:
    """Split the body into headings, articles and other blocks. ``first_line`` is the file line of ``text``'s first line."""
    problems: list[Problem] = []
    items: list[BodyItem] = []
    article: Article | None = None
    block: Block | None = None
    chapter: Heading | None = None
    section: Heading | None = None
    in_attachment = False
    used_anchors: set[str] = set()
    seen_articles: dict[tuple[int, int], int] = {}
    counters: dict[str, int] = {}
    part_no: list[int | None] = [None, None]  # current 编, 分编
    last_key: tuple[int, int] | None = None
    in_table = False

    def unique(anchor: str) -> str:
        candidate, n = anchor, 1
        while candidate in used_anchors:
            n += 1
            candidate = f"{anchor}-dup{n}"
        used_anchors.add(candidate)
        return candidate

    for offset, raw in enumerate(text.split("\n")):
        line_no = first_line + offset
        line = strip_invisible(raw).rstrip()
        stripped = line.strip(" \t\u3000")
        if not stripped:
            block, in_table = None, False
            continue
        heading = HEADING_RE.match(stripped)
        if heading:
            article, block, in_table = None, None, False
            level = len(heading.group(1))
            title = squeeze(heading.group(2))
            structure = STRUCTURE_RE.match(compact(title))
            if structure:
                number = cn_to_int(structure.group(1))
                kind = STRUCTURE_KIND[structure.group(2)]
                rest = squeeze(title[title.find(structure.group(2)) + len(structure.group(2)):])
                rest = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", rest)
                title = f"第{structure.group(1)}{structure.group(2)} {rest}".strip()
                if kind == "part":
                    part_no[0], part_no[1] = number, None
                    anchor = unique(f"part-{number}")
                elif kind == "subpart":
                    part_no[1] = number
                    anchor = unique(f"part-{part_no[0] or 0}-{number}")
                elif kind == "chapter":
                    anchor = unique(chapter_anchor(number))
                else:
                    anchor = unique(f"sec-{chapter.number if chapter and chapter.number else 0}-{number}")
                node = Heading(kind, level, number, title, anchor, line_no)
                if kind == "chapter":
                    chapter, section = node, None
                elif kind == "section":
                    section = node
                elif kind in ("part", "subpart"):
                    chapter, section = None, None
                in_attachment = False
            else:
                counters["other"] = counters.get("other", 0) + 1
                node = Heading("other", level, None, title, unique(f"h-{counters['other']}"), line_no)
                if ATTACHMENT_RE.match(compact(title)):
                    in_attachment = True
                    chapter, section = None, None
            items.append(node)
            continue
        match = None if in_attachment else ARTICLE_RE.match(stripped)
        if match:
            number = cn_to_int(match.group(1))
            sub = cn_to_int(match.group(2)) if match.group(2) else 0
            spaced = bool(match.group(3))
            if not 1 <= number < 10000 or not 0 <= sub < 10000 or (match.group(2) and sub == 0):
                written = stripped[: match.start(3)]
                problems.append(Problem(path, line_no, f"“{written}”不是有效的条号。", "条号从第一条开始，不能为零，也不能超过第九千九百九十九条；请改正编号。"))
                match = None
        if match:
            expected = last_key is None and (number, sub) in ((1, 0),) or (
                last_key is not None and ((number, sub) == (last_key[0] + 1, 0) or (number == last_key[0] and sub == last_key[1] + 1))
            )
            if not spaced and not expected and article is not None:
                match = None  # "第五条所列……" continuing the current article, not a new one
        if match:
            key = (number, sub)
            if key in seen_articles:
                label = Article(number, sub, [], 0).label
                problems.append(Problem(path, line_no, f"{label}重复（第 {seen_articles[key]} 行已有{label}）。", "请检查条文编号，同一制度中每条的编号只能出现一次。"))
            elif last_key is not None and key < last_key:
                label = Article(number, sub, [], 0).label
                problems.append(Problem(path, line_no, f"{label}出现在{Article(*last_key, [], 0).label}之后，编号顺序不对。", "请按顺序编排条文编号。", Severity.WARNING))
            elif last_key is not None and sub == 0 and number > last_key[0] + 1:
                label = Article(number, sub, [], 0).label
                problems.append(Problem(path, line_no, f"{label}之前缺少{missing_span(last_key[0] + 1, number - 1)}。", "请检查是否漏写或跳号。", Severity.WARNING))
            seen_articles.setdefault(key, line_no)
            last_key = max(key, last_key) if last_key else key
            article = Article(number, sub, [squeeze(match.group(4))], line_no, chapter, section, [line_no])
            used_anchors.add(article.anchor)
            items.append(article)
            block, in_table = None, False
            continue
        is_table = stripped.startswith("|")
        if article is not None and not is_table and not in_table:
            text_line = squeeze(stripped)
            item = ITEM_RE.match(text_line)
            if item:
                text_line = f"（{item.group(1)}）" + text_line[item.end():]
            article.paragraphs.append(text_line)
            article.paragraph_lines.append(line_no)
            continue
        if block is None or (is_table != in_table):
            block = Block([], line_no)
            items.append(block)
            if article is not None and is_table:
                # A table right after an article's paragraphs belongs to the body, not to the article's text.
                article = None
        in_table = is_table
        block.lines.append(line if is_table else stripped)
    return items, problems


def parse_regulation(raw: str, path: str, institution: str = "", stem: str | None = None) -> tuple[Regulation | None, list[Problem]]:
    """Parse a file's text. Returns the regulation (None when the front-matter is unusable) and every problem found."""
    text = normalize_source(raw)
    problems: list[Problem] = []
    reg_id = stem if stem is not None else path.rsplit("/", 1)[-1].removesuffix(".md")
    if not ID_PATTERN.match(reg_id):
        problems.append(id_problem(reg_id, path))
    if not text.strip():
        problems.append(Problem(path, 1, "文件是空的。", "请写上 front-matter 和正文；不需要的文件请删除。"))
        return None, problems
    problems += control_character_problems(text, path)
    text = CONTROL_RE.sub("", text)
    source = read_front_matter(text, path)
    meta, meta_problems = parse_front_matter(source, path, institution)
    problems += meta_problems
    if not source.found:
        return None, problems
    body_line = source.body_line
    body_text = "\n".join(text.split("\n")[body_line - 1:])
    if not body_text.strip():
        # An empty page would be published as if the regulation had no text: a half-finished file, not a choice.
        problems.append(Problem(path, body_line - 1, "只有 front-matter，没有正文。", "请在 --- 之后写上制度正文（“第一条 ……”）；尚未定稿的制度请先不要放入 regulations/。"))
        return None, problems
    body, body_problems = parse_body(body_text, body_line, path)
    problems += body_problems
    problems += markup_warnings(body_text, body_line, path)
    if meta is None or any(p.is_error for p in problems):
        # Keep the id check and body problems; a regulation with errors is not returned.
        return None, problems
    if not any(isinstance(b, Article) for b in body):
        problems.append(Problem(path, body_line, "正文中没有识别出任何条文。", "条文应单独成段，以“第一条”开头；如本文件确实不分条，可忽略此提示。", Severity.WARNING))
    return Regulation(reg_id, path, meta, body, body_line), problems


def id_problem(reg_id: str, path: str) -> Problem:
    """The file name is not an id: say which name would be, when one is obvious."""
    guess = re.sub(r"[\s_]+", "-", reg_id.strip().lower())
    fix = f"编号只能含小写英文字母、数字和连字符：请把文件改名为 {guess}.md。" if ID_PATTERN.match(guess) else "请把文件改名为只含小写英文字母、数字和连字符的名称（如拼音），如 kaoqin.md 或 qc-gongche.md。"
    return Problem(path, 1, f"文件名“{reg_id}.md”不能作为制度编号。", fix)


def control_character_problems(text: str, path: str, limit: int = 5) -> list[Problem]:
    """Invisible control characters (pasted from other systems): one error per line, the first few lines only."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = CONTROL_RE.search(line)
        if match:
            problems.append(Problem(path, number, f"这一行含有看不见的控制字符 U+{ord(match.group()):04X}。", "请删除该字符（常见于从其他系统复制的文字）：可把这一行删掉后重新输入。"))
            if len(problems) >= limit:
                break
    return problems
