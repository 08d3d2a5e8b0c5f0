"""A representative part of the bad-input catalogue through the strict build (`python -m zhidu build`): it fails
with the same one-line message, no traceback, and the last good site/ stays as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest
from badinput import CASES
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

BUILD_CASES = [
    "yaml-unclosed-bracket", "date-month-13", "date-february-30", "duplicate-key", "replaced-by-cycle",
    "gbk-file", "symlink-out-of-project", "secrecy-typo",
]
GOOD = regulation("东港市人民法院请休假考勤管理规定", "第一条 请假应当审批。\n\n第二条 本规定自发布之日起施行。")


def zhidu_build(root) -> subprocess.CompletedProcess:
    env = {**os.environ, "ZHIDU_PDF": "0", "ZHIDU_TODAY": "2026-11-25"}
    return subprocess.run([sys.executable, "-m", "zhidu", "build"], cwd=root, capture_output=True, text=True, env=env)


def fingerprint(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("good"), {"regulations/kaoqin.md": GOOD})
    result = zhidu_build(site.root)
    assert result.returncode == 0, result.stderr
    return site.root


@pytest.mark.parametrize("name", BUILD_CASES)
def test_strict_build_fails_cleanly_and_keeps_the_last_good_site(name, built, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = fingerprint(root / "site")
    assert "regulations/kaoqin/index.html" in before
    case.install(root)
    result = zhidu_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in case.expected[:-1]:
        if ": 错误：" in line:
            assert line in output.splitlines() or any(out.endswith(line) for out in output.splitlines()), line
    assert "构建失败，site/ 中仍是上一次成功构建的站点" in output
    assert fingerprint(root / "site") == before
