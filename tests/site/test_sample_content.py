"""The project's own regulations/ build strictly, with every feature, and pass `make check`'s validation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitekit import PROJECT

from zhidu.corpus.collection import load_collection

pytestmark = pytest.mark.slow


def test_sample_content_validates():
    collection = load_collection(PROJECT / "regulations", PROJECT, "东港市人民法院")
    assert [p.format() for p in collection.errors] == []
    assert len(collection.regulations) >= 15
    assert sum(len(r.articles) for r in collection.regulations.values()) >= 300
    assert sum(len(v) for v in collection.cited_by.values()) >= 10


def test_sample_content_strict_build(tmp_path):
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=PROJECT, capture_output=True, text=True, env={**os.environ, "ZHIDU_PDF": "0", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    secret_paths = [line.split("：", 1)[1] for line in result.stderr.splitlines() if "已跳过涉密文件：" in line]
    assert secret_paths, "the sample content has a secret example"
    for rel in secret_paths:
        text = (PROJECT / rel).read_text(encoding="utf-8")
        title = yaml.safe_load(text.split("---")[1])["title"]
        body_lines = [line for line in text.split("---", 2)[2].splitlines() if len(line) > 20]
        needles = [Path(rel).stem, title, *(line[4:20] for line in body_lines[:5])]
        for path in (tmp_path / "site").rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for needle in needles:
                    assert needle.encode() not in data, (rel, needle, path)
