"""The maintainer's preview (make serve = mkdocs serve --dirty): a saved change shows, and only affected pages are rebuilt."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

FILES = {
    "regulations/a/qingjia.md": regulation("东港市人民法院请假规定", "第一条 请假应当事先申请。\n\n第二条 依照《会议规定》第一条执行。", short_title="请假规定"),
    "regulations/a/huiyi.md": regulation("东港市人民法院会议规定", "第一条 会议准时召开。", short_title="会议规定"),
    "regulations/b/cheliang.md": regulation("东港市人民法院车辆规定", "第一条 车辆统一管理。", short_title="车辆规定", category="后勤"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(check, limit: float = 240) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_saved_regulation_shows_and_only_affected_pages_are_rebuilt(tmp_path):
    site = make_site(tmp_path, FILES)
    port = free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "ZHIDU_PDF": "0", "NO_MKDOCS_2_WARNING": "1", "ZHIDU_TODAY": "2026-11-25"}
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{port}", "--verbose"],
        cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: [log.append(line) for line in iter(server.stderr.readline, "")], daemon=True)
    reader.start()
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: "会议准时召开" in page(f"{base}/regulations/huiyi/")), "\n".join(log[-30:])
        assert wait_until(lambda: any("Documentation built" in line for line in log))
        first_build = len(log)
        path = site.root / "regulations/a/huiyi.md"
        time.sleep(1.1)
        path.write_text(path.read_text(encoding="utf-8").replace("会议准时召开", "会议准时召开，不得迟到"), encoding="utf-8")
        assert wait_until(lambda: "不得迟到" in page(f"{base}/regulations/huiyi/")), "\n".join(log[-30:])
        assert wait_until(lambda: any("Documentation built" in line for line in log[first_build:]))
        said = [line for line in log[first_build:] if "预览：" in line]
        assert len(said) == 1 and "个页面有变化，只重新生成这些页面：" in said[0], "".join(log[first_build:])
        rebuilt = set(said[0].split("只重新生成这些页面：", 1)[1].strip().split("、"))
        assert "regulations/huiyi/index.md" in rebuilt
        assert "regulations/cheliang/index.md" not in rebuilt  # neither cites nor is cited by the changed one
        assert "regulations/qingjia/index.md" not in rebuilt  # cites it by name only: its page text did not change
        assert "会议准时召开，不得迟到" in page(f"{base}/regulations/huiyi/")
    finally:
        server.terminate()
        server.wait(timeout=30)
