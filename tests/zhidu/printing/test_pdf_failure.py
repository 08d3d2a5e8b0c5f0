"""One PDF that cannot render is reported with its file; the site and every other PDF are still published, and
``python -m zhidu build`` says so in its summary and exit status (3)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from sitekit import PROJECT, make_site, regulation

pytestmark = pytest.mark.slow

FILES = {
    "regulations/a/qingjia.md": regulation("东港市人民法院请假规定", "第一条 请假应当事先申请。", short_title="请假规定"),
    "regulations/a/huaide.md": regulation("东港市人民法院无法排版规定", "第一条 本规定的 PDF 在测试中无法生成。", short_title="无法排版规定"),
}

# A real failure inside the real renderer, in every process that renders (the spawned workers load it too):
# WeasyPrint is made to raise for one document only.
SITECUSTOMIZE = textwrap.dedent('''
    import zhidu.printing.render as render

    _original = render.render_pdf

    def render_pdf(html, target):
        if "<title>东港市人民法院无法排版规定</title>" in html:
            raise RuntimeError("排版引擎出错")
        return _original(html, target)

    render.render_pdf = render_pdf
''')


def test_a_failed_pdf_is_reported_and_everything_else_is_published(tmp_path):
    site = make_site(tmp_path, FILES)
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {
        **os.environ, "ZHIDU_PDF": "1", "ZHIDU_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(harness), str(PROJECT)]),
    }
    result = subprocess.run([sys.executable, "-m", "zhidu", "build"], cwd=site.root, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "Traceback" not in output
    assert "PDF 生成失败：pdf/huaide.pdf（RuntimeError: 排版引擎出错）。请检查该制度中是否有异常字符；网站和其他 PDF 不受影响。" in output
    assert "但有 1 份 PDF 生成失败：pdf/huaide.pdf（原因见上面的日志）。网站和其他 PDF 已更新。" in output
    pdf = site.root / "site" / "pdf"
    assert (pdf / "qingjia.pdf").exists() and (pdf / "handbook.pdf").exists()
    assert not (pdf / "huaide.pdf").exists()
    assert "本规定的 PDF 在测试中无法生成" in site.html("regulations/huaide/")  # its page is published

    # Fixed (the harness gone): the next build renders it and succeeds.
    env["PYTHONPATH"] = str(PROJECT)
    again = subprocess.run([sys.executable, "-m", "zhidu", "build"], cwd=site.root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (pdf / "huaide.pdf").exists()


@pytest.mark.parametrize("stale", [True, False])
def test_a_failed_pdf_leaves_no_older_pdf_in_a_kept_site_folder(tmp_path, monkeypatch, stale):
    """``mkdocs build --dirty`` (the publishing server) renders into the site folder of the previous build: when this
    version's PDF fails, the previous version's file there is removed, never published as this one."""
    import zhidu.printing.render as render
    from zhidu.printing.cache import PdfCache

    site_dir = tmp_path / "site"
    target = site_dir / "pdf" / "kaoqin.pdf"
    if stale:
        target.parent.mkdir(parents=True)
        target.write_bytes(b"%PDF-1.7 the previous version")

    def fails(html, out):
        raise RuntimeError("排版引擎出错")

    monkeypatch.setattr(render, "render_pdf", fails)
    job = render.Job("pdf/kaoqin.pdf", "<html><title>新版本</title></html>", "kaoqin")
    stats = render.render_jobs([job], site_dir, PdfCache(tmp_path / "cache"), workers=1, progress=False)
    assert [t for t, _ in stats.failed] == ["pdf/kaoqin.pdf"]
    assert not target.exists()
