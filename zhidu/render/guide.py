"""Generated parts of the maintainers' guide: the front-matter reference comes from the schema itself."""

from __future__ import annotations

from zhidu.corpus.config import ENVIRONMENT
from zhidu.domain.schema import FIELDS

SCHEMA_MARKER = "<!-- zhidu:schema -->"
ENVIRONMENT_MARKER = "<!-- zhidu:environment -->"
INSTITUTION_MARKER = "<!-- zhidu:institution -->"
"""Replaced by ``extra.institution`` in hand-written pages, so that the guide's examples name the institution using it."""


def schema_reference(institution: str = "") -> str:
    """A Markdown table of every front-matter field, generated from ``schema.FIELDS``."""
    rows = ["| 字段 | 名称 | 必填 | 说明 | 示例 |", "| --- | --- | --- | --- | --- |"]
    for field in FIELDS:
        required = "是" if field.required else ("状态为已废止时必填" if field.name == "repealed" else "否")
        doc = field.doc
        if field.choices:
            doc += "可选值：" + "、".join(f"`{c}`" for c in field.choices) + "。"
        rows.append(f"| `{field.name}` | {field.label} | {required} | {doc} | `{field.name}: {field.example_for(institution)}` |")
    return "\n".join(rows) + "\n"


def environment_reference() -> str:
    """A Markdown table of every environment variable the tools read, generated from ``config.ENVIRONMENT``."""
    rows = ["| 变量 | 作用 | 示例 |", "| --- | --- | --- |"]
    rows += [f"| `{var.name}` | {var.doc} | `{var.name}={var.example}` |" for var in ENVIRONMENT]
    return "\n".join(rows) + "\n"
