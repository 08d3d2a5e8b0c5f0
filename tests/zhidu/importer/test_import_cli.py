"""``python -m zhidu import`` through the real entry point: Word and text files into a temporary project, read
back with the project's own parser, and ``python -m zhidu check`` on the result."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from docxkit import LEAVE, Chapter, WordRegulation, write_docx
from sitekit import run_zhidu as zhidu

from zhidu.domain.numerals import int_to_cn
from zhidu.domain.parser import parse_regulation


def written(project: Path) -> dict[str, str]:
    return {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8") for p in sorted((project / "regulations").rglob("*.md"))}


def articles_of(path: Path) -> list[tuple[str, list[str]]]:
    regulation, problems = parse_regulation(path.read_text(encoding="utf-8"), path.name, "东港市人民法院")
    assert regulation is not None, [p.format() for p in problems]
    return [(a.label, a.paragraphs) for a in regulation.articles]


def meta_of(path: Path):
    regulation, _ = parse_regulation(path.read_text(encoding="utf-8"), path.name, "东港市人民法院")
    return regulation.meta


def assert_check_passes(project: Path, count: int) -> None:
    # On a fixed day soon after the imported texts took effect: none is yet due for review.
    result = subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=project, capture_output=True, text=True, env={**os.environ, "ZHIDU_TODAY": "2021-06-01"})
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(f"共检查 {count} 项制度：0 处错误，0 处提示。")


def test_typed_word_document_round_trips(project, tmp_path):
    source = write_docx(tmp_path / "请休假规定.docx", LEAVE)
    result = zhidu(project, "import", str(source), "--category", "行政管理")
    assert result.returncode == 0, result.stderr
    target = project / "regulations" / "qingxiujia-kaoqin-guanli-guiding.md"
    assert list(written(project)) == ["regulations/qingxiujia-kaoqin-guanli-guiding.md"]
    assert articles_of(target) == LEAVE.expected_articles()
    meta = meta_of(target)
    assert (meta.title, meta.category, meta.status, str(meta.effective)) == (LEAVE.title, "行政管理", "现行有效", "2021-01-15")
    assert (meta.doc_number, meta.issuer, str(meta.adopted)) == ("东法发〔2021〕3号", "东港市人民法院", "2021-01-08")
    text = target.read_text(encoding="utf-8")
    assert "\n## 第一章 总则\n" in text and "\n## 第三章 附则\n" in text
    assert "\n## 附件1 请假审批表\n\n| 姓名 | 部门 | 请假天数 |\n| --- | --- | --- |\n" in text
    assert "东港市人民法院文件" not in text and "二〇二一年一月八日" not in text  # red-head and 落款 went to the front-matter
    assert "  文号 doc_number：东法发〔2021〕3号（第 2 段“东法发〔2021〕3号”）\n" in result.stdout
    assert "  印发日期 adopted：2021-01-08（第 20 段“二〇二一年一月八日”，成文日期）\n" in result.stdout
    assert "  施行日期 effective：2021-01-15（第 16 段“本规定自2021年1月15日起施行”）\n" in result.stdout
    assert "  正文：3 章，7 条，1 个表格，1 个附件\n" in result.stdout
    assert_check_passes(project, 1)


def test_automatically_numbered_articles_get_their_numbers(project, tmp_path):
    regulation = replace(LEAVE, title="东港市人民法院公务用车使用管理办法（试行）", auto_numbered=True, date="2021年3月2日", table=[])
    source = write_docx(tmp_path / "用车.docx", regulation)
    result = zhidu(project, "import", str(source))
    assert result.returncode == 0, result.stderr
    target = project / "regulations" / "gongwuyongche-shiyong-guanli-banfa.md"
    assert articles_of(target) == regulation.expected_articles()
    meta = meta_of(target)
    # The body says it took effect on 15 January, before the date it was signed: adopted is left out and said so.
    assert (meta.status, meta.category, meta.adopted) == ("试行", "未分类", None)
    assert "落款日期 2021-03-02 晚于施行日期 2021-01-15，adopted 未填写；请核对两个日期，确有印发日期的请补上。\n" in result.stdout
    assert "  正文：3 章，7 条，其中 7 条的条号是 Word 自动编号\n" in result.stdout
    assert "  状态 status：试行（标题中有“试行”）\n" in result.stdout
    assert "    1. category 暂填“未分类”，请改为本单位的类别（如 行政管理、审判管理），或导入时加 --category。\n" in result.stdout
    assert_check_passes(project, 1)


def test_issued_on_signing_takes_the_signature_date_and_says_so(project, tmp_path):
    regulation = WordRegulation(
        title="东港市人民法院会议室管理办法", redhead=False, doc_number="", date="2022年5月6日",
        chapters=[Chapter("", [["会议室由办公室统一管理。"], ["本办法自印发之日起施行。"]])],
    )
    result = zhidu(project, "import", str(write_docx(tmp_path / "会议室.docx", regulation)))
    assert result.returncode == 0, result.stderr
    meta = meta_of(project / "regulations" / "huiyishi-guanli-banfa.md")
    assert (str(meta.effective), meta.doc_number) == ("2022-05-06", "")
    assert "条文规定自印发之日起施行，effective 按落款日期填为 2022-05-06，请核对实际发布日期。" in result.stdout
    assert "  文号 doc_number：未找到，未填写\n" in result.stdout
    assert_check_passes(project, 1)


def test_dry_run_prints_the_file_and_writes_nothing(project, tmp_path):
    source = write_docx(tmp_path / "请休假规定.docx", LEAVE)
    result = zhidu(project, "import", str(source), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert written(project) == {}
    assert "----- 将写入 regulations/qingxiujia-kaoqin-guanli-guiding.md 的内容（--dry-run，未写入）-----\n---\ntitle: 东港市人民法院工作人员请休假考勤管理规定\n" in result.stdout
    assert "第七条 本规定自2021年1月15日起施行。\n" in result.stdout


def leave_as_text() -> str:
    lines = ["东港市人民法院工作人员请休假考勤管理规定", ""]
    number = 0
    for chapter in LEAVE.chapters:
        lines.append(chapter.title)
        for article in chapter.articles:
            number += 1
            lines.append(f"\u3000\u3000第{int_to_cn(number)}条\u3000{article[0]}")
            lines += [f"\u3000\u3000{p}" for p in article[1:]]
    lines += ["", "东港市人民法院", "2021年1月8日"]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(("encoding", "name"), [("gbk", "GB18030/GBK"), ("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8 带 BOM"), ("utf-8", "UTF-8")])
def test_text_files_in_each_encoding(project, tmp_path, encoding, name):
    source = tmp_path / "请休假规定.txt"
    source.write_bytes(leave_as_text().encode(encoding))
    result = zhidu(project, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{source}（文本文件，{name} 编码）已写入 regulations/qingxiujia-kaoqin-guanli-guiding.md\n")
    target = project / "regulations" / "qingxiujia-kaoqin-guanli-guiding.md"
    assert articles_of(target) == LEAVE.expected_articles()
    assert "  印发日期 adopted：2021-01-08（第 18 行“2021年1月8日”，成文日期）\n" in result.stdout
    assert_check_passes(project, 1)


def test_a_second_import_of_the_same_title_is_refused(project, tmp_path):
    source = write_docx(tmp_path / "请休假规定.docx", LEAVE)
    assert zhidu(project, "import", str(source)).returncode == 0
    target = project / "regulations" / "qingxiujia-kaoqin-guanli-guiding.md"
    target.write_text(target.read_text(encoding="utf-8").replace("未分类", "行政管理"), encoding="utf-8")
    before = target.read_bytes()
    again = tmp_path / "again.txt"
    again.write_text(leave_as_text(), encoding="utf-8")
    result = zhidu(project, "import", str(again))
    assert result.returncode == 2
    assert result.stderr == (
        f"未导入 {again}：已有同名制度 regulations/qingxiujia-kaoqin-guanli-guiding.md（东港市人民法院工作人员请休假考勤管理规定），"
        "不会覆盖。如是修订，请直接修改该文件并更新 effective；如确是另一项制度，请先改正其标题。\n"
    )
    assert target.read_bytes() == before
    assert list(written(project)) == ["regulations/qingxiujia-kaoqin-guanli-guiding.md"]


def test_an_id_taken_by_another_title_gets_a_suffix(project, tmp_path):
    (project / "regulations" / "huiyishi-guanli-banfa.md").write_text(
        "---\ntitle: 东港市人民法院会议室管理办法（旧）\ncategory: 行政管理\nstatus: 已废止\neffective: 2019-01-01\nrepealed: 2020-01-01\n---\n\n第一条 旧。\n",
        encoding="utf-8",
    )
    regulation = WordRegulation(title="东港市人民法院会议室管理办法", chapters=[Chapter("", [["会议室由办公室统一管理。"], ["本办法自2022年6月1日起施行。"]])])
    result = zhidu(project, "import", str(write_docx(tmp_path / "会议室.docx", regulation)))
    assert result.returncode == 0, result.stderr
    assert "  编号：huiyishi-guanli-banfa-2（由标题拼音生成；huiyishi-guanli-banfa 已被占用，顺延为 huiyishi-guanli-banfa-2）\n" in result.stdout
    assert (project / "regulations" / "huiyishi-guanli-banfa-2.md").is_file()


def test_unreadable_files_get_one_line_each_and_the_rest_is_imported(project, tmp_path):
    legacy = tmp_path / "旧规定.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    encrypted = tmp_path / "加密.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    corrupt = tmp_path / "损坏.docx"
    corrupt.write_bytes(write_docx(tmp_path / "whole.docx", LEAVE).read_bytes()[:900])
    pdf = tmp_path / "扫描件.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    no_articles = tmp_path / "通知.txt"
    no_articles.write_text("关于做好节日值班工作的通知\n\n各部门：请做好值班安排。\n", encoding="utf-8")
    good = write_docx(tmp_path / "请休假规定.docx", LEAVE)
    result = zhidu(project, "import", str(legacy), str(encrypted), str(corrupt), str(good), str(pdf), str(no_articles))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"未导入 {legacy}：这是旧版 Word 文档（.doc），无法读取。请用 Word 或 WPS 打开，另存为 .docx 后再导入。",
        f"未导入 {encrypted}：文档设有打开密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx，再导入。",
        f"未导入 {corrupt}：不是有效的 Word 文档（文件可能已损坏）。请用 Word 打开确认无误后，重新另存为 .docx 再导入。",
        f"未导入 {pdf}：PDF 文件不能导入。请提供 Word 原件（.docx），或把 PDF 的文字导出为 .txt 后再导入；扫描件须先做文字识别。",
        f"未导入 {no_articles}：没有找到条文（以“第一条”开头的段落），未导入。请确认这是分条的制度；如条文编号是图片或文本框，请改为文字后再导入。",
    ]
    assert list(written(project)) == ["regulations/qingxiujia-kaoqin-guanli-guiding.md"]
    assert result.stdout.endswith("共 6 个文件：已导入 1 个，未导入 5 个。\n")


def test_usage_mistakes_exit_with_status_2(project):
    result = zhidu(project, "import")
    assert (result.returncode, result.stderr) == (2, "错误：请指定要导入的文件，如 python -m zhidu import 请休假规定.docx。\n")
    result = zhidu(project, "import", "a.docx", "--into")
    assert result.returncode == 2
    assert result.stderr.startswith("错误：命令用法不对。")
