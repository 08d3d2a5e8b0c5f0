"""``mkdocs build --dirty`` (the publishing server's incremental releases, zhidu/server/publish.py): after each kind of
change it rewrites only what changed, and the site folder it leaves equals, byte for byte, a full build of the same
commit — also when a regulation is made secret (its pages must go) or the navigation changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitekit import Site, make_site, regulation

pytestmark = pytest.mark.slow

SECRET_TITLE = "东港市人民法院车辆规定"
FILES = {
    "regulations/a/qingjia.md": regulation("东港市人民法院请假规定", "第一条 请假应当事先申请。\n\n第二条 依照《会议规定》第一条执行。", short_title="请假规定"),
    "regulations/a/huiyi.md": regulation("东港市人民法院会议规定", "第一条 会议准时召开。\n\n第二条 会议由办公室记录。", short_title="会议规定"),
    "regulations/b/cheliang.md": regulation(SECRET_TITLE, "第一条 车辆统一管理调度。", short_title="车辆规定", category="后勤"),
}
ENV = {"ZHIDU_RELEASE": "abc123（2026-11-25 10:00）"}


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_equals_full_build(site: Site, dirty: Path, tmp_path: Path, name: str) -> None:
    """A full ``mkdocs build`` of the same commit in a copy of the project (a full build in the project itself would
    make the next dirty build a full one) writes exactly the files the dirty build left."""
    copy = tmp_path / f"full-{name}"
    shutil.copytree(site.root, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    Site(copy).build("--site-dir", str(copy / "out"), env=ENV)
    full, incremental = files_of(copy / "out"), files_of(dirty)
    assert sorted(incremental) == sorted(full), (set(incremental) ^ set(full))
    different = [name for name in full if full[name] != incremental[name]]
    assert not different, different[:10]


def dirty_build(site: Site, dirty: Path) -> str:
    result = site.build("--dirty", "--site-dir", str(dirty), env=ENV)
    assert "A 'dirty' build" not in result.stdout + result.stderr  # the notice --strict would fail on is dropped
    return result.stderr


def edit(site: Site, rel: str, old: str, new: str, message: str) -> None:
    path = site.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    site.commit(message, date="2022-03-01T10:00:00+08:00")


def test_dirty_builds_equal_full_builds(tmp_path):
    site = make_site(tmp_path, FILES)
    dirty = tmp_path / "dirty"
    assert "全部页面重新生成" in dirty_build(site, dirty)  # the first one builds everything
    assert_equals_full_build(site, dirty, tmp_path, "first")

    # Nothing changed: nothing rewritten.
    assert "增量构建：0 个页面有变化" in dirty_build(site, dirty)
    assert_equals_full_build(site, dirty, tmp_path, "same")

    # A cited article changes (a typo fix: no new version): the changed regulation's page is rewritten, not all of them.
    stamp = (dirty / "regulations" / "cheliang" / "index.html").stat().st_mtime_ns
    edit(site, "regulations/a/huiyi.md", "会议准时召开。", "会议应当准时召开。", "改一个字")
    log = dirty_build(site, dirty)
    assert "只重新生成这些页面" in log and "全部页面重新生成" not in log, log
    assert "会议应当准时召开" in (dirty / "regulations" / "huiyi" / "index.html").read_text(encoding="utf-8")
    assert (dirty / "regulations" / "cheliang" / "index.html").stat().st_mtime_ns == stamp  # untouched
    assert_equals_full_build(site, dirty, tmp_path, "typo")

    # A new version (new effective date): a dated page appears beside the others.
    edit(site, "regulations/a/qingjia.md", "effective: 2021-01-15", "effective: 2022-03-01", "修订")
    edit(site, "regulations/a/qingjia.md", "请假应当事先申请。", "请假应当事先书面申请。", "修订正文")
    dirty_build(site, dirty)
    assert (dirty / "regulations" / "qingjia" / "2021-01-15" / "index.html").is_file()
    assert_equals_full_build(site, dirty, tmp_path, "version")

    # A regulation made secret: every page of it goes (a full rebuild), nothing of it stays in the folder.
    edit(site, "regulations/b/cheliang.md", "category: 后勤", "category: 后勤\nsecrecy: 秘密", "定密")
    log = dirty_build(site, dirty)
    assert "全部页面重新生成" in log, log
    assert not (dirty / "regulations" / "cheliang").exists()
    for name, data in files_of(dirty).items():
        assert SECRET_TITLE.encode() not in data and "车辆统一管理调度".encode() not in data, name
    assert_equals_full_build(site, dirty, tmp_path, "secret")


def test_a_killed_or_full_build_in_between_makes_the_next_dirty_build_full(tmp_path):
    site = make_site(tmp_path, FILES)
    dirty = tmp_path / "dirty"
    dirty_build(site, dirty)
    site.build()  # a normal build of the same project: the page files no longer describe the dirty folder's pages
    assert "全部页面重新生成" in dirty_build(site, dirty)
    # A build killed after writing the page files but before MkDocs was through leaves no record: the next is full.
    (site.root / ".cache" / "zhidu" / "dirty-build-pages" / ".dirty-build.json").unlink()
    (dirty / "regulations" / "huiyi" / "index.html").write_text("半截", encoding="utf-8")
    assert "全部页面重新生成" in dirty_build(site, dirty)
    assert_equals_full_build(site, dirty, tmp_path, "after-kill")
