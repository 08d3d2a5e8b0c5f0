"""LawRefBook (cn-laws) Markdown through ``python -m zhidu import``: the articles read back are those of
``zhidu.corpus.cnlaws.convert``, the project's own reading of the same file."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sitekit import CORPUS, make_site

from zhidu.corpus import cnlaws
from zhidu.corpus.collection import load_collection
from zhidu.domain.parser import parse_regulation

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/cn-laws is not beside the project")


def articles(text: str, name: str) -> list[tuple[str, list[str]]]:
    regulation, problems = parse_regulation(text, name, "", "x")
    assert regulation is not None, [p.format() for p in problems]
    return [(a.label, a.paragraphs) for a in regulation.articles]


def test_real_laws_import_with_the_articles_of_the_corpus(tmp_path):
    sources = [next(CORPUS.glob("*/法官法*.md")), next(CORPUS.glob("*/公务员法*.md")), next(CORPUS.glob("刑法/刑法.md"))]
    site = make_site(tmp_path, {}, commit=False)
    result = subprocess.run([sys.executable, "-m", "zhidu", "import", *map(str, sources), "--category", "法律"], cwd=site.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    files = {p.stem: p for p in (site.root / "regulations").glob("*.md")}
    assert sorted(files) == ["faguanfa", "gongwuyuanfa", "xingfa"]
    for source in sources:
        title = cnlaws.title_of(source)
        reg_id = next(stem for stem, path in files.items() if f"title: {title}\n" in path.read_text(encoding="utf-8"))
        assert articles(files[reg_id].read_text(encoding="utf-8"), reg_id) == articles(cnlaws.convert(source)[1], source.name)
    judges = files["faguanfa"].read_text(encoding="utf-8")
    assert "\neffective: 2019-10-01\n" in judges  # 本法自2019年10月1日起施行, not the date of adoption in the file name
    assert "## 第一编 总则\n\n### 第一章 刑法的任务、基本原则和适用范围\n" in files["xingfa"].read_text(encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=site.root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_every_cnlaws_file_is_imported_or_reported(tmp_path):
    """Each of the corpus' files is written and passes the project's checks, or gets one line saying why not:
    no articles (amendments numbered 一、二、), or a second dated version of a title already imported."""
    sources = sorted(p for p in CORPUS.rglob("*.md") if p.name.lower() != "readme.md")
    into = tmp_path / "regulations"
    result = subprocess.run([sys.executable, "-m", "zhidu", "import", *map(str, sources), "--into", str(into)], cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2  # the corpus holds several versions of some titles: those are refused
    lines = result.stderr.splitlines()
    reasons = {
        "no articles": [line for line in lines if "：没有找到条文（以“第一条”开头的段落），未导入。" in line],
        "same title": [line for line in lines if "：已有同名制度 " in line],
    }
    assert all(line.startswith("未导入 ") for line in lines)
    other = [line for line in lines if not any(line in group for group in reasons.values())]
    summary = re.search(r"共 (\d+) 个文件：已导入 (\d+) 个，未导入 (\d+) 个。", result.stdout)
    total, imported, failed = map(int, summary.groups())
    print(f"cn-laws: {total} files, {imported} imported, " + ", ".join(f"{len(v)} {k}" for k, v in reasons.items()) + f", {len(other)} other")
    assert other == []
    assert total == len(sources) and failed == len(lines)
    assert imported == len(list(into.glob("*.md"))) >= len(sources) * 0.85
    collection = load_collection(into, tmp_path, "")
    assert collection.errors == [], [p.format() for p in collection.errors[:10]]
    assert len(collection.regulations) == imported
