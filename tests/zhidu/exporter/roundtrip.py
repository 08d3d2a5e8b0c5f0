"""import(export(regulation)), in process: the Word file zhidu exports, read back by the importer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import yaml

from zhidu.domain.officialdoc import LAYOUT_KEYS
from zhidu.domain.parser import parse_regulation, split_front_matter
from zhidu.domain.schema import OWN_KIND
from zhidu.domain.text import normalize_source
from zhidu.exporter.layout import choose_fonts
from zhidu.exporter.word import to_docx
from zhidu.importer.infer import infer, split_notice
from zhidu.importer.sources import read_source
from zhidu.importer.writer import render

INSTITUTION = "东港市人民法院"


def front_matter(text: str) -> dict:
    yaml_text, _, _, _ = split_front_matter(normalize_source(text), "")
    return yaml.safe_load(yaml_text or "") or {}


def round_trip(text: str, reg_id: str, folder: Path, keep_properties: bool = True):
    """(original, imported back) as parsed regulations, and the number of parts the importer saw."""
    original, problems = parse_regulation(text, f"{reg_id}.md", INSTITUTION, reg_id)
    assert original is not None, [p.format() for p in problems]
    path = folder / f"{reg_id}.docx"
    path.write_bytes(to_docx(original, front_matter(text), INSTITUTION, choose_fonts()))
    source = read_source(path)
    if not keep_properties:
        source.properties = {}
    parts = split_notice(source)
    draft = infer(parts[0], dt.date(2030, 1, 1))
    back_text = render(draft, str(draft.extra.get("category") or "未分类"), str(draft.extra.get("kind") or OWN_KIND))
    back, problems = parse_regulation(back_text, f"{reg_id}.md", INSTITUTION, reg_id)
    assert back is not None, [p.format() for p in problems]
    return original, back, len(parts)


def meta(regulation, keys=None) -> dict:
    fields = dataclasses.asdict(regulation.meta)
    fields.pop("lines")
    return {k: v for k, v in fields.items() if keys is None or k in keys}


def articles(regulation) -> list[tuple[str, list[str]]]:
    return [(a.label, a.paragraphs) for a in regulation.articles]


def layout_meta(regulation) -> dict:
    return meta(regulation, LAYOUT_KEYS)
