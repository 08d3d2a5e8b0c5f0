"""``python -m zhidu diff``: changes shown article by article, in a real git repository, through the real CLI."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from sitekit import LEAVE_RULES_2019, PROJECT, make_site, regulation

from zhidu.domain.numerals import int_to_cn

BODY = "\n\n".join(f"第{int_to_cn(n)}条 {text}" for n, text in enumerate(LEAVE_RULES_2019, start=1))
LEAVE = regulation("请休假管理规定", BODY, effective="2019-03-01")


def zhidu_diff(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhidu", "diff", *args], cwd=root, capture_output=True, text=True)


def test_a_one_character_fix_shows_as_one_marked_character_in_its_article(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": LEAVE})
    site.write({"regulations/a/qingjia.md": LEAVE.replace("病假须提交医院证明", "病假须提交医院诊断证明")})
    result = zhidu_diff(site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "regulations/a/qingjia.md",
        "  修改 第四条：病假须提交医院{+诊断+}证明。",
        "",
        "共 1 个文件有改动（与 HEAD 相比）。删去的文字标为 [-…-]，新增的文字标为 {+…+}。",
    ]


def test_a_revision_against_an_older_commit_lists_fields_articles_and_new_files(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": LEAVE})
    rules = [text.replace("由政治部统一安排", "由人事部门统一安排") for text in LEAVE_RULES_2019 if not text.startswith("事假")]
    revised = "\n\n".join(f"第{int_to_cn(n)}条 {text}" for n, text in enumerate(rules, start=1))
    site.write({"regulations/a/qingjia.md": regulation("请休假管理规定", revised, effective="2021-01-15")})
    site.commit("修订请休假管理规定")
    site.write({"regulations/a/chuchai.md": regulation("出差管理规定", "第一条 出差应当事先报批。")})
    result = zhidu_diff(site.root, "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "regulations/a/chuchai.md",
        "  新增文件《出差管理规定》，共 1 条。",
        "",
        "regulations/a/qingjia.md",
        "  字段 施行日期（effective）：[-2019-03-01-] → {+2021-01-15+}",
        "  删除 第五条：[-事假全年累计不得超过十五天。-]",
        "  修改 第六条（现第五条）：年休假按照国家规定执行，由[-政治部-]{+人事部门+}统一安排。",
        "  编号 第七条 → 第六条（内容未变）",
        "  编号 第八条 → 第七条（内容未变）",
        "  编号 第九条 → 第八条（内容未变）",
        "",
        "共 2 个文件有改动（与 HEAD~1 相比）。删去的文字标为 [-…-]，新增的文字标为 {+…+}。",
    ]


def test_no_change_and_an_unknown_revision(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": LEAVE})
    same = zhidu_diff(site.root)
    assert (same.returncode, same.stdout) == (0, "regulations/ 中的文件与 HEAD 相同，没有改动。\n")
    bad = zhidu_diff(site.root, "nosuch")
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr == "错误：git 无法读取版本“nosuch”：请写一个存在的提交，如 HEAD、HEAD~1 或提交编号。\n"


def test_colours_only_on_a_terminal(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": LEAVE})
    site.write({"regulations/a/qingjia.md": LEAVE.replace("病假须提交医院证明", "病假须提交医院诊断证明")})
    assert "\x1b[" not in zhidu_diff(site.root).stdout
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "zhidu", "diff"], cwd=site.root, stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    assert process.wait() == 0
    text = output.decode("utf-8")
    assert "\x1b[32m\x1b[4m诊断\x1b[0m" in text and "{+" not in text


def test_the_guide_tells_a_clerk_how_to_review_a_change_before_committing():
    guide = (PROJECT / "docs" / "guide" / "versions.md").read_text(encoding="utf-8")
    assert "## 三、提交前核对改动" in guide
    assert "    .venv/bin/python -m zhidu diff\n" in guide
    assert "git diff --word-diff=color --word-diff-regex=." in guide
