"""Parse one regulation file (front-matter and body) into the model, collecting every problem on the way."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import Problem, Severity
from .model import Article, Block, BodyItem, FrontMatter, Heading, Regulation
from .numerals import NUMERAL_CHARS, cn_to_int
from .schema import FIELDS, FIELDS_BY_NAME, closest_field, parse_date
from .text import compact, normalize_source, squeeze, strip_invisible

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_N = f"[{NUMERAL_CHARS}]+"
ARTICLE_RE = re.compile(rf"^第({_N})条(?:之({_N}))?([ \u3000\t]*)(.*)$", re.S)
STRUCTURE_RE = re.compile(rf"^第({_N})(分编|编|章|节)[ \u3000]*(.*)$")
HEADING_RE = re.compile(r"^(#{1,6})[ \t\u3000]+(.*?)[ \t#]*$")
ITEM_RE = re.compile(rf"^[（(]({_N})[)）][ \u3000]*")
ATTACHMENT_RE = re.compile(r"^(附件|附录|附表)")
STRUCTURE_KIND = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}


def split_front_matter(text: str, path: str) -> tuple[str | None, int, int, list[Problem]]:
    """Return (yaml text, line where the YAML starts, line where the body starts, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 1, 1, [Problem(path, 1, "文件开头没有 front-matter。", "请在第一行写 ---，随后写 title、category、status、effective 等字段，再以一行 --- 结束。")]
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, index + 2, []
    return None, 1, 1, [Problem(path, 1, "front-matter 没有结束标记。", "请在字段之后单独写一行 --- 。")]


def _key_lines(yaml_text: str, first_line: int) -> dict[str, int]:
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def parse_front_matter(yaml_text: str, first_line: int, path: str, institution: str) -> tuple[FrontMatter | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        data = yaml.safe_load(yaml_text) if yaml_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        return None, [Problem(path, line, "front-matter 的 YAML 格式有误。", "请检查这一行的冒号、缩进和引号：每行写成“字段: 值”，冒号后留一个空格。")]
    if not isinstance(data, dict):
        return None, [Problem(path, first_line, "front-matter 应当是“字段: 值”的列表。", f"请每行写一个字段，如 title: {institution or '本院'}……规定。")]
    lines = _key_lines(yaml_text, first_line)
    values: dict[str, Any] = {}
    for key, value in data.items():
        key_text = str(key)
        line = lines.get(key_text, first_line)
        field = FIELDS_BY_NAME.get(key_text)
        if field is None:
            guess = closest_field(key_text)
            fix = f"是否应为“{guess}”？请改正字段名。" if guess else "请删除该字段；可用字段见维护指南的字段说明。"
            problems.append(Problem(path, line, f"未知字段“{key_text}”。", fix))
            continue
        checked = _check_value(field, value, path, line, problems, institution)
        if checked is not None:
            values[key_text] = checked
    missing = [f for f in FIELDS if f.required and f.name not in data]
    for f in missing:
        problems.append(Problem(path, first_line - 1, f"缺少必填字段 {f.name}（{f.label}）。", f"请在 front-matter 中加一行，如 {f.name}: {f.example_for(institution)}"))
    if values.get("status") == "已废止" and "repealed" not in values and "repealed" not in data:
        problems.append(Problem(path, lines.get("status", first_line), "状态为“已废止”，但没有填写废止日期 repealed。", "请加一行 repealed: YYYY-MM-DD。"))
    if any(p.is_error for p in problems) or missing:
        return None, problems
    issuer = values.get("issuer") or institution
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
        lines=lines,
    )
    return meta, problems


def default_short_title(title: str, issuer: str) -> str:
    if issuer and title.startswith(issuer) and len(title) > len(issuer):
        return title[len(issuer):]
    return title


def _check_value(field, value, path: str, line: int, problems: list[Problem], institution: str = ""):
    name = f"{field.name}（{field.label}）"
    if value is None or value == "":
        if field.required:
            problems.append(Problem(path, line, f"字段 {name}是空的。", f"请填写，如 {field.name}: {field.example_for(institution)}"))
        return None
    if field.kind == "date":
        date = parse_date(value)
        if date is None:
            problems.append(Problem(path, line, f"字段 {name}的日期“{value}”格式不对。", f"请写成 YYYY-MM-DD，如 {field.name}: {field.example_for(institution)}"))
        return date
    if field.kind == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            problems.append(Problem(path, line, f"字段 {name}应当是列表。", f"请写成 {field.name}: {field.example_for(institution)}"))
            return None
        return [squeeze(str(v)) for v in value if str(v).strip()]
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.append(Problem(path, line, f"字段 {name}应当是一段文字。", f"请写成 {field.name}: {field.example_for(institution)}"))
        return None
    text = squeeze(str(value))
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
                    anchor = unique(f"ch-{number}")
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
        problems.append(Problem(path, 1, f"文件名“{reg_id}.md”不能作为制度编号。", "请把文件改名为只含小写英文字母、数字和连字符的名称，如 kaoqin.md 或 qc-gongche.md。"))
    yaml_text, yaml_line, body_line, split_problems = split_front_matter(text, path)
    problems += split_problems
    if yaml_text is None:
        return None, problems
    meta, meta_problems = parse_front_matter(yaml_text, yaml_line, path, institution)
    problems += meta_problems
    body_text = "\n".join(text.split("\n")[body_line - 1:])
    body, body_problems = parse_body(body_text, body_line, path)
    problems += body_problems
    if meta is None or any(p.is_error for p in problems):
        # Keep the id check and body problems; a regulation with errors is not returned.
        return None, problems
    if not any(isinstance(b, Article) for b in body):
        problems.append(Problem(path, body_line, "正文中没有识别出任何条文。", "条文应单独成段，以“第一条”开头；如本文件确实不分条，可忽略此提示。", Severity.WARNING))
    return Regulation(reg_id, path, meta, body, body_line), problems
