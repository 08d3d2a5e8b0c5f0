"""Version, history, comparison and recent-changes pages in real `mkdocs build --strict` runs over temporary git repositories."""

from __future__ import annotations

import re
import subprocess

import pytest
from sitekit import LEAVE_RULES_2019, git, make_site, regulation

from zhidu.corpus.history import WARN_SHALLOW
from zhidu.domain.numerals import int_to_cn

TITLE = "东港市人民法院工作人员请休假考勤管理规定"
V2019 = LEAVE_RULES_2019
TYPO = "病假须提交医阮证明。"  # committed first, corrected later under the same effective date
# 2021: 第二条 modified, a new 第四条 inserted, 年休假 (old 第六条) deleted, 病假 (old 第四条 → 第五条) modified.
V2021 = V2019[:1] + ["本规定适用于本院全体在编干警和聘用制书记员。", V2019[2], "因公出差的，按照出差管理规定办理，不计入请假。",
                     "病假须提交二级以上医院出具的诊断证明。", V2019[4]] + V2019[6:]
V2027 = V2021[:-1] + ["本规定自2027年1月1日起施行，原规定同时废止。"]


def body(texts: list[str]) -> str:
    return "\n\n".join(f"第{int_to_cn(i + 1)}条 {t}" for i, t in enumerate(texts))


def kaoqin(texts: list[str], effective: str, **fields) -> str:
    return regulation(TITLE, body(texts), effective=effective, doc_number=f"东法发〔{effective[:4]}〕3号", version=f"{effective[:4]}年版", **fields)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    typo_2019 = list(V2019)
    typo_2019[3] = TYPO
    site = make_site(tmp_path_factory.mktemp("versions"), {
        "regulations/xingzheng/kaoqin.md": kaoqin(typo_2019, "2019-03-01"),
        "regulations/xingzheng/cheliang.md": regulation("东港市人民法院公务用车管理办法", "第一条 请假外出用车依照《工作人员请休假考勤管理规定》第三条办理。", effective="2020-01-01"),
        "regulations/mimi.md": regulation("东港市人民法院定密前规定ZQX", "第一条 曾经公开的文字MARKZQX1。", effective="2019-01-01"),
        "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 公开文本一。", effective="2019-01-01", category="队伍建设"),
    })
    site.write({"regulations/xingzheng/kaoqin.md": kaoqin(V2019, "2019-03-01")})
    site.commit("更正错别字", "2019-05-01T10:00:00+08:00")
    site.write({"regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 涉密期间的文字MARKZQX2。", effective="2020-02-02", category="队伍建设", secrecy="秘密")})
    site.commit("定密", "2020-02-01T10:00:00+08:00")
    (site.root / "regulations/xingzheng/kaoqin.md").unlink()  # moved to another folder and revised in one commit
    site.write({
        "regulations/renshi/kaoqin.md": kaoqin(V2021, "2021-01-15"),
        "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 公开文本二。", effective="2021-03-01", category="队伍建设"),
        "regulations/mimi.md": regulation("东港市人民法院定密前规定ZQX", "第一条 现已定密MARKZQX3。", effective="2021-01-01", secrecy="机密"),
    })
    site.commit("修订并移动", "2021-01-10T10:00:00+08:00")
    site.write({
        "regulations/renshi/kaoqin.md": kaoqin(V2027, "2027-01-01"),
        "regulations/xinzhi.md": regulation("东港市人民法院新制定办法", "第一条 将来才施行的新制度。", effective="2027-06-01"),
    })
    site.commit("录入将来施行的修订", "2026-10-01T10:00:00+08:00")
    result = site.build()
    return site, result


def test_main_page_shows_the_text_in_force_and_links_to_history(built):
    site, _ = built
    page = site.html("regulations/kaoqin/")
    assert "聘用制书记员" in page  # 2021
    assert "原规定同时废止" not in page  # the pending 2027 text never replaces it
    assert "已有修订，尚未生效" in page and 'href="2027-01-01/"' in page
    assert 'href="history/"' in page
    assert "最近修订：2021年1月15日起施行（共 3 个版本）" in page


def test_superseded_and_pending_version_pages(built):
    site, _ = built
    old = site.html("regulations/kaoqin/2019-03-01/")
    assert "已修订" in old and "病假须提交医院证明。" in old and "医阮" not in old  # the typo fix, not a version
    assert 'href="../"' in old  # the text in force
    pending = site.html("regulations/kaoqin/2027-01-01/")
    assert "尚未生效" in pending and "本版本将于2027年1月1日起施行" in pending and "原规定同时废止" in pending
    # The text in force lives at /regulations/kaoqin/; its dated URL (SPEC §3) forwards there, keeping the anchor.
    forward = site.html("regulations/kaoqin/2021-01-15/")
    assert 'http-equiv="refresh" content="0; url=../"' in forward and "keep-anchor.js" in forward
    assert "病假" not in forward


def test_history_page_lists_every_version_once(built):
    site, _ = built
    page = site.html("regulations/kaoqin/history/")
    rows = re.findall(r"<tr>\s*<td><a href=\"[^\"]*\">(\d{4}年\d+月\d+日)</a>", page)
    assert rows == ["2027年1月1日", "2021年1月15日", "2019年3月1日"]
    for status in ("尚未生效", "现行有效", "已修订"):
        assert f">{status}</span>" in page
    assert 'href="../compare/2019-03-01-to-2021-01-15/"' in page
    assert 'href="../compare/2021-01-15-to-2027-01-01/"' in page
    assert "东法发〔2019〕3号" in page


def test_comparison_page_aligns_articles_by_content(built):
    site, _ = built
    page = site.html("regulations/kaoqin/compare/2019-03-01-to-2021-01-15/")
    assert "修改 2 条，新增 1 条，删除 1 条" in page
    kinds = re.findall(r'<tr class="zd-cmp-row zd-cmp--(\w+)">', page)
    assert kinds == ["modified", "added", "modified", "deleted"]
    assert "原第四条 → 第五条" in page
    assert "<ins>和聘用制书记员</ins>" in page
    assert "<ins>二级以上</ins>医院<ins>出具的诊断</ins>" in page
    # the unchanged, renumbered articles are collapsed, not marked as changed
    assert page.count('<details class="zd-cmp-same">') == 4
    assert "第六条（原第五条）未变" in page


def test_recent_changes_lists_pending_first_and_is_in_the_nav(built):
    site, _ = built
    page = site.html("changes/")
    page = page[page.index('<article class="md-content__inner'):]  # the content, not the table of contents
    assert page.index("尚未生效的修订") < page.index("2027年1月1日") < page.index("已施行的修订") < page.index("2021年1月15日")
    assert 'href="../regulations/kaoqin/compare/2021-01-15-to-2027-01-01/"' in page
    assert "新制定办法" not in page  # a first version is not a revision
    assert "最近修订" in site.html("")  # in the navigation of every page


def test_regulation_whose_versions_are_all_pending(built):
    site, _ = built
    page = site.html("regulations/xinzhi/")
    assert "将来才施行的新制度" in page and "本版本将于2027年6月1日起施行" in page
    assert "zd-status--daishixing" in page


def test_secret_files_and_secret_versions_leave_no_trace(built):
    site, result = built
    assert not (site.root / "site/regulations/mimi").exists()
    assert not (site.root / "site/regulations/jixiao/2020-02-02").exists()
    leaks = []
    for path in (site.root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [f"{path}: {marker}" for marker in ("ZQX", "MARKZQX", "2020-02-02", "2020年2月2日", "regulations/mimi") if marker in text]
    assert leaks == []
    log = result.stdout + result.stderr
    assert "ZQX" not in log and "2020-02-02" not in log
    versions = re.findall(r"(\d{4}年\d+月\d+日)</a>", site.html("regulations/jixiao/history/"))
    assert versions == ["2021年3月1日", "2019年1月1日"]


def test_shallow_clone_warns_once_and_builds(built, tmp_path):
    site, _ = built
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.root}", str(clone))
    from sitekit import Site

    shallow = Site(clone)
    result = shallow.build()
    assert (result.stdout + result.stderr).count(WARN_SHALLOW) == 1
    assert not (clone / "site/regulations/kaoqin/2019-03-01").exists()
    assert "本制度目前只有一个版本" in shallow.html("regulations/kaoqin/history/")


def test_plain_copy_without_git_builds(built, tmp_path):
    site, _ = built
    copy = tmp_path / "plain"
    subprocess.run(["cp", "-r", str(site.root), str(copy)], check=True)
    subprocess.run(["rm", "-rf", str(copy / ".git"), str(copy / ".cache"), str(copy / "site")], check=True)
    from sitekit import Site

    result = Site(copy).build()
    assert "没有找到 git 修订历史" in result.stdout + result.stderr
    assert (copy / "site/regulations/kaoqin/history/index.html").exists()


def test_an_old_version_that_no_longer_validates_is_reported_not_fatal(tmp_path):
    site = make_site(tmp_path, {"regulations/kaoqin.md": kaoqin(V2019, "2019-03-01", remark="旧字段")})
    site.write({"regulations/kaoqin.md": kaoqin(V2021, "2021-01-15")})
    site.commit("修订并删去旧字段", "2021-01-10T10:00:00+08:00")
    result = site.build()
    assert "regulations/kaoqin.md：git 历史中2019年3月1日施行的版本有格式错误" in result.stdout + result.stderr
    assert not (site.root / "site/regulations/kaoqin/2019-03-01").exists()
    assert "聘用制书记员" in site.html("regulations/kaoqin/")


@pytest.mark.slow
def test_comparison_collapses_unchanged_articles_on_screen_and_in_print(built):
    from browser import browser_page, serve

    site, _ = built
    with serve(site.root / "site") as base, browser_page() as page:
        page.goto(base + "regulations/kaoqin/compare/2019-03-01-to-2021-01-15/")
        same = page.locator("details.zd-cmp-same p").first
        assert page.locator("tr.zd-cmp--added").is_visible()
        assert not same.is_visible()  # collapsed on screen
        page.locator("details.zd-cmp-same summary").first.click()
        assert same.is_visible()
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # Material opens every details for print
        assert not same.is_visible()  # a printed 修订对照表 names unchanged articles without repeating them
        assert page.locator("tr.zd-cmp--modified").first.is_visible()
        assert not page.locator(".zd-cmp-tools").is_visible()
        assert [url for url in page.requested if not url.startswith(base)] == []


def test_home_page_latest_lists_changes_by_date_with_their_kind_and_links(built):
    site, _ = built
    home = site.html("")
    latest = home[home.index('class="zd-latest"'):]
    latest = latest[:latest.index("</div>")]
    entries = re.findall(r"<li>(\d{4}年\d{1,2}月\d{1,2}日)\s+(\S+)\s+<a href=\"([^\"]+)\">([^<]+)</a>", latest)
    assert entries, latest
    dates = [e[0] for e in entries]
    assert entries[0][:2] == ("2027年1月1日", "即将施行")  # the revision in 37 days, linked to its comparison
    assert entries[0][2] == "regulations/kaoqin/compare/2021-01-15-to-2027-01-01/"
    assert ("2021年1月15日", "修订", "regulations/kaoqin/compare/2019-03-01-to-2021-01-15/", TITLE) in entries
    assert ("2019年3月1日", "新制定", "regulations/kaoqin/", TITLE) in entries
    assert "新制定办法" not in latest  # takes effect in 188 days: beyond the 90-day horizon
    assert "ZQX" not in latest  # a secret regulation never appears
    assert len(entries) <= 10
    parsed = [tuple(int(n) for n in re.findall(r"\d+", d)) for d in dates]
    assert parsed == sorted(parsed, reverse=True)
