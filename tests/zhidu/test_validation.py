"""Every problem is one Chinese line with file, line and fix; `python -m zhidu check` exits non-zero on errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitekit import make_site, regulation

from zhidu.corpus.collection import load_collection

GOOD = regulation("东港市人民法院请休假考勤管理规定", "第一条 甲。\n\n第二条 乙。")


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    collection = load_collection(tmp_path / "regulations", tmp_path, "东港市人民法院")
    return [p.format() for p in collection.problems]


def test_unknown_key_names_the_closest(tmp_path):
    text = "---\ntitel: 东港市人民法院某规定\ncategory: 行政管理\nstatus: 现行有效\neffective: 2021-01-15\n---\n第一条 甲。\n"
    assert problems_of(tmp_path, {"regulations/a.md": text}) == [
        "regulations/a.md:2: 错误：未知字段“titel”。是否应为“title”？请改正字段名。",
        "regulations/a.md:1: 错误：缺少必填字段 title（标题）。请在 front-matter 中加一行，如 title: 东港市人民法院工作人员请休假考勤管理规定",
    ]


def test_bad_values(tmp_path):
    text = (
        "---\ntitle: 东港市人民法院某规定\ncategory: 行政管理\nstatus: 有效\neffective: 2021年1月15日\n"
        "tags: {a: 1}\nsecrecy: 内部\n---\n第一条 甲。\n"
    )
    assert problems_of(tmp_path, {"regulations/a.md": text}) == [
        "regulations/a.md:4: 错误：字段 status（状态）的值“有效”无效。只能是 现行有效、试行、已废止 之一。",
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021年1月15日”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "regulations/a.md:6: 错误：字段 tags（标签）应当是列表。请写成 tags: [考勤, 请假]",
        "regulations/a.md:7: 错误：密级“内部”无效，该文件不会被发布。secrecy 只能是 秘密、机密、绝密 之一；不涉密请删除此行。",
    ]


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = "---\ntitle: 某规定\ncategory: [行政管理\nstatus: 现行有效\n---\n第一条 甲。\n"
    (line,) = problems_of(tmp_path, {"regulations/a.md": text})
    assert line.startswith("regulations/a.md:")
    assert "front-matter 的 YAML 格式有误。" in line


def test_missing_front_matter_and_bad_file_name(tmp_path):
    assert problems_of(tmp_path, {"regulations/Kao Qin.md": "第一条 甲。\n"}) == [
        "regulations/Kao Qin.md:1: 错误：文件名“Kao Qin.md”不能作为制度编号。编号只能含小写英文字母、数字和连字符：请把文件改名为 kao-qin.md。",
        "regulations/Kao Qin.md:1: 错误：文件开头没有 front-matter。请在第一行写 ---，随后写 title、category、status、effective 等字段，再以一行 --- 结束。",
    ]


def test_cross_file_problems(tmp_path):
    repealed = regulation("东港市人民法院旧规定", "第一条 甲。", status="已废止", replaced_by="nothing", repealed="2022-01-01")
    lines = problems_of(tmp_path, {
        "regulations/a/kaoqin.md": GOOD,
        "regulations/b/kaoqin.md": GOOD,
        "regulations/old.md": repealed,
        "regulations/same.md": regulation("东港市人民法院另一规定", "第一条 甲。", short_title="请休假考勤管理规定"),
    })
    assert "regulations/b/kaoqin.md:1: 错误：制度编号“kaoqin”与 regulations/a/kaoqin.md 重复。编号就是文件名，在 regulations/ 的所有子文件夹中必须唯一：请给其中一个文件改名。" in lines
    assert "regulations/old.md:6: 错误：replaced_by 指向的制度“nothing”不存在。请填写取代它的制度的文件名（不含 .md），或删除此行。" in lines
    assert "regulations/same.md:6: 错误：名称“请休假考勤管理规定”同时属于 regulations/a/kaoqin.md，引用《请休假考勤管理规定》时无法确定指向哪一个。请修改其中一个的 short_title 或 aliases，使每个名称只属于一项制度。" in lines


def test_repealed_needs_a_date(tmp_path):
    text = regulation("东港市人民法院旧规定", "第一条 甲。", status="已废止")
    assert problems_of(tmp_path, {"regulations/old.md": text}) == [
        "regulations/old.md:4: 错误：状态为“已废止”，但没有填写废止日期 repealed。请加一行 repealed: YYYY-MM-DD。",
    ]


def test_non_utf8_file(tmp_path):
    path = tmp_path / "regulations" / "gbk.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(GOOD.encode("gbk"))
    collection = load_collection(tmp_path / "regulations", tmp_path, "")
    assert [p.format() for p in collection.problems] == [
        "regulations/gbk.md:2: 错误：文件是 GBK（GB18030）编码，不是 UTF-8。"
        "请用记事本打开，“另存为”时编码选 UTF-8；或运行 iconv -f GBK -t UTF-8 regulations/gbk.md > 新文件 后替换原文件。"
    ]


def test_secret_file_is_skipped_before_validation(tmp_path):
    secret = "---\ntitle: 绝密标题XQ\nsecrecy: 秘密\nwrong_key: 1\n---\n第一条 绝密正文XQ。\n"
    collection = load_collection(_write(tmp_path, {"regulations/s/mimi.md": secret, "regulations/kaoqin.md": GOOD}), tmp_path, "")
    assert collection.secret_paths == ["regulations/s/mimi.md"]
    assert list(collection.regulations) == ["kaoqin"]
    assert all("XQ" not in p.format() for p in collection.problems)


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "regulations"


def run_check(cwd: Path) -> subprocess.CompletedProcess:
    # A fixed day: files taking effect in 2021 must not fall due for review (a warning) as the years pass.
    return subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=cwd, capture_output=True, text=True, env={**os.environ, "ZHIDU_TODAY": "2021-06-01"})


def test_check_command_exit_status_and_output(tmp_path):
    site = make_site(tmp_path, {"regulations/kaoqin.md": GOOD}, commit=False)
    ok = run_check(site.root)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "共检查 1 项制度：0 处错误，0 处提示。"
    site.write({"regulations/bad.md": GOOD.replace("status: 现行有效", "statu: 现行有效")})
    bad = run_check(site.root)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.splitlines() == [
        "regulations/bad.md:4: 错误：未知字段“statu”。是否应为“status”？请改正字段名。",
        "regulations/bad.md:1: 错误：缺少必填字段 status（状态）。请在 front-matter 中加一行，如 status: 现行有效",
        "共检查 1 项制度：2 处错误，0 处提示。",
    ]


def test_cli_usage_and_missing_project_are_one_chinese_line(tmp_path):
    usage = subprocess.run([sys.executable, "-m", "zhidu", "bogus"], cwd=tmp_path, capture_output=True, text=True)
    assert usage.returncode == 2
    assert usage.stderr == "错误：命令用法不对。可用命令：check（检查制度文件）、build（生成站点）、diff（逐条查看改动）、import（导入 Word 或文本文件）、export（导出为 Word 公文）、roles（岗位制度清单）、server（内网发布服务器）；python -m zhidu --help 显示说明。\n"
    missing = run_check(tmp_path)
    assert missing.returncode == 1
    assert missing.stderr == "错误：找不到 mkdocs.yml：请在制度库项目的根目录下运行本命令。\n"


def test_check_validates_study_packs_and_synonyms(tmp_path):
    site = make_site(tmp_path, {
        "regulations/kaoqin.md": GOOD,
        "regulations/synonyms.yml": "synonyms:\n  - [公车]\n",
        "regulations/study/xuexi-1.yml": "title: 学习\ndate: 2026-12-01\nitems:\n  - regulation: kaoqinn\n",
    }, commit=False)
    result = run_check(site.root)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert "regulations/synonyms.yml:2: 错误：同义词组“公车”只有一个词。每组至少写两个词，如 - [审委会, 审判委员会]；多余的行请删除。" in errors
    assert any(line.startswith("regulations/study/xuexi-1.yml:4: 错误：") and "kaoqinn" in line and "kaoqin" in line for line in errors)
    assert errors[-1] == "共检查 1 项制度：2 处错误，0 处提示。"


def test_check_validates_the_question_log(tmp_path):
    site = make_site(tmp_path, {"regulations/kaoqin.md": GOOD, "regulations/questions.yml": "- 问: 请假找谁批\n  答: 考勤管理规定二条\n"}, commit=False)
    result = run_check(site.root)
    assert result.returncode == 1  # a push with this file is refused as make check refuses it
    assert result.stderr.splitlines()[0].startswith("regulations/questions.yml:2: 错误：“考勤管理规定二条”不是条文名称。")
    site.write({"regulations/questions.yml": "- 问: 请假找谁批\n  答: [请休假考勤管理规定第二条, 请休假考勤管理规定第九条]\n"})
    result = run_check(site.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "regulations/questions.yml:1: 提示：问法“请假找谁批”的答案“请休假考勤管理规定第九条”找不到（标题不对，或没有这一条）。"
        "请核对制度标题（可用简称）和条号；questions.yml 的写法见维护指南“离线检索”一节。",
        "共检查 1 项制度：0 处错误，1 处提示。",
    ]


def test_a_broken_regulation_is_not_blamed_on_the_study_pack_that_lists_it(tmp_path):
    site = make_site(tmp_path, {
        "regulations/kaoqin.md": GOOD.replace("status: 现行有效", "statu: 现行有效"),
        "regulations/study/xuexi-1.yml": "title: 学习\ndate: 2026-12-01\nitems:\n  - regulation: kaoqin\n",
    }, commit=False)
    result = run_check(site.root)
    assert result.returncode == 1
    assert "没有编号为" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == ["regulations/study/xuexi-1.yml:4: 提示：制度“kaoqin”的文件 regulations/kaoqin.md 有错误，暂时无法核对这一项。请先按该文件的错误信息改正它。"]
    assert result.stderr.splitlines()[-1] == "共检查 0 项制度：2 处错误，1 处提示。"


def test_help_is_chinese_for_every_command(tmp_path):
    for args in ([], ["check"], ["build"], ["diff"]):
        result = subprocess.run([sys.executable, "-m", "zhidu", *args, "--help"], cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"用法：python -m zhidu {' '.join(args) + ' ' if args else ''}[选项]")
        assert "选项：\n  -h, --help  显示本说明并退出。" in result.stdout
        for english in ("Usage", "Options", "Commands", "Show this message", "OPTIONS", "COMMAND", "ARGS"):
            assert english not in result.stdout
    short = subprocess.run([sys.executable, "-m", "zhidu", "-h"], cwd=tmp_path, capture_output=True, text=True)
    assert "命令：\n  build" in short.stdout


def test_repealed_not_after_effective_is_an_error(tmp_path):
    text = regulation("东港市人民法院旧规定", "第一条 甲。", status="已废止", repealed="2021-01-15")
    assert problems_of(tmp_path, {"regulations/old.md": text}) == [
        "regulations/old.md:6: 错误：废止日期 repealed（2021-01-15）不晚于施行日期 effective（2021-01-15）。废止日期应在施行日期之后：请核对两个日期（常见为年份写错）。",
    ]


def test_adopted_after_effective_is_an_error(tmp_path):
    text = regulation("东港市人民法院某规定", "第一条 甲。", adopted="2021-02-01")
    assert problems_of(tmp_path, {"regulations/a.md": text}) == [
        "regulations/a.md:6: 错误：印发日期 adopted（2021-02-01）晚于施行日期 effective（2021-01-15）。制度不能在印发之前施行：请核对两个日期（常见为年份或月份写错）。",
    ]


def test_adopted_on_the_day_it_takes_effect_is_fine(tmp_path):
    assert problems_of(tmp_path, {"regulations/a.md": regulation("东港市人民法院某规定", "第一条 甲。", adopted="2021-01-15")}) == []


def test_trial_until_without_trial_status_is_an_error(tmp_path):
    text = regulation("东港市人民法院某规定", "第一条 甲。", trial_until="2023-01-14")
    assert problems_of(tmp_path, {"regulations/a.md": text}) == [
        "regulations/a.md:6: 错误：填写了试行期满日期 trial_until，但状态是“现行有效”。trial_until 只用于试行的制度：已转为正式施行的，请删除此行；仍在试行的，请把 status 改为 试行。",
    ]


def test_trial_until_before_effective_is_an_error(tmp_path):
    text = regulation("东港市人民法院某规定（试行）", "第一条 甲。", status="试行", trial_until="2020-12-31")
    assert problems_of(tmp_path, {"regulations/a.md": text}) == [
        "regulations/a.md:6: 错误：试行期满日期 trial_until（2020-12-31）不晚于施行日期 effective（2021-01-15）。试行期满日期应在施行日期之后：请核对日期。",
    ]


def test_deadlines_are_read_into_the_model(tmp_path):
    text = regulation("东港市人民法院某规定（试行）", "第一条 甲。", status="试行", trial_until="2023-01-14", review_by="2025-06-30")
    problems_of(tmp_path, {"regulations/a.md": text})
    regulation_ = load_collection(tmp_path / "regulations", tmp_path, "").regulations["a"]
    assert (regulation_.meta.trial_until.isoformat(), regulation_.meta.review_by.isoformat()) == ("2023-01-14", "2025-06-30")
