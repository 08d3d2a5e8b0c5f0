"""Per-department write rights with Debian's gitolite3, as the guide (docs/guide/deploy.md, 按部门授权) sets them up,
together with zhidu's publishing hooks in the same repository.

The gitolite.conf rules are read from the guide itself, so the guide cannot drift from what is tested. Pushes go
through the real ``gitolite-shell`` the way sshd's forced command runs it (``SSH_CONNECTION`` and
``SSH_ORIGINAL_COMMAND`` set, the user name as its argument): only the ssh transport and its keys are left out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import PROJECT, git, make_site, regulation

pytestmark = pytest.mark.slow

GITOLITE = shutil.which("gitolite")
GITOLITE_SHELL = Path("/usr/share/gitolite3/gitolite-shell")
GUIDE = PROJECT / "docs" / "guide" / "deploy.md"
ENV = {"ZHIDU_PDF": "0", "ZHIDU_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1"}
FILES = {
    "regulations/bangongshi/gongwen.md": regulation("东港市人民法院公文处理办法", "第一条 公文由办公室统一登记。\n\n第二条 本办法自印发之日起施行。"),
    "regulations/zhengzhibu/kaoqin.md": regulation("东港市人民法院考勤管理办法", "第一条 考勤由政治部统一管理。\n\n第二条 本办法自印发之日起施行。"),
}


def guide_rules() -> str:
    """The gitolite.conf block of the guide's 按部门授权 section."""
    section = GUIDE.read_text(encoding="utf-8").split("按部门授权", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.S)
    assert block, "docs/guide/deploy.md: the 按部门授权 section has no gitolite.conf block"
    return block.group(1)


class Gitolite:
    """A gitolite installation in a folder of its own (its hosting user's HOME), with the guide's rules."""

    def __init__(self, base: Path):
        self.home = base / "gitolite"
        self.home.mkdir()
        env = {**os.environ, "HOME": str(self.home)}
        subprocess.run([GITOLITE, "setup", "-a", "wang"], env=env, check=True, capture_output=True)
        conf = self.home / ".gitolite" / "conf" / "gitolite.conf"
        conf.write_text("repo gitolite-admin\n    RW+ = wang\n\n" + guide_rules(), encoding="utf-8")
        # What a push to gitolite-admin does on the server, done in place (no key management is tested here).
        subprocess.run([GITOLITE, "compile"], env=env, check=True, capture_output=True)
        subprocess.run([GITOLITE, "trigger", "POST_COMPILE"], env=env, check=True, capture_output=True)
        self.repo = self.home / "repositories" / "regulations.git"
        assert self.repo.is_dir()
        self.shim = base / "ssh-as-gitolite"
        # sshd's forced command for a user's key: gitolite-shell USER, the client's command in SSH_ORIGINAL_COMMAND.
        self.shim.write_text(
            "#!/bin/sh\nshift\n"
            f'export SSH_CONNECTION="127.0.0.1 50000 127.0.0.1 22" HOME="{self.home}" SSH_ORIGINAL_COMMAND="$*"\n'
            f'exec {GITOLITE_SHELL} "$ZHIDU_TEST_GITOLITE_USER"\n', encoding="utf-8")
        self.shim.chmod(0o755)

    def push(self, project: Path, user: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **ENV, "GIT_SSH_COMMAND": str(self.shim), "GIT_SSH_VARIANT": "simple", "ZHIDU_TEST_GITOLITE_USER": user}
        return subprocess.run(["git", "push", "origin", "main"], cwd=project, capture_output=True, text=True, env=env)


def change(project: Path, path: str, old: str, new: str) -> str:
    file = project / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    git(project, "commit", "-q", "-am", f"修改 {path}")
    return git(project, "rev-parse", "HEAD").strip()


def published(www: Path) -> str:
    return os.readlink(www / "current").rsplit("/", 1)[-1]


def test_a_department_publishes_its_own_rules_and_is_refused_the_others(tmp_path):
    assert GITOLITE and GITOLITE_SHELL.is_file(), "需要 Debian 的 gitolite3 软件包（make deps-test 会安装）。"
    gitolite = Gitolite(tmp_path)
    www = tmp_path / "www"
    init = subprocess.run([sys.executable, "-m", "zhidu", "server", "init", "--repo", str(gitolite.repo), "--www", str(www), "--user", "root",
                           "--nginx-dir", str(tmp_path / "nginx"), "--listen", "127.0.0.1:18290"],
                          cwd=PROJECT, capture_output=True, text=True, env={**os.environ, **ENV})
    assert init.returncode == 0, init.stderr
    assert "裸仓库已存在" in init.stdout  # gitolite made it; init adds its hooks beside gitolite's update hook
    assert (gitolite.repo / "hooks" / "update").exists()

    project = make_site(tmp_path, FILES).root
    git(project, "remote", "add", "origin", "ssh://zhidu.dgfy.local/regulations")
    first = gitolite.push(project, "wang")  # the administrator may change anything
    assert first.returncode == 0, first.stderr
    assert "已发布" in first.stderr
    head = git(project, "rev-parse", "HEAD").strip()
    assert published(www) == head

    # 办公室 (zhang) changes its own rules: checked, built and published.
    own = change(project, "regulations/bangongshi/gongwen.md", "统一登记", "统一登记、分办")
    result = gitolite.push(project, "zhang")
    assert result.returncode == 0, result.stderr
    assert published(www) == own
    assert "统一登记、分办" in (www / "current" / "regulations" / "gongwen" / "index.html").read_text(encoding="utf-8")

    # ... and 政治部's: gitolite refuses the push, whatever zhidu's check says; the site stays as it was.
    other = change(project, "regulations/zhengzhibu/kaoqin.md", "统一管理", "统一管理和通报")
    refused = gitolite.push(project, "zhang")
    assert refused.returncode != 0
    assert "VREF/NAME/regulations/zhengzhibu/kaoqin.md" in refused.stderr and "DENIED" in refused.stderr, refused.stderr
    assert published(www) == own
    assert git(Path(gitolite.repo), "rev-parse", "main").strip() == own

    # 政治部 (zhao) may push the same commit: it changes only 政治部's folder beyond what is already there.
    accepted = gitolite.push(project, "zhao")
    assert accepted.returncode == 0, accepted.stderr
    assert published(www) == other

    # A push allowed by gitolite but with an error in a regulation is refused by zhidu's check, with file:line.
    bad = project / "regulations/bangongshi/gongwen.md"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace("effective: 2021-01-15", "effective: 2021-02-30", 1), encoding="utf-8")
    git(project, "commit", "-q", "-am", "日期写错")
    wrong = gitolite.push(project, "zhang")
    assert wrong.returncode != 0
    line = next(i for i, row in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("effective:"))
    assert f"regulations/bangongshi/gongwen.md:{line}: 错误" in wrong.stderr, wrong.stderr
    assert published(www) == other
