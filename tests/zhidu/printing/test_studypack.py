"""Study packs: the YAML format's errors (file, line, fix), and the comparison tables in a real build's PDF."""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from sitekit import PROJECT, make_site, regulation

from zhidu.corpus.collection import load_collection
from zhidu.printing.studypack import StudyPackInvalid, load_packs

REGS = {
    "regulations/a/qingjia.md": regulation(
        "东港市人民法院请假规定", "第一条 请假应当事先书面申请。\n\n第二条 病假须提交医院证明。\n\n第三条 事假全年不得超过十五天。", short_title="请假规定",
    ),
    "regulations/a/chuchai.md": regulation("东港市人民法院出差规定", "第一条 出差应当事先报批。\n\n第二条 出差结束后五日内报销。", short_title="出差规定"),
    "regulations/a/jimi-wenjian.md": regulation("东港市人民法院机密文件", "第一条 机密内容。", secrecy="机密"),
}


def project(tmp_path: Path, packs: dict[str, str]) -> Path:
    for rel, text in {**REGS, **{f"regulations/study/{name}": textwrap.dedent(body) for name, body in packs.items()}}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, body: str, name: str = "xuexi.yml") -> list[str]:
    root = project(tmp_path, {name: body})
    collection = load_collection(root / "regulations", root)
    with pytest.raises(StudyPackInvalid) as caught:
        load_packs(root / "regulations" / "study", root, collection)
    return [p.format() for p in caught.value.problems]


def test_valid_pack_loads_articles_and_ranges(tmp_path):
    root = project(tmp_path, {"xuexi.yml": """\
        title: 十二月学习
        date: 2026-12-03
        changes_since: 2020-01-01
        items:
          - regulation: qingjia
            articles: [第三条, 1, 第一条至第二条]
          - chuchai
        """})
    [pack] = load_packs(root / "regulations" / "study", root, load_collection(root / "regulations", root))
    assert pack.name == "xuexi" and pack.title == "十二月学习" and str(pack.changes_since) == "2020-01-01"
    assert [(i.regulation, i.articles) for i in pack.items] == [("qingjia", [(3, 0), (1, 0), (2, 0)]), ("chuchai", None)]


def test_unknown_key_names_line_and_closest_key(tmp_path):
    [line] = problems(tmp_path, "titel: 学习\ndate: 2026-12-03\nitems: [qingjia]\n")
    assert line.startswith("regulations/study/xuexi.yml:1: 错误：未知字段“titel”")
    assert "是否应为“title”" in line


def test_missing_regulation_names_line_and_suggests_id(tmp_path):
    [line] = problems(tmp_path, "title: 学习\ndate: 2026-12-03\nitems:\n  - regulation: qingjai\n")
    assert line.startswith("regulations/study/xuexi.yml:4: 错误：没有编号为“qingjai”的已公开制度")
    assert "是否应为“qingjia”" in line


def test_missing_article_tells_the_range_that_exists(tmp_path):
    [line] = problems(tmp_path, "title: 学习\ndate: 2026-12-03\nitems:\n  - regulation: qingjia\n    articles:\n      - 第二条\n      - 第九条\n")
    assert line.startswith("regulations/study/xuexi.yml:7: 错误：该制度没有第九条")
    assert "第一条至第三条" in line


def test_unreadable_article_and_bad_date_and_missing_fields(tmp_path):
    lines = problems(tmp_path, "title: 学习\ndate: 2026-13-03\nitems:\n  - regulation: qingjia\n    articles: [三条半]\n")
    assert any(ln.startswith("regulations/study/xuexi.yml:2:") and "不是有效日期" in ln and "YYYY-MM-DD" in ln for ln in lines)
    assert any(ln.startswith("regulations/study/xuexi.yml:5:") and "看不懂条文“三条半”" in ln for ln in lines)
    [missing] = problems(tmp_path / "b", "title: 学习\ndate: 2026-12-03\n")
    assert "缺少必填字段 items" in missing


def test_yaml_syntax_error_and_bad_file_name(tmp_path):
    [line] = problems(tmp_path, "title: 学习\ndate: 2026-12-03\nitems:\n  - regulation: qingjia\n   articles: [1]\n")
    assert re.match(r"regulations/study/xuexi\.yml:5: 错误：YAML 格式有误", line)
    [name] = problems(tmp_path / "b", "title: 学习\ndate: 2026-12-03\nitems: [qingjia]\n", name="十二月.yml")
    assert "不能用作网址" in name


def test_secret_regulation_reads_as_absent_and_leaks_nothing(tmp_path):
    [line] = problems(tmp_path, "title: 学习\ndate: 2026-12-03\nitems:\n  - regulation: jimi-wenjian\n")
    assert "没有编号为“jimi-wenjian”的已公开制度" in line
    assert "机密" not in line


def test_a_bad_pack_fails_the_build_with_one_line_and_no_traceback(tmp_path):
    site = make_site(tmp_path, {**REGS, "regulations/study/xuexi.yml": "title: 学习\ndate: 2026-12-03\nitems:\n  - regulation: nosuch\n"})
    result = site.build(check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "regulations/study/xuexi.yml:4: 错误：没有编号为“nosuch”的已公开制度" in output
    assert "Traceback" not in output


OLD = regulation(
    "东港市人民法院请假规定",
    "第一条 请假应当事先书面申请。\n\n第二条 病假须提交医院证明。\n\n第三条 事假全年不得超过十五天。\n\n第四条 本规定由政治部负责解释。",
    short_title="请假规定", effective="2019-03-01", version="2019年版",
)
NEW = regulation(
    "东港市人民法院请假规定",
    "第一条 请假应当事先书面申请。\n\n第二条 病假须提交二级以上医院出具的诊断证明。\n\n第三条 事假全年不得超过十五天。\n\n"
    "第四条 因公出差的，不计入请假。\n\n第五条 本规定由政治部负责解释。",
    short_title="请假规定", effective="2021-01-15", version="2021年修订",
)


def test_changes_since_adds_a_comparison_table_for_revised_regulations(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": OLD, "regulations/a/chuchai.md": REGS["regulations/a/chuchai.md"]})
    site.write({"regulations/a/qingjia.md": NEW})
    site.commit("修订请假规定", date="2021-01-10T10:00:00+08:00")
    site.write({"regulations/study/xuexi.yml": "title: 修订学习\ndate: 2026-12-03\nchanges_since: 2020-01-01\nitems: [qingjia, chuchai]\n"})
    site.build(env={"ZHIDU_PDF": "1"})
    pdf = site.root / "site" / "pdf" / "study" / "xuexi.pdf"
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "《请假规定》修订对照表" in text
    assert "《出差规定》修订对照表" not in text  # not revised since the date
    assert "修改1条，新增1条" in text
    assert "病假须提交医院证明" in text and "病假须提交二级以上医院出具的诊断证明" in text
    assert "（新增）" in text and "第四条因公出差的，不计入请假。" in text
    # Renumbered only: one line, not the old and new texts side by side (the old text is nowhere else in the pack).
    assert "原第四条→第五条（条文内容未修改，仅序号变动）" in text
    assert "第四条本规定由政治部负责解释。" not in text
    assert "事假全年不得超过十五天" in text  # the whole regulation is in the pack
    assert "其余2条内容未作修改" in text
    assert "2019年版（2019年3月1日施行）→2021年修订（2021年1月15日施行）" in text


def test_the_project_s_own_packs_are_valid_against_its_regulations():
    root = PROJECT
    folder = root / "regulations" / "study"
    if not any(folder.glob("*.yml")):
        pytest.skip("no study pack in this institution's regulations/")
    packs = load_packs(folder, root, load_collection(root / "regulations", root))
    assert packs and all(pack.items for pack in packs)


def test_a_pack_notes_a_pending_revision_of_its_regulations_in_pdf_and_page(tmp_path):
    site = make_site(tmp_path, {"regulations/a/qingjia.md": OLD, "regulations/a/chuchai.md": REGS["regulations/a/chuchai.md"]})
    site.write({"regulations/a/qingjia.md": NEW.replace("effective: 2021-01-15", "effective: 2026-12-31")})
    site.commit("预先录入请假规定的修订", date="2026-11-20T10:00:00+08:00")
    site.write({"regulations/study/xuexi.yml": "title: 十二月学习\ndate: 2026-12-03\nitems:\n  - qingjia\n  - regulation: chuchai\n    articles: [第一条]\n"})
    site.build(env={"ZHIDU_PDF": "1"})  # built on 2026-11-25: the revision takes effect after the pack's date
    note = "该制度已修订，修订后的版本将于2026年12月31日起施行。"
    page = site.html("study/")
    assert page.count(note) == 1 and "《请假规定》" in page.split(note)[0].rsplit("<li>", 1)[1]
    pdf = site.root / "site" / "pdf" / "study" / "xuexi.pdf"
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert text.count(note) == 1
    assert text.index("东港市人民法院请假规定") < text.index(note) < text.index("东港市人民法院出差规定")
