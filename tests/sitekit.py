"""Small sites built from dicts, in temporary git repositories, built with the real ``mkdocs build``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpora" / "cn-laws"
# What a site needs besides its regulations: configuration, hand-written pages, theme overrides, hooks.
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks")


LEAVE_RULES_2019 = [
    "为了规范本院工作人员请休假管理，根据有关规定，制定本规定。",
    "本规定适用于本院全体在编干警。",
    "请假一天以内的，由部门负责人审批；请假二天以上的，由分管院领导审批。",
    "病假须提交医院证明。",
    "事假全年累计不得超过十五天。",
    "年休假按照国家规定执行，由政治部统一安排。",
    "违反本规定未经批准擅自离岗的，按旷工处理。",
    "本规定由政治部负责解释。",
    "本规定自发布之日起施行。",
]
"""Article texts of a small leave regulation, the base that version and comparison tests revise."""


def front(**fields) -> str:
    """Front-matter from keyword arguments (lists become YAML flow lists)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def regulation(title: str, body: str, **fields) -> str:
    fields = {"title": title, "category": "行政管理", "status": "现行有效", "effective": "2021-01-15", **fields}
    return front(**fields) + "\n" + textwrap.dedent(body).strip() + "\n"


def run_zhidu(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m zhidu ARGS`` run in ``cwd`` as a user runs it; a traceback never reaches a user, so it fails the test."""
    result = subprocess.run([sys.executable, "-m", "zhidu", *args], cwd=cwd, capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    base = {
        **os.environ,
        "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={**base, **(env or {})}).stdout


@dataclass
class Site:
    root: Path

    def write(self, files: dict[str, str]) -> None:
        for rel, content in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")

    def commit(self, message: str = "更新制度", date: str | None = None) -> None:
        git(self.root, "add", "-A")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else None
        git(self.root, "commit", "-q", "-m", message, env=env)

    def build(self, *extra: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        mkdocs = Path(sys.executable).with_name("mkdocs")
        result = subprocess.run(
            [str(mkdocs), "build", "--strict", *extra], cwd=self.root, capture_output=True, text=True,
            env={**os.environ, "ZHIDU_PDF": "0", "NO_MKDOCS_2_WARNING": "1", "ZHIDU_TODAY": "2026-11-25", **(env or {})},
        )
        if check and result.returncode != 0:
            raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def html(self, url_path: str) -> str:
        path = self.root / "site" / url_path
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def make_site(tmp_path: Path, files: dict[str, str], commit: bool = True) -> Site:
    """A project in ``tmp_path`` with this project's site configuration and the given regulation files."""
    root = tmp_path / "site-project"
    root.mkdir()
    for part in SITE_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    site = Site(root)
    site.write(files)
    if commit:
        git(root, "init", "-q", "-b", "main")
        site.commit("初始制度", date="2021-01-20T10:00:00+08:00")
    return site
