"""A maintainer's preview: under ``make serve`` (``mkdocs serve --dirty``), how long until a saved file's page shows the change.

Run: ``.venv/bin/python -m benchmarks.serve [--limit 300] [--repeat 3]``. Builds a project of the newest cn-laws
texts, starts the preview server exactly as ``make serve`` does, saves a change to one regulation and polls its page
until the change is there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.site import drop_invalid, make_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, marker: str, limit: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if marker in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="zhidu-bench-serve-"))
    make_project(root, args.limit)
    drop_invalid(root)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "valid only"], cwd=root, check=False)
    port = free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "ZHIDU_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    server = subprocess.Popen([str(mkdocs), "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        files = sorted((root / "regulations").rglob("*.md"))
        target = files[len(files) // 2]
        url = f"http://127.0.0.1:{port}/regulations/{target.stem}/"
        first = wait_for(url, "<h1", 900)
        print(f"| regulations | {len(files)} |")
        print(f"| first build until the page is served | {time.perf_counter() - started:.1f} s |" if first is not None else "| first build | did not finish |")
        times = []
        for run in range(args.repeat):
            marker = f"预览测试标记{run}"
            text = target.read_text(encoding="utf-8")
            lines = text.split("\n")
            index = next(i for i, line in enumerate(lines) if line.startswith("第一条"))
            lines[index] = lines[index] + marker
            time.sleep(1.1)  # a new mtime second for the file watcher
            target.write_text("\n".join(lines), encoding="utf-8")
            seconds = wait_for(url, marker, 300)
            times.append(seconds)
            print(f"| save → page shows the change, run {run + 1} | {seconds:.2f} s |" if seconds is not None else f"| run {run + 1} | not seen in 300 s |")
        done = [t for t in times if t is not None]
        if done:
            print(f"| median | {sorted(done)[len(done) // 2]:.2f} s |")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
