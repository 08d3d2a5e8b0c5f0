"""Reading versions from real git repositories (load_history): renames, typo fixes, pending versions, shallow clones, secrecy, cache."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from sitekit import Site, git, regulation

from zhidu.corpus.history import CACHE_FILE, WARN_NO_GIT, WARN_SHALLOW, load_history

TITLE = "东港市人民法院工作人员请休假考勤管理规定"


def repo(tmp_path: Path, files: dict[str, str], date: str = "2021-01-20T10:00:00+08:00") -> Site:
    root = tmp_path / "project"
    root.mkdir()
    site = Site(root)
    site.write(files)
    git(root, "init", "-q", "-b", "main")
    site.commit("初始制度", date=date)
    return site


def kaoqin(effective: str, body: str = "第一条 请假须经审批。", title: str = TITLE, **fields) -> str:
    return regulation(title, body, effective=effective, **fields)


def summary(history, reg_id: str) -> list[tuple[str, str, bool]]:
    """(effective, last body line, committed?) per version."""
    return [(v.effective.isoformat(), v.text.strip().splitlines()[-1], v.commit is not None) for v in history.versions(reg_id)]


def test_each_effective_value_is_one_version_and_a_typo_fix_is_not(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01", "第一条 请假须经审批。")})
    site.write({"regulations/kaoqin.md": kaoqin("2019-03-01", "第一条 请假须经批准。")})  # typo fix, same effective
    site.commit("更正错字", "2019-05-01T10:00:00+08:00")
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 请假须经部门负责人批准。")})
    site.commit("修订", "2021-01-10T10:00:00+08:00")
    history = load_history(site.root)
    assert history.warnings == []
    assert history.ids() == ["kaoqin"]
    assert summary(history, "kaoqin") == [
        ("2019-03-01", "第一条 请假须经批准。", True),  # the newest text with that effective: the corrected one
        ("2021-01-15", "第一条 请假须经部门负责人批准。", True),
    ]
    first, second = history.versions("kaoqin")
    assert first.committed is not None and first.committed.date() == dt.date(2019, 5, 1)
    assert second.path == "regulations/kaoqin.md"


def test_history_follows_moves_between_folders_and_renames(tmp_path):
    site = repo(tmp_path, {"regulations/a/kaoqin.md": kaoqin("2019-03-01", "第一条 旧文。"), "regulations/a/other.md": kaoqin("2019-01-01", title="东港市人民法院另一规定")})
    (site.root / "regulations/b").mkdir()
    git(site.root, "mv", "regulations/a/kaoqin.md", "regulations/b/kaoqin.md")  # a move in one commit
    site.write({"regulations/b/kaoqin.md": kaoqin("2020-01-01", "第一条 中间文。")})
    site.commit("移动并修订", "2020-01-05T10:00:00+08:00")
    # a move done as "delete" and "add" in two separate commits
    (site.root / "regulations/b/kaoqin.md").unlink()
    site.commit("暂时移除", "2020-06-01T10:00:00+08:00")
    site.write({"regulations/c/kaoqin.md": kaoqin("2021-01-15", "第一条 新文。")})
    site.commit("重新放入", "2021-01-10T10:00:00+08:00")
    history = load_history(site.root)
    assert [(v.effective.isoformat(), v.path) for v in history.versions("kaoqin")] == [
        ("2019-03-01", "regulations/a/kaoqin.md"),
        ("2020-01-01", "regulations/b/kaoqin.md"),
        ("2021-01-15", "regulations/c/kaoqin.md"),
    ]
    assert history.current_paths["kaoqin"] == "regulations/c/kaoqin.md"
    assert [v.effective.isoformat() for v in history.versions("other")] == ["2019-01-01"]


def test_rename_of_the_file_stem_is_followed_to_the_new_id(tmp_path):
    body = "第一条 请假须经审批，具体办法另行规定。\n\n第二条 本规定由政治部负责解释，自发布之日起施行。"
    site = repo(tmp_path, {"regulations/qingjia.md": kaoqin("2019-03-01", body)})
    git(site.root, "mv", "regulations/qingjia.md", "regulations/kaoqin.md")  # renamed and revised in one commit
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", body + "\n\n第三条 新增。")})
    site.commit("改名并修订", "2021-01-05T10:00:00+08:00")
    history = load_history(site.root)
    assert history.ids() == ["kaoqin"]
    assert [(v.effective.isoformat(), v.path) for v in history.versions("kaoqin")] == [
        ("2019-03-01", "regulations/qingjia.md"),
        ("2021-01-15", "regulations/kaoqin.md"),
    ]


def test_pending_version_never_replaces_the_text_in_force(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 现行文本。")})
    site.write({"regulations/kaoqin.md": kaoqin("2027-01-01", "第一条 将来的文本。")})
    site.commit("录入将来施行的修订", "2026-10-01T10:00:00+08:00")
    history = load_history(site.root)
    assert history.in_force("kaoqin", dt.date(2026, 11, 25)).text.strip().endswith("现行文本。")
    assert history.in_force("kaoqin", dt.date(2027, 1, 1)).text.strip().endswith("将来的文本。")
    assert history.in_force("kaoqin", dt.date(2020, 1, 1)) is None
    collection = history.collection_as_of(dt.date(2026, 11, 25))
    assert collection.regulations["kaoqin"].articles[0].text == "现行文本。"
    assert history.collection_as_of(dt.date(2020, 1, 1)).regulations == {}


def test_uncommitted_edits_are_the_newest_state(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 已提交。")})
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 未提交的更正。")})
    history = load_history(site.root)
    assert summary(history, "kaoqin") == [("2021-01-15", "第一条 未提交的更正。", False)]
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 已提交。")})  # back to the committed text
    assert summary(load_history(site.root), "kaoqin") == [("2021-01-15", "第一条 已提交。", True)]


def test_shallow_clone_warns_once_and_shows_the_working_tree_only(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01"), "regulations/other.md": kaoqin("2019-01-01", title="东港市人民法院另一规定")})
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 新文。")})
    site.commit("修订", "2021-01-10T10:00:00+08:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.root}", str(clone))
    history = load_history(clone, cache_dir=clone / ".cache" / "zhidu")
    assert history.warnings == [WARN_SHALLOW]
    assert summary(history, "kaoqin") == [("2021-01-15", "第一条 新文。", False)]
    assert len(history.versions("other")) == 1


def test_plain_folder_warns_once(tmp_path):
    root = tmp_path / "plain"
    Site(root).write({"regulations/kaoqin.md": kaoqin("2021-01-15"), "regulations/b.md": kaoqin("2020-01-01", title="东港市人民法院乙规定")})
    history = load_history(root)
    assert history.warnings == [WARN_NO_GIT]
    assert history.ids() == ["b", "kaoqin"]


def test_a_file_secret_now_has_no_versions_at_all(tmp_path):
    site = repo(tmp_path, {"regulations/mimi.md": kaoqin("2019-03-01", "第一条 曾经公开的文本。", title="东港市人民法院某规定")})
    site.write({"regulations/mimi.md": kaoqin("2021-01-15", "第一条 现已定密。", title="东港市人民法院某规定", secrecy="秘密")})
    site.commit("定密", "2021-01-10T10:00:00+08:00")
    history = load_history(site.root)
    assert history.ids() == []
    assert history.versions("mimi") == []
    assert history.collection_as_of(dt.date(2020, 1, 1)).regulations == {}


def test_a_version_whose_text_was_secret_is_never_included(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01", "第一条 公开一。")})
    site.write({"regulations/kaoqin.md": kaoqin("2020-01-01", "第一条 涉密文本SECRET7。", secrecy="机密")})
    site.commit("涉密版本", "2020-01-05T10:00:00+08:00")
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 公开二。")})
    site.commit("解密后修订", "2021-01-10T10:00:00+08:00")
    history = load_history(site.root, cache_dir=site.root / ".cache" / "zhidu")
    assert [v.effective.isoformat() for v in history.versions("kaoqin")] == ["2019-03-01", "2021-01-15"]
    assert all("SECRET7" not in v.text for v in history.versions("kaoqin"))
    assert history.in_force("kaoqin", dt.date(2020, 6, 1)).effective == dt.date(2019, 3, 1)
    assert "SECRET7" not in (site.root / ".cache" / "zhidu" / CACHE_FILE).read_text(encoding="utf-8")


def test_cache_is_used_and_follows_new_commits(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01")})
    cache = tmp_path / "cache"
    first = load_history(site.root, cache_dir=cache)
    data = json.loads((cache / CACHE_FILE).read_text(encoding="utf-8"))
    assert data["head"] == git(site.root, "rev-parse", "HEAD").strip()
    # A cached history must give what a cold one gives.
    assert summary(load_history(site.root, cache_dir=cache), "kaoqin") == summary(first, "kaoqin")
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-15", "第一条 修订后。")})
    site.commit("修订", "2021-01-10T10:00:00+08:00")
    after = load_history(site.root, cache_dir=cache)
    assert [v.effective.isoformat() for v in after.versions("kaoqin")] == ["2019-03-01", "2021-01-15"]
    assert json.loads((cache / CACHE_FILE).read_text(encoding="utf-8"))["head"] == git(site.root, "rev-parse", "HEAD").strip()


def test_a_corrupt_cache_is_ignored(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01")})
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert [v.effective.isoformat() for v in load_history(site.root, cache_dir=cache).versions("kaoqin")] == ["2019-03-01"]


@pytest.mark.parametrize("effective", ["'2021-01-15'", '"2021-01-15"', "2021-01-15   # 施行日期"])
def test_effective_written_in_other_yaml_spellings(tmp_path, effective):
    text = f"---\ntitle: {TITLE}\ncategory: 行政管理\nstatus: 现行有效\neffective: {effective}\n---\n\n第一条 正文。\n"
    site = repo(tmp_path, {"regulations/kaoqin.md": text})
    assert [v.effective for v in load_history(site.root).versions("kaoqin")] == [dt.date(2021, 1, 15)]


def _merge(site: Site, branch: str, date: str) -> str:
    git(site.root, "merge", "-q", "--no-ff", "--no-edit", branch, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    return git(site.root, "rev-parse", "HEAD").strip()


def _head(site: Site) -> str:
    return git(site.root, "rev-parse", "HEAD").strip()


def test_revisions_that_arrive_through_a_merge_are_versions(tmp_path):
    """A branch carrying two revisions (as the law importer makes them) is merged: both are versions, each with
    the branch commit that made it, and a law added on the branch keeps its older text too."""
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01", "第一条 初版。"), "regulations/other.md": kaoqin("2019-01-01", title="东港市人民法院另一规定")})
    git(site.root, "checkout", "-q", "-b", "revisions")
    site.write({"regulations/kaoqin.md": kaoqin("2020-01-01", "第一条 第一次修订。"), "regulations/law.md": kaoqin("2000-07-01", "第一条 旧法。", title="中华人民共和国某法")})
    site.commit("第一次修订，导入旧法", "2020-01-05T10:00:00+08:00")
    first = _head(site)
    site.write({"regulations/kaoqin.md": kaoqin("2021-01-01", "第一条 第二次修订。"), "regulations/law.md": kaoqin("2017-11-05", "第一条 新法。", title="中华人民共和国某法")})
    site.commit("第二次修订，新法", "2021-01-05T10:00:00+08:00")
    second = _head(site)
    git(site.root, "checkout", "-q", "main")
    site.write({"regulations/other.md": kaoqin("2020-06-01", title="东港市人民法院另一规定")})  # main moves on meanwhile
    site.commit("另一规定修订", "2020-06-05T10:00:00+08:00")
    merge = _merge(site, "revisions", "2021-02-01T10:00:00+08:00")
    history = load_history(site.root)
    assert summary(history, "kaoqin") == [
        ("2019-03-01", "第一条 初版。", True), ("2020-01-01", "第一条 第一次修订。", True), ("2021-01-01", "第一条 第二次修订。", True),
    ]
    assert [v.commit for v in history.versions("kaoqin")][1:] == [first, second]
    assert [(v.effective.isoformat(), v.commit) for v in history.versions("law")] == [("2000-07-01", first), ("2017-11-05", second)]
    assert merge not in {v.commit for reg_id in history.ids() for v in history.versions(reg_id)}
    assert [v.effective.isoformat() for v in history.versions("other")] == ["2019-01-01", "2020-06-01"]


def test_a_merge_is_a_version_only_when_it_changed_the_text(tmp_path):
    site = repo(tmp_path, {"regulations/kaoqin.md": kaoqin("2019-03-01", "第一条 初版。"), "regulations/other.md": kaoqin("2019-01-01", title="东港市人民法院另一规定")})
    git(site.root, "checkout", "-q", "-b", "side")
    site.write({"regulations/kaoqin.md": kaoqin("2020-01-01", "第一条 分支上的修订。")})
    site.commit("修订", "2020-01-05T10:00:00+08:00")
    revised = _head(site)
    git(site.root, "checkout", "-q", "main")
    site.write({"regulations/other.md": kaoqin("2020-06-01", title="东港市人民法院另一规定")})
    site.commit("另一规定修订", "2020-06-05T10:00:00+08:00")
    _merge(site, "side", "2020-07-01T10:00:00+08:00")  # a clean merge: kaoqin's text is the branch's, unchanged
    history = load_history(site.root)
    assert [(v.effective.isoformat(), v.commit) for v in history.versions("kaoqin")][1:] == [("2020-01-01", revised)]
    # Both lines revise the same article and the conflict is resolved by hand: the merge made a new text.
    git(site.root, "checkout", "-q", "-b", "side2")
    site.write({"regulations/kaoqin.md": kaoqin("2022-01-01", "第一条 分支二的文本。")})
    site.commit("分支二修订", "2021-12-01T10:00:00+08:00")
    git(site.root, "checkout", "-q", "main")
    site.write({"regulations/kaoqin.md": kaoqin("2022-01-01", "第一条 主线的文本。")})
    site.commit("主线修订", "2021-12-02T10:00:00+08:00")
    subprocess.run(["git", "merge", "-q", "--no-edit", "side2"], cwd=site.root, capture_output=True)  # conflicts
    site.write({"regulations/kaoqin.md": kaoqin("2022-01-01", "第一条 合并时商定的文本。")})
    site.commit("合并分支二", "2021-12-03T10:00:00+08:00")
    resolved = _head(site)
    history = load_history(site.root)
    assert [(v.effective.isoformat(), v.commit) for v in history.versions("kaoqin")][1:] == [("2020-01-01", revised), ("2022-01-01", resolved)]
    assert history.versions("kaoqin")[-1].text.strip().endswith("第一条 合并时商定的文本。")
