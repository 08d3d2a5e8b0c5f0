"""A citation of an article the CLI does not search by default (a repealed regulation, an old version) is named with
how to include it, through the real CLI; the rest of the query is searched, never "any article holding 第八条"."""

from __future__ import annotations

import json

import pytest
from searchkit import hits, make_site, regulation, search
from sitekit import git

OLD_CARS = regulation(
    "东港市人民法院公务用车管理办法",
    """
    第一条 为规范公务用车管理，制定本办法。

    第二条 公务用车实行集中管理、统一调度。

    第三条 节假日期间公务用车一律封存停放。
    """,
    status="已废止", effective="2016-05-01", repealed="2019-06-01",
)
CARS = regulation(
    "东港市人民法院车辆使用管理规定",
    "第一条 公务用车由办公室统一调度。\n\n第二条 严禁公务用车私用。\n\n第三条 本规定自公布之日起施行。",
)
OTHER = regulation("东港市人民法院会议管理规定", "第一条 会议由办公室统一安排。\n\n第二条 本规定第三条另有规定的除外。\n\n第三条 本规定自公布之日起施行。")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("set-aside"), {
        "regulations/old/gongche.md": OLD_CARS, "regulations/cheliang.md": CARS, "regulations/huiyi.md": OTHER,
    })
    result = search(site, "index")
    assert result.returncode == 0, result.stderr
    return site


def test_a_citation_of_a_repealed_regulation_says_so_and_how_to_include_it(site):
    result = search(site, "query", "公务用车管理办法第三条")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "《东港市人民法院公务用车管理办法》第三条：该制度已废止，默认不检索已废止的制度；要查看该条，请加 --include-repealed。"
    assert "会议管理规定" not in result.stdout  # no unrelated article that merely holds 第三条
    assert "没有找到" not in result.stdout  # the line says why, not "nothing found"


def test_json_output_stays_an_array_and_the_line_goes_to_stderr(site):
    result = search(site, "query", "公务用车管理办法第三条", "--json")
    assert result.returncode == 0
    assert "--include-repealed" in result.stderr
    found = json.loads(result.stdout)
    assert isinstance(found, list) and all(h["id"] not in ("gongche", "huiyi") for h in found)


def test_with_include_repealed_the_article_is_the_first_answer(site):
    found = hits(site, "公务用车管理办法第三条", "--include-repealed")
    assert (found[0]["id"], found[0]["article"], found[0]["status"]) == ("gongche", "第三条", "已废止")
    assert "公务用车管理办法第三条" not in search(site, "query", "公务用车管理办法第三条", "--include-repealed").stderr


def test_an_article_only_in_an_old_version_names_the_date_to_search(tmp_path):
    site = make_site(tmp_path, {"regulations/cheliang.md": CARS})
    site.write({"regulations/cheliang.md": regulation("东港市人民法院车辆使用管理规定", "第一条 公务用车由办公室统一调度。", effective="2024-01-01")})
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "修订")
    result = search(site, "query", "车辆使用管理规定第三条")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "《东港市人民法院车辆使用管理规定》第三条：只见于该制度 2021-01-15 施行的旧版本，默认只检索现行有效的版本；"
        "要查看该条，请加 --as-of 2021-01-15。")
    found = hits(site, "车辆使用管理规定第三条", "--as-of", "2021-06-01")
    assert (found[0]["id"], found[0]["article"]) == ("cheliang", "第三条")
