"""Finished HTML goes around Markdown: what Markdown gets, and what comes back."""

from __future__ import annotations

import markdown

from zhidu.render.rawhtml import restore, stash, wrap

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "def_list", "toc"]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def test_markdown_never_sees_the_wrapped_html_and_gets_it_back_in_place():
    article = '<div class="zd-art" id="art-1">\n<p><strong>第一条</strong>　*不是强调* [不是链接](x.md)</p>\n</div>'
    listing = "<ul>\n<li>甲</li>\n</ul>"
    page = f"# 标题\n\n{wrap(article)}\n## 第二章 {{ #ch-2 }}\n\n{wrap(listing)}"
    sent, blocks = stash(page)
    assert "第一条" not in sent and "甲" not in sent and len(blocks) == 2
    html = restore(convert(sent), blocks)
    assert article in html and "<ul>\n<li>甲</li>\n</ul>" in html
    assert html.index("第一条") < html.index('id="ch-2"') < html.index("甲")
    assert "<em>" not in html and "x.md" in html  # Markdown did not read the article's text
    assert "zd-raw" not in html


def test_the_result_is_what_markdown_makes_of_the_same_html():
    block = '<div class="zd-art" id="art-3">\n<p class="zd-para">第三条　内容。</p>\n</div>'
    plain = convert(f"# 标题\n\n{block}\n\n正文。\n")
    sent, blocks = stash(f"# 标题\n\n{wrap(block)}\n正文。\n")
    assert restore(convert(sent), blocks).replace("\n", "") == plain.replace("\n", "")


def test_text_without_runs_is_left_alone():
    text = "# 标题\n\n<!--zd-raw:0--> 写在正文里的字样\n"
    sent, blocks = stash(text)
    assert sent == text and blocks == []
    assert restore(convert(sent), blocks) == convert(text)


def test_anchor_ids_are_the_ids_of_the_stashed_runs():
    from zhidu.render.rawhtml import anchor_ids

    blocks = ['<div class="article" id="art-1"><p data-id="x" id="art-1-p&amp;2">正文 id="not-a-tag"</p></div>', '<section id="ch-2"></section>']
    assert anchor_ids(blocks) == {"art-1", "art-1-p&2", "ch-2"}
    assert anchor_ids([]) == set()
