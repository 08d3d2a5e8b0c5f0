"""MkDocs sees every article's id although the articles skip Markdown (zhidu/render/rawhtml.py): no false
`no such anchor` line in the log, and under --strict a wrong #art-N in a hand-written page fails the build."""

from __future__ import annotations

import pytest
from sitekit import make_site, regulation

from zhidu import urls

KAOQIN = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    ## 第一章　总　则

    第一条 为了规范请休假，制定本规定。

    第二条 请假审批依照本规定第五条办理。

    第五条 请假一日以内的，由庭长审批。

    第五条之一 公休假另行安排，依照本规定第一条执行。
    """,
)
JIXIAO = regulation("东港市人民法院绩效考核实施办法", "第一条 考勤情况依照《工作人员请休假考勤管理规定》第五条之一认定。", category="队伍建设")
ANCHOR_LINES = ("no such anchor", "does not contain an anchor")


def page(anchor: str) -> str:
    return f"# 常用条文\n\n[请假审批](../{urls.regulation('kaoqin')}#{anchor})\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("anchors"), {"regulations/kaoqin.md": KAOQIN, "regulations/jixiao.md": JIXIAO})


def test_links_to_articles_raise_no_anchor_line(site):
    site.write({"docs/guide/links.md": page(urls.article_anchor(5, 1))})
    result = site.build()
    log = result.stdout + result.stderr
    assert not [line for line in log.splitlines() if any(words in line for words in ANCHOR_LINES)]
    assert 'id="art-5-1"' in site.html("regulations/kaoqin/")


def test_a_wrong_article_anchor_in_a_hand_written_page_fails_the_strict_build(site):
    site.write({"docs/guide/links.md": page(urls.article_anchor(9))})
    result = site.build(check=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/guide/links.md" in log or "guide/links.md" in log
    assert "art-9" in log and "does not contain an anchor" in log
