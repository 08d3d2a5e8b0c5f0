"""Another institution drops in its own regulations and mkdocs.yml values: nothing of the sample court remains.

SPEC §1: only ``regulations/`` and mkdocs.yml's ``site_name``/``site_description``/``site_url``/``extra`` change between
institutions. The built site, its PDFs and the maintainers' guide must then speak of that institution only.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from sitekit import make_site, regulation

SAMPLE_COURT = ("东港", "东法")
OTHER = {
    "site_name": "西山县人民法院规章制度库",
    "site_description": "西山县人民法院内部规章制度（内网版）",
    "site_url": "http://zhidu.xishan.example/",
}
REGULATIONS = {
    "regulations/xingzheng/baomi.md": regulation(
        "西山县人民法院保密工作规定", "第一条 为了做好保密工作，制定本规定。\n\n第二条 涉密载体依照《安全保卫办法》第二条登记。",
        category="行政管理", doc_number="西法发〔2022〕1号", tags="[保密, 安全]",
    ),
    "regulations/xingzheng/cheliang.md": regulation(
        "西山县人民法院安全保卫办法", "第一条 为了做好安全保卫，制定本办法。\n\n第二条 车辆由办公室统一调度。",
        category="行政管理", tags="[车辆, 考勤, 安全]",
    ),
}


def other_institution_config(text: str) -> str:
    for key, value in OTHER.items():
        text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {value}", text)
    text = re.sub(r"(?m)^  institution:.*$", "  institution: 西山县人民法院", text)
    return re.sub(r"(?m)^  notice:.*$", "  notice: 本站为西山县人民法院内网制度库。", text)


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("handover"), REGULATIONS, commit=False)
    config = site.root / "mkdocs.yml"
    config.write_text(other_institution_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    from sitekit import git

    git(site.root, "init", "-q", "-b", "main")
    site.commit("西山县人民法院制度", date="2022-03-01T10:00:00+08:00")
    site.build(env={"ZHIDU_PDF": "1"})
    return site


def test_nothing_of_the_sample_court_in_site_pdfs_or_guide(other_site):
    site_dir = other_site.root / "site"
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site_dir)}: {word}" for word in SAMPLE_COURT if word in text]
    pdfs = sorted(site_dir.glob("pdf/**/*.pdf"))
    assert {p.name for p in pdfs} >= {"baomi.pdf", "cheliang.pdf", "handbook.pdf"}
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "西山县人民法院" in text
        found += [f"{pdf.relative_to(site_dir)}: {word}" for word in SAMPLE_COURT if word in text]
    assert found == []
    guide = other_site.html("guide/index.html")
    assert "title: 西山县人民法院工作人员请休假考勤管理规定" in guide
    frontmatter = other_site.html("guide/frontmatter/")
    assert "title: 西山县人民法院工作人员请休假考勤管理规定" in frontmatter and "issuer: 西山县人民法院" in frontmatter


def test_tag_index_is_in_pinyin_order(other_site):
    tags = re.findall(r'<h2 id="tag:([^"]+)"', other_site.html("tags/"))
    assert tags == ["安全", "保密", "车辆", "考勤"]  # code point order would be 保密, 安全, 考勤, 车辆
    under_safety = other_site.html("tags/").split('id="tag:安全"')[1].split("<h2")[0]
    # Pages under a tag too: 安 (an) before 保 (bao), although 保 U+4FDD comes before 安 U+5B89.
    assert re.findall(r">\s*([^<>]+?)\s*</a>\s*</li>", under_safety) == ["安全保卫办法", "保密工作规定"]


def test_not_found_page_is_chinese(other_site):
    page = other_site.html("404.html")
    assert "<h1>页面不存在</h1>" in page
    assert "Not found" not in page


def test_home_links_the_guide_and_the_about_page(other_site):
    home = other_site.html("")
    content = home[home.index('<article'):home.index("</article>")]
    assert '<a href="guide/">维护指南</a>' in content
    assert '<a href="about/">关于本站</a>' in content
