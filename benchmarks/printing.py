"""Printing benchmark: per-regulation PDF time, the sample handbook, a ~300-page handbook's memory, and the cache.

Run: ``.venv/bin/python -m benchmarks.printing [--pages 300] [--skip-site]``. Prints Markdown for
docs/benchmarks.md. Targets: per-regulation median ≤ 1 s; sample handbook ≤ 20 s; a 300-page
handbook under 1.5 GB RSS; a second site build with nothing changed renders no PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.site import machine
from zhidu.corpus import cnlaws
from zhidu.corpus.collection import load_collection
from zhidu.corpus.config import read_site_config
from zhidu.printing.jobs import PrintInput, handbook_job, regulation_job
from zhidu.printing.render import render_pdf

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpora" / "cn-laws"
TODAY = dt.date(2026, 11, 25)


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def sample_source(root: Path) -> PrintInput:
    collection = load_collection(root / "regulations", root, "东港市人民法院")
    return PrintInput("东港市人民法院", TODAY, collection, read_site_config(PROJECT).site_url)


def _render_child(html: str, target: str, queue) -> None:
    import resource

    started = time.perf_counter()
    render_pdf(html, Path(target))
    queue.put((time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def render_in_child(html: str, target: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of rendering in a fresh process, as the build's workers do."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_render_child, args=(html, str(target), queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def per_regulation(out: Path) -> list[str]:
    source = sample_source(PROJECT)
    jobs = [regulation_job(source, reg.id) for reg in source.collection.sorted()]
    first = render_pdf(jobs[0].html, out / "warmup.pdf")  # loads fontconfig and the fonts once per process
    times = [render_pdf(job.html, out / f"r{i}.pdf") for i, job in enumerate(jobs)]
    counts = [pages(out / f"r{i}.pdf") for i in range(len(jobs))]
    return [
        f"| Per-regulation PDF, {len(jobs)} sample regulations ({min(counts)}–{max(counts)} pages), in one warm process | "
        f"median **{statistics.median(times):.2f} s**, max {max(times):.2f} s (first document of a process, fonts loading: {first:.2f} s) | ≤ 1 s median |",
    ]


def sample_handbook(out: Path) -> list[str]:
    job = handbook_job(sample_source(PROJECT))
    seconds, rss = render_in_child(job.html, out / "handbook.pdf")
    return [f"| Sample handbook ({pages(out / 'handbook.pdf')} pages), fresh process | **{seconds:.1f} s**, peak RSS {rss:.0f} MB | ≤ 20 s |"]


def big_handbook(out: Path, target_pages: int) -> list[str]:
    """A handbook of cn-laws texts, about ``target_pages`` pages (≈ 530 characters of converted source a page at 16pt)."""
    work = Path(tempfile.mkdtemp(prefix="zhidu-bench-print-"))
    try:
        budget, used = target_pages * 530, 0
        for path in cnlaws.newest(CORPUS):
            reg_id, text = cnlaws.convert(path)
            body = len(text)
            if body > budget // 4:  # many mid-sized laws rather than one code
                continue
            target = work / "regulations" / path.parent.name / f"{reg_id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            used += body
            if used >= budget:
                break
        collection = load_collection(work / "regulations", work, "东港市人民法院")
        source = PrintInput("东港市人民法院", TODAY, collection, read_site_config(PROJECT).site_url)
        job = handbook_job(source)
        seconds, rss = render_in_child(job.html, out / "big.pdf")
        count = pages(out / "big.pdf")
        return [f"| Handbook of {len(collection.regulations)} cn-laws texts, **{count} pages**, fresh process | {seconds:.1f} s, peak RSS **{rss:.0f} MB** | < 1.5 GB RSS |"]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def site_twice() -> list[str]:
    """``python -m zhidu build`` (what ``make site`` runs) twice on a copy of the project: the second renders nothing."""
    work = Path(tempfile.mkdtemp(prefix="zhidu-bench-site-"))
    try:
        for part in ("mkdocs.yml", "docs", "overrides", "hooks", "regulations"):
            source = PROJECT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / part)
        env = {**os.environ, "ZHIDU_PDF": "1", "NO_MKDOCS_2_WARNING": "1"}
        rows = []
        for run in ("first (empty cache)", "second (nothing changed)"):
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "zhidu", "build"], cwd=work, capture_output=True, text=True, env=env)
            seconds = time.perf_counter() - started
            line = next((ln.split("zhidu: ", 1)[-1] for ln in (result.stdout + result.stderr).splitlines() if "PDF：" in ln), "（无 PDF 行）")
            rows.append(f"| `python -m zhidu build`, {run} | {seconds:.1f} s; {line} | second run: 0 rendered |")
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300, help="size of the large handbook")
    parser.add_argument("--skip-site", action="store_true", help="leave out the two site builds")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="zhidu-bench-pdf-"))
    rows = ["| What | Measured | Target |", "| --- | --- | --- |"]
    try:
        rows += per_regulation(out)
        rows += sample_handbook(out)
        rows += big_handbook(out, args.pages)
        if not args.skip_site:
            rows += site_twice()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"Machine: {machine()}; command: `.venv/bin/python -m benchmarks.printing`; date {dt.date.today()}\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
