"""The search CLI through its real entry point: output formats, exact error lines, precision, synonyms, citations."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest
from searchkit import PROJECT, Site, hits, index_bytes, make_site, regulation, search

KAOQIN = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    ## 第一章 总则

    第一条 为规范本院工作人员请休假和考勤管理，制定本规定。

    第二条 本规定适用于本院在编在职的全体工作人员。

    ## 第二章 请假审批

    第三条 工作人员请假，应当事先通过办公平台提交请假申请。

    第四条 工作人员请假，按照下列权限审批：

    （一）请假不超过三日的，由所在部门负责人审批；

    （二）请假超过三日的，报院长审批。

    第五条 本规定自2021年1月15日起施行。
    """,
    short_title="请休假考勤管理规定", aliases=["考勤管理规定"], category="行政管理", department="政治部", tags=["考勤"],
)
SHENWEIHUI = regulation(
    "东港市人民法院审判委员会工作细则",
    """
    第一条 审判委员会讨论决定重大、疑难、复杂案件的法律适用问题。

    第二条 承办法官应当在会议召开三日前向审判委员会提交审理报告。

    第三条 本细则自2021年1月15日起施行。
    """,
    category="审判管理", department="审判管理办公室",
)
PINGCHA = regulation(
    "东港市人民法院案件质量评查办法",
    """
    第一条 本办法所称案件质量评查，是指对已结案件的审判质量进行检查。

    第二条 本办法自2021年1月15日起施行。
    """,
    category="审判管理",
)
CHELIANG = regulation(
    "东港市人民法院车辆使用管理规定",
    """
    为配合新能源汽车充电桩建设，规范车辆使用，制定本规定。

    第一条 用车部门应当提前一个工作日填写用车申请单，经部门负责人签字后交办公室。

    第二条 严禁公务用车私用。
    """,
    category="行政管理",
)
FILES = {
    "regulations/行政/kaoqin.md": KAOQIN,
    "regulations/审判/shenweihui.md": SHENWEIHUI,
    "regulations/审判/pingcha-banfa.md": PINGCHA,
    "regulations/行政/cheliang.md": CHELIANG,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("search-cli"), FILES)
    result = search(site, "index")
    assert result.returncode == 0, result.stderr
    return site


def line_of(text: str, start: str) -> int:
    """The file line of the first line starting with ``start`` (counted here, not by the parser)."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.strip().startswith(start))


# --- JSON --------------------------------------------------------------------------------------------------


def test_json_hits_are_articles_best_first_with_the_spec_keys(site):
    found = hits(site, "请假 审批")
    assert found[0]["id"] == "kaoqin" and found[0]["article"] == "第四条"
    first = found[0]
    assert {"id", "title", "article", "anchor", "url", "snippet", "score"} <= first.keys()
    assert first["title"] == "东港市人民法院工作人员请休假考勤管理规定"
    assert first["anchor"] == "art-4"
    assert first["url"] == "regulations/kaoqin/#art-4"
    assert "审批" in first["snippet"] and "请假" in first["snippet"]
    assert isinstance(first["score"], float)
    assert first["path"] == "regulations/行政/kaoqin.md"
    assert first["line"] == line_of(KAOQIN, "第四条")
    scores = [h["score"] for h in found]
    assert scores == sorted(scores, reverse=True)
    start, end = first["highlights"][0]
    assert first["snippet"][start:end] in ("请假", "审批")


def test_text_outside_articles_is_a_hit_on_the_regulation(site):
    found = hits(site, "充电桩")
    assert found and found[0]["id"] == "cheliang"
    assert found[0]["article"] is None and found[0]["anchor"] is None
    assert found[0]["url"] == "regulations/cheliang/"


def test_no_hits_is_an_empty_array_and_success(site):
    result = search(site, "query", "zzqxv", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == ""


def test_limit(site):
    assert len(hits(site, "本院", "--limit", "2")) == 2


# --- terminal ----------------------------------------------------------------------------------------------


def test_terminal_output_shows_title_article_snippet_url_and_file_line_without_colours_when_piped(site):
    result = search(site, "query", "请假 审批")
    assert result.returncode == 0
    out = result.stdout
    assert "东港市人民法院工作人员请休假考勤管理规定 第四条" in out
    assert "〔第二章 请假审批〕" in out
    assert "http://zhidu.dgfy.local/regulations/kaoqin/#art-4" in out
    assert f"regulations/行政/kaoqin.md:{line_of(KAOQIN, '第四条')}" in out
    assert "\x1b[" not in out


def test_terminal_output_has_colours_on_a_tty(site):
    main, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25", "ZHIDU_SEARCH_INDEX": str(site.root.parent / "search-index"),
           "COLUMNS": "200", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "search", "query", "请假 审批"], cwd=site.root, stdout=secondary, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert process.wait() == 0
    out = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in out
    assert "第四条" in out


def test_no_hits_in_the_terminal(site):
    result = search(site, "query", "zzqxv")
    assert result.returncode == 0
    assert result.stdout.strip() == "没有找到与“zzqxv”相关的条文。"


# --- errors: one Chinese line, exit 2 ----------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["query", "请假", "--limit", "abc"], "错误：--limit 的值“abc”不是整数，如 --limit 10。"),
    (["query", "请假", "--limit", "0"], "错误：--limit 的值应在 1 到 1000 之间，如 --limit 10；现在是 0。"),
    (["query", "请假", "--as-of", "2024-13-01"], "错误：--as-of 的日期“2024-13-01”格式不对：请写成 YYYY-MM-DD，如 --as-of 2024-01-01。"),
    (["query", "请假", "--status", "有效"], "错误：状态“有效”无效：只能是 现行有效、试行、已废止、尚未生效、已修订 之一。"),
    (["query", "，。！"], "错误：检索词中没有可以检索的文字：请输入要查找的词语，如 “请假 审批”。"),
    (["query", "foo:bar 请假"], "错误：未知的筛选条件“foo:”：可用 分类、类别、部门、标签、状态、编号，如 分类:审判管理。"),
    (["query"], "错误：缺少检索词：请写 python -m search query \"检索词\"。"),
    ([], "错误：缺少命令：请写 python -m search index 或 python -m search query \"检索词\"。"),
    (["frobnicate"], "错误：未知命令“frobnicate”：可用命令为 index（建立索引）和 query（检索）。"),
    (["query", "请假", "--bogus"], "错误：无法识别的参数：--bogus。用法见 python -m search --help。"),
    (["query", "请假", "--limit"], "错误：选项 --limit 后面缺少值。用法见 python -m search --help。"),
])
def test_bad_usage_is_one_chinese_line_and_exit_2(site, args, message):
    result = search(site, *args)
    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_outside_a_project(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_SEARCH_INDEX": str(tmp_path / "ix")}
    env.pop("ZHIDU_ROOT", None)
    result = subprocess.run([sys.executable, "-m", "search", "query", "请假"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr == "错误：找不到制度库项目（含 mkdocs.yml 的文件夹）：请在项目根目录下运行，或用 --root 指定。\n"


def test_root_option_finds_the_project_from_elsewhere(site, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25"}
    env.pop("ZHIDU_SEARCH_INDEX", None)
    result = subprocess.run([sys.executable, "-m", "search", "--root", str(site.root), "--index-dir", str(tmp_path / "ix"), "query", "请假 审批", "--json"],
                            cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "kaoqin"
    assert (tmp_path / "ix" / "CURRENT").is_file()


def test_help_is_chinese(site):
    result = search(site, "query", "--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "最多显示 N 条" in result.stdout


def test_top_level_help_has_no_english_placeholders(tmp_path):
    result = subprocess.run([sys.executable, "-m", "search", "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--root 项目目录" in result.stdout and "--index-dir 索引目录" in result.stdout and "子命令" in result.stdout
    usage = result.stdout.replace("ZHIDU_ROOT", "").replace("ZHIDU_SEARCH_INDEX", "")  # environment variables stay
    for word in ("ROOT", "INDEX_DIR", "command", "positional", "options"):
        assert word not in usage, word


# --- analysis ----------------------------------------------------------------------------------------------


def test_banfa_does_not_match_inside_chengban_faguan(site):
    found = hits(site, "办法", "--limit", "50")
    assert {h["id"] for h in found} == {"pingcha-banfa"}
    assert all("承办法官" not in h["snippet"] for h in found)


def test_a_word_inside_a_longer_word_still_matches(site):
    found = hits(site, "法官")
    assert ("shenweihui", "第二条") in [(h["id"], h["article"]) for h in found]


def test_builtin_abbreviation_finds_the_full_term(site):
    found = hits(site, "审委会 疑难")
    assert (found[0]["id"], found[0]["article"]) == ("shenweihui", "第一条")
    start, end = found[0]["highlights"][0]
    assert found[0]["snippet"][start:end] == "审判委员会"


def test_builtin_expansion_qingjia_finds_qingxiujia(site):
    found = hits(site, "请假 管理")
    assert ("kaoqin", "第一条") in [(h["id"], h["article"]) for h in found]  # 第一条 says 请休假, not 请假


def test_citation_jump_puts_the_named_article_first(site):
    found = hits(site, "考勤管理规定 第二条")
    assert (found[0]["id"], found[0]["article"]) == ("kaoqin", "第二条")
    assert found[0]["score"] > found[1]["score"]
    compact = hits(site, "审判委员会工作细则第三条")
    assert (compact[0]["id"], compact[0]["article"]) == ("shenweihui", "第三条")


def test_filters_as_options_and_in_the_query(site):
    assert {h["id"] for h in hits(site, "施行", "--category", "审判管理", "--limit", "50")} == {"shenweihui", "pingcha-banfa"}
    assert {h["id"] for h in hits(site, "分类:审判管理 施行", "--limit", "50")} == {"shenweihui", "pingcha-banfa"}
    assert {h["id"] for h in hits(site, "施行", "--department", "政治部", "--limit", "50")} == {"kaoqin"}
    assert {h["id"] for h in hits(site, "标签:考勤 施行", "--limit", "50")} == {"kaoqin"}
    assert {h["id"] for h in hits(site, "编号:shenweihui 施行")} == {"shenweihui"}
    assert hits(site, "施行", "--status", "试行") == []


def test_institution_synonyms_file_takes_effect_at_the_next_query(tmp_path):
    site = make_site(tmp_path, {"regulations/行政/cheliang.md": CHELIANG})
    before = [(h["id"], h["article"]) for h in hits(site, "派车单")]
    assert ("cheliang", "第一条") not in before
    site.write({"regulations/synonyms.yml": "synonyms:\n  - [派车单, 用车申请单]\n"})
    after = hits(site, "派车单")
    assert (after[0]["id"], after[0]["article"]) == ("cheliang", "第一条")


def test_errors_in_the_synonyms_file_name_file_line_and_fix(tmp_path):
    site = make_site(tmp_path, {"regulations/行政/cheliang.md": CHELIANG})
    site.write({"regulations/synonyms.yml": "# 同义词\nsynonyms:\n  - [审管办, 审判管理办公室]\n  - [派车单]\n"})
    result = search(site, "index")
    assert result.returncode == 1
    assert result.stderr == "regulations/synonyms.yml:4: 错误：同义词组“派车单”只有一个词。每组至少写两个词，如 - [审委会, 审判委员会]；多余的行请删除。\n"
    site.write({"regulations/synonyms.yml": "synonym:\n  - [审管办, 审判管理办公室]\n"})
    result = search(site, "index")
    assert result.stderr == "regulations/synonyms.yml:1: 错误：未知字段“synonym”。是否应为“synonyms”？请改正。\n"
    site.write({"regulations/synonyms.yml": "synonyms:\n  - [审管办, 审判 管理]\n"})
    result = search(site, "index")
    assert result.stderr == "regulations/synonyms.yml:2: 错误：“审判 管理”不是一个词（含空格或标点，或超过 30 个字）。每个词只写汉字、字母或数字，多个词之间用逗号分隔。\n"
    site.write({"regulations/synonyms.yml": "synonyms: [\n"})
    result = search(site, "index")
    assert result.returncode == 1
    assert result.stderr.startswith("regulations/synonyms.yml:2: 错误：YAML 格式有误。")
    query = search(site, "query", "公务用车", "--json")  # a query still answers, with the built-in list, and says why
    assert query.returncode == 0
    assert json.loads(query.stdout)[0]["id"] == "cheliang"
    assert "regulations/synonyms.yml:2: 错误：YAML 格式有误。" in query.stderr


# --- honest feedback (issue 18) -------------------------------------------------------------------------------


def test_a_word_that_matched_nothing_is_named_above_the_hits(site):
    result = search(site, "query", "量子 请假")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("量子 没有找到"), first
    assert "以下结果只按其余的词检索" in first
    assert "请休假考勤管理规定" in result.stdout  # the rest of the query is still searched


def test_letters_that_matched_nothing_are_named_as_typed(site):
    # Not "u 没有找到": the letters as typed, with the character they prefix, and that character not named again.
    for query, named in (("Z盘丢了 请假怎么办", "Z盘"), ("Z盘 请假", "Z盘"), ("ＰＤＦ 请假", "PDF")):
        result = search(site, "query", query)
        assert result.returncode == 0, result.stderr
        first = result.stdout.splitlines()[0]
        assert first.startswith(f"{named} 没有找到（"), (query, first)


def test_words_that_only_ask_or_numbers_are_not_reported_missing(site):
    result = search(site, "query", "请假超过三天要谁批准")
    assert result.returncode == 0, result.stderr
    assert "没有找到" not in result.stdout, result.stdout
    assert hits(site, "请假超过三天要谁批准")[0]["article"] == "第四条"  # who approves: 由……审批, not the duty to apply


def test_an_alternative_is_highlighted_whole_never_its_parts(site):
    # 公车 → 公务用车 (built-in synonym): the snippet marks 公务用车 whole; 用车 alone (of 用车部门) is not a query word.
    found = hits(site, "公车")
    assert found and found[0]["id"] == "cheliang"
    for hit in found:
        marked = {hit["snippet"][start:end] for start, end in hit["highlights"]}
        assert marked <= {"公车", "公务用车"}, marked


# --- an index folder holds one project's index -------------------------------------------------------------


def test_a_query_never_turns_another_project_s_index_into_its_own(site, tmp_path):
    """An index folder given with --index-dir (or ZHIDU_SEARCH_INDEX) that another project's index is in: a query
    from this project says so and leaves it as it was (it once replaced 1,428 regulations with this project's 27);
    ``index`` asked for explicitly takes the folder over and says so."""
    index = site.root.parent / "search-index"
    assert search(site, "query", "请假").returncode == 0
    before = index_bytes(index)
    other = make_site(tmp_path, {"regulations/行政/cheliang.md": CHELIANG})
    result = search(other, "query", "公务用车", index=index)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"错误：索引文件夹 {index} 是项目 {site.root} 的索引，不是本项目（{other.root}）的；检索不会改写它。"
        f"要检索那个项目，请加 --root {site.root}；要把这个文件夹改作本项目的索引，请先运行 "
        f"python -m search --root {other.root} --index-dir {index} index。\n")
    assert index_bytes(index) == before
    assert hits(site, "请假 审批")[0]["id"] == "kaoqin"  # the first project's index still answers, unchanged

    copy = tmp_path / "copy"
    copy.mkdir()
    taken = search(other, "index", index=copy / "ix")
    assert taken.returncode == 0 and "注意" not in taken.stderr  # a new folder is nobody's
    result = search(other, "index", index=index)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"注意：索引文件夹 {index} 原是项目 {site.root} 的索引，现已改为本项目（{other.root}）的索引。\n"
    assert [h["id"] for h in hits(other, "公务用车", index=index)] == ["cheliang"]
    result = search(site, "index")  # and back, for the other tests of this module
    assert result.returncode == 0 and "原是项目" in result.stderr


def test_an_index_inside_the_project_moves_with_it(tmp_path):
    """The default index (.cache/zhidu/search under the project) belongs to wherever the project is now: a project
    copied elsewhere answers from its copied index as a fresh one, without a word about another project."""
    import shutil

    (tmp_path / "a").mkdir()
    first = make_site(tmp_path / "a", {"regulations/行政/kaoqin.md": KAOQIN})
    inside = {"ZHIDU_SEARCH_INDEX": ""}
    assert search(first, "index", env=inside).returncode == 0
    moved = tmp_path / "b" / "site-project"
    shutil.copytree(first.root, moved)
    (moved / "regulations" / "行政" / "kaoqin.md").touch()
    result = search(Site(moved), "query", "请假 审批", "--json", env=inside)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "kaoqin"
