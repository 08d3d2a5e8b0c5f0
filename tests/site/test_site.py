"""Small sites built from dicts with the real `mkdocs build --strict`: anchors, links, cited-by, banners, secrecy."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from sitekit import make_site, regulation

KAOQIN = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    ## 第一章　总　则

    第一条 为了规范请休假，制定本规定。

    第二条 请假审批依照本规定第五条办理。

    ## 第二章 审批

    第五条 请假一日以内的，由庭长审批。

    第五条之一 公休假另行安排。
    """,
    aliases="[考勤管理规定]",
    doc_number="东法发〔2021〕3号",
    department="政治部",
    tags="[考勤, 请假]",
)
JIXIAO = regulation(
    "东港市人民法院绩效考核实施办法",
    """
    第一条 为了做好绩效考核，依照《中华人民共和国公务员法》，制定本办法。

    第二条 考勤情况依照《考勤管理规定》第五条之一认定，并参照《工作人员请休假考勤管理规定》。

    （一）旷工的，依照本办法第一条扣分；
    """,
    category="队伍建设",
    status="试行",
)
OLD = regulation(
    "东港市人民法院公务用车管理办法", "第一条 旧办法。", status="已废止", effective="2016-05-01", repealed="2019-06-01", replaced_by="jixiao",
)
SECRET = "---\ntitle: 东港市人民法院涉密测试规定QZ7\ncategory: 保密管理\nstatus: 现行有效\neffective: 2021-01-15\nsecrecy: 机密\n---\n第一条 绝密测试标记QZ7，依照《请休假考勤管理规定》执行。\n"


PUBLISHED = {
    "regulations/xingzheng/kaoqin.md": KAOQIN,
    "regulations/jixiao.md": JIXIAO,
    "regulations/old/gongche-old.md": OLD,
}
"""A small site of three regulations: one in force with chapters, one 试行 citing it, one repealed."""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("site"), {**PUBLISHED, "regulations/baomi/mimi-qz.md": SECRET})
    result = site.build()
    return site, result


def test_pages_at_id_urls_whatever_the_folder(built):
    site, _ = built
    for reg_id in ("kaoqin", "jixiao", "gongche-old"):
        assert (site.root / "site" / "regulations" / reg_id / "index.html").exists()


def test_article_and_chapter_anchors(built):
    html = built[0].html("regulations/kaoqin/")
    for anchor in ("art-1", "art-2", "art-5", "art-5-1"):
        assert f'id="{anchor}"' in html
    assert 'id="ch-1"' in html and 'id="ch-2"' in html
    assert "第一章 总则" in html


def test_citations_link_both_ways(built):
    site, _ = built
    jixiao = site.html("regulations/jixiao/")
    assert '<a class="zd-cite" href="../kaoqin/#art-5-1">《考勤管理规定》第五条之一</a>' in jixiao
    assert '<a class="zd-cite" href="../kaoqin/">《工作人员请休假考勤管理规定》</a>' in jixiao
    assert '<a class="zd-cite" href="#art-1">本办法第一条</a>' in jixiao
    assert "《中华人民共和国公务员法》" in jixiao and 'href="../%E4' not in jixiao
    kaoqin = site.html("regulations/kaoqin/")
    assert '<a class="zd-cite" href="#art-5">本规定第五条</a>' in kaoqin
    cited_by = kaoqin[kaoqin.index('id="cited-by"'):]
    assert '<a href="../jixiao/#art-2">《绩效考核实施办法》第二条</a>，引用本制度<a href="#art-5-1">第五条之一</a>' in cited_by


def test_an_article_number_is_never_a_link_to_itself(tmp_path):
    site = make_site(tmp_path, {"regulations/a.md": regulation("东港市人民法院甲规定", "第一条 甲。\n\n第二条 本规定第二条所称人员。")})
    site.build()
    html = site.html("regulations/a/")
    assert 'href="#art-2"' not in html


def test_metadata_panel_and_banners(built):
    site, _ = built
    kaoqin = site.html("regulations/kaoqin/")
    for text in ("文号", "东法发〔2021〕3号", "制定机关", "东港市人民法院", "归口部门", "政治部", "施行日期", "2021年1月15日", "现行有效"):
        assert text in kaoqin
    assert "试行" in site.html("regulations/jixiao/") and "admonition warning" in site.html("regulations/jixiao/")
    old = site.html("regulations/gongche-old/")
    assert "admonition danger" in old and "2019年6月1日废止" in old
    assert re.search(r'现行规定见<a href="../jixiao/">《绩效考核实施办法》</a>', old)


def test_copy_button_carries_formal_citation(built):
    html = built[0].html("regulations/kaoqin/")
    assert 'data-cite="《东港市人民法院工作人员请休假考勤管理规定》第五条之一" data-anchor="art-5-1"' in html


def test_browse_pages_from_data(built):
    site, _ = built
    home = site.html("")
    assert "队伍建设" in home and "行政管理" in home
    assert "收录制度 <strong>3</strong> 项" in home
    assert "东港市人民法院绩效考核实施办法" in site.html("categories/队伍建设/")
    assert "东港市人民法院公务用车管理办法" in site.html("status/已废止/")
    assert "东港市人民法院工作人员请休假考勤管理规定" in site.html("departments/政治部/")


def test_unresolved_citations_reported_not_errors(built):
    site, result = built
    assert result.returncode == 0
    assert "另有本库未收录的《》名称 1 个" in result.stderr  # the build log's 制度体检 line; the names are on /health/
    health = site.html("health/")
    assert "<td>《中华人民共和国公务员法》</td>" in health and '<a href="../regulations/jixiao/#art-1">' in health


def test_secret_file_leaves_no_trace(built):
    site, result = built
    for path in (site.root / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in ("QZ7", "mimi-qz", "涉密测试规定"):
                assert marker.encode() not in data, (path, marker)
    log = result.stdout + result.stderr
    assert "已跳过涉密文件：regulations/baomi/mimi-qz.md" in log
    assert "QZ7" not in log and "涉密测试规定" not in log
    # The secret file cites kaoqin: that must not show as a backlink.
    assert "mimi" not in site.html("regulations/kaoqin/")


def test_search_box_index_uses_dictionary_and_excludes_buttons(built):
    site, _ = built
    folder = site.root / "site" / "zhidu-search"
    vocabulary = {word for path in (folder / "v").glob("*.json") for word in json.loads(path.read_text(encoding="utf-8"))}
    assert "请休假" in vocabulary
    texts = " ".join(doc[4] for path in (folder / "d").glob("*.json") for doc in json.loads(path.read_text(encoding="utf-8")))
    assert "公休假另行安排" in texts
    assert "复制引用" not in texts


def test_invalid_secrecy_is_an_error_never_a_publish(tmp_path):
    bad = SECRET.replace("secrecy: 机密", "secrecy: 内部")
    site = make_site(tmp_path, {"regulations/kaoqin.md": KAOQIN, "regulations/mimi-qz.md": bad})
    result = site.build(check=False)
    assert result.returncode != 0
    assert "regulations/mimi-qz.md:6: 错误：密级“内部”无效，该文件不会被发布。" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site.root / "site" / "regulations" / "mimi-qz").exists()


def test_failed_build_keeps_last_good_site(tmp_path):
    site = make_site(tmp_path, {"regulations/kaoqin.md": KAOQIN})
    env_python = [sys.executable, "-m", "zhidu", "build"]
    ok = subprocess.run(env_python, cwd=site.root, capture_output=True, text=True, env={**__import__("os").environ, "ZHIDU_PDF": "0"})
    assert ok.returncode == 0, ok.stderr
    before = site.html("regulations/kaoqin/")
    site.write({"regulations/kaoqin.md": KAOQIN.replace("status: 现行有效", "status: 作废")})
    failed = subprocess.run(env_python, cwd=site.root, capture_output=True, text=True, env={**__import__("os").environ, "ZHIDU_PDF": "0"})
    assert failed.returncode != 0
    assert "构建失败，site/ 中仍是上一次成功构建的站点" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert site.html("regulations/kaoqin/") == before


def test_the_search_box_shows_without_materials_search_plugin(built):
    """overrides/partials/header.html shows the box that Material shows only with its search plugin enabled; the
    plugin is not in mkdocs.yml, so no page index of Material's is written."""
    site, _ = built
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = config.split("\nplugins:\n", 1)[1].split("\n\n", 1)[0]
    assert "- search" not in plugins
    for page in ("", "regulations/kaoqin/"):
        html = site.html(page)
        assert '<label class="md-header__button md-icon" for="__search">' in html
        assert 'class="md-search__input"' in html and 'name="zhidu-search"' in html
    assert not (site.root / "site" / "search").exists()
