"""Publishing by push (SPEC §11) at scale: the time from ``git push`` to the changed page being served by nginx after
a one-file change, and the bytes a first visitor downloads until the search box's first answer, over nginx with the
deployment example's compression (docs/deploy/nginx.conf).

Run: ``.venv/bin/python -m benchmarks.publish [--limit 300] [--pdf] [--no-search]``. The project is built from the
newest cn-laws texts like benchmarks/site.py; the server is set up with ``python -m zhidu server init`` in a temporary
folder (as root, ``--user root``) and served by Debian's nginx on 127.0.0.1:18211. The hooks are synchronous: the push
returns once the release is published (or refused); with ``--pdf`` the pages are published first and the push returns
after the second release with every PDF, so the page is polled while the push runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.site import PROJECT, drop_invalid, machine, make_project

sys.path.insert(0, str(PROJECT / "tests"))
from browser import NGINX, nginx_main_config  # noqa: E402

PORT = 18211


def start_nginx(nginx_dir: Path, folder: Path) -> subprocess.Popen:
    folder.mkdir(parents=True, exist_ok=True)
    main = nginx_main_config(folder, f"{nginx_dir}/sites-enabled/*")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not start")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def git(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**base, **(env or {})})


def phases(log: Path) -> list[str]:
    """Median seconds of each phase the server logged for the incremental (one-file) builds: the pre-receive check's
    checkout and check, then the build's checkout, ``mkdocs build`` (and the search index inside it) and the copy."""
    text = log.read_text(encoding="utf-8")
    found: dict[str, list[float]] = {}
    for line in re.findall(r"检查通过（(.*)）", text)[1:]:  # the first push is the cold one
        for name, value in re.findall(r"([^，]+?) ([0-9.]+) 秒", line):
            found.setdefault(f"pre-receive {name}", []).append(float(value))
    for line in re.findall(r"增量构建 \w+：(.*)", text):
        for name, value in re.findall(r"([^，]+?) ([0-9.]+) 秒", line):
            found.setdefault(f"post-receive {name}", []).append(float(value))
    return [f"| phase: {name} | median {statistics.median(values):.2f} s ({len(values)} builds) |" for name, values in found.items()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--pdf", action="store_true", help="render PDFs in the server's builds (as the real hook does)")
    parser.add_argument("--repeat", type=int, default=3, help="one-file changes to push")
    parser.add_argument("--no-search", action="store_true", help="skip the bytes to the first search answer")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="zhidu-bench-publish-"))
    project = base / "project"
    project.mkdir()
    count = make_project(project, args.limit)
    dropped = drop_invalid(project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "drop invalid")
    env = {**os.environ, "ZHIDU_PDF": "1" if args.pdf else "0", "NO_MKDOCS_2_WARNING": "1"}
    repo, www, nginx_dir = base / "regulations.git", base / "www", base / "nginx"
    subprocess.run([sys.executable, "-m", "zhidu", "server", "init", "--repo", str(repo), "--www", str(www), "--user", "root",
                    "--nginx-dir", str(nginx_dir), "--listen", f"127.0.0.1:{PORT}"], cwd=PROJECT, check=True, capture_output=True)
    git(project, "remote", "add", "origin", repo.as_uri())
    nginx = start_nginx(nginx_dir, base / "nginx-run")
    url = f"http://127.0.0.1:{PORT}/"
    try:
        started = time.perf_counter()
        first = subprocess.run(["git", "push", "origin", "main"], cwd=project, capture_output=True, text=True, env=env)
        first_seconds = time.perf_counter() - started
        if first.returncode != 0 or "已发布" not in first.stderr:
            raise SystemExit(first.stderr[-3000:])
        files = sorted((project / "regulations").rglob("*.md"))
        pushes, after_push, served = [], [], []
        for n in range(args.repeat):
            changed = files[(n * 37) % len(files)]
            text = changed.read_text(encoding="utf-8")
            marker = f"（基准测试修改{n}号）"
            body = text.index("\n---", 3) + 4
            cut = text.index("。", body) + 1
            changed.write_text(text[:cut] + marker + text[cut:], encoding="utf-8")
            git(project, "commit", "-q", "-am", f"改动 {n}")
            page = f"{url}regulations/{changed.stem}/"
            started = time.perf_counter()
            # The page is polled while the push runs: with PDFs the pages are published before the push returns
            # (the changed PDFs follow in a second release).
            # Its output goes to a file: a pipe nobody reads while the page is polled would fill and stop the hook.
            log = base / f"push-{n}.log"
            with open(log, "w") as sink:
                pusher = subprocess.Popen(["git", "push", "origin", "main"], cwd=project, stdout=sink, stderr=subprocess.STDOUT, env=env)
                while marker not in fetch(page):
                    if time.perf_counter() - started > 900 or (pusher.poll() is not None and marker not in fetch(page)):
                        raise SystemExit(f"{page} never showed the change: {log.read_text(encoding='utf-8')[-3000:]}")
                    time.sleep(0.05)
                shown = time.perf_counter()
                pusher.wait()
            returned = time.perf_counter()
            if pusher.returncode != 0:
                raise SystemExit(log.read_text(encoding="utf-8")[-3000:])
            pushes.append(returned - started)
            after_push.append(returned - shown)
            served.append(shown - started)
        print(f"machine: {machine()}")
        print(f"regulations: {count - dropped} (of {count}; {dropped} rejected by validation), PDFs {'on' if args.pdf else 'off (ZHIDU_PDF=0)'}")
        print(f"| first push (empty workspace, cold caches) until published | {first_seconds:.1f} s |")
        print(f"| one-file change: `git push` until it returns (check, build, switch; with PDFs also the second release) | median {statistics.median(pushes):.1f} s, max {max(pushes):.1f} s |")
        print(f"| one-file change: the changed page served before `git push` returned by | median {statistics.median(after_push):.2f} s |")
        print(f"| one-file change: from `git push` started to the changed page served | median {statistics.median(served):.1f} s, max {max(served):.1f} s ({args.repeat} pushes) |")
        for line in phases(www / "state" / "zhidu-server.log"):
            print(line)
        if not args.no_search:
            from benchmarks.websearch import browser_figures

            site = (www / "current").resolve()
            figures = browser_figures(site, server="nginx")
            kb = [b / 1024 for b in figures["bytes"]]
            ikb = [b / 1024 for b in figures["index_bytes"]]
            print(f"| bytes to the first search answer over nginx with gzip (page + index, {len(kb)} queries) | median {statistics.median(kb):.0f} KB, max {max(kb):.0f} KB |")
            print(f"| of which the search index | median {statistics.median(ikb):.0f} KB, max {max(ikb):.0f} KB |")
            print(f"| page load before typing | {figures['page_bytes'] / 1024:.0f} KB |")
            print(f"| first answer after typing, fresh browser over nginx | median {statistics.median(figures['first']):.0f} ms, max {max(figures['first']):.0f} ms |")
    finally:
        nginx.terminate()
        nginx.wait()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"kept: {base}")


if __name__ == "__main__":
    main()
