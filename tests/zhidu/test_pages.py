"""Pieces of the generated regulation pages, from a collection loaded from files (no MkDocs)."""

from __future__ import annotations

from pathlib import Path

from sitekit import regulation

from zhidu.corpus.collection import load_collection
from zhidu.render.pages import PageContext, cited_by_section, page_path


def _collection(tmp_path: Path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_collection(tmp_path / "regulations", tmp_path, "东港市人民法院")


def test_an_article_citing_a_regulation_twice_is_listed_once(tmp_path):
    collection = _collection(tmp_path, {
        "regulations/huifeng.md": regulation("会风会纪管理制度", "第一条 甲。\n\n第二条 请假。"),
        "regulations/xuexi.md": regulation(
            "干警日常学习制度",
            "第一条 集中学习的纪律依照《会风会纪管理制度》的有关规定执行。\n\n不能参加的，依照《会风会纪管理制度》第二条的规定事先请假。",
        ),
    })
    section = cited_by_section(collection, collection.regulations["huifeng"], PageContext("现行有效", page_path("huifeng")))
    assert [line for line in section.splitlines() if line.startswith("<li>")] == [
        '<li><a href="../xuexi/#art-1">《干警日常学习制度》第一条</a>，引用本制度<a href="#art-2">第二条</a></li>',
    ]
