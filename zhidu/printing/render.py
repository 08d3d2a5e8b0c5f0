"""Rendering HTML to PDF with WeasyPrint: cache look-ups, a process pool for the misses, a progress bar.

Workers are separate processes so that a long handbook neither blocks the other documents nor grows the
memory of the MkDocs process; they are spawned (not forked) because the build may run in a thread.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zhidu.corpus.config import pdfs_later
from zhidu.printing.cache import PdfCache
from zhidu.printing.documents import TEMPLATES, stylesheet

log = logging.getLogger("mkdocs.plugins.zhidu.printing")

if TYPE_CHECKING:
    from rich.progress import Progress

_FONT_CONFIG = None


@dataclass
class Job:
    """One PDF to produce: ``target`` is relative to the site folder (``pdf/kaoqin.pdf``)."""

    target: str
    html: str
    label: str
    key: str = ""


@dataclass
class RenderStats:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    """Not in the cache and not rendered under ``ZHIDU_PDF_LATER=1``: absent from the site until a later build."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Render time of each rendered target."""
    peak_rss_mb: float = 0.0
    """Largest resident memory of a rendering process (the MkDocs process itself when rendering in-process)."""


def render_pdf(html: str, target: Path) -> float:
    """Render one document to ``target``; returns the seconds it took."""
    global _FONT_CONFIG
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    css = CSS(string=stylesheet(), font_config=_FONT_CONFIG)
    HTML(string=html, base_url=str(TEMPLATES)).write_pdf(target, stylesheets=[css], font_config=_FONT_CONFIG)
    return time.perf_counter() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(html: str, target: str) -> tuple[float, float]:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    seconds = render_pdf(html, Path(target))
    return seconds, _peak_rss_mb()


def render_few(jobs: list[Job], cache: PdfCache, site_dir: Path) -> list[str]:
    """A post-build step for a feature's few PDFs (the health report, role lists, quiz sheets): rendered in this
    process, with no pool to start for a handful; each failure is a warning in the build log, and the site and the
    other PDFs are written all the same."""
    stats = render_jobs(jobs, Path(site_dir), cache, workers=1, progress=False)
    for target, error in stats.failed:
        log.warning(f"PDF 生成失败：{target}（{error}）。")
    return [later_line(stats.later)] if stats.later else []


def later_line(targets: list[str]) -> str:
    """The build log's line for PDFs left for a later build (the publishing server looks for its words)."""
    return f"PDF：{len(targets)} 份内容有变化，稍后生成（{'、'.join(targets[:3])}{' 等' if len(targets) > 3 else ''}）。"


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def render_jobs(
    jobs: list[Job],
    site_dir: Path,
    cache: PdfCache,
    workers: int | None = None,
    progress: bool = True,
    cancelled: Callable[[], bool] = lambda: False,
) -> RenderStats:
    """Write every job's PDF into ``site_dir``, reusing cached files; render the rest, longest first."""
    css = stylesheet()
    stats = RenderStats()
    misses: list[Job] = []
    for job in jobs:
        job.key = job.key or cache.key(job.html, css)
        if cache.get(job.key) is not None:
            cache.copy_to(job.key, site_dir / job.target)
            stats.reused.append(job.target)
        else:
            misses.append(job)
    if not misses:
        return stats
    if pdfs_later():  # the publishing server's first release: the pages now, these PDFs in the next release
        for job in misses:
            (site_dir / job.target).unlink(missing_ok=True)  # never the previous version's file in its place
            stats.later.append(job.target)
        return stats
    misses.sort(key=lambda j: len(j.html), reverse=True)
    workers = min(workers or default_workers(), len(misses))
    with _progress_bar(progress, len(misses)) as advance:
        if workers <= 1:
            for job in misses:
                if cancelled():
                    break
                _finish(job, cache, site_dir, stats, functools.partial(_render_here, job, cache))
                advance(job.label)
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(_worker, job.html, str(cache.temp_path(job.key))): job for job in misses}
                for future in as_completed(futures):
                    job = futures[future]
                    _finish(job, cache, site_dir, stats, future.result)
                    advance(job.label)
                    if cancelled():
                        for other in futures:
                            other.cancel()
                        break
    return stats


def _render_here(job: Job, cache: PdfCache) -> tuple[float, float]:
    """Render one job in this process: (seconds, peak memory in MB)."""
    return render_pdf(job.html, cache.temp_path(job.key)), _peak_rss_mb()


def _finish(job: Job, cache: PdfCache, site_dir: Path, stats: RenderStats, outcome: Callable[[], tuple[float, float]]) -> None:
    try:
        seconds, rss = outcome()
    except Exception as exc:  # one document failing must not hide the others; the caller reports it
        stats.failed.append((job.target, f"{type(exc).__name__}: {exc}"))
        cache.temp_path(job.key).unlink(missing_ok=True)
        # A site folder kept from an earlier build (mkdocs build --dirty, the publishing server) may hold the previous
        # version's PDF here: it must not be published as this version's.
        (site_dir / job.target).unlink(missing_ok=True)
        return
    cache.put(job.key, cache.temp_path(job.key))
    cache.copy_to(job.key, site_dir / job.target)
    stats.rendered.append(job.target)
    stats.seconds[job.target] = seconds
    stats.peak_rss_mb = max(stats.peak_rss_mb, rss)


class _progress_bar:
    """A rich progress bar on a terminal; nothing at all in logs, tests and CI."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled
        self.total = total
        self.progress: Progress | None = None

    def __enter__(self) -> Callable[[str], None]:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(stderr=True)
            if console.is_terminal:
                self.progress = Progress(
                    TextColumn("生成 PDF"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
                    console=console, transient=True,
                )
                self.progress.start()
                self.task = self.progress.add_task("", total=self.total)

        def advance(label: str) -> None:
            if self.progress is not None:
                self.progress.update(self.task, advance=1, description=label)

        return advance

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
