"""Printed output (SPEC §8): a PDF of every published regulation, the handbook (制度汇编) and the study packs.

A build feature: ``prepare`` links each regulation page to its PDF, ``extend`` adds the study-pack page, the
home page's download links and the post-build step that renders the PDFs into the folder MkDocs wrote.
``ZHIDU_PDF=0`` renders none; under ``mkdocs serve`` they are rendered in a background thread.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from zhidu import urls
from zhidu.build.background import LatestOnly
from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.config import pdf_enabled
from zhidu.domain.dates import cn_date
from zhidu.printing.cache import PdfCache
from zhidu.printing.jobs import HANDBOOK, PrintInput, all_jobs, pending_note, regulation_pdf
from zhidu.printing.render import RenderStats, later_line, render_jobs
from zhidu.printing.studypack import STUDY_FOLDER, StudyPack, load_packs
from zhidu.render.pages import escape, link, page_path

log = logging.getLogger("mkdocs.plugins.zhidu.printing")

DOWNLOADS_MARKER = "<!-- zhidu:downloads -->"
STUDY_PAGE = urls.STUDY


enabled = pdf_enabled


def _pdf_link(from_src: str, target: str, label: str) -> str:
    # Raw HTML: MkDocs would check a Markdown link against the documentation files, and PDFs are not among them.
    return f'<a class="zd-pdf" href="{link(from_src, target)}" type="application/pdf">{label}</a>'


def print_input(state: BuildState, packs: list[StudyPack]) -> PrintInput:
    """What the printed documents of this build are made of."""
    return PrintInput(
        state.institution, state.today, state.collection, state.config.site_url,
        statuses={reg_id: state.corpus.status(reg_id) for reg_id in state.collection.regulations}, packs=packs, histories=state.histories,
        comparisons=state.comparisons,
        review=state.config.review,
    )


class Printing:
    name = "printing"

    def prepare(self, state: BuildState) -> None:
        if not enabled():
            return
        for reg_id in state.collection.regulations:
            ctx = state.context(reg_id)
            ctx.toolbar.append(_pdf_link(ctx.src_path, regulation_pdf(reg_id), "打印版（PDF）"))

    def extend(self, state: BuildState, result: BuildResult) -> None:
        packs = load_packs(state.regulations_dir / STUDY_FOLDER, state.root, state.collection)
        source = print_input(state, packs)
        if packs:
            pending = {item.regulation: source.pending(item.regulation) for pack in packs for item in pack.items}
            result.plan.pages[STUDY_PAGE] = study_page(packs, state.collection, {r: d for r, d in pending.items() if d})
            result.plan.nav.append({"学习材料": STUDY_PAGE})
        result.markers[DOWNLOADS_MARKER] = downloads(bool(packs))
        if not enabled():
            return
        cache = PdfCache(state.cache_dir / "pdf")
        if state.serving:
            result.post_build_steps.append(lambda site_dir: _render_in_background(source, cache, site_dir))
        else:
            failures = state.cache_dir / FAILURES_FILE
            result.post_build_steps.append(lambda site_dir: report(render_all(source, cache, site_dir), failures))


def render_all(source: PrintInput, cache: PdfCache, site_dir: Path, progress: bool = True, cancelled=lambda: False) -> RenderStats:
    started = time.perf_counter()
    stats = render_jobs(all_jobs(source), Path(site_dir), cache, progress=progress, cancelled=cancelled)
    stats.seconds["total"] = time.perf_counter() - started
    cache.prune()
    return stats


def report(stats: RenderStats, failures: Path | None = None) -> list[str]:
    """Lines for the build log; and, for a whole build, the record of failed PDFs that ``python -m zhidu build``
    turns into its summary and exit status. A failed PDF never fails the site: the site and every other PDF are
    published (a warning here would abort a strict build and so throw them all away)."""
    lines = [f"PDF：新生成 {len(stats.rendered)} 份，沿用缓存 {len(stats.reused)} 份，用时 {stats.seconds.get('total', 0):.1f} 秒。"]
    if stats.later:
        lines.append(later_line(stats.later))
    lines += [f"PDF 生成失败：{target}（{error}）。请检查该制度中是否有异常字符；网站和其他 PDF 不受影响。" for target, error in stats.failed]
    if failures is not None:
        write_failures(failures, stats.failed)
    return lines


FAILURES_FILE = "pdf-failures.json"
"""Under the cache folder: the PDFs the last whole build could not render (absent when none failed)."""


def write_failures(path: Path, failed: list[tuple[str, str]]) -> None:
    if not failed:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([{"pdf": target, "error": error} for target, error in failed], ensure_ascii=False), encoding="utf-8")


def read_failures(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []


BACKGROUND = LatestOnly("zhidu-pdf", "后台生成 PDF 失败", log)


def _render_in_background(source: PrintInput, cache: PdfCache, site_dir: Path) -> list[str]:
    """Under ``mkdocs serve``: the page reloads at once, PDFs follow; a newer build cancels an older run."""
    BACKGROUND.start(lambda current: report(render_all(source, cache, site_dir, progress=False, cancelled=lambda: not current())))
    return ["PDF 在后台生成，稍后刷新即可下载。"]


def downloads(has_packs: bool) -> str:
    """The home page's download section (replaces ``DOWNLOADS_MARKER``)."""
    lines: list[str] = []
    if enabled():
        lines.append(f"- {_pdf_link('index.md', HANDBOOK, '制度汇编（PDF）')}：本院现行有效（含试行）制度的合订本，带目录，可直接打印。")
    if has_packs:
        lines.append(f"- [学习材料]({STUDY_PAGE})：干警日常学习用的制度和条文选编，含修订对照表。")
    if not lines:
        return ""
    text = "## 打印与下载\n\n" + "\n".join(lines) + "\n"
    if enabled():
        text += "\n每项制度页面上的“打印版（PDF）”链接可下载该制度的打印版。\n"
    return text


def study_page(packs: list[StudyPack], collection, pending: dict | None = None) -> str:
    """The site page that lists the study packs, newest first, with what each contains and its PDF."""
    lines = ['---\ntitle: "学习材料"\n---\n', "# 学习材料", "", "干警日常学习用的制度和条文选编。打印版按公文格式排版，可直接打印分发。", ""]
    for pack in packs:
        lines += [f"## {escape(pack.title)}", "", f"学习日期：{cn_date(pack.date)}", ""]
        if pack.intro:
            lines += [escape(pack.intro), ""]
        for item in pack.items:
            regulation = collection.regulations[item.regulation]
            name = f"《{escape(regulation.meta.short_title)}》"
            if item.articles is None:
                lines.append(f"- [{name}]({link(STUDY_PAGE, page_path(item.regulation))})（全文）")
            else:
                arts = [regulation.article(*key) for key in item.articles]
                refs = "、".join(f"[{a.label}]({link(STUDY_PAGE, page_path(item.regulation), a.anchor)})" for a in arts if a is not None)
                lines.append(f"- [{name}]({link(STUDY_PAGE, page_path(item.regulation))}) {refs}")
            if pending and item.regulation in pending:
                lines[-1] += f"（{pending_note(cn_date(pending[item.regulation]))}）"
        if pack.changes_since:
            lines += ["", f"另附{cn_date(pack.changes_since)}以来所列制度的修订对照表。"]
        if enabled():
            lines += ["", _pdf_link(STUDY_PAGE, pack.pdf, "下载打印版（PDF）")]
        if pack.quiz:
            lines += ["", f"[学习自测]({link(STUDY_PAGE, urls.study_selftest(pack.name))})：在本站答题、当场核对，也可打印自测题。"]
        lines.append("")
    return "\n".join(lines)
