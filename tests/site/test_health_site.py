"""The 制度体检 page and PDF through the real `mkdocs build --strict`, and a repeal dated in the future through the
site's lists and the search CLI's --as-of."""

from __future__ import annotations

import re
import subprocess

import pytest
from searchkit import hits
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

SECRET_MARKERS = ("QZ7", "mimi-qz", "涉密测试规定", "保密测试委员会")
FILES = {
    "regulations/xingzheng/gongche.md": regulation(
        "东港市人民法院公务用车管理办法", "第一条 旧办法。", status="已废止", effective="2016-05-01", repealed="2019-06-01",
        replaced_by="cheliang", department="办公室",
    ),
    "regulations/xingzheng/cheliang.md": regulation("东港市人民法院车辆使用管理暂行规定", "第一条 派车。\n\n第二条 用车。", department="办公室"),
    "regulations/xingzheng/neikong.md": regulation(
        "东港市人民法院内部控制手册", "第一条 内控。\n\n第二条 车辆编制依照《公务用车管理办法》执行，经费依照《中华人民共和国预算法》。",
        department="办公室", review_by="2027-01-31",
    ),
    "regulations/shenpan/pingcha.md": regulation(
        "东港市人民法院案件质量评查办法（试行）", "第一条 评查委员会（以下简称考核委员会）负责评查。\n\n第二条 依照《车辆使用管理暂行规定》第九条。",
        category="审判管理", status="试行", department="审判管理办公室",
    ),
    "regulations/duiwu/jixiao.md": regulation(
        "东港市人民法院绩效考核实施办法", "第一条 本院成立绩效考核委员会（以下简称考核委员会）。", category="队伍建设", department="政治部",
    ),
    "regulations/duiwu/zhiban.md": regulation(
        "东港市人民法院值班管理办法", "第一条 节假日值班实行带班领导制度。", category="队伍建设", status="已废止", repealed="2027-03-01", department="政治部",
    ),
    "regulations/baomi/mimi-qz.md": (
        "---\ntitle: 东港市人民法院涉密测试规定QZ7\ncategory: 保密管理\nstatus: 试行\neffective: 2015-01-15\ndepartment: 保密测试委员会\nsecrecy: 机密\n---\n"
        "第一条 依照《公务用车管理办法》第九十条和《密件QZ7条例》，保密委员会（以下简称考核委员会）负责。\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("health"), FILES)
    return site, site.build()


def test_health_page_groups_findings_by_kind_and_department(built):
    site, _ = built
    page = site.html("health/")
    text = re.sub(r"<[^>]+>", "", page)
    for heading in ("试行期满（1 处）", "评估逾期", "即将到期（1 处）", "引用已废止的制度（1 处）", "引用的条文不存在（1 处）", "同一简称含义不同（1 处）", "本库未收录的名称（1 个）",
                    "其他机关的文件和法律法规（1 个）"):
        assert heading in text, heading
    assert "应于2027年1月31日前评估，还有 67 天。" in text
    assert '<a href="../regulations/neikong/#art-2">《内部控制手册》第二条</a>：引用的《公务用车管理办法》已于2019年6月1日废止。' in page
    assert "<code>regulations/xingzheng/neikong.md:12</code>" in page
    assert '<a href="../regulations/pingcha/#art-2">《案件质量评查办法（试行）》第二条</a>：引用的《车辆使用管理暂行规定》第九条不存在。' in page
    assert "《》名称（" not in text  # names outside the collection are listed for the maintainers, not counted as findings
    departments = page[page.index('id="by-department"'):page.index('id="unknown-titles"')]
    assert departments.index("办公室（") < departments.index("审判管理办公室（") < departments.index("政治部（")


def test_health_page_lists_every_regulation_in_force_with_a_suggestion(built):
    site, _ = built
    page = site.html("health/")
    table = page[page.index("<table"):page.index("</table>")]
    rows = [[c for c in re.sub(r"<[^>]+>", "|", m.group(1)).split("|") if c.strip()] for m in re.finditer(r"<tr>(.*?)</tr>", table, re.S)]
    assert "公务用车管理办法" not in table  # repealed in 2019: nothing left to clean up
    cells = {row[0]: row for row in rows[1:]}
    assert list(cells) == ["值班管理办法", "案件质量评查办法（试行）", "绩效考核实施办法", "内部控制手册", "车辆使用管理暂行规定"]  # by action, then due date
    assert cells["值班管理办法"][-2:] == ["废止", "已定于2027年3月1日废止、评估逾期"]
    assert cells["案件质量评查办法（试行）"][-2:] == ["修订", "试行期满、引用的条文不存在"]
    assert cells["绩效考核实施办法"][-2:] == ["修订", "评估逾期、同一简称含义不同"]
    assert cells["内部控制手册"][-2:] == ["修订", "即将到期、引用已废止的制度"]
    assert cells["车辆使用管理暂行规定"][1:] == ["现行有效", "办公室", "5.9 年", "2021年1月15日", "2026年1月15日", "定期评估，已逾期", "评估", "评估逾期"]


def test_health_page_is_for_maintainers_only(built):
    site, _ = built
    assert "health/" not in site.html("")  # not on the officers' home page
    assert 'href="../health/"' in site.html("guide/")
    search = site.root / "site" / "zhidu-search"  # the search box's index (issue 9): the report is not an answer
    files = [p for p in search.rglob("*") if p.is_file()]
    assert any("车辆" in p.read_text(encoding="utf-8", errors="replace") for p in files)  # the index holds the regulations' text
    assert not any("health/" in p.read_text(encoding="utf-8", errors="replace") or "制度体检" in p.read_text(encoding="utf-8", errors="replace") for p in files)


def test_build_log_summarises_the_findings(built):
    _, result = built
    assert "制度体检：共 8 处提示（试行期满 1 处、评估逾期 3 处、即将到期 1 处、引用已废止的制度 1 处、引用的条文不存在 1 处、同一简称含义不同 1 处），详见站点的 /health/ 页面或 make check。另有本库未收录的《》名称 1 个" in result.stderr


def test_secret_regulation_is_in_no_part_of_the_report(built):
    site, result = built
    for path in (site.root / "site" / "health").rglob("*"):
        if path.is_file():
            for marker in SECRET_MARKERS:
                assert marker.encode() not in path.read_bytes(), (path, marker)
    log = (result.stdout + result.stderr).replace("已跳过涉密文件：regulations/baomi/mimi-qz.md", "")
    assert not any(marker in log for marker in SECRET_MARKERS)


def test_health_pdf_extracts_as_chinese_and_leaves_out_the_secret(built, tmp_path):
    site, _ = built
    pdf_site = tmp_path / "pdf-site"
    site.build("--site-dir", str(pdf_site), env={"ZHIDU_PDF": "1"})
    pdf = pdf_site / "pdf" / "health.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for expected in ("东港市人民法院制度体检报告", "2026年11月25日", "制度清理一览", "转为正式", "需要处理的问题",
                     "《内部控制手册》第二条：引用的《公务用车管理办法》已于2019年6月1日废止。", "试行期已于2023年1月15日届满"):
        assert expected in flat, expected
    for marker in SECRET_MARKERS:
        assert marker not in flat
    # The meeting's report speaks of regulations, articles and dates: no field names, no file paths, no list of
    # the 《》 names outside the collection.
    for maintainer_word in ("status", "trial_until", "review_by", "effective", "aliases", "replaced_by", "regulations/", ".md", "预算法", "mkdocs"):
        assert maintainer_word not in text, maintainer_word
    assert "建议的得出规则" in flat
    assert 'href="../pdf/health.pdf"' in (pdf_site / "health" / "index.html").read_text(encoding="utf-8")


def test_no_pdf_link_when_pdfs_are_off(built):
    site, _ = built
    assert "health.pdf" not in site.html("health/")
    assert not (site.root / "site" / "pdf").exists()


def test_future_repeal_in_lists_before_and_after_the_date(built, tmp_path):
    site, _ = built
    before = site.html("status/现行有效/")
    assert "东港市人民法院值班管理办法" in before and "东港市人民法院值班管理办法" not in site.html("status/已废止/")
    assert "本制度将于2027年3月1日废止" in site.html("regulations/zhiban/")
    later = tmp_path / "later"
    site.build("--site-dir", str(later), env={"ZHIDU_TODAY": "2027-03-01"})
    assert "东港市人民法院值班管理办法" in (later / "status" / "已废止" / "index.html").read_text(encoding="utf-8")
    assert "东港市人民法院值班管理办法" not in (later / "status" / "现行有效" / "index.html").read_text(encoding="utf-8")
    assert "值班管理办法" not in re.sub(r"<[^>]+>", "", (later / "health" / "index.html").read_text(encoding="utf-8")).split("制度清理一览")[1].split("按提示类型")[0]


def test_future_repeal_in_the_search_cli_as_of(built):
    site, _ = built
    assert [(h["id"], h["status"]) for h in hits(site, "带班领导")] == [("zhiban", "现行有效")]
    assert [h["id"] for h in hits(site, "带班领导", "--as-of", "2027-02-28")] == ["zhiban"]
    assert hits(site, "带班领导", "--as-of", "2027-03-01") == []
    # A hit's status is the one the site shows on the build date, whatever day was searched (search/query.py).
    assert [(h["id"], h["status"]) for h in hits(site, "带班领导", "--as-of", "2027-03-01", "--include-repealed")] == [("zhiban", "现行有效")]
    later = {"ZHIDU_TODAY": "2027-03-01"}
    assert hits(site, "带班领导", env=later) == []
    assert [(h["id"], h["status"]) for h in hits(site, "带班领导", "--include-repealed", env=later)] == [("zhiban", "已废止")]
