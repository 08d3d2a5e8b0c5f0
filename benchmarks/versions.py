"""Reading the version history of 1,500 regulation files with 3 commits touching each: cold and cached.

Run: ``.venv/bin/python -m benchmarks.versions [--files 1500] [--repeat 3]``. Builds a temporary git repository from
../shared/corpora/cn-laws (never copied into the project), then times ``zhidu.corpus.history.load_history``:
cold (no cache), cached (same HEAD), and after one more commit (blob facts cached, new log read), and counts the
git processes each load starts. Prints Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from zhidu.corpus import cnlaws
from zhidu.corpus import history as versions_module

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpora" / "cn-laws"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, {git}"


def commit(root: Path, message: str, date: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    env = {**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def make_repo(root: Path, count: int) -> int:
    """Commit 1: the files; commit 2: a typo fix in each; commit 3: a revision of each, a third of them moved."""
    sources = sorted(p for p in CORPUS.rglob("*.md") if p.name.lower() != "readme.md")[:count]
    files: dict[str, tuple[Path, str]] = {}
    for index, path in enumerate(sources):
        reg_id, text = cnlaws.convert(path)
        reg_id = f"{reg_id}-{index}"  # several versions of one law in the corpus: one file each here
        files[reg_id] = (root / "regulations" / path.parent.name / f"{reg_id}.md", text)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    for target, text in files.values():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    commit(root, "初始制度", "2020-01-01T10:00:00+08:00")
    for target, text in files.values():
        target.write_text(text.replace("的", "地", 1), encoding="utf-8")  # a typo fix: same effective, no new version
    commit(root, "更正错字", "2021-01-01T10:00:00+08:00")
    for index, (target, text) in enumerate(files.values()):
        text = re.sub(r"(?m)^effective: .*$", "effective: 2025-06-01", text, count=1)  # after every date in the corpus
        text = text.rstrip("\n") + "\n\n本次修订新增的一段文字。\n"
        if index % 3 == 0:  # a third of the files move to another folder in the same commit
            target.unlink()
            target = root / "regulations" / "moved" / target.name
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    commit(root, "修订并调整目录", "2025-01-01T10:00:00+08:00")
    return len(files)


def timed(root: Path, cache: Path | None) -> tuple[float, int, object]:
    calls = 0
    original = versions_module.subprocess.run

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    versions_module.subprocess.run = counting  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        history = versions_module.load_history(root, cache_dir=cache)
        return time.perf_counter() - start, calls, history
    finally:
        versions_module.subprocess.run = original  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="zhidu-bench-versions-"))
    try:
        start = time.perf_counter()
        count = make_repo(root, args.files)
        setup = time.perf_counter() - start
        cache = root / ".cache" / "zhidu"
        cold, cached, after = [], [], []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, cold_calls, history = timed(root, cache)
            cold.append(seconds)
            seconds, cached_calls, cached_history = timed(root, cache)
            cached.append(seconds)
        versions = sum(len(history.versions(i)) for i in history.ids())
        same = all(
            [(v.effective, v.text) for v in history.versions(i)] == [(v.effective, v.text) for v in cached_history.versions(i)] for i in history.ids()
        )
        moved = sum(1 for i in history.ids() if history.versions(i) and "/moved/" not in history.versions(i)[0].path and "/moved/" in history.current_paths[i])
        # one more commit (a revision of 10 files): the log is read again, facts of old blobs come from the cache
        for path in sorted((root / "regulations").rglob("*.md"))[:10]:
            path.write_text(path.read_text(encoding="utf-8").replace("effective: 2025-06-01", "effective: 2026-01-01", 1) + "\n再修订。\n", encoding="utf-8")
        commit(root, "再修订", "2026-01-01T10:00:00+08:00")
        for _ in range(args.repeat):
            timed(root, cache)  # warm the new HEAD once, then measure the incremental case afresh below
        data = (cache / versions_module.CACHE_FILE)
        incremental = []
        for _ in range(args.repeat):
            text = data.read_text(encoding="utf-8").replace('"head":"', '"head":"x', 1)  # force a re-read of the log
            data.write_text(text, encoding="utf-8")
            seconds, inc_calls, _ = timed(root, cache)
            incremental.append(seconds)
        after = incremental
        print(f"machine: {machine()}")
        print(f"repository: {count} files, 3 commits (+1 for the incremental case), set up in {setup:.1f} s; {versions} versions read; "
              f"{moved} files followed across a move; cached result identical to cold: {same}")
        print("| load_history | median of runs | git processes |")
        print("| --- | --- | --- |")
        print(f"| cold (no cache) | {statistics.median(cold):.2f} s ({', '.join(f'{s:.2f}' for s in cold)}) | {cold_calls} |")
        print(f"| cached (same HEAD) | {statistics.median(cached):.2f} s ({', '.join(f'{s:.2f}' for s in cached)}) | {cached_calls} |")
        print(f"| after a new commit (blob facts cached) | {statistics.median(after):.2f} s ({', '.join(f'{s:.2f}' for s in after)}) | {inc_calls} |")
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
