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


def test_sample_health_report_and_point_in_time_citations(tmp_path):
    """The 制度体检 of the sample as the meeting and the maintainers read it, and the 疫情意见's citation of the civil
    procedure law, read against the text in force in 2020."""
    import datetime as dt
    import re

    from zhidu.corpus.config import read_site_config
    from zhidu.corpus.health import UNKNOWN_TITLE, health_report
    from zhidu.corpus.load import load_corpus
    from zhidu.printing.health import health_html
    from zhidu.printing.render import render_pdf

    today = dt.date(2026, 12, 2)
    config = read_site_config(PROJECT)
    corpus = load_corpus(PROJECT, config.institution, today)
    histories = corpus.histories

    def history(reg_id):
        hist = histories[reg_id]
        return hist.infos[0].effective, hist.main.effective, hist.main.version.committed

    report = health_report(corpus.working, today, config.review, history, histories)
    rows = {row.regulation.id: row for row in report.rows}
    assert rows["xuexi"].status_text(today).startswith("现行有效")  # its 2027 revision is pending, the 2021 text in force
    assert rows["xuexi"].first_effective <= today
    unknown = sum(f.kind == UNKNOWN_TITLE.key for f in report.findings)
    assert unknown < len(report.findings) - unknown
    # 疫情意见 (2020) cites 《中华人民共和国民事诉讼法》第八十三条: read against the text in force in 2020 when the
    # shelf holds it (the article on 顺延期限), else the page says the shelf starts later.
    yiqing = corpus.collection.regulations["yiqing-yijian"]
    (article,) = [a for a in yiqing.articles if "第八十三条" in a.text]
    (citation,) = [c for c in corpus.collection.citations(yiqing, article.text) if c.number == 83]
    resolution = corpus.collection.resolve(yiqing, citation)
    if resolution.as_of is not None:
        old = next(info for info in histories["minshi-susongfa"].infos if info.effective == resolution.as_of)
        assert "顺延期限" in old.regulation.article(83).text
    else:
        assert resolution.fate == "older" and resolution.earliest > yiqing.meta.effective
    # The meeting's PDF: regulations, articles and dates only.
    target = tmp_path / "health.pdf"
    render_pdf(health_html(report, config.institution, config.site_url), target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("status", "trial_until", "review_by", "effective", "replaced_by", "aliases", "regulations/", ".md"):
        assert word not in text, word
    assert not re.search(r"《[^》]*(?:申请单|评查表)》", text)  # forms are the maintainers' list, not the meeting's
