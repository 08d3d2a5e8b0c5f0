"""Chinese typesetting of the PDFs (issue 22): the 仿宋 body with a per-glyph fallback, tables whose header repeats and
whose columns are sized from their content, and runs (dates, numbers with units, 文号, URLs) never broken. Real PDFs
from WeasyPrint, read back with poppler."""

from __future__ import annotations

import re
import subprocess

from test_printing import _render, compact, run, text_of

from zhidu.printing.documents import MIN_COLUMN_CHARS, TYPE_WIDTH_MM, _advance, _table_rows, nowrap, table_layout


def test_body_in_fangsong_and_a_character_fandol_lacks_comes_from_noto_not_tofu(tmp_path):
    rare = "䑩滆鲹"  # in the sample/cn-laws texts, absent from every Fandol font
    target = _render(tmp_path, f"第一条 本院在{rare}湖设立巡回审判点。\n")
    fonts = run("pdffonts", str(target))
    assert "FandolFang" in fonts
    assert "Noto-Serif-CJK-SC" in fonts.replace("Noto-Serif-CJK-SC-Bold", "")  # the fallback face of the body
    assert f"在{rare}湖" in compact(text_of(target))


def _lines_of(target, page=None) -> list[str]:
    return [ln.strip() for ln in text_of(target, page).splitlines() if ln.strip()]


def test_a_date_a_number_with_unit_and_a_docno_never_break(tmp_path):
    # Each filler shifts the run by one character, so across the articles it lands on every column of the line.
    articles = [f"第{n + 1}条 " + "甲" * (20 + n) + "于2026年11月15日起施行，期限为15个工作日，依据东法发〔2021〕13号。" for n in range(10)]
    body = "\n\n".join(a.replace(f"第{n + 1}条", f"第{'一二三四五六七八九十'[n]}条") for n, a in enumerate(articles))
    lines = _lines_of(_render(tmp_path, body))
    text = "\n".join(lines)
    assert text.count("2026年11月15日") == 10, text
    assert text.count("15个工作日") == 10
    assert text.count("东法发〔2021〕13号") == 10


def test_nowrap_marks_runs_and_escapes_the_rest():
    html = str(nowrap("自2026年1月15日起<b>，见 http://zhidu.example/a/ 。"))
    assert '<span class="nw">2026年1月15日</span>' in html
    assert '<span class="link">http://zhidu.example/a/</span>' in html
    assert "&lt;b&gt;" in html


WIDE = (
    "| 考核维度 | 评分项目 | 员额法官 | 审判辅助人员 | 司法行政人员 | 考核要点 | 数据来源 |\n|---|---|---|---|---|---|---|\n"
    + "\n".join(
        f"| 绩 | 办案数量{n} | {n} | — | 不设上限 | 折算后结案数与全院员额法官人均折算结案数之比，改判、发回重审情况第{n}项 | 审判流程管理系统 |"
        for n in range(1, 41)
    )
)


def test_columns_sized_from_content_within_the_page():
    rows, header = _table_rows(WIDE.splitlines())
    layout = table_layout(rows, header)
    assert abs(sum(layout.widths) - 100) < 0.1
    em = layout.size_pt / 72 * 25.4
    for c, percent in enumerate(layout.widths):
        text_mm = percent / 100 * TYPE_WIDTH_MM - 3.5
        longest = max(_advance(row[c]) for row in rows[1:])
        assert text_mm / em >= min(MIN_COLUMN_CHARS, longest) - 0.01, (c, layout)
    assert layout.widths[5] == max(layout.widths), "the column with the most text gets the most room"


def test_a_table_s_header_row_repeats_on_every_page(tmp_path):
    target = _render(tmp_path, f"第一条 甲。\n\n附表\n\n{WIDE}\n")
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(target))).group(1))
    assert pages >= 3
    for page in range(1, pages + 1):
        text = compact(text_of(target, page))
        if "办案数量" in text:
            assert "考核要点" in text and "数据来源" in text, page


def test_a_short_line_with_a_space_is_not_stretched(tmp_path):
    # The URL cannot break, so it moves whole to the second line and leaves the first line short.
    target = _render(tmp_path, "第一条 现行制度 15 项，详见 http://zhidu.dgfy.local/regulations/kaoqin/history/ 。\n")
    words = subprocess.run(["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True).stdout
    boxes = [(float(m.group(1)), float(m.group(2)), m.group(3)) for m in re.finditer(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)<', words)]
    start = next(i for i, b in enumerate(boxes) if "现行制度" in b[2])
    gap = boxes[start + 1][0] - boxes[start][1]
    assert gap < 10, boxes[start:start + 2]  # one space (about 4 pt), not the line's slack


def test_renumbered_articles_shifted_alike_print_as_one_range():
    from types import SimpleNamespace

    from zhidu.domain.numerals import int_to_cn
    from zhidu.printing.jobs import moved_runs

    def art(n: int, sub: int = 0):
        return SimpleNamespace(key=(n, sub), label=f"第{int_to_cn(n)}条" + (f"之{int_to_cn(sub)}" if sub else ""))

    pairs = [(art(n), art(n + 1)) for n in range(4, 20)] + [(art(21), art(23)), (art(30), art(30, 1))]
    assert moved_runs(pairs) == ["原第四条至第十九条 → 第五条至第二十条", "原第二十一条 → 第二十三条", "原第三十条 → 第三十条之一"]
