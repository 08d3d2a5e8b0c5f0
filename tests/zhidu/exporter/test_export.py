"""``python -m zhidu export`` through the real entry point: the Word file's GB/T 9704 layout read back with
python-docx, versions from a real git history, secret files refused, and the round trip import(export(x)) == x
over the sample's regulations and a sample of cn-laws."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt
from roundtrip import articles, layout_meta, meta, round_trip
from sitekit import CORPUS, PROJECT, make_site, regulation
from sitekit import run_zhidu as zhidu

from zhidu.corpus import cnlaws
from zhidu.domain.parser import ATTACHMENT_RE
from zhidu.exporter.layout import choose_fonts

LEAVE = regulation(
    "东港市人民法院工作人员请休假考勤管理规定",
    """
    ## 第一章 总则

    第一条 为了规范本院工作人员请休假管理，制定本规定。

    第二条 本规定适用于本院全体在编干警。

    聘用制书记员参照本规定执行。

    ## 第二章 请假审批

    ### 第一节 审批权限

    第三条 请假按照下列权限审批：

    （一）一天以内的，由部门负责人审批；

    （二）二天以上的，由分管院领导审批。

    第四条 本规定自2021年1月15日起施行。

    ## 附件1 请假审批表

    | 姓名 | 部门 | 请假天数 |
    |---|---|---|
    | | | |
    """,
    doc_number="东法发〔2021〕3号", adopted="2021-01-08", department="政治部", tags=["考勤", "请假"],
)
SECRET = regulation("东港市人民法院涉密载体管理办法", "第一条 涉密载体由保密办统一管理。", secrecy="秘密")


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path, {"regulations/xingzheng/kaoqin.md": LEAVE, "regulations/baomi/shemi.md": SECRET})


def texts(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]


def test_export_writes_the_gbt9704_layout(site):
    result = zhidu(site.root, "export", "kaoqin", "-o", "考勤.docx")
    assert result.returncode == 0, result.stderr
    fonts = choose_fonts()
    assert result.stdout == (
        "已导出 regulations/xingzheng/kaoqin.md（东港市人民法院工作人员请休假考勤管理规定，2021-01-15 起施行的版本，4 条）到 考勤.docx\n"
        f"  字体：{fonts.named()}\n"
    )
    document = docx.Document(str(site.root / "考勤.docx"))
    section = document.sections[0]
    mm = [round(x.mm, 1) for x in (section.page_width, section.page_height, section.top_margin, section.left_margin)]
    assert mm == [210.0, 297.0, 37.0, 28.0]
    type_area = (section.page_width - section.left_margin - section.right_margin, section.page_height - section.top_margin - section.bottom_margin)
    assert [round(Length(x).mm, 1) for x in type_area] == [156.0, 225.0]
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert document.styles["公文标题"].font.size == Pt(22) and document.styles["公文标题"].font.name == fonts.title
    assert document.styles["公文正文"].font.name == fonts.body
    assert document.styles["一级标题"].font.name == fonts.heading1 and document.styles["二级标题"].font.name == fonts.heading2
    assert document.styles["页码"].font.size == Pt(14)
    assert texts(document) == [
        ("发文机关标志", "东港市人民法院文件"),
        ("发文字号", "东法发〔2021〕3号"),
        ("公文标题", "东港市人民法院工作人员请休假考勤管理规定"),
        ("一级标题", "第一章 总则"),
        ("公文正文", "第一条\u3000为了规范本院工作人员请休假管理，制定本规定。"),
        ("公文正文", "第二条\u3000本规定适用于本院全体在编干警。"),
        ("公文正文", "聘用制书记员参照本规定执行。"),
        ("一级标题", "第二章 请假审批"),
        ("二级标题", "第一节 审批权限"),
        ("公文正文", "第三条\u3000请假按照下列权限审批："),
        ("公文正文", "（一）一天以内的，由部门负责人审批；"),
        ("公文正文", "（二）二天以上的，由分管院领导审批。"),
        ("公文正文", "第四条\u3000本规定自2021年1月15日起施行。"),
        ("附件说明", "附件：请假审批表"),
        ("发文机关署名", "东港市人民法院"),
        ("成文日期", "2021年1月8日"),
        ("附件标识", "附件1"),
        ("附件标题", "请假审批表"),
    ]
    # 成文日期 two characters in from the right, the 署名 starting two characters to its left.
    date = next(p for p in document.paragraphs if p.style.name == "成文日期")
    signer = next(p for p in document.paragraphs if p.style.name == "发文机关署名")
    assert date.paragraph_format.right_indent == Pt(32) and signer.paragraph_format.right_indent == Pt(16 * 3)
    assert next(p for p in document.paragraphs if p.style.name == "附件标识").paragraph_format.page_break_before
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [["姓名", "部门", "请假天数"], ["", "", ""]]
    # Page numbers — n —: odd pages on the right, even pages on the left; Word told to tell them apart.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        assert footer.text == "— 1 —" and " PAGE " in footer._p.xml
    assert "department: 政治部" in document.core_properties.comments


def test_export_then_import_gives_the_same_file_back(site, tmp_path):
    assert zhidu(site.root, "export", "kaoqin", "-o", str(tmp_path / "考勤.docx")).returncode == 0
    (site.root / "regulations" / "xingzheng" / "kaoqin.md").rename(tmp_path / "kaoqin.md")
    result = zhidu(site.root, "import", str(tmp_path / "考勤.docx"), "--into", "regulations/back")
    assert result.returncode == 0, result.stderr
    back = (site.root / "regulations" / "back" / "qingxiujia-kaoqin-guanli-guiding.md").read_text(encoding="utf-8")
    assert back.startswith(
        "---\ntitle: 东港市人民法院工作人员请休假考勤管理规定\ncategory: 行政管理\nstatus: 现行有效\neffective: 2021-01-15\n"
        "doc_number: 东法发〔2021〕3号\ndepartment: 政治部\nadopted: 2021-01-08\ntags: [考勤, 请假]\n---\n"
    )
    assert "  类别 category：行政管理（取自 Word 文档属性（导出时记录））\n" in result.stdout
    assert "  附件说明：请假审批表（" in result.stdout


def test_a_secret_regulation_is_refused_and_never_written(site):
    result = zhidu(site.root, "export", "shemi", "-o", "out.docx")
    assert result.returncode == 2
    assert result.stderr == "错误：regulations/baomi/shemi.md 是涉密制度（设有 secrecy），不能导出为 Word 文件；涉密文件请按保密规定在涉密计算机上处理。\n"
    assert result.stdout == "" and not (site.root / "out.docx").exists()
    # A misspelt level is no reason to publish either.
    (site.root / "regulations" / "baomi" / "shemi.md").write_text(SECRET.replace("secrecy: 秘密", "secrecy: 机要"), encoding="utf-8")
    result = zhidu(site.root, "export", "shemi", "-o", "out.docx")
    assert result.returncode == 2 and "涉密制度" in result.stderr and "涉密载体" not in result.stderr
    assert not (site.root / "out.docx").exists()


def test_the_version_in_force_on_a_date_comes_from_git(site, tmp_path):
    revised = LEAVE.replace("effective: 2021-01-15", "effective: 2023-03-01").replace("本规定自2021年1月15日起施行", "本规定自2023年3月1日起施行") \
        .replace("聘用制书记员参照本规定执行。", "聘用制书记员和司法警察参照本规定执行。")
    site.write({"regulations/xingzheng/kaoqin.md": revised})
    site.commit("修订考勤规定", date="2023-02-20T10:00:00+08:00")
    result = zhidu(site.root, "export", "kaoqin", "--as-of", "2022-06-01")
    assert result.returncode == 0, result.stderr
    assert "2021-01-15 起施行的版本" in result.stdout and result.stdout.split("\n")[0].endswith("到 kaoqin-2022-06-01.docx")
    old = [p.text for p in docx.Document(str(site.root / "kaoqin-2022-06-01.docx")).paragraphs]
    assert "聘用制书记员参照本规定执行。" in old
    assert "聘用制书记员和司法警察参照本规定执行。" in [p.text for p in docx.Document(str(_export(site, "kaoqin"))).paragraphs]
    result = zhidu(site.root, "export", "kaoqin", "--as-of", "2020-01-01")
    assert (result.returncode, result.stderr) == (2, "错误：kaoqin 在 2020-01-01 还没有施行的版本（最早的版本自 2021-01-15 起施行）。请改用 2021-01-15 或之后的日期。\n")


def _export(site, reg_id: str) -> Path:
    assert zhidu(site.root, "export", reg_id).returncode == 0
    return site.root / f"{reg_id}.docx"


def test_mistakes_name_the_fix(site):
    cases = {
        ("export", "nope"): (2, "错误：regulations/ 中没有编号为 nope 的制度（找不到 nope.md）。请核对编号：编号是制度文件名去掉 .md。\n"),
        ("export", "考勤"): (2, "错误：“考勤”不是制度编号。编号是制度文件名去掉 .md，只含小写字母、数字和“-”，如 python -m zhidu export kaoqin。\n"),
        ("export", "kaoqin", "--as-of", "2021/1/1"): (2, "错误：--as-of 的值“2021/1/1”不是 YYYY-MM-DD 格式的日期，如 --as-of 2021-06-01。\n"),
        ("export", "kaoqin", "-o", "out.pdf"): (2, "错误：-o 指定的 out.pdf 不是 .docx 文件。请写成 -o 文件名.docx。\n"),
        ("export", "kaoqin", "-o", "nowhere/out.docx"): (2, "错误：无法写入 nowhere/out.docx：所在文件夹不存在。请改用已有文件夹中的文件名。\n"),
    }
    for args, (status, message) in cases.items():
        result = zhidu(site.root, *args)
        assert (result.returncode, result.stderr) == (status, message), args
    (site.root / "regulations" / "xingzheng" / "kaoqin.md").write_text(LEAVE.replace("status: 现行有效", "status: 有效"), encoding="utf-8")
    result = zhidu(site.root, "export", "kaoqin")
    assert result.returncode == 1 and result.stderr.startswith("错误：regulations/xingzheng/kaoqin.md:")
    assert result.stderr.endswith("；请先按 python -m zhidu check 的提示改正该文件，再导出。\n")
    assert not (site.root / "kaoqin.docx").exists()


def _sample_regulations() -> list[Path]:
    return sorted(path for path in (PROJECT / "regulations").rglob("*.md") if "secrecy:" not in path.read_text(encoding="utf-8"))


def test_round_trip_of_every_regulation_in_the_sample(tmp_path):
    files = _sample_regulations()
    assert len(files) >= 10
    for path in files:
        original, back, parts = round_trip(path.read_text(encoding="utf-8"), path.stem, tmp_path)
        assert parts == 1, path
        assert meta(back) == meta(original), path
        assert articles(back) == articles(original), path
        # The layout alone (document properties dropped, as after retyping in Word) gives the 标题, 文号, 署名 and
        # 成文日期 of the institution's own regulations.
        if not original.is_law:
            original, back, _ = round_trip(path.read_text(encoding="utf-8"), path.stem, tmp_path, keep_properties=False)
            assert layout_meta(back) == layout_meta(original), path
            assert articles(back) == articles(original), path


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/cn-laws is not beside the project")
def test_round_trip_of_a_sample_of_cn_laws(tmp_path):
    """Every 60th title of cn-laws (24 laws, regulations, rules and interpretations) with articles. Left out: a file
    whose last article holds its attachments (附件：… as a paragraph of the article); the importer rightly reads
    those as attachments, so its articles differ from the corpus' reading by construction."""
    sample = cnlaws.newest(CORPUS)[::60]
    tried = 0
    for path in sample:
        reg_id, text = cnlaws.convert(path, CORPUS)
        if "\n第一条" not in text:
            continue
        original, back, parts = round_trip(text, reg_id, tmp_path)
        if any(ATTACHMENT_RE.match(p) for a in original.articles for p in a.paragraphs):
            continue
        tried += 1
        assert parts == 1, path.name
        assert meta(back) == meta(original), path.name
        assert articles(back) == articles(original), path.name
    assert tried >= 18


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")
def test_libreoffice_lays_it_out_as_an_issued_document(site, tmp_path):
    source = _export(site, "kaoqin")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "kaoqin.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    # pdftotext puts spaces where the type is spaced out (3 号, —1—): compared without them.
    pages = ["".join(subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
             for n in range(1, count + 1)]
    assert "东港市人民法院文件" in pages[0] and "东法发〔2021〕3号" in pages[0]
    for n, page in enumerate(pages, start=1):
        assert page.endswith(f"—{n}—"), page
    # The 成文日期 never stands alone: the last article and the 附件说明 are on its page; the attachment has its own.
    signed = next(page for page in pages if "2021年1月8日" in page)
    assert "第四条" in signed and "附件：请假审批表" in signed and "东港市人民法院" in signed
    assert "附件1" in pages[-1] and "姓名" in pages[-1] and "第四条" not in pages[-1]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    chosen = choose_fonts()
    for face in {chosen.title, chosen.body, chosen.heading1}:
        assert face.replace(" ", "") in fonts.replace(" ", "") or face.startswith(("方正", "仿宋", "黑体", "楷体")), (face, fonts)
