"""The self-test page of a study pack (学习自测, ``/study/<pack>/selftest/``): a static form checked in the browser by
``docs/javascripts/selftest.js``. Nothing is stored or sent: the form has no action, the answers are in the page."""

from __future__ import annotations

import html

from zhidu import urls
from zhidu.domain.quiz import BLANK, FALSE, GAP, TRUE, Question
from zhidu.render.pages import escape, href, html_text, link, page_path
from zhidu.render.rawhtml import wrap


def _prompt(question: Question) -> str:
    if question.kind == BLANK:
        return html_text(question.prompt).replace(GAP, '<span class="zd-gap">____</span>')
    return html_text(question.prompt)


def _field(question: Question) -> str:
    name = f"q{question.number}"
    if question.kind == BLANK:
        return f'<label class="zd-q-input">答：<input type="text" name="{name}" autocomplete="off" inputmode="text" aria-label="第 {question.number} 题的答案"></label>'
    return "".join(
        f'<label class="zd-q-choice"><input type="radio" name="{name}" value="{value}"> {value}</label>' for value in (TRUE, FALSE)
    )


def selftest_page(pack_name: str, title: str, questions: list[Question], pdfs: tuple[str, str] | None = None) -> str:
    path = urls.study_selftest(pack_name)
    lines = [
        f'---\ntitle: "学习自测：{title.replace(chr(34), "")}"\nsearch:\n  exclude: true\n---\n',
        f"# 学习自测：{escape(title)}",
        "",
        f"共 {len(questions)} 题，题目按固定规则从本次学习材料的现行条文中生成。作答后点“交卷”，在本页显示得分；"
        "答错的题给出正确答案和出处条文的链接。答案只在你的浏览器中核对，不保存、不上传。",
        "",
        f"[返回学习材料]({link(path, urls.STUDY)})",
        "",
    ]
    if pdfs:
        quiz, answers = pdfs
        lines += [f'<a class="zd-pdf" href="{link(path, quiz)}" type="application/pdf">打印自测题（PDF）</a> · <a class="zd-pdf" href="{link(path, answers)}" type="application/pdf">参考答案（PDF）</a>', ""]
    items = []
    for question in questions:
        target = href(path, page_path(question.regulation.id), question.article.anchor)
        accept = "|".join([question.answer, *question.accept])
        items.append(
            f'<li class="zd-q" data-kind="{question.kind}" data-answer="{html.escape(accept)}" data-where="{html.escape(question.where)}" data-href="{html.escape(target)}" data-source="{html.escape(question.source)}">'
            f'<span class="zd-q-kind">{question.kind_label}</span><p class="zd-q-prompt">{_prompt(question)}</p>'
            f'<div class="zd-q-field">{_field(question)}</div><div class="zd-q-result" aria-live="polite"></div></li>'
        )
    form = (
        '<form class="zd-selftest" autocomplete="off">\n<ol class="zd-q-list">\n' + "\n".join(items) + "\n</ol>\n"
        '<p class="zd-selftest-actions"><button type="submit" class="md-button md-button--primary">交卷</button> '
        '<button type="reset" class="md-button">重做</button></p>\n<p class="zd-selftest-score" aria-live="polite"></p>\n</form>'
    )
    lines += [wrap(form), ""]
    return "\n".join(lines)
