"""岗位制度清单 through the real ``mkdocs build --strict`` in a temporary git repository: the role page, its
``?since=`` data, its PDF, the secrecy rule, and ``python -m zhidu roles`` as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

SECRET_MARKERS = ("QZ9", "mimi-role", "涉密岗位规定", "绝密押解路线")
ROLES = """  roles:
    - id: clerk
      name: 书记员
      words: [书记员, 聘用制书记员]
      exclude: [kaoqin 第四条]
      include: [kaoqin 第一条, gone 第一条]
      since: 2022-01-01
"""
OLD_KAOQIN = "第一条 本规定适用于聘用制书记员。\n\n第二条 书记员应当按时签到。\n\n第三条 法官负责审判。\n\n第四条 书记员应当参加升旗仪式。"
NEW_KAOQIN = "第一条 本规定适用于聘用制书记员。\n\n第二条 书记员应当在八时三十分前签到。\n\n第三条 法官负责审判。\n\n第四条 书记员应当参加升旗仪式。\n\n第五条 书记员不得代他人签到。"
FILES = {
    "regulations/xingzheng/kaoqin.md": regulation("东港市人民法院考勤规定", OLD_KAOQIN, effective="2019-03-01", department="政治部"),
    "regulations/xingzheng/old.md": regulation("东港市人民法院旧考勤办法", "第一条 书记员可以调休。", status="已废止", effective="2015-01-01", repealed="2019-03-01"),
    "regulations/xingzheng/later.md": regulation("东港市人民法院排班规定", "第一条 书记员负责排班。", effective="2027-06-01"),
    "regulations/falv/fa.md": regulation("中华人民共和国书记员法", "第一条 书记员应当忠于宪法。", kind="法律法规", category="法律"),
    "regulations/baomi/mimi-role.md": (
        "---\ntitle: 东港市人民法院涉密岗位规定QZ9\ncategory: 保密管理\nstatus: 现行有效\neffective: 2020-01-15\nsecrecy: 机密\n---\n"
        "第一条 书记员应当牢记绝密押解路线。\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("roles"), FILES, commit=False)
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  roles:\n(?:    .*\n|      .*\n)+", ROLES, text)
    config.write_text(text, encoding="utf-8")
    from sitekit import git

    git(site.root, "init", "-q", "-b", "main")
    site.commit("初始制度", date="2019-02-20T10:00:00+08:00")
    site.write({"regulations/xingzheng/kaoqin.md": regulation("东港市人民法院考勤规定", NEW_KAOQIN, effective="2024-05-01", department="政治部")})
    site.commit("修订考勤规定", date="2024-04-20T10:00:00+08:00")
    result = site.build(env={"ZHIDU_PDF": "1"})
    return site, result


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_role_page_lists_the_articles_in_force_that_bind_the_role(built):
    site, result = built
    page = site.html("roles/clerk/")
    main = text_of(page[page.index("<article"):page.index("</article>")])
    assert "岗位制度清单：书记员" in main
    assert "共有 1 项制度的 3 条条文约束或授权“书记员”" in main  # 第一条 added, 第二条 and 第五条 found, 第四条 excluded
    assert "书记员应当在八时三十分前签到。" in main and "书记员不得代他人签到。" in main
    assert "升旗仪式" not in main.split("本清单是怎样生成的")[0]  # excluded (named only in the note on exclusions)
    assert "（维护人员补充）" in main
    assert '<mark class="zd-modal zd-modal--duty" title="义务">应当</mark>' in page
    assert '<mark class="zd-modal zd-modal--ban" title="禁止">不得</mark>' in page
    assert 'href="../../regulations/kaoqin/#art-5"' in page
    for absent in ("调休", "负责排班", "忠于宪法"):  # repealed, not yet in force, a law kept for reference
        assert absent not in main, absent
    assert "本清单是怎样生成的" in main and "已排除：kaoqin 第四条" in main
    assert "mkdocs.yml:" in result.stderr and "gone" in result.stderr and "该项已忽略" in result.stderr


def test_index_page_and_navigation(built):
    site, _ = built
    index = text_of(site.html("roles/"))
    assert "书记员：1 项制度，3 条" in index
    assert 'href="roles/"' in site.html("") and "岗位制度清单" in site.html("")


def test_since_data_holds_the_article_aligned_comparison(built):
    site, _ = built
    page = site.html("roles/clerk/")
    data = json.loads(re.search(r'<script type="application/json" class="zd-role-data">(.*?)</script>', page, re.S).group(1).replace("<\\/", "</"))
    [kaoqin] = data["regs"]
    assert kaoqin["versions"] == ["2019-03-01", "2024-05-01"]
    changes = kaoqin["changes"]["2019-03-01"]
    assert [(c["kind"], c["new"]) for c in changes] == [("modified", "第二条"), ("added", "第五条")]
    assert ["i", "在八时三十分前"] in changes[0]["segments"]


def test_role_pdf_lists_the_articles_and_the_changes(built):
    site, _ = built
    pdf = site.root / "site" / "pdf" / "roles" / "clerk.pdf"
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "岗位制度清单：书记员" in text and "书记员不得代他人签到。" in text
    assert "2022年1月1日以来的变化" in text and "第五条新增" in text and "第二条修改" in text


def test_secret_regulation_is_in_no_role_output(built):
    site, result = built
    paths = [*(site.root / "site" / "roles").rglob("*"), site.root / "site" / "pdf" / "roles" / "clerk.pdf"]
    for path in paths:
        if path.is_file():
            data = path.read_bytes()
            for marker in SECRET_MARKERS:
                assert marker.encode() not in data, (path, marker)
    pdf = subprocess.run(["pdftotext", str(site.root / "site" / "pdf" / "roles" / "clerk.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert not any(marker in pdf for marker in SECRET_MARKERS)
    log = (result.stdout + result.stderr).replace("已跳过涉密文件：regulations/baomi/mimi-role.md", "")
    assert not any(marker in log for marker in SECRET_MARKERS)


def cli(site, *args):
    env = {**os.environ, "ZHIDU_TODAY": "2026-11-25"}
    return subprocess.run([sys.executable, "-m", "zhidu", *args], cwd=site.root, capture_output=True, text=True, env=env)


def test_cli_lists_what_changed_since_a_date(built):
    site, _ = built
    out = cli(site, "roles", "书记员", "--since", "2020-01-01")
    assert out.returncode == 0, out.stderr
    assert "自2020年1月1日以来，与岗位“书记员”有关的条文有 2 处变化" in out.stdout
    assert "《考勤规定》第二条［修改，对照2019年3月1日施行的文本］" in out.stdout
    assert "{+在八时三十分前+}" in out.stdout and "《考勤规定》第五条［新增］" in out.stdout
    assert not any(marker in out.stdout + out.stderr for marker in SECRET_MARKERS)
    unchanged = cli(site, "roles", "clerk", "--since", "2025-01-01")
    assert "没有变化" in unchanged.stdout
    listing = cli(site, "roles", "clerk")
    assert "共 3 条条文" in listing.stdout and "涉密" not in listing.stdout


def test_cli_errors_are_one_chinese_line(built):
    site, _ = built
    bad = cli(site, "roles", "clerk", "--since", "2020-13-01")
    assert bad.returncode == 1 and bad.stderr.startswith("错误：--since 的值“2020-13-01”不是") and "Traceback" not in bad.stderr
    unknown = cli(site, "roles", "门卫")
    assert unknown.returncode == 1 and "没有岗位“门卫”。可用的岗位：书记员（clerk）" in unknown.stderr



def test_since_in_chromium_draws_the_changes_from_the_page_data(built):
    from browser import browser_page, serve

    site, _ = built
    with serve(site.root / "site") as base, browser_page({"width": 375, "height": 800}) as page:
        page.goto(base + "roles/clerk/?since=2020-01-01")
        out = page.locator(".zd-role-since-out")
        text = out.inner_text()
        assert "自2020年1月1日以来的变化" in text and "共 3 条与“书记员”有关的条文新增、修改或删除" not in text
        assert "共 2 条与“书记员”有关的条文新增、修改或删除" in text
        assert out.locator("ins").first.inner_text() == "在八时三十分前"
        assert out.locator("a", has_text="第五条").get_attribute("href") == "../../regulations/kaoqin/#art-5"
        assert page.locator("#zd-since").input_value() == "2020-01-01"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.goto(base + "roles/clerk/?since=2018-06-01")
        assert "本库所存该制度最早的文本于2019年3月1日施行，晚于所选日期" in page.locator(".zd-role-since-out").inner_text()
        page.locator("#zd-since").fill("2025-01-01")
        page.get_by_role("button", name="查看").click()
        page.wait_for_url("**?since=2025-01-01*")
        assert "与“书记员”有关的条文没有修改" in page.locator(".zd-role-since-out").inner_text()
        assert all(url.startswith(base) for url in page.requested)
