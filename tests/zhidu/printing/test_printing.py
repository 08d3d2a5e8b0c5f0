"""Printed output (SPEC §8) checked on real PDFs from a real ``mkdocs build``: poppler reads them, pypdf walks them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitekit import make_site, regulation

from zhidu.corpus.config import read_site_config
from zhidu.domain.numerals import int_to_cn

PDF_ENV = {"ZHIDU_PDF": "1"}
SECRET_WORD = "蓝鲸密钥七号"
SECRET_ID = "mimi-cehua"


def articles(subject: str, count: int, chapters: int = 1) -> str:
    """A body with ``chapters`` chapters and ``count`` articles whose texts can be told apart."""
    per = -(-count // chapters)
    lines: list[str] = []
    for n in range(1, count + 1):
        if chapters > 1 and (n - 1) % per == 0:
            lines.append(f"## 第{int_to_cn((n - 1) // per + 1)}章 {subject}第{(n - 1) // per + 1}部分")
        lines.append(
            f"第{int_to_cn(n)}条 {subject}事项第{n}号，经办人员应当在规定时限内办结，办理结果记入台账，"
            f"并向部门负责人报告办理情况，不得拖延推诿。"
        )
    return "\n\n".join(lines)


FILES = {
    "regulations/xingzheng/qingjia.md": regulation(
        "东港市人民法院请假审批管理规定", articles("请假审批", 40, chapters=4),
        short_title="请假审批管理规定", effective="2021-01-15", version="2021年修订", doc_number="东法发〔2021〕3号",
    ),
    "regulations/xingzheng/yongche.md": regulation(
        "东港市人民法院公务用车办法", articles("公务用车", 12), short_title="公务用车办法", status="试行",
    ),
    "regulations/shenpan/dingan.md": regulation(
        "东港市人民法院审判质效定案规则", articles("定案审查", 25, chapters=2), category="审判管理", short_title="定案规则",
    ),
    "regulations/shenpan/jiuban.md": regulation(
        "东港市人民法院旧版立案办法", articles("旧版立案", 5), category="审判管理", status="已废止", repealed="2022-01-01",
        replaced_by="dingan",
    ),
    f"regulations/baomi/{SECRET_ID}.md": regulation(
        "东港市人民法院保密策划方案", f"第一条 {SECRET_WORD}只在内部使用。\n\n第二条 本方案即日施行。", secrecy="机密",
    ),
    "regulations/study/2026-12-xuexi.yml": (
        "title: 十二月集中学习\n"
        "date: 2026-12-03\n"
        "intro: 逐条学习请假审批的规定。\n"
        "items:\n"
        "  - regulation: qingjia\n"
        "    articles: [第三条, 第十条至第十二条]\n"
        "  - yongche\n"
    ),
}
IN_FORCE_TITLES = {
    "东港市人民法院请假审批管理规定", "东港市人民法院公务用车办法", "东港市人民法院审判质效定案规则",
}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def text_of(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"].strip())


def outline_titles(pdf: Path) -> list[tuple[int, str]]:
    reader = PdfReader(str(pdf))
    found: list[tuple[int, str]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 1)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("printing"), FILES)
    result = site.build(env=PDF_ENV)
    site.log = result.stdout + result.stderr
    return site


def pdf(site, name: str) -> Path:
    return site.root / "site" / "pdf" / name


def test_every_published_regulation_has_a_pdf_with_its_article_text(built):
    names = sorted(p.name for p in (built.root / "site" / "pdf").glob("*.pdf"))
    assert names == ["dingan.pdf", "handbook.pdf", "health.pdf", "jiuban.pdf", "qingjia.pdf", "yongche.pdf"]  # health: the 制度体检 report
    text = compact(text_of(pdf(built, "qingjia.pdf")))
    assert "东港市人民法院请假审批管理规定" in text
    assert "第二十七条请假审批事项第27号，经办人员应当在规定时限内办结" in text
    assert "第四十条" in text and "第四章" in text


def test_page_counts_and_lines_per_page(built):
    long_pages = page_count(pdf(built, "qingjia.pdf"))
    assert long_pages >= 4, "forty articles of three lines each at 28 lines a page fill several pages"
    assert page_count(pdf(built, "yongche.pdf")) < long_pages


LONG_ARTICLE = "第一条 " + "本院工作人员应当遵守工作纪律，按时上下班，认真履行岗位职责。" * 60
HAN = re.compile(r"[\u4e00-\u9fff，。、；：“”（）《》]")


def _render(tmp_path: Path, body: str) -> Path:
    import datetime as dt

    from zhidu.domain.parser import parse_regulation
    from zhidu.printing.documents import print_regulation, regulation_html
    from zhidu.printing.render import render_pdf

    reg, problems = parse_regulation(regulation("东港市人民法院排版测试规定", body), "regulations/paiban.md", "东港市人民法院", "paiban")
    assert reg is not None, problems
    target = tmp_path / "paiban.pdf"
    render_pdf(regulation_html(print_regulation(reg, "现行有效", dt.date(2026, 11, 25), ""), "东港市人民法院"), target)
    return target


def test_a_full_page_sets_22_lines_of_28_characters(tmp_path):
    target = _render(tmp_path, LONG_ARTICLE)
    page = text_of(target, 2).splitlines()
    body = [ln.strip() for ln in page if ln.strip() and "排版测试规定" not in ln and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)]
    assert len(body) == 22, body  # GB/T 9704: 22 lines on the 225 mm type area
    widths = [len(HAN.findall(ln)) for ln in body]
    # 28 characters fill the 156 mm line; a line may hold one fewer where punctuation may not start the next line.
    assert max(widths) == 28 and min(widths) >= 27 and widths.count(28) >= 18, widths


def test_chapter_headings_in_hei_and_section_headings_in_kai(tmp_path):
    target = _render(tmp_path, "## 第一章 总则\n\n### 第一节 一般规定\n\n第一条 甲。\n")
    fonts = run("pdffonts", str(target))
    assert "FandolHei" in fonts and "FandolKai" in fonts


def test_a_table_s_short_last_column_keeps_its_text_on_one_line(tmp_path):
    long = "作为审判长参加合议庭审理案件，依法决定回避、司法拘留、罚款、延长审限、启动再审等事项"
    rows = "\n".join(f"| 院长、副院长 | {long} | {long}{long} | 第十{int_to_cn(n)}条 |" for n in range(1, 4))
    target = _render(tmp_path, f"第一条 甲。\n\n附表\n\n| 角色 | 审判权力 | 监督管理职责 | 清单条文 |\n|---|---|---|---|\n{rows}\n")
    text = text_of(target)
    for n in range(1, 4):
        assert f"第十{int_to_cn(n)}条" in text  # one line: the column is at least four characters wide


def test_page_number_in_official_form_and_running_header(built):
    second = text_of(pdf(built, "qingjia.pdf"), 2)
    assert re.search(r"—\s*2\s*—", second)
    assert "请假审批管理规定" in second.splitlines()[0]


def test_bookmarks_for_chapters_and_articles(built):
    marks = outline_titles(pdf(built, "qingjia.pdf"))
    titles = [t for _, t in marks]
    assert titles[0] == "东港市人民法院请假审批管理规定"
    assert "第一章 请假审批第1部分" in titles
    assert "第四十条" in titles
    depth = dict((t, d) for d, t in marks)
    assert depth["第一章 请假审批第1部分"] < depth["第一条"]


def test_metadata_title_and_language(built):
    assert info(pdf(built, "qingjia.pdf"))["Title"].strip() == "东港市人民法院请假审批管理规定"
    reader = PdfReader(str(pdf(built, "qingjia.pdf")))
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.metadata.title == "东港市人民法院请假审批管理规定"


def test_fonts_embedded_subset_and_simplified_chinese_faces(built):
    for name in ("qingjia.pdf", "handbook.pdf", "study/2026-12-xuexi.pdf"):
        rows = run("pdffonts", str(pdf(built, name))).splitlines()[2:]
        assert rows
        for row in rows:
            columns = row.split()
            assert columns[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni
        assert any("FandolFang" in row for row in rows)  # the 仿宋 body (GB/T 9704)
        assert any("Noto-Serif-CJK-SC-Bold" in row or "Noto-Serif-CJK-SC-Black" in row for row in rows)  # the title
        assert not any("CJK-JP" in row for row in rows)


def test_a_repealed_regulation_s_pdf_gives_the_repeal_date_and_its_successor(built):
    text = compact(text_of(pdf(built, "jiuban.pdf"), 1))
    assert "本制度已于2022年1月1日废止，仅供查阅，不再执行。" in text
    assert "现行规定见《定案规则》。" in text


def test_currency_statement_names_version_dates_and_url(built):
    text = compact(text_of(pdf(built, "qingjia.pdf"), 1))
    assert "2021年修订" in text
    assert "2021年1月15日施行" in text
    assert "现行有效" in text
    assert "打印日期：2026年11月25日" in text
    assert "http://zhidu.dgfy.local/regulations/qingjia/" in text
    assert "试行" in compact(text_of(pdf(built, "yongche.pdf"), 1))


def test_handbook_holds_regulations_in_force_grouped_by_category(built):
    text = compact(text_of(pdf(built, "handbook.pdf")))
    for title in IN_FORCE_TITLES:
        assert title in text
    assert "旧版立案" not in text
    cover = compact(text_of(pdf(built, "handbook.pdf"), 1))
    assert "制度汇编" in cover and "2026年11月25日" in cover
    marks = outline_titles(pdf(built, "handbook.pdf"))
    categories = [t for d, t in marks if d == 1]
    assert "审判管理" in categories and "行政管理" in categories


def test_handbook_table_of_contents_points_at_the_right_pages(built):
    handbook = pdf(built, "handbook.pdf")
    pages = [compact(text_of(handbook, n)) for n in range(1, page_count(handbook) + 1)]
    toc_pages = [n for n, text in enumerate(pages, 1) if re.search(r"\.{5,}\d+", text)]  # leader dots, then a number
    assert toc_pages, pages[:3]
    toc = "".join(pages[n - 1] for n in toc_pages)
    for title in IN_FORCE_TITLES:
        match = re.search(re.escape(title) + r"\.+(\d+)", toc)
        assert match, (title, toc)
        target = int(match.group(1))
        assert target > max(toc_pages)
        assert title in pages[target - 1], (title, target)
        assert re.search(rf"—{target}—", pages[target - 1])  # the printed number is the physical page
        if target - 1 not in toc_pages:
            assert title not in pages[target - 2], "the regulation starts on a new page"


def test_study_pack_prints_only_the_chosen_articles(built):
    text = compact(text_of(pdf(built, "study/2026-12-xuexi.pdf")))
    assert "十二月集中学习" in text and "2026年12月3日" in text
    for n in (3, 10, 11, 12):
        assert f"请假审批事项第{n}号" in text
    for n in (2, 4, 9, 13):
        assert f"请假审批事项第{n}号" not in text
    assert "公务用车事项第12号" in text  # the whole regulation
    assert "修订对照表" not in text  # the pack asks for no changes


def test_site_links_every_pdf_and_lists_study_packs(built):
    page = built.html("regulations/qingjia/")
    assert 'href="../../pdf/qingjia.pdf"' in page
    home = built.html("")
    assert 'href="pdf/handbook.pdf"' in home
    assert 'href="study/"' in home
    study = built.html("study/")
    assert "十二月集中学习" in study
    assert 'href="../pdf/study/2026-12-xuexi.pdf"' in study
    assert 'href="../regulations/qingjia/#art-3"' in study
    assert '学习材料' in built.html("regulations/qingjia/")  # in the navigation
    for folder, html in (("regulations/qingjia", page), ("study", study), ("", home)):
        for href in re.findall(r'href="([^"]+\.pdf)"', html):
            assert (built.root / "site" / folder / href).resolve().is_file(), href


def test_secret_file_appears_in_no_pdf(built):
    files = [p for p in (built.root / "site").rglob("*") if p.is_file()]
    assert not any(SECRET_ID in str(p.relative_to(built.root)) for p in files)
    cached = list((built.root / ".cache" / "zhidu" / "pdf").glob("*.pdf"))
    assert cached
    for path in [p for p in files if p.suffix == ".pdf"] + cached:
        text = text_of(path)
        assert SECRET_WORD not in compact(text) and "保密策划方案" not in compact(text), path
        assert SECRET_ID.encode() not in path.read_bytes()


def test_second_build_renders_nothing_and_a_change_renders_only_what_changed(tmp_path):
    files = {k: v for k, v in FILES.items() if not k.startswith("regulations/study/")}
    site = make_site(tmp_path, files)
    site.build(env=PDF_ENV)
    cache = site.root / ".cache" / "zhidu" / "pdf"
    first = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    roles = len(read_site_config(site.root).roles)  # each role of mkdocs.yml has its pocket list (岗位制度清单)
    assert len(first) == 6 + roles  # four published regulations, the handbook, the 制度体检 report and the role lists

    again = site.build(env=PDF_ENV)
    assert "新生成 0 份" in again.stderr + again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}.keys() == first.keys()

    site.write({"regulations/xingzheng/yongche.md": FILES["regulations/xingzheng/yongche.md"].replace("不得拖延推诿", "不得推诿")})
    changed = site.build(env=PDF_ENV)
    assert "新生成 2 份" in changed.stderr + changed.stdout  # the regulation and the handbook that holds it
    assert "不得推诿" in compact(text_of(site.root / "site" / "pdf" / "yongche.pdf"))
    assert len(set(p.name for p in cache.glob("*.pdf")) - first.keys()) == 2


def test_zhidu_pdf_0_renders_none_and_links_none(tmp_path):
    site = make_site(tmp_path, FILES)
    site.build(env={"ZHIDU_PDF": "0"})
    assert not (site.root / "site" / "pdf").exists()
    assert "zd-pdf" not in site.html("regulations/qingjia/")
    assert "handbook.pdf" not in site.html("")
    assert "十二月集中学习" in site.html("study/")  # the packs are content: listed even without PDFs


def test_under_serve_pdfs_are_rendered_in_the_background(tmp_path, monkeypatch):
    import threading

    from zhidu.build.run import SiteBuild
    from zhidu.corpus.config import read_site_config

    site = make_site(tmp_path, {k: v for k, v in FILES.items() if "qingjia" in k or "yongche" in k})
    monkeypatch.setenv("ZHIDU_PDF", "1")
    monkeypatch.setenv("ZHIDU_TODAY", "2026-11-25")
    result = SiteBuild(read_site_config(site.root), serving=True).run()
    out = tmp_path / "served"
    lines = result.post_build(out)
    assert any("后台" in line for line in lines)
    for thread in [t for t in threading.enumerate() if t.name == "zhidu-pdf"]:
        thread.join(timeout=300)
    assert sorted(p.name for p in (out / "pdf").glob("*.pdf")) == ["handbook.pdf", "qingjia.pdf", "yongche.pdf"]


def test_pdf_prints_the_text_in_force_and_announces_a_pending_revision(tmp_path):
    body = "第一条 请假应当事先书面申请。\n\n第二条 本规定自发布之日起施行。"
    site = make_site(tmp_path, {"regulations/a/qingjia.md": regulation("东港市人民法院请假规定", body, short_title="请假规定")})
    revised = regulation("东港市人民法院请假规定", body.replace("书面申请", "通过办公平台申请"), short_title="请假规定", effective="2027-01-01")
    site.write({"regulations/a/qingjia.md": revised})
    site.commit("修订请假规定，2027年施行", date="2026-10-01T10:00:00+08:00")
    site.build(env=PDF_ENV)
    text = compact(text_of(site.root / "site" / "pdf" / "qingjia.pdf"))
    assert "请假应当事先书面申请" in text and "通过办公平台申请" not in text
    assert "2021年1月15日施行" in text
    assert "已有修订文本将于2027年1月1日起施行，届时本文本不再适用" in text
