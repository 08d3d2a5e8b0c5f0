"""``python -m zhidu import --law NAME --from DIR [--history]`` through the real entry point, in temporary git repos."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import CORPUS, git, make_site, regulation

IDENTITY = {
    "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.invalid",
}
OLD = """# 中华人民共和国示例法

2009年12月20日 第十一届全国人民代表大会常务委员会第十二次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了规范示例工作，制定本法。

第二条 工作人员每年享有年休假五天。

第三条 本法自2010年3月1日起施行。
"""
NEW = OLD.replace("<!-- INFO END -->", "2020年5月30日 第十三届全国人民代表大会常务委员会第十九次会议修订\n\n<!-- INFO END -->").replace(
    "年休假五天", "年休假十天").replace("2010年3月1日", "2020年7月1日")
FULL = "中华人民共和国示例法"
LAW_FILE = "regulations/falv-fagui/shilifa.md"


def law_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cn-laws"
    (folder / "行政法").mkdir(parents=True)
    (folder / "行政法" / "示例法(2009-12-20).md").write_text(OLD, encoding="utf-8")
    (folder / "行政法" / "示例法(2020-05-30).md").write_text(NEW, encoding="utf-8")
    (folder / "行政法" / "示例法实施条例(2011-01-01).md").write_text(OLD.replace(FULL, "示例法实施条例"), encoding="utf-8")
    return folder


def zhidu(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhidu", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **IDENTITY})


CITING = {
    "regulations/xingzheng/nianxiujia.md": regulation("东港市人民法院年休假规定", "第一条 年休假依照《示例法》第2条执行。", effective="2015-01-01"),
    "regulations/xingzheng/xinguiding.md": regulation("东港市人民法院新规定", "第一条 依照示例法第二条。", effective="2021-01-01"),
}


def test_import_law_writes_the_newest_text_as_a_law_and_refuses_to_overwrite(tmp_path):
    site = make_site(tmp_path, CITING)
    folder = law_folder(tmp_path)
    result = zhidu(site.root, "import", "--law", "示例法", "--from", str(folder))
    assert result.returncode == 0, result.stderr
    text = (site.root / LAW_FILE).read_text(encoding="utf-8")
    assert text.startswith(
        f"---\ntitle: {FULL}\ncategory: 行政法\nstatus: 现行有效\neffective: 2020-07-01\nkind: 法律法规\n"
        "issuer: 全国人民代表大会常务委员会\nadopted: 2020-05-30\n---\n"
    )
    assert "第二条 工作人员每年享有年休假十天。" in text
    assert "  种类 kind：法律法规\n" in result.stdout and "  类别 category：行政法（所在文件夹“行政法”）\n" in result.stdout
    assert "中还有该法的 1 个较早文本（2009-12-20），未导入；加 --history 可把它们依次提交为历史版本。" in result.stdout
    assert git(site.root, "status", "--porcelain") == f"?? {LAW_FILE.rsplit('/', 1)[0]}/\n"  # written, not committed
    again = zhidu(site.root, "import", "--law", FULL, "--from", str(folder))
    assert again.returncode == 2
    assert again.stderr == f"未导入《{FULL}》：已有同名制度 {LAW_FILE}（{FULL}），不会覆盖。如是修订，请直接修改该文件并更新 effective；如确是另一项制度，请先改正其标题。\n"
    assert zhidu(site.root, "check").returncode == 0


def test_import_law_with_history_commits_each_text_oldest_first_and_the_site_shows_the_notice(tmp_path):
    site = make_site(tmp_path, CITING)
    result = zhidu(site.root, "import", "--law", FULL, "--from", str(law_folder(tmp_path)), "--history")
    assert result.returncode == 0, result.stderr
    messages = git(site.root, "log", "--format=%s").splitlines()
    assert messages == [
        f"法律法规：录入《{FULL}》（2020年7月1日施行的文本）",
        f"法律法规：录入《{FULL}》（2010年3月1日施行的文本）",
        "初始制度",
    ]
    assert git(site.root, "status", "--porcelain") == ""
    assert "effective: 2010-03-01" in git(site.root, "show", f"HEAD~1:{LAW_FILE}")

    site.build()
    old_rule = site.html("regulations/nianxiujia/")
    assert "上位法已修订" in old_rule
    assert "本制度自2015年1月1日起施行，此后它引用的法律法规条文有修订" in old_rule
    assert "本制度引用的第二条已修改（本制度第一条引用）" in old_rule  # the cited article, read in the 2010 text
    assert 'href="../shilifa/compare/2010-03-01-to-2020-07-01/"' in old_rule
    # 《示例法》第2条 (short name, Arabic number) meant the 2010 text's article: the link goes to that version.
    assert 'href="../shilifa/2010-03-01/#art-2"' in old_rule and "该条已修改" in old_rule
    assert "上位法已修订" not in site.html("regulations/xinguiding/")  # took effect after the law's revision
    assert 'href="../shilifa/#art-2"' in site.html("regulations/xinguiding/")  # 示例法第二条, without 《》
    law = site.html("regulations/shilifa/")
    assert "引用了《中华人民共和国示例法》" in law and "年休假规定" in law and "新规定" in law
    home = site.html("")
    assert "本库收录制度 <strong>2</strong> 项" in home and 'href="laws/"' in home
    assert "法律法规" in site.html("laws/")
    assert "2010年3月1日" in site.html("regulations/shilifa/history/")
    assert "shilifa/compare/" not in site.html("changes/")  # 最近修订 is about the institution's own rules


def test_history_is_refused_with_uncommitted_changes_under_regulations(tmp_path):
    site = make_site(tmp_path, CITING)
    site.write({"regulations/xingzheng/caogao.md": regulation("东港市人民法院草稿", "第一条 草稿。")})
    result = zhidu(site.root, "import", "--law", FULL, "--from", str(law_folder(tmp_path)), "--history")
    assert result.returncode == 2
    assert result.stderr == (
        f"未导入《{FULL}》：regulations/ 中有尚未提交的改动（regulations/xingzheng/caogao.md），--history 不会把它们混进法律法规的提交。"
        "请先提交或撤销这些改动，再导入。\n"
    )
    assert not (site.root / LAW_FILE).exists() and len(git(site.root, "log", "--format=%s").splitlines()) == 1


def test_history_is_refused_outside_a_git_repository(tmp_path):
    site = make_site(tmp_path, CITING, commit=False)
    result = zhidu(site.root, "import", "--law", FULL, "--from", str(law_folder(tmp_path)), "--history")
    assert result.returncode == 2
    assert result.stderr.startswith(f"未导入《{FULL}》：{site.root} 不是 git 仓库，--history 无法把历史文本提交为版本。")
    assert not (site.root / LAW_FILE).exists()


def test_a_name_that_is_not_in_the_folder_or_is_missing_options(tmp_path):
    site = make_site(tmp_path, {})
    folder = law_folder(tmp_path)
    result = zhidu(site.root, "import", "--law", "示范法", "--from", str(folder))
    assert result.returncode == 2
    assert result.stderr == f"未导入《示范法》：在 {folder} 中没有找到名为“示范法”的法律法规。是否是“示例法”？\n"
    missing = zhidu(site.root, "import", "--law", "示例法")
    assert missing.returncode == 2 and "须同时写 --law 名称 和 --from 文件夹" in missing.stderr
    both = zhidu(site.root, "import", "a.docx", "--law", "示例法", "--from", str(folder))
    assert both.returncode == 2 and "--law 不能与要导入的文件同时使用" in both.stderr


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/cn-laws is not beside the project")
def test_a_real_law_is_found_by_its_short_title(tmp_path):
    site = make_site(tmp_path, {})
    result = zhidu(site.root, "import", "--law", "公务员法", "--from", str(CORPUS), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "标题 title：中华人民共和国公务员法" in result.stdout and "\nkind: 法律法规\n" in result.stdout
    assert not (site.root / "regulations").exists()
