"""Warnings about things in a regulation's body that the site will not do: raw HTML and ``javascript:`` links.

The pages escape every character of the text (``pages.escape``), so nothing here can run in a reader's browser;
the warning tells the maintainer that what was pasted will show as literal text, usually an accident.
"""

from __future__ import annotations

import re

from zhidu.domain.errors import Problem, Severity

TAG_RE = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>?|<!--")
SCRIPT_URL_RE = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|data\s*:\s*text/html", re.I)


def markup_warnings(body: str, first_line: int, path: str) -> list[Problem]:
    """One warning per body line that holds an HTML tag or a script URL; ``first_line`` is the body's file line."""
    problems: list[Problem] = []
    for offset, line in enumerate(body.split("\n")):
        script = SCRIPT_URL_RE.search(line)
        if script:
            problems.append(Problem(
                path, first_line + offset, f"正文含有脚本链接“{script.group().replace(' ', '')}”，网页上只显示为文字，不会成为链接。",
                "请删除它；附件请写明名称，另行上传。", Severity.WARNING,
            ))
            continue
        tag = TAG_RE.search(line)
        if tag:
            shown = "<!--" if tag.group() == "<!--" else f"<{tag.group(1).lower()}>"
            problems.append(Problem(
                path, first_line + offset, f"正文含有 HTML 标记“{shown}”，网页上会原样显示为文字。",
                "制度正文只需写文字和 Markdown 表格；如是从网页或其他系统误粘贴的，请删除。", Severity.WARNING,
            ))
    return problems
