"""Property tests: any front-matter, body or citation text gives a result or typed problems, never an exception;
the citation linker never puts a link inside a link, even on text that already holds links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitekit import regulation

from zhidu.corpus.collection import load_collection, secrecy_of
from zhidu.domain.errors import Problem
from zhidu.domain.parser import parse_body, parse_regulation
from zhidu.render.pages import PageContext, render_text

KEYS = ["title", "category", "status", "effective", "adopted", "repealed", "replaced_by", "tags", "aliases", "secrecy", "titel", "状态", "Title", "? ", "- ", "<<"]
VALUES = [
    "东港市人民法院某规定", "现行有效", "已废止", "秘密", "秘蜜", "2021-01-15", "2021-13-45", "2021-02-30", "20210115", "2021/1/15",
    "[a, b", "[考勤, 请假]", "{a: 1}", '"引号', "'x'", "&a", "*a", "!!python/object:os.system", "~", "", "2021", "1e9", "yes",
    "a: b: c", "|", ">", "\t", "\x07", "\ud800", "第一条", "---", "...", "%YAML 1.1", "@x", "`x`", "0o17", ".inf",
]
LINE = st.one_of(
    st.builds(lambda k, sep, v: f"{k}{sep}{v}", st.sampled_from(KEYS), st.sampled_from([": ", ":", "：", " : ", ":\t"]), st.sampled_from(VALUES)),
    st.sampled_from(["  - 甲", "\t- 乙", "---", "...", "", "  nested: 1", "#注释"]),
    st.text(max_size=20),
)
FRONT_TEXT = st.builds(lambda lines, body, bom, crlf: ("\ufeff" if bom else "") + ("\r\n" if crlf else "\n").join(["---", *lines, "---", body]),
                       st.lists(LINE, max_size=12), st.text(max_size=40), st.booleans(), st.booleans())


def assert_clean(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        line = problem.format()
        assert problem.line >= 1
        assert "\n" not in line, line


@settings(max_examples=400, deadline=None)
@given(st.one_of(FRONT_TEXT, st.text(max_size=200)))
@example("---\nstatus: 东港市人民法院某规定\n\n  - 甲\n---\n")  # a value YAML runs on past a blank line: one line in the error
@example("---\ntitle: 某规定\n\n  续\ncategory: 行政管理\neffective: 2021-01-15\nstatus: 现行有效\n---\n第一条 内容。\n")
def test_any_file_text_parses_or_gives_problems(text):
    regulation_, problems = parse_regulation(text, "regulations/a.md", "东港市人民法院")
    assert_clean(problems)
    assert (regulation_ is None) == any(p.is_error for p in problems) or regulation_ is None
    assert secrecy_of(text) in (None, "秘密", "机密", "绝密")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["第一条 甲。", "第二条乙。", "第二条 丙", "第十二条之一 丁。", "第一百零二条 戊", "（一）项", "(二)项", "## 第一章 总则", "### 第一节 通则",
                     "## 附件", "| a | b |", "| --- | --- |", "第五条所列", "第〇条 x", "第条", "第十万条 x", "\u200b第三条\u3000x", "# 标题", ""]),
    st.text(max_size=15),
), max_size=25))
def test_any_body_parses(lines):
    items, problems = parse_body("\n".join(lines), 7, "regulations/a.md")
    assert_clean(problems)
    if not any(p.is_error for p in problems):
        anchors = [item.anchor for item in items if hasattr(item, "anchor")]
        assert len(anchors) == len(set(anchors))


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.nested = False
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.nested = self.nested or self.depth > 0
            self.depth += 1
            self.count += 1

    def handle_endtag(self, tag):
        if tag == "a":
            self.depth = max(0, self.depth - 1)


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("links")
    files = {
        "regulations/kaoqin.md": regulation("东港市人民法院请休假考勤管理规定", "第一条 甲。\n\n第二条 乙。\n\n第十二条 丙。\n\n第十二条之一 丁。", short_title="请休假考勤管理规定", aliases=["考勤规定"]),
        "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 依照《考勤规定》第二条办理。\n\n第二条 乙。"),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    collection = load_collection(root / "regulations", root, "东港市人民法院")
    assert not collection.errors
    return collection


CITATION_TEXT = st.lists(st.sampled_from([
    "《考勤规定》", "《请休假考勤管理规定》", "第二条", "第十二条之一", "第十二条第二款", "本规定第一条", "本办法第二条", "、", "和", "至",
    "《《考勤规定》》", "《》", "[", "]", "(", ")", "](", "[《考勤规定》](x)", "<a href='x'>", "</a>", "\\", "*", "`", "甲", "《公务员法》第三十八条",
]), max_size=14).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CITATION_TEXT)
def test_citation_links_never_nest_even_when_run_twice(linked, text):
    regulation_ = linked.regulations["jixiao"]
    article = regulation_.articles[0]
    ctx = PageContext(display_status="现行有效", src_path="regulations/jixiao/index.md")
    once = render_text(linked, regulation_, text, ctx, article)
    twice = render_text(linked, regulation_, once, ctx, article)
    for output in (once, twice):
        parser = Links()
        parser.feed(markdown.markdown(output))
        assert not parser.nested, output
    # Text that already holds links gains none from them: the second pass links only what the first showed as text.
    first, second = Links(), Links()
    first.feed(markdown.markdown(once))
    second.feed(markdown.markdown(twice))
    assert second.count <= first.count + text.count("第") + text.count("《")
