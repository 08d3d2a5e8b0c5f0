"""The index behind ``python -m search``: incremental updates, atomic swaps, corruption, secrecy and versions."""

from __future__ import annotations

import os
import subprocess
import sys

from searchkit import PROJECT, hits, index_bytes, make_site, regulation, search

CORRUPT = "搜索索引已损坏或由不兼容的版本建立，正在重新建立索引……\n"


def body(*articles: str) -> str:
    return "\n\n".join(f"第{n}条 {text}" for n, text in zip("一二三四五六七八九十", articles))


def files(**extra: str) -> dict[str, str]:
    base = {
        "regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", body("工作人员请假应当审批。", "考勤结果每月公布。", "本规定自2021年1月15日起施行。")),
        "regulations/审判/shenpan.md": regulation("东港市人民法院审判流程管理办法", body("立案后三日内分案。", "审限届满前提醒承办法官。", "本办法自2021年1月15日起施行。"), category="审判管理"),
    }
    base.update(extra)
    return base


def index_dir(site):
    return site.root.parent / "search-index"


def test_first_query_builds_the_index_then_queries_reuse_it(tmp_path):
    site = make_site(tmp_path, files())
    first = search(site, "query", "请假", "--json")
    assert first.returncode == 0
    assert first.stderr == "正在建立搜索索引……\n"
    again = search(site, "query", "请假", "--json")
    assert again.stderr == ""
    assert again.stdout == first.stdout


def test_update_reindexes_only_the_changed_regulation(tmp_path):
    site = make_site(tmp_path, files())
    assert search(site, "index").returncode == 0
    unchanged = search(site, "index")
    assert unchanged.stdout == "搜索索引已是最新：2 项制度，6 个条目。\n"
    site.write({"regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", body("工作人员请假应当审批。", "考勤结果每季度公示。", "迟到早退应当登记。", "本规定自2021年1月15日起施行。"))})
    updated = search(site, "index")
    assert updated.returncode == 0
    assert updated.stdout == "已更新搜索索引：2 项制度，7 个条目（本次编入 4 个）。\n"
    assert [h["article"] for h in hits(site, "季度 公示")][:1] == ["第二条"]
    assert hits(site, "每月") == []
    assert hits(site, "分案")[0]["id"] == "shenpan"


def test_query_notices_a_stale_index_and_updates_it_first(tmp_path):
    site = make_site(tmp_path, files())
    assert search(site, "index").returncode == 0
    site.write({"regulations/审判/shenpan.md": regulation("东港市人民法院审判流程管理办法", body("立案后当日分案。", "长期未结案件应当督办。", "本办法自2021年1月15日起施行。"), category="审判管理")})
    result = search(site, "query", "督办", "--json")
    assert result.returncode == 0 and result.stderr == ""
    assert '"article": "第二条"' in result.stdout
    site.write({"regulations/行政/xuexi.md": regulation("东港市人民法院学习制度", body("干警每周集中学习一次。"))})
    assert hits(site, "集中学习")[0]["id"] == "xuexi"
    (site.root / "regulations/行政/xuexi.md").unlink()
    assert hits(site, "集中学习") == []


def test_a_corrupt_index_is_rebuilt_with_one_message(tmp_path):
    site = make_site(tmp_path, files())
    assert search(site, "index").returncode == 0
    generation = index_dir(site) / (index_dir(site) / "CURRENT").read_text().strip()
    for segment in generation.glob("*.seg"):
        segment.write_bytes(b"\0garbage" * 100)
    result = search(site, "query", "请假", "--json")
    assert result.returncode == 0
    assert result.stderr == CORRUPT
    assert '"id": "kaoqin"' in result.stdout
    assert search(site, "query", "请假", "--json").stderr == ""


def test_an_index_of_another_format_is_rebuilt_with_one_message(tmp_path):
    site = make_site(tmp_path, files())
    assert search(site, "index").returncode == 0
    generation = index_dir(site) / (index_dir(site) / "CURRENT").read_text().strip()
    meta = generation / "zhidu.json"
    meta.write_text(meta.read_text().replace('"format":', '"format":99,"old":'))
    result = search(site, "query", "请假", "--json")
    assert result.returncode == 0 and result.stderr == CORRUPT
    assert '"id": "kaoqin"' in result.stdout


def test_a_killed_build_leaves_the_old_index_in_use_and_is_cleaned_up(tmp_path):
    site = make_site(tmp_path, files())
    assert search(site, "index").returncode == 0
    leftover = index_dir(site) / "tmp-12345-1"
    leftover.mkdir()
    (leftover / "MAIN_half.seg").write_bytes(b"half written")
    assert hits(site, "请假")[0]["id"] == "kaoqin"  # the half-built folder is never read
    assert search(site, "index", "--rebuild").returncode == 0
    assert not leftover.exists()
    generations = sorted(p.name for p in index_dir(site).glob("gen-*"))
    assert len(generations) <= 2


def test_two_builds_at_once_leave_a_working_index(tmp_path):
    site = make_site(tmp_path, files())
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_SEARCH_INDEX": str(index_dir(site))}
    processes = [subprocess.Popen([sys.executable, "-m", "search", "index", "--rebuild"], cwd=site.root, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for process in processes:
        assert process.wait() == 0, process.stderr.read()
    assert hits(site, "请假")[0]["id"] == "kaoqin"
    assert not list(index_dir(site).glob("tmp-*"))


SECRET = regulation(
    "东港市人民法院涉密专项工作规则",
    body("涉密专项代号琥珀星辰由专人管理。", "本规则自2021年1月15日起施行。"),
    secrecy="机密",
)


def test_a_secret_regulation_is_never_indexed_or_found(tmp_path):
    site = make_site(tmp_path, files(**{"regulations/保密/hupo-xingchen.md": SECRET}))
    result = search(site, "index")
    assert result.returncode == 0
    assert result.stdout == "已重新建立搜索索引：2 项制度，6 个条目（本次编入 6 个）。\n"
    assert hits(site, "琥珀星辰") == []
    assert all(h["id"] != "hupo-xingchen" for h in hits(site, "涉密专项工作规则", "--limit", "100"))
    assert all(h["id"] != "hupo-xingchen" for h in hits(site, "施行", "--limit", "100", "--include-repealed"))
    data = index_bytes(index_dir(site))
    for secret in ("琥珀星辰", "琥珀", "涉密专项", "hupo-xingchen", "保密/"):
        assert secret.encode("utf-8") not in data, secret
        assert secret.encode("utf-16-le") not in data, secret


def test_a_regulation_that_becomes_secret_is_purged_from_every_index_file(tmp_path):
    public = regulation("东港市人民法院专项工作规则", body("专项代号琥珀星辰由专人管理。", "本规则自2021年1月15日起施行。"))
    site = make_site(tmp_path, files(**{"regulations/保密/hupo-xingchen.md": public}))
    assert hits(site, "琥珀星辰")[0]["id"] == "hupo-xingchen"
    assert "琥珀".encode() in index_bytes(index_dir(site))
    site.write({"regulations/保密/hupo-xingchen.md": SECRET})
    result = search(site, "query", "琥珀星辰", "--json")
    assert result.returncode == 0
    assert result.stdout.strip() == "[]"
    assert result.stderr == "有制度已设为涉密，正在重建搜索索引以清除其内容……\n"
    data = index_bytes(index_dir(site))
    for secret in ("琥珀", "星辰", "hupo-xingchen"):
        assert secret.encode("utf-8") not in data, secret


def versioned_site(tmp_path):
    """kaoqin in three versions: 2019 (committed), 2021 (committed, in force on 2026-11-25), 2027 (pending, working tree)."""
    site = make_site(tmp_path, {}, commit=False)
    from sitekit import git

    git(site.root, "init", "-q", "-b", "main")
    site.write({"regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", body("工作人员外出应当填写纸质登记簿。", "本规定自2019年3月1日起施行。"), effective="2019-03-01")})
    site.commit("2019年版", date="2019-02-20T10:00:00+08:00")
    site.write({"regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", body("工作人员外出应当通过办公平台登记。", "本规定自2021年1月15日起施行。"), effective="2021-01-15")})
    site.commit("2021年修订", date="2021-01-10T10:00:00+08:00")
    site.write({
        "regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", body("工作人员外出应当使用人脸识别终端登记。", "本规定自2027年1月1日起施行。"), effective="2027-01-01"),
        "regulations/行政/jiuzhi.md": regulation("东港市人民法院值班管理办法", body("节假日值班实行带班领导制度。"), status="已废止", repealed="2024-01-01"),
    })
    return site


def test_versions_default_as_of_and_status(tmp_path):
    site = versioned_site(tmp_path)
    today = hits(site, "外出 登记")
    assert [(h["id"], h["article"], h["url"], h["effective"], h["status"]) for h in today] == [
        ("kaoqin", "第一条", "regulations/kaoqin/#art-1", "2021-01-15", "现行有效")]
    assert "办公平台" in today[0]["snippet"]
    old = hits(site, "纸质登记簿", "--as-of", "2020-06-01")
    assert [(h["url"], h["effective"], h["status"]) for h in old] == [("regulations/kaoqin/2019-03-01/#art-1", "2019-03-01", "已修订")]
    assert hits(site, "纸质登记簿") == []
    assert hits(site, "人脸识别") == []
    pending = hits(site, "人脸识别", "--as-of", "2027-02-01")
    assert [(h["url"], h["status"]) for h in pending] == [("regulations/kaoqin/2027-01-01/#art-1", "尚未生效")]
    assert [h["effective"] for h in hits(site, "人脸识别", "--status", "尚未生效")] == ["2027-01-01"]
    assert [h["effective"] for h in hits(site, "登记", "--status", "已修订")] == ["2019-03-01"]
    assert hits(site, "外出", "--as-of", "2018-01-01") == []


def test_repealed_regulations_only_with_include_repealed(tmp_path):
    site = versioned_site(tmp_path)
    assert hits(site, "带班领导") == []
    found = hits(site, "带班领导", "--include-repealed")
    assert [(h["id"], h["status"]) for h in found] == [("jiuzhi", "已废止")]
    assert [h["id"] for h in hits(site, "带班领导", "--as-of", "2023-06-01")] == ["jiuzhi"]  # not yet repealed then
    assert [h["id"] for h in hits(site, "带班领导", "--status", "已废止")] == ["jiuzhi"]


def test_a_new_commit_is_noticed(tmp_path):
    site = versioned_site(tmp_path)
    assert hits(site, "外出 登记")[0]["effective"] == "2021-01-15"
    site.commit("录入2027年修订", date="2026-11-20T10:00:00+08:00")
    assert hits(site, "外出 登记")[0]["effective"] == "2021-01-15"
    assert hits(site, "人脸识别", "--as-of", "2027-01-01")[0]["effective"] == "2027-01-01"
